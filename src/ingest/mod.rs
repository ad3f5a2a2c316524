//! Ingest: finds the articles of an input (a folder, a file or standard input), reads each
//! input form through one [`Reader`] interface (one file per form: `txt`, `md`, `html`,
//! `jsonl`; a new form is a new file plus one entry in [`READERS`]), recognises a
//! ` date YYYY-MM-DD` prefix or a headline, splits sentences (keeping abbreviations such as
//! "Mt." inside), tokenises, and marks quoted text. Every sentence and token keeps its byte
//! offsets; evidence offsets are reported in characters.

mod html;
mod jsonl;
mod md;
pub mod meta;
pub mod source;
mod txt;

pub use meta::ArticleMeta;
pub use source::{Input, InputSpec, Skip, Unit};

use crate::date::PartialDate;
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::io::{BufRead, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// An article as an input form reads it, before tokenising.
#[derive(Debug, Clone)]
pub struct RawArticle {
    /// Unique in the build: the source's id, plus `#<id>` for one line of a JSON Lines file.
    pub id: String,
    /// The id of the file it came from: its path relative to the input folder, or `stdin`.
    pub source: String,
    /// Where it came from, for messages.
    pub path: PathBuf,
    pub text: String,
    /// Byte offset where the body starts (after header lines or front matter).
    pub body_start: usize,
    pub meta: ArticleMeta,
    /// Problems that did not stop the article ("unreadable date …"), with file and line.
    pub warnings: Vec<String>,
}

/// One input source handed to a reader: a file or standard input.
pub struct Source<'a> {
    /// The id of the source (a path relative to the input folder, or `stdin`).
    pub id: &'a str,
    /// How messages name it.
    pub path: &'a Path,
    pub input: &'a mut dyn BufRead,
    /// Largest article, counted in bytes read.
    pub max_bytes: u64,
}

/// Receives each article (or the error that stopped one); an `Err` it returns stops reading.
pub type Emit<'a> = dyn FnMut(Result<RawArticle>) -> Result<()> + 'a;

/// One input form.
pub trait Reader: Sync {
    /// The `--input-format` name.
    fn name(&self) -> &'static str;
    /// File extensions (lower case, without the dot) read in this form.
    fn extensions(&self) -> &'static [&'static str];
    /// Reads every article of `source`, handing each to `emit`.
    fn read(&self, source: Source<'_>, emit: &mut Emit<'_>) -> Result<()>;
}

/// Every input form kgpipe reads.
pub static READERS: [&dyn Reader; 4] = [
    &txt::Text,
    &md::Markdown,
    &html::HtmlPage,
    &jsonl::JsonLines,
];

/// The reader of `--input-format NAME`.
pub fn reader_named(name: &str) -> Option<&'static dyn Reader> {
    let name = name.trim().to_ascii_lowercase();
    READERS
        .iter()
        .copied()
        .find(|r| r.name() == name || r.extensions().contains(&name.as_str()))
}

/// The reader of a file, by its extension.
pub fn reader_for(path: &Path) -> Option<&'static dyn Reader> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    READERS
        .iter()
        .copied()
        .find(|r| r.extensions().contains(&ext.as_str()))
}

/// The names of the forms, for messages: `txt, md, html, jsonl`.
pub fn form_names() -> String {
    READERS.map(|r| r.name()).join(", ")
}

/// Reads all of `input`, counting bytes: more than `max_bytes` is an error, whatever the file
/// system claims about the size (`/dev/zero`, `/proc` files).
pub fn read_capped(input: &mut dyn Read, path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    Read::take(input, max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(path, 1, max_bytes));
    }
    Ok(bytes)
}

/// The error for an article over the size limit.
pub fn too_large(path: &Path, line: usize, max_bytes: u64) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        line,
        message: format!(
            "article is over the limit of {max_bytes} bytes (raise it with --max-article-bytes)"
        ),
    }
}

/// Checks that `bytes` is text: no NUL byte, valid UTF-8. `first_line` numbers the first line.
pub fn text_of(bytes: Vec<u8>, path: &Path, first_line: usize) -> Result<String> {
    let line_at = |b: &[u8]| first_line + b.iter().filter(|&&c| c == b'\n').count();
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Input {
            path: path.to_path_buf(),
            line: line_at(&bytes[..at]),
            message: "contains a NUL byte: this looks like a binary file, not an article".into(),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        Error::Input {
            path: path.to_path_buf(),
            line: line_at(&e.as_bytes()[..valid]),
            message: format!(
                "not valid UTF-8 (byte offset {valid}); kgpipe reads UTF-8 text articles"
            ),
        }
    })
}

/// One token: a word (with a possessive `'s` split off), a number or a punctuation mark.
#[derive(Debug, Clone)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lower-cased text with typographic apostrophes and dashes made plain.
    pub norm: String,
    /// Starts with an upper-case letter.
    pub capitalised: bool,
    pub is_word: bool,
    /// Index of the quotation this token is inside, if any.
    pub quote: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub tokens: Range<usize>,
    pub headline: bool,
}

/// A quotation: its byte span and the sentences it touches.
#[derive(Debug, Clone)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// File name, the document's identity in evidence.
    pub id: String,
    /// The file it came from, relative to the input folder (`stdin` for standard input).
    pub source: String,
    pub path: PathBuf,
    pub text: String,
    pub date: Option<PartialDate>,
    pub headline: Option<String>,
    /// Title, date, URL and publisher as the input gave them.
    pub meta: ArticleMeta,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub quotes: Vec<Quote>,
}

impl Document {
    pub fn token_text(&self, i: usize) -> &str {
        &self.text[self.tokens[i].start..self.tokens[i].end]
    }

    /// Original text covered by tokens `range`.
    pub fn span_text(&self, range: Range<usize>) -> &str {
        if range.is_empty() {
            return "";
        }
        &self.text[self.tokens[range.start].start..self.tokens[range.end - 1].end]
    }

    pub fn sentence_text(&self, s: usize) -> &str {
        &self.text[self.sentences[s].start..self.sentences[s].end]
    }

    /// Character offset of a byte offset inside sentence `s`.
    /// 1-based line and column (in characters) of a byte offset of the text.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        crate::config::line_col(&self.text, byte)
    }

    pub fn char_offset(&self, s: usize, byte: usize) -> usize {
        let sent = &self.sentences[s];
        sent.char_start + self.text[sent.start..byte].chars().count()
    }
}

/// Longest sentence in tokens; longer runs of text are cut into chunks of this size.
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Words that end in a period without ending the sentence.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations(BTreeSet<String>);

impl Abbreviations {
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(words: I) -> Self {
        Abbreviations(
            words
                .into_iter()
                .map(|w| w.as_ref().trim_end_matches('.').to_lowercase())
                .collect(),
        )
    }

    fn contains(&self, word: &str) -> bool {
        let w = word.trim_end_matches('.');
        (w.chars().count() == 1 && w.chars().all(|c| c.is_uppercase()))
            || self.0.contains(&w.to_lowercase())
    }
}

/// Ingests article text that is already in memory.
pub fn ingest(id: &str, path: &Path, text: String, abbreviations: &Abbreviations) -> Document {
    let raw = RawArticle {
        id: id.to_string(),
        source: id.to_string(),
        path: path.to_path_buf(),
        text,
        body_start: 0,
        meta: ArticleMeta::default(),
        warnings: Vec::new(),
    };
    ingest_article(raw, abbreviations)
}

/// A document read from `text` as an article named `t.txt`, for unit tests.
#[cfg(test)]
pub(crate) fn test_document(text: &str) -> Document {
    ingest(
        "t.txt",
        Path::new("t.txt"),
        text.to_string(),
        &Abbreviations::new(["Mt"]),
    )
}

/// Ingests an article read by one of the [`READERS`]: its body is tokenised, its metadata kept.
pub fn ingest_article(raw: RawArticle, abbreviations: &Abbreviations) -> Document {
    let RawArticle {
        id,
        source,
        path,
        text,
        body_start,
        meta,
        ..
    } = raw;
    let id = id.as_str();
    let mut cursor = body_start.min(text.len());
    if text[cursor..].starts_with('\u{feff}') {
        cursor += '\u{feff}'.len_utf8();
    }
    let mut date = meta.date;
    if let Some((d, len)) = parse_date_prefix(&text[cursor..]) {
        date = Some(d);
        cursor += len;
    }
    let quotes = find_quotes(&text);
    let mut sentences = Vec::new();
    // About one token per five bytes of English text.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 16);
    let mut headline = None;
    if let Some(end) = headline_end(&text, cursor) {
        let (s, e) = trim_span(&text, cursor, end);
        if s < e {
            headline = Some(text[s..e].to_string());
            push_sentence(
                &text,
                s,
                e,
                true,
                &quotes,
                abbreviations,
                &mut sentences,
                &mut tokens,
            );
        }
        cursor = end;
    }
    for (s, e) in split_sentences(&text, cursor, abbreviations) {
        push_sentence(
            &text,
            s,
            e,
            false,
            &quotes,
            abbreviations,
            &mut sentences,
            &mut tokens,
        );
    }
    let mut chars = 0;
    let mut last = 0;
    for s in &mut sentences {
        chars += text[last..s.start].chars().count();
        s.char_start = chars;
        chars += text[s.start..s.end].chars().count();
        s.char_end = chars;
        last = s.end;
    }
    Document {
        id: id.to_string(),
        source,
        path,
        text,
        date,
        headline: headline.or_else(|| meta.title.clone()),
        meta,
        sentences,
        tokens,
        quotes,
    }
}

#[allow(clippy::too_many_arguments)]
fn push_sentence(
    text: &str,
    start: usize,
    end: usize,
    headline: bool,
    quotes: &[Quote],
    abbreviations: &Abbreviations,
    sentences: &mut Vec<Sentence>,
    tokens: &mut Vec<Token>,
) {
    let first = tokens.len();
    tokenize(text, start, end, abbreviations, tokens);
    for t in &mut tokens[first..] {
        let i = quotes.partition_point(|q| q.end < t.end);
        t.quote =
            (i < quotes.len() && quotes[i].start <= t.start && t.end <= quotes[i].end).then_some(i);
    }
    // A "sentence" of thousands of tokens (a text with no punctuation) is cut into chunks,
    // which bounds every per-sentence step.
    let mut a = first;
    while a < tokens.len() {
        let b = (a + MAX_SENTENCE_TOKENS).min(tokens.len());
        let (s, e) = if a == first && b == tokens.len() {
            (start, end)
        } else {
            (tokens[a].start, tokens[b - 1].end)
        };
        sentences.push(Sentence {
            start: s,
            end: e,
            char_start: 0,
            char_end: 0,
            tokens: a..b,
            headline,
        });
        a = b;
    }
}

/// ` date 2023-05-06 ` at the very start: the date and the prefix length.
fn parse_date_prefix(text: &str) -> Option<(PartialDate, usize)> {
    let trimmed = text.trim_start_matches([' ', '\t']);
    let lead = text.len() - trimmed.len();
    let rest = trimmed.strip_prefix("date")?;
    let after = rest.trim_start_matches([' ', '\t', ':']);
    if after.len() == rest.len() {
        return None;
    }
    let iso = after.get(..10)?;
    let date = PartialDate::parse_iso(iso)?;
    let tail = &after[10..];
    if tail.chars().next().is_some_and(|c| !c.is_whitespace()) {
        return None;
    }
    Some((date, lead + 4 + (rest.len() - after.len()) + 10))
}

/// A first line without sentence-final punctuation is a headline when a blank line follows,
/// or (where the lines are paragraphs) a capitalised line.
fn headline_end(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let lead = rest.len() - rest.trim_start().len();
    let body = &rest[lead..];
    let line_end = body.find('\n')?;
    let line = body[..line_end].trim_end();
    let after = &body[line_end + 1..];
    let blank_follows = after
        .split('\n')
        .next()
        .is_some_and(|l| l.trim().is_empty())
        || (lines_are_paragraphs(body) && line_ends_unpunctuated(line, after));
    let words = line.split_whitespace().count();
    let ends_sentence = line.ends_with(['.', '!', '?'])
        || [". ", "! ", "? ", ".” ", ".\" "]
            .iter()
            .any(|b| line.contains(b));
    (blank_follows && !ends_sentence && (1..=30).contains(&words)).then_some(from + lead + line_end)
}

fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let ls = s.len() - s.trim_start().len();
    let le = s.trim_end().len();
    (start + ls, start + le.max(ls))
}

fn find_quotes(text: &str) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut open: Option<usize> = None;
    let mut prev_newline = false;
    for (i, c) in text.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(s) = open.take() {
                    quotes.push(Quote {
                        start: s,
                        end: i + c.len_utf8(),
                    });
                }
            }
            '"' => match open.take() {
                Some(s) => quotes.push(Quote {
                    start: s,
                    end: i + 1,
                }),
                None => open = Some(i),
            },
            '\n' => {
                if prev_newline {
                    open = None;
                }
                prev_newline = true;
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() {
            prev_newline = false;
        }
    }
    quotes
}

const CLOSERS: [char; 6] = ['"', '”', '’', '\'', ')', ']'];
const OPENERS: [char; 5] = ['"', '“', '‘', '\'', '('];

/// Splits `text[from..]` into trimmed sentence spans. Blank lines always end a sentence; a
/// terminal mark ends one when followed by space and a capital, digit or opening quote, unless
/// it closes an abbreviation or an initial. Where the lines are paragraphs (no line wraps
/// mid-sentence), a line ending in a word before a capitalised line ends one too (a headline
/// without a full stop).
pub fn split_sentences(
    text: &str,
    from: usize,
    abbreviations: &Abbreviations,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = from;
    let bytes = text.as_bytes();
    let paragraphs = lines_are_paragraphs(&text[from..]);
    let mut iter = text[from..]
        .char_indices()
        .map(|(i, c)| (i + from, c))
        .peekable();
    let push = |s: usize, e: usize, out: &mut Vec<(usize, usize)>| {
        let (s, e) = trim_span(text, s, e);
        if s < e {
            out.push((s, e));
        }
    };
    while let Some((i, c)) = iter.next() {
        if c == '\n' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            let blank = j < bytes.len() && bytes[j] == b'\n';
            if blank || (paragraphs && line_ends_unpunctuated(&text[start..i], &text[j..])) {
                push(start, i, &mut out);
                start = j;
            }
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        if c == '.' {
            let word_start = text[start..i]
                .char_indices()
                .rev()
                .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '.'))
                .map_or(start, |(p, ch)| start + p + ch.len_utf8());
            let word = &text[word_start..i];
            if !word.is_empty() && abbreviations.contains(word) {
                continue;
            }
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if matches!(d, '.' | '!' | '?' | '…') || CLOSERS.contains(&d) {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n', '\u{a0}']);
        if trimmed.len() == rest.len() {
            continue;
        }
        match trimmed.chars().next() {
            Some(n) if n.is_uppercase() || n.is_ascii_digit() || OPENERS.contains(&n) => {
                push(start, end, &mut out);
                start = end;
            }
            None => {}
            _ => {}
        }
    }
    push(start, text.len(), &mut out);
    out
}

/// Does no line of `text` wrap mid-sentence: a line ending in a word or a comma followed by
/// a line that starts in lower case?
fn lines_are_paragraphs(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    !lines.windows(2).any(|pair| {
        let wraps = pair[0]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == ',');
        wraps && pair[1].chars().next().is_some_and(char::is_lowercase)
    })
}

/// Does the line before a break end in a word (past closing quotes), and the line after start
/// as a sentence does (a capital, a digit or an opening quote)?
fn line_ends_unpunctuated(before: &str, after: &str) -> bool {
    let ends_in_word = before
        .trim_end()
        .trim_end_matches(CLOSERS)
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let starts_sentence = after
        .trim_start()
        .chars()
        .next()
        .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || OPENERS.contains(&n));
    ends_in_word && starts_sentence
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Tokenises `text[start..end]`, appending to `out`.
pub fn tokenize(
    text: &str,
    start: usize,
    end: usize,
    abbreviations: &Abbreviations,
    out: &mut Vec<Token>,
) {
    let s = &text[start..end];
    let chars: Vec<(usize, char)> = s.char_indices().map(|(i, c)| (i + start, c)).collect();
    let n = chars.len();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let byte_at = |k: usize| chars.get(k).map_or(end, |&(b, _)| b);
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let begin = k;
        if c.is_alphanumeric() {
            k += 1;
            loop {
                match at(k) {
                    Some(d) if d.is_alphanumeric() => k += 1,
                    Some(d)
                        if (d == '-' || d == '‑' || d == '.' || is_apostrophe(d))
                            && at(k + 1).is_some_and(|e| e.is_alphanumeric()) =>
                    {
                        if is_apostrophe(d)
                            && matches!(at(k + 1), Some('s' | 'S'))
                            && !at(k + 2).is_some_and(|e| e.is_alphanumeric())
                        {
                            break;
                        }
                        if d == '.' && !at(k - 1).is_some_and(|e| e.is_ascii_digit()) {
                            // "U.S" style dotted abbreviations stay whole; other dots end a word.
                            let dotted = chars[begin..k]
                                .iter()
                                .all(|&(_, e)| e.is_uppercase() || e == '.');
                            if !dotted {
                                break;
                            }
                        }
                        k += 2;
                    }
                    _ => break,
                }
            }
            if at(k) == Some('+') && !at(k + 1).is_some_and(|e| e.is_alphanumeric()) {
                k += 1;
            }
            if at(k) == Some('.') {
                let word = &text[byte_at(begin)..byte_at(k)];
                if abbreviations.contains(word) {
                    k += 1;
                }
            }
            push_token(text, byte_at(begin), byte_at(k), true, out);
        } else if is_apostrophe(c)
            && matches!(at(k + 1), Some('s' | 'S'))
            && !at(k + 2).is_some_and(|e| e.is_alphanumeric())
            && k > 0
            && chars[k - 1].1.is_alphanumeric()
        {
            k += 2;
            push_token(text, byte_at(begin), byte_at(k), true, out);
        } else {
            k += 1;
            push_token(text, byte_at(begin), byte_at(k), false, out);
        }
    }
}

fn push_token(text: &str, start: usize, end: usize, is_word: bool, out: &mut Vec<Token>) {
    let raw = &text[start..end];
    let norm = normalise_word(raw);
    let capitalised = raw.chars().next().is_some_and(|c| c.is_uppercase());
    out.push(Token {
        start,
        end,
        norm,
        capitalised,
        is_word,
        quote: None,
    });
}

/// Lower case, with ’ → ' and typographic dashes → '-'.
pub fn normalise_word(raw: &str) -> String {
    if raw.is_ascii() {
        return raw.to_ascii_lowercase();
    }
    raw.chars()
        .map(plain_char)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Like [`normalise_word`] but keeping case, for case-sensitive aliases.
pub fn normalise_word_keep_case(raw: &str) -> String {
    if raw.is_ascii() {
        return raw.to_string();
    }
    raw.chars().map(plain_char).collect()
}

/// A typographic apostrophe, dash or no-break space as its plain ASCII form.
fn plain_char(c: char) -> char {
    match c {
        '’' | '‘' => '\'',
        '‑' | '–' => '-',
        '\u{a0}' => ' ',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abbr() -> Abbreviations {
        Abbreviations::new(["Mt", "Dr", "St"])
    }

    fn sentences(text: &str) -> Vec<String> {
        let d = ingest("t.txt", Path::new("t.txt"), text.to_string(), &abbr());
        (0..d.sentences.len())
            .map(|s| d.sentence_text(s).to_string())
            .collect()
    }

    #[test]
    fn a_line_without_a_full_stop_ends_before_a_capitalised_line() {
        let s = sentences(
            "Gale Hurts Singer On Stage\nAna Ruiz was hurt. She left\n\"I am fine,\" she said.",
        );
        assert_eq!(
            s,
            [
                "Gale Hurts Singer On Stage",
                "Ana Ruiz was hurt.",
                "She left",
                "\"I am fine,\" she said."
            ]
        );
    }

    #[test]
    fn wrapped_lines_keep_their_sentences_whole() {
        let s =
            sentences("The singer Ana\nRuiz was hurt on the stage of the\nold theatre. She left.");
        assert_eq!(
            s,
            [
                "The singer Ana\nRuiz was hurt on the stage of the\nold theatre.",
                "She left."
            ]
        );
    }

    #[test]
    fn abbreviation_does_not_split() {
        let s = sentences("He was hit near the Mt. Rose Highway area of Reno. Then he left.");
        assert_eq!(
            s,
            [
                "He was hit near the Mt. Rose Highway area of Reno.",
                "Then he left."
            ]
        );
    }

    #[test]
    fn quotes_and_blank_lines_split() {
        let s = sentences("He got “excellent care.” The actor smiled\n\nNext paragraph");
        assert_eq!(
            s,
            [
                "He got “excellent care.”",
                "The actor smiled",
                "Next paragraph"
            ]
        );
    }

    #[test]
    fn date_prefix_and_headline() {
        let d = ingest(
            "a.txt",
            Path::new("a.txt"),
            " date 2023-05-06 Renner smiled.".into(),
            &abbr(),
        );
        assert_eq!(d.date.unwrap().iso().unwrap(), "2023-05-06");
        assert_eq!(d.sentence_text(0), "Renner smiled.");
        let d = ingest(
            "b.txt",
            Path::new("b.txt"),
            "Big Title Here\n\nBody text.".into(),
            &abbr(),
        );
        assert_eq!(d.headline.as_deref(), Some("Big Title Here"));
        assert!(d.sentences[0].headline && !d.sentences[1].headline);
        let d = ingest(
            "c.txt",
            Path::new("c.txt"),
            " date 2023-05-06 Gale Hurts Singer\nAna Ruiz was hurt.".into(),
            &abbr(),
        );
        assert_eq!(d.headline.as_deref(), Some("Gale Hurts Singer"));
        assert!(d.sentences[0].headline && !d.sentences[1].headline);
    }

    #[test]
    fn tokens_split_possessive_keep_plus_and_abbreviation() {
        let d = ingest(
            "c.txt",
            Path::new("c.txt"),
            "Renner’s Disney+ show near Mt. Rose, 52-year-old.".into(),
            &abbr(),
        );
        let toks: Vec<&str> = (0..d.tokens.len()).map(|i| d.token_text(i)).collect();
        assert_eq!(
            toks,
            [
                "Renner",
                "’s",
                "Disney+",
                "show",
                "near",
                "Mt.",
                "Rose",
                ",",
                "52-year-old",
                "."
            ]
        );
        assert_eq!(d.tokens[1].norm, "'s");
    }

    #[test]
    fn multibyte_space_before_period_is_safe() {
        let s = sentences("Ends with nbsp\u{a0}. Next starts here.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn char_offsets_count_characters() {
        let d = ingest(
            "d.txt",
            Path::new("d.txt"),
            "Café “ok.” Next one.".into(),
            &abbr(),
        );
        assert_eq!(d.sentences[1].char_start, 11);
        assert_eq!(d.sentence_text(1), "Next one.");
    }
}
