//! The tokenizer: prefix, suffix and infix rules, special cases and URL matching, read from the
//! model's `tokenizer` file, cutting text exactly as spaCy's `Tokenizer.__call__` does.
//!
//! The Python regexes run on `fancy-regex` after [`translate_python_regex`]. Work per token is
//! bounded: prefixes are searched in a short head and suffixes in a short tail of the chunk
//! (the only unbounded affix, a run of dots, widens the window), special-case look-ups skip
//! strings longer than the longest special case, and the backtracking engine has a step limit.

use super::pychar;
use super::ModelError;
use fancy_regex::Regex;
use rmpv::Value;
use std::collections::HashMap;

const FILE: &str = "tokenizer";
/// ORTH and NORM attribute ids in the exceptions.
const ORTH: u64 = 65;
const NORM: u64 = 67;
/// Code points searched for a prefix or suffix; every affix rule but `\.\.+` is shorter.
const AFFIX_WINDOW: usize = 32;
/// Backtracking steps allowed per regex call (a pathological URL candidate fails to match).
const BACKTRACK_LIMIT: usize = 200_000;

/// A token as the tokenizer cuts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawToken {
    /// Byte range in the text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Offset in code points.
    pub(crate) idx: usize,
    /// Followed by one absorbed space.
    pub(crate) spacy: bool,
    /// The NORM a special case gives this token (overrides the lexeme NORM).
    pub(crate) norm: Option<Box<str>>,
}

/// One token of a special case: its length in bytes and its NORM, if given.
#[derive(Debug, Clone)]
struct SpecialPiece {
    len: usize,
    norm: Option<Box<str>>,
}

/// A token being built: byte range, absorbed space, special-case NORM.
#[derive(Debug, Clone)]
struct Piece {
    start: usize,
    end: usize,
    spacy: bool,
    norm: Option<Box<str>>,
}

impl Piece {
    fn plain(start: usize, end: usize) -> Piece {
        Piece {
            start,
            end,
            spacy: false,
            norm: None,
        }
    }
}

pub(crate) struct Tokenizer {
    prefix: Regex,
    suffix: Regex,
    infix: Regex,
    url: Regex,
    specials: HashMap<Box<str>, Vec<SpecialPiece>>,
    longest_special: usize,
    matcher: SpecialMatcher,
}

impl Tokenizer {
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Tokenizer, ModelError> {
        let root = rmpv::decode::read_value(&mut &bytes[..])
            .map_err(|e| ModelError::corrupt(FILE, format!("not msgpack: {e}")))?;
        let specials = read_exceptions(map_get(&root, "exceptions")?)?;
        let longest_special = specials.keys().map(|k| k.len()).max().unwrap_or(0);
        let mut tokenizer = Tokenizer {
            prefix: compile(&root, "prefix_search")?,
            suffix: compile(&root, "suffix_search")?,
            infix: compile(&root, "infix_finditer")?,
            url: compile(&root, "url_match")?,
            specials,
            longest_special,
            matcher: SpecialMatcher::default(),
        };
        tokenizer.matcher = tokenizer.build_special_matcher();
        Ok(tokenizer)
    }

    pub(crate) fn tokenize(&self, text: &str) -> Vec<RawToken> {
        let mut pieces = self.tokenize_affixes(text, true);
        self.apply_special_matches(text, &mut pieces);
        with_code_point_offsets(text, pieces)
    }

    /// The main pass: whitespace runs, then each chunk through specials and affix rules.
    fn tokenize_affixes(&self, text: &str, with_specials: bool) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::new();
        let runs = whitespace_runs(text);
        let last = runs.len().saturating_sub(1);
        for (k, (mut start, end, is_ws)) in runs.into_iter().enumerate() {
            if is_ws && text[start..].starts_with(' ') {
                if let Some(prev) = out.last_mut() {
                    prev.spacy = true;
                    start += 1;
                }
            }
            if start < end {
                self.tokenize_chunk(text, start, end, with_specials, &mut out);
                if k == last {
                    if let Some(p) = out.last_mut() {
                        p.spacy = false;
                    }
                }
            }
        }
        out
    }

    fn tokenize_chunk(
        &self,
        text: &str,
        start: usize,
        end: usize,
        with_specials: bool,
        out: &mut Vec<Piece>,
    ) {
        if with_specials && self.push_special(text, start, end, out) {
            return;
        }
        let mut prefixes = Vec::new();
        let mut suffixes = Vec::new();
        let (s, e) = self.split_affixes(
            text,
            start,
            end,
            with_specials,
            &mut prefixes,
            &mut suffixes,
        );
        out.extend(prefixes);
        if s < e && !(with_specials && self.push_special(text, s, e, out)) {
            self.push_core(text, s, e, out);
        }
        out.extend(suffixes.into_iter().rev());
    }

    /// Strips prefixes and suffixes (spaCy's `_split_affixes`); returns the remaining range.
    fn split_affixes(
        &self,
        text: &str,
        mut s: usize,
        mut e: usize,
        with_specials: bool,
        prefixes: &mut Vec<Piece>,
        suffixes: &mut Vec<Piece>,
    ) -> (usize, usize) {
        let is_special = |a: usize, b: usize| with_specials && self.special(&text[a..b]).is_some();
        let mut last_len = 0;
        while s < e && e - s != last_len {
            if is_special(s, e) {
                break;
            }
            last_len = e - s;
            let pre = self.find_prefix(&text[s..e]);
            if pre > 0 && s + pre < e && is_special(s + pre, e) {
                prefixes.push(Piece::plain(s, s + pre));
                s += pre;
                break;
            }
            let suf = self.find_suffix(&text[s + pre..e]);
            if suf > 0 && s < e - suf && is_special(s, e - suf) {
                suffixes.push(Piece::plain(e - suf, e));
                e -= suf;
                break;
            }
            if pre > 0 {
                prefixes.push(Piece::plain(s, s + pre));
                s += pre;
            }
            if suf > 0 {
                suffixes.push(Piece::plain(e - suf, e));
                e -= suf;
            }
        }
        (s, e)
    }

    /// What remains after the affixes: one URL token, or the pieces between infixes.
    fn push_core(&self, text: &str, s: usize, e: usize, out: &mut Vec<Piece>) {
        let core = &text[s..e];
        if self.url.is_match(core).unwrap_or(false) {
            out.push(Piece::plain(s, e));
            return;
        }
        let mut pos = 0;
        for m in self.infix.find_iter(core).map_while(Result::ok) {
            if m.start() == 0 {
                continue;
            }
            if m.start() != pos {
                out.push(Piece::plain(s + pos, s + m.start()));
            }
            if m.start() != m.end() {
                out.push(Piece::plain(s + m.start(), s + m.end()));
            }
            pos = m.end();
        }
        if pos < core.len() {
            out.push(Piece::plain(s + pos, e));
        }
    }

    fn special(&self, s: &str) -> Option<&[SpecialPiece]> {
        if s.len() > self.longest_special {
            return None;
        }
        self.specials.get(s).map(Vec::as_slice)
    }

    /// Pushes the special case of `text[start..end]`, if there is one.
    fn push_special(&self, text: &str, start: usize, end: usize, out: &mut Vec<Piece>) -> bool {
        let Some(pieces) = self.special(&text[start..end]) else {
            return false;
        };
        let mut at = start;
        for p in pieces {
            out.push(Piece {
                start: at,
                end: at + p.len,
                spacy: false,
                norm: p.norm.clone(),
            });
            at += p.len;
        }
        true
    }

    /// Byte length of the prefix of `s` (Python `re.search` with the `^`-anchored rules).
    fn find_prefix(&self, s: &str) -> usize {
        let head = char_boundary_after(s, 0, AFFIX_WINDOW);
        let found = match self.prefix.find(&s[..head]).ok().flatten() {
            Some(m) if m.end() == head && head < s.len() => {
                let wider = char_boundary_after(s, leading_dots(s), AFFIX_WINDOW);
                self.prefix.find(&s[..wider]).ok().flatten()
            }
            other => other,
        };
        found.map_or(0, |m| m.end() - m.start())
    }

    /// Byte length of the suffix of `s`: the earliest-starting match of the `$`-anchored rules.
    fn find_suffix(&self, s: &str) -> usize {
        let tail = char_boundary_before(s, s.len(), AFFIX_WINDOW);
        let found = self.suffix.find_from_pos(s, tail).ok().flatten();
        let m = match found {
            Some(m) if m.start() == tail && tail > 0 => {
                let from = s.len() - trailing_dots(s);
                self.suffix.find_from_pos(s, from.min(tail)).ok().flatten()
            }
            other => other,
        };
        m.map_or(0, |m| m.end() - m.start())
    }

    /// The post-pass: sequences of tokens that spell a special case made of several affix
    /// pieces (e.g. `:)` cut off `hi:)`) are replaced by that special case.
    fn apply_special_matches(&self, text: &str, pieces: &mut Vec<Piece>) {
        let orths: Vec<&str> = pieces.iter().map(|p| &text[p.start..p.end]).collect();
        let spans = filter_matches(self.matcher.find(&orths));
        if spans.is_empty() {
            return;
        }
        let mut out = Vec::with_capacity(pieces.len());
        let mut i = 0;
        let mut spans = spans.into_iter().peekable();
        while i < pieces.len() {
            match spans.peek() {
                Some(&(start, end)) if start == i => {
                    spans.next();
                    self.replace_span(text, &pieces[start..end], &mut out);
                    i = end;
                }
                _ => {
                    out.push(pieces[i].clone());
                    i += 1;
                }
            }
        }
        *pieces = out;
    }

    fn replace_span(&self, text: &str, span: &[Piece], out: &mut Vec<Piece>) {
        let (first, last) = (&span[0], &span[span.len() - 1]);
        let before = out.len();
        if self.push_special(text, first.start, last.end, out) {
            if let Some(p) = out.last_mut() {
                p.spacy = last.spacy;
            }
            debug_assert!(out.len() > before);
        } else {
            out.extend_from_slice(span);
        }
    }

    /// The patterns of the post-pass: for each special case that an affix or infix rule or a
    /// space would cut, its pieces as the tokenizer cuts it without special cases.
    fn build_special_matcher(&self) -> SpecialMatcher {
        let mut matcher = SpecialMatcher::default();
        let mut keys: Vec<&str> = self.specials.keys().map(|k| &**k).collect();
        keys.sort_unstable();
        for key in keys {
            let cut = self.find_prefix(key) > 0
                || self.find_suffix(key) > 0
                || self.infix.find(key).ok().flatten().is_some()
                || key.contains(' ');
            if cut {
                let pieces = self.tokenize_affixes(key, false);
                let orths: Vec<&str> = pieces.iter().map(|p| &key[p.start..p.end]).collect();
                matcher.add(&orths);
            }
        }
        matcher
    }
}

/// Token-sequence patterns as a trie over token texts.
#[derive(Default)]
struct SpecialMatcher {
    /// Node 0 is the root; `edges[node][token] = child`.
    edges: Vec<HashMap<Box<str>, usize>>,
    terminal: Vec<bool>,
}

impl SpecialMatcher {
    fn add(&mut self, orths: &[&str]) {
        if orths.is_empty() {
            return;
        }
        if self.edges.is_empty() {
            self.edges.push(HashMap::new());
            self.terminal.push(false);
        }
        let mut node = 0;
        for orth in orths {
            node = match self.edges[node].get(*orth) {
                Some(&child) => child,
                None => {
                    let child = self.edges.len();
                    self.edges.push(HashMap::new());
                    self.terminal.push(false);
                    self.edges[node].insert((*orth).into(), child);
                    child
                }
            };
        }
        self.terminal[node] = true;
    }

    /// Every `(start, end)` token range that spells a pattern (overlaps included).
    fn find(&self, orths: &[&str]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        if self.edges.is_empty() {
            return found;
        }
        for start in 0..orths.len() {
            let mut node = 0;
            for (end, orth) in orths.iter().enumerate().skip(start) {
                match self.edges[node].get(*orth) {
                    Some(&child) => node = child,
                    None => break,
                }
                if self.terminal[node] {
                    found.push((start, end + 1));
                }
            }
        }
        found
    }
}

/// Longest first (earliest first among equals); a match is kept when neither its first nor its
/// last token belongs to a match seen before it. The kept ones come back in text order.
fn filter_matches(mut found: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    found.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut seen = std::collections::HashSet::new();
    let mut kept = Vec::new();
    for (start, end) in found {
        if !seen.contains(&start) && !seen.contains(&(end - 1)) {
            kept.push((start, end));
        }
        seen.extend(start..end);
    }
    kept.sort_unstable();
    kept
}

/// Maximal runs of whitespace / non-whitespace (Python `isspace`): `(start, end, is_space)`.
fn whitespace_runs(text: &str) -> Vec<(usize, usize, bool)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut in_ws = None;
    for (i, c) in text.char_indices() {
        let ws = pychar::is_space(c);
        match in_ws {
            Some(prev) if prev != ws => {
                runs.push((start, i, prev));
                start = i;
            }
            _ => {}
        }
        in_ws = Some(ws);
    }
    if let Some(ws) = in_ws {
        runs.push((start, text.len(), ws));
    }
    runs
}

fn with_code_point_offsets(text: &str, pieces: Vec<Piece>) -> Vec<RawToken> {
    let mut idx = 0;
    let mut at = 0;
    pieces
        .into_iter()
        .map(|p| {
            idx += text[at..p.start].chars().count();
            at = p.start;
            RawToken {
                start: p.start,
                end: p.end,
                idx,
                spacy: p.spacy,
                norm: p.norm,
            }
        })
        .collect()
}

/// The byte offset `n` characters after `from` (or the end).
fn char_boundary_after(s: &str, from: usize, n: usize) -> usize {
    s[from..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| from + i)
}

/// The byte offset `n` characters before `to` (or 0).
fn char_boundary_before(s: &str, to: usize, n: usize) -> usize {
    s[..to]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn leading_dots(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b'.').count()
}

fn trailing_dots(s: &str) -> usize {
    s.bytes().rev().take_while(|&b| b == b'.').count()
}

fn map_get<'a>(map: &'a Value, key: &str) -> Result<&'a Value, ModelError> {
    map.as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(key)))
        .map(|(_, v)| v)
        .ok_or_else(|| ModelError::corrupt(FILE, format!("no `{key}` entry")))
}

fn compile(root: &Value, key: &str) -> Result<Regex, ModelError> {
    let source = map_get(root, key)?
        .as_str()
        .ok_or_else(|| ModelError::corrupt(FILE, format!("`{key}` is not a string")))?;
    let pattern = translate_python_regex(source);
    fancy_regex::RegexBuilder::new(&pattern)
        .backtrack_limit(BACKTRACK_LIMIT)
        .build()
        .map_err(|e| ModelError::corrupt(FILE, format!("`{key}` does not compile: {e}")))
}

fn read_exceptions(value: &Value) -> Result<HashMap<Box<str>, Vec<SpecialPiece>>, ModelError> {
    let map = value
        .as_map()
        .ok_or_else(|| ModelError::corrupt(FILE, "`exceptions` is not a map"))?;
    let mut specials = HashMap::with_capacity(map.len());
    for (key, pieces) in map {
        let key = key
            .as_str()
            .ok_or_else(|| ModelError::corrupt(FILE, "an exception key is not a string"))?;
        specials.insert(key.into(), read_special(key, pieces)?);
    }
    Ok(specials)
}

/// One exception: its token attribute maps; the ORTHs must spell the key.
fn read_special(key: &str, pieces: &Value) -> Result<Vec<SpecialPiece>, ModelError> {
    let bad = |what: &str| ModelError::corrupt(FILE, format!("exception {key:?}: {what}"));
    let list = pieces.as_array().ok_or_else(|| bad("not a list"))?;
    let mut out = Vec::with_capacity(list.len());
    let mut spelled = String::new();
    for attrs in list {
        let attrs = attrs.as_map().ok_or_else(|| bad("a token is not a map"))?;
        let get = |id: u64| {
            attrs
                .iter()
                .find(|(k, _)| k.as_u64() == Some(id))
                .and_then(|(_, v)| v.as_str())
        };
        let orth = get(ORTH).ok_or_else(|| bad("a token has no ORTH"))?;
        spelled.push_str(orth);
        out.push(SpecialPiece {
            len: orth.len(),
            norm: get(NORM).map(Into::into),
        });
    }
    if spelled != key || out.iter().any(|p| p.len == 0) {
        return Err(bad("the ORTHs do not spell the key"));
    }
    Ok(out)
}

/// Rewrites a Python `re` pattern into `fancy-regex` syntax with the same meaning on this
/// model's patterns:
/// - `\uXXXX` and `\UXXXXXXXX` become `\x{...}`;
/// - `\S` becomes a class of the non-`isspace` characters, `\w` becomes `[\p{L}\p{N}_]`
///   (Python's `isalnum` or `_`; inside a class, its members), `\d` becomes `\p{Nd}`;
/// - other escaped punctuation (`\'`, `\!`) becomes the literal character, escaped only when
///   it is a regex metacharacter;
/// - the `(?u)` flag is dropped (Unicode is the default).
///
/// Python's `$` also matches before a final `\n`; it is kept as end-of-text because the chunks
/// it is applied to never end in a newline unless they are whitespace only, which no suffix
/// rule matches.
pub(crate) fn translate_python_regex(source: &str) -> String {
    const PY_SPACE: &str = r"\t\n\x0B\x0C\r\x1C-\x1F \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}";
    let source = source.replace("(?u)", "");
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' {
            match (c, in_class) {
                ('[', true) => out.push_str(r"\["),
                ('[', false) => {
                    in_class = true;
                    out.push(c);
                }
                (']', true) => {
                    in_class = false;
                    out.push(c);
                }
                _ => out.push(c),
            }
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied().unwrap_or('\\');
        let hex_len = match next {
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if hex_len > 0 && i + 2 + hex_len <= chars.len() {
            let hex: String = chars[i + 2..i + 2 + hex_len].iter().collect();
            out.push_str(&format!(r"\x{{{hex}}}"));
            i += 2 + hex_len;
            continue;
        }
        match (next, in_class) {
            ('S', false) => out.push_str(&format!("[^{PY_SPACE}]")),
            ('w', false) => out.push_str(r"[\p{L}\p{N}_]"),
            ('w', true) => out.push_str(r"\p{L}\p{N}_"),
            ('d', _) => out.push_str(r"\p{Nd}"),
            (n, _) if n.is_ascii_alphanumeric() => {
                out.push('\\');
                out.push(n);
            }
            (n, _) if is_regex_meta(n) => {
                out.push('\\');
                out.push(n);
            }
            (n, _) => out.push(n),
        }
        i += 2;
    }
    out
}

fn is_regex_meta(c: char) -> bool {
    matches!(
        c,
        '\\' | '.'
            | '+'
            | '*'
            | '?'
            | '('
            | ')'
            | '|'
            | '['
            | ']'
            | '{'
            | '}'
            | '^'
            | '$'
            | '#'
            | '&'
            | '-'
            | '~'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_rewrites_python_escapes() {
        assert_eq!(
            translate_python_regex(r"[\u00A6\U0001F600]"),
            r"[\x{00A6}\x{0001F600}]"
        );
        assert_eq!(translate_python_regex(r"^\'"), "^'");
        assert_eq!(translate_python_regex(r"(?u)\d{2}"), r"\p{Nd}{2}");
        assert_eq!(translate_python_regex(r"[\w\+]"), r"[\p{L}\p{N}_\+]");
        assert!(translate_python_regex(r"\S+").starts_with("[^"));
    }

    #[test]
    fn whitespace_runs_use_python_isspace() {
        let runs = whitespace_runs("a\u{1c}b  c");
        assert_eq!(
            runs,
            vec![
                (0, 1, false),
                (1, 2, true),
                (2, 3, false),
                (3, 5, true),
                (5, 6, false)
            ]
        );
        assert!(whitespace_runs("").is_empty());
    }

    #[test]
    fn matches_are_filtered_longest_first() {
        assert_eq!(
            filter_matches(vec![(0, 2), (1, 3), (3, 4)]),
            vec![(0, 2), (3, 4)]
        );
        assert_eq!(filter_matches(vec![(2, 3), (0, 4)]), vec![(0, 4)]);
    }

    #[test]
    fn window_boundaries_respect_characters() {
        assert_eq!(char_boundary_after("ééé", 0, 2), 4);
        assert_eq!(char_boundary_after("ab", 0, 5), 2);
        assert_eq!(char_boundary_before("ééé", 6, 2), 2);
        assert_eq!(char_boundary_before("ab", 2, 5), 0);
    }
}
