//! Python `re` patterns that are one big alternation (spaCy's tokenizer rules), run with
//! Python's results but fast: the branches without lookaround go to the `regex` crate in
//! groups, each branch with lookaround runs on `fancy-regex` behind a `regex` prefilter.
//!
//! Python's backtracking search picks the leftmost start, and at that start the first branch
//! in pattern order that matches. The same result comes from searching each group for its
//! leftmost match (the `regex` crate's leftmost-first semantics agree with backtracking within
//! a group) and taking the earliest start, ties going to the group that comes first.

use fancy_regex::Regex as FancyRegex;
use regex::Regex;

/// Backtracking steps allowed per call of a lookaround branch; beyond it the branch is taken
/// as not matching (only pathological input gets there).
const BACKTRACK_LIMIT: usize = 200_000;
/// Compiled-size limits for the rules' very large Unicode classes.
const SIZE_LIMIT: usize = 256 << 20;

enum Group {
    /// Consecutive branches without lookaround, as one regex.
    Plain(Regex),
    /// One branch with lookaround; `filter` is the branch with its lookarounds removed (it
    /// matches wherever the branch does, and starts no later).
    Fancy { filter: Regex, full: FancyRegex },
}

pub(crate) struct Alternation {
    groups: Vec<Group>,
    /// Each branch and the most bytes it can span, lookaround text included (None: unbounded).
    branch_spans: Vec<(String, Option<usize>)>,
}

impl Alternation {
    /// Compiles a pattern already in Rust syntax (see `tokenizer::translate_python_regex`).
    pub(crate) fn new(pattern: &str) -> Result<Alternation, String> {
        let mut groups = Vec::new();
        let mut plain: Vec<&str> = Vec::new();
        let mut branch_spans = Vec::new();
        for branch in top_level_branches(pattern) {
            branch_spans.push((branch.to_string(), max_span(branch)?));
            if has_lookaround(branch) {
                if !plain.is_empty() {
                    groups.push(Group::Plain(plain_regex(&plain.join("|"))?));
                    plain.clear();
                }
                groups.push(fancy_group(branch)?);
            } else {
                plain.push(branch);
            }
        }
        if !plain.is_empty() {
            groups.push(Group::Plain(plain_regex(&plain.join("|"))?));
        }
        Ok(Alternation {
            groups,
            branch_spans,
        })
    }

    /// True when every branch spans at most `limit` bytes (lookaround text included), except
    /// branches equal to one of `unbounded_ok`.
    pub(crate) fn spans_within(&self, limit: usize, unbounded_ok: &[&str]) -> bool {
        self.branch_spans.iter().all(|(branch, span)| {
            unbounded_ok.contains(&branch.as_str()) || span.is_some_and(|n| n <= limit)
        })
    }

    /// Python `pattern.search(s, from)`: the match with the leftmost start at or after `from`.
    pub(crate) fn search(&self, s: &str, from: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for group in &self.groups {
            if let Some(m) = group.find_at(s, from) {
                if best.is_none_or(|b| m.0 < b.0) {
                    best = Some(m);
                }
                if m.0 == from {
                    break;
                }
            }
        }
        best
    }

    /// Python `pattern.finditer(s)`: successive non-overlapping matches, left to right.
    pub(crate) fn find_iter(&self, s: &str) -> Vec<(usize, usize)> {
        let mut next: Vec<Option<(usize, usize)>> =
            self.groups.iter().map(|g| g.find_at(s, 0)).collect();
        let mut found = Vec::new();
        let mut pos = 0;
        while pos <= s.len() {
            for (group, slot) in self.groups.iter().zip(next.iter_mut()) {
                if slot.is_some_and(|m| m.0 < pos) {
                    *slot = group.find_at(s, pos);
                }
            }
            let Some(m) = next
                .iter()
                .flatten()
                .fold(None, |best: Option<(usize, usize)>, &m| match best {
                    Some(b) if b.0 <= m.0 => Some(b),
                    _ => Some(m),
                })
            else {
                break;
            };
            found.push(m);
            pos = if m.1 > m.0 {
                m.1
            } else {
                m.1 + s[m.1..].chars().next().map_or(1, char::len_utf8)
            };
        }
        found
    }
}

impl Group {
    fn find_at(&self, s: &str, from: usize) -> Option<(usize, usize)> {
        match self {
            Group::Plain(re) => re.find_at(s, from).map(|m| (m.start(), m.end())),
            Group::Fancy { filter, full } => {
                let q = filter.find_at(s, from)?.start();
                let m = full.find_from_pos(s, q).ok().flatten()?;
                Some((m.start(), m.end()))
            }
        }
    }
}

fn plain_regex(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

fn fancy_group(branch: &str) -> Result<Group, String> {
    let full = fancy_regex::RegexBuilder::new(branch)
        .backtrack_limit(BACKTRACK_LIMIT)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(Group::Fancy {
        filter: plain_regex(&without_lookarounds(branch))?,
        full,
    })
}

/// Splits a pattern at its top-level `|` (outside groups and classes).
fn top_level_branches(pattern: &str) -> Vec<&str> {
    let mut branches = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    scan(pattern, |i, c, in_class| {
        if in_class {
            return;
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => {
                branches.push(&pattern[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    });
    branches.push(&pattern[start..]);
    branches
}

/// Calls `visit(byte offset, char, inside a class)` for every unescaped character.
fn scan(pattern: &str, mut visit: impl FnMut(usize, char, bool)) {
    let mut in_class = false;
    let mut chars = pattern.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => {
                visit(i, c, false);
                in_class = true;
            }
            ']' if in_class => in_class = false,
            _ => visit(i, c, in_class),
        }
    }
}

/// Byte ranges of the lookaround groups `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`.
fn lookaround_ranges(pattern: &str) -> Vec<(usize, usize)> {
    let mut opens: Vec<(usize, bool)> = Vec::new();
    let mut ranges = Vec::new();
    scan(pattern, |i, c, in_class| {
        if in_class {
            return;
        }
        match c {
            '(' => {
                let rest = &pattern[i..];
                let look = ["(?=", "(?!", "(?<=", "(?<!"]
                    .iter()
                    .any(|p| rest.starts_with(p));
                opens.push((i, look));
            }
            ')' => {
                if let Some((open, true)) = opens.pop() {
                    if !opens.iter().any(|&(_, look)| look) {
                        ranges.push((open, i + 1));
                    }
                }
            }
            _ => {}
        }
    });
    ranges
}

/// The most bytes a branch can span, counting the text its lookarounds inspect as if consumed
/// (an upper bound on the context a match needs).
fn max_span(branch: &str) -> Result<Option<usize>, String> {
    let mut consumed = String::with_capacity(branch.len());
    let mut at = 0;
    for (start, end) in lookaround_ranges(branch) {
        consumed.push_str(&branch[at..start]);
        let open = if branch[start..].starts_with("(?<") {
            4
        } else {
            3
        };
        consumed.push_str("(?:");
        consumed.push_str(&branch[start + open..end]);
        at = end;
    }
    consumed.push_str(&branch[at..]);
    let hir = regex_syntax::Parser::new()
        .parse(&consumed)
        .map_err(|e| e.to_string())?;
    Ok(hir.properties().maximum_len())
}

fn has_lookaround(branch: &str) -> bool {
    !lookaround_ranges(branch).is_empty()
}

fn without_lookarounds(branch: &str) -> String {
    let mut out = String::with_capacity(branch.len());
    let mut at = 0;
    for (start, end) in lookaround_ranges(branch) {
        out.push_str(&branch[at..start]);
        at = end;
    }
    out.push_str(&branch[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branches_split_outside_groups_and_classes() {
        assert_eq!(
            top_level_branches(r"a|(b|c)|[|]|\|"),
            vec!["a", "(b|c)", "[|]", r"\|"]
        );
    }

    #[test]
    fn lookarounds_are_found_and_removed() {
        assert_eq!(without_lookarounds(r"(?<=[0-9])(?:km|m)$"), "(?:km|m)$");
        assert_eq!(without_lookarounds(r"^\+(?![0-9])"), r"^\+");
        assert_eq!(without_lookarounds(r"(?<=[a(?=])x(?=[)])"), "x");
        assert!(!has_lookaround(r"(?:a)[(?=]"));
    }

    #[test]
    fn spans_count_lookaround_text() {
        assert_eq!(max_span(r"(?<=[0-9])(?:km|m)$").unwrap(), Some(3));
        assert_eq!(max_span(r"^\+(?![0-9])").unwrap(), Some(2));
        assert_eq!(max_span(r"\.\.+$").unwrap(), None);
        let alt = Alternation::new(r"^ab|^\.\.+").unwrap();
        assert!(alt.spans_within(2, &[r"^\.\.+"]));
        assert!(!alt.spans_within(1, &[r"^\.\.+"]));
        assert!(!alt.spans_within(2, &[]));
    }

    #[test]
    fn search_prefers_leftmost_start_then_pattern_order() {
        let alt = Alternation::new(r"b$|(?<=[0-9])ab$|xab$|ab$").unwrap();
        assert_eq!(alt.search("1ab", 0), Some((1, 3)));
        assert_eq!(alt.search("xab", 0), Some((0, 3)));
        assert_eq!(alt.search("zab", 0), Some((1, 3)));
        assert_eq!(alt.search("zab", 2), Some((2, 3)));
        assert_eq!(alt.search("zac", 0), None);
    }

    #[test]
    fn find_iter_is_python_finditer() {
        let alt = Alternation::new(r"\.\.+|(?<=[a-z])-(?=[a-z])|(?<=[a-z])--(?=[a-z])").unwrap();
        assert_eq!(alt.find_iter("a-b--c...d-"), vec![(1, 2), (3, 5), (6, 9)]);
        assert!(alt.find_iter("").is_empty());
    }
}
