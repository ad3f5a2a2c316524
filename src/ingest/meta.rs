//! Article metadata (title, publication date, URL, publisher) and the header lines that carry
//! it at the top of text and Markdown articles: `Title:`, `Date:`, `Published …`, `URL:`,
//! `Publisher:` / `Source:`. Dates are read in the common written forms; one that cannot be
//! read is a warning, never silence.

use crate::date::PartialDate;
use chrono::{DateTime, NaiveDate};

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleMeta {
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    pub publisher: Option<String>,
}

impl ArticleMeta {
    /// Fills the fields that `self` lacks from `other`.
    pub fn or(self, other: ArticleMeta) -> ArticleMeta {
        ArticleMeta {
            title: self.title.or(other.title),
            date: self.date.or(other.date),
            url: self.url.or(other.url),
            publisher: self.publisher.or(other.publisher),
        }
    }
}

/// The header block at the top of a text: its metadata, the byte offset where the body
/// starts, and a warning (line, message) per header that could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headers {
    pub meta: ArticleMeta,
    pub end: usize,
    pub warnings: Vec<(usize, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Key {
    Title,
    Date,
    Url,
    Publisher,
}

/// Recognises a header line: `Key: value`, or `Published [on] value` without a colon.
fn header_line(line: &str) -> Option<(Key, &str)> {
    let line = line.trim();
    let (name, value) = match line.split_once(':') {
        Some((n, v)) if !n.contains(' ') || n.eq_ignore_ascii_case("published on") => (n, v),
        _ => {
            // Without a colon only a readable date makes "Published …" a header, not prose.
            let (n, v) = line.split_once(' ')?;
            let v = v.trim_start().strip_prefix("on ").unwrap_or(v);
            if !n.eq_ignore_ascii_case("published") || parse_date(v).is_none() {
                return None;
            }
            (n, v)
        }
    };
    let key = match name.trim().to_ascii_lowercase().as_str() {
        "title" | "headline" => Key::Title,
        "date" | "published" | "published on" | "pubdate" | "datepublished" => Key::Date,
        "url" | "link" | "canonical" => Key::Url,
        "publisher" | "source" | "outlet" => Key::Publisher,
        _ => return None,
    };
    let value = value.trim();
    (!value.is_empty()).then_some((key, value))
}

/// Reads the header lines at `text[from..]` (a run of recognised lines, then optionally a
/// blank line). Without any, `end` is `from` and the metadata is empty.
pub fn read_headers(text: &str, from: usize) -> Headers {
    let mut h = Headers {
        end: from,
        ..Headers::default()
    };
    let first_line = 1 + text[..from].matches('\n').count();
    let mut offset = from;
    for (i, raw) in text[from..].split_inclusive('\n').enumerate() {
        let Some((key, value)) = header_line(raw) else {
            if h.end > from && raw.trim().is_empty() {
                h.end = offset + raw.len();
            }
            break;
        };
        apply(&mut h, key, value, first_line + i);
        offset += raw.len();
        h.end = offset;
    }
    h
}

/// Reads the `key: value` lines of a front-matter block (YAML style); other lines are ignored.
/// `first_line` is the file line of the block's first line.
pub fn read_fields(block: &str, first_line: usize) -> Headers {
    let mut h = Headers::default();
    for (i, line) in block.lines().enumerate() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        if let Some((key, value)) = header_line(&format!("{}: {value}", name.trim())) {
            apply(&mut h, key, value, first_line + i);
        }
    }
    h
}

/// Records one metadata field, or a warning for a date that cannot be read.
pub fn set_field(meta: &mut ArticleMeta, field: &str, value: &str) -> Option<String> {
    let key = header_line(&format!("{field}: {value}"))?.0;
    let mut h = Headers::default();
    apply(&mut h, key, value.trim(), 0);
    *meta = std::mem::take(meta).or(h.meta);
    h.warnings.pop().map(|(_, w)| w)
}

fn apply(h: &mut Headers, key: Key, value: &str, line: usize) {
    let value = value.to_string();
    match key {
        Key::Title => h.meta.title = Some(value),
        Key::Url => h.meta.url = Some(value),
        Key::Publisher => h.meta.publisher = Some(value),
        Key::Date => match parse_date(&value) {
            Some(d) => h.meta.date = Some(d),
            None => h.warnings.push((line, unreadable_date(&value))),
        },
    }
}

/// The warning for a date that could not be read.
pub fn unreadable_date(value: &str) -> String {
    format!(
        "unreadable date {value:?} ignored; write e.g. 2024-03-11, March 11, 2024 or 11 March 2024"
    )
}

/// Full-date forms tried in order (chrono `strftime` syntax).
const DAY_FORMATS: [&str; 11] = [
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%d.%m.%Y",
];

/// Reads a publication date: ISO 8601 (with or without a time), RFC 2822, or a written date
/// ("March 11, 2024", "Mon, 11 Mar 2024", "11 March 2024"); year-month and year alone keep
/// their precision. A leading weekday and a trailing time are ignored.
pub fn parse_date(value: &str) -> Option<PartialDate> {
    let v = value.trim().trim_end_matches('.');
    if let Ok(dt) = DateTime::parse_from_rfc3339(v) {
        return Some(from_naive(dt.date_naive()));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(v) {
        return Some(from_naive(dt.date_naive()));
    }
    let v = strip_time(strip_weekday(v));
    if let Some(d) = PartialDate::parse_iso(v) {
        return Some(d);
    }
    let cleaned = ordinal_free(v);
    // chrono's %d and %Y take what digits they find ("March 2024" would read as March 20,
    // 24): only a text of three parts is tried as a full date, of two as a month.
    let parts = cleaned
        .split([' ', ',', '/', '.', '-'])
        .filter(|p| !p.is_empty())
        .count();
    if cleaned.len() == 8 && cleaned.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(&cleaned, "%Y%m%d")
            .ok()
            .map(from_naive);
    }
    if parts == 3 {
        for f in DAY_FORMATS {
            if let Ok(d) = NaiveDate::parse_from_str(&cleaned, f) {
                return Some(from_naive(d));
            }
        }
    }
    if parts != 2 {
        return None;
    }
    for f in ["%B %Y %d", "%b %Y %d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&format!("{cleaned} 1"), f) {
            let p = from_naive(d);
            return Some(PartialDate { day: None, ..p });
        }
    }
    None
}

fn from_naive(d: NaiveDate) -> PartialDate {
    use chrono::Datelike;
    PartialDate::ymd(d.year(), d.month(), d.day())
}

fn strip_weekday(v: &str) -> &str {
    match v.split_once(',') {
        Some((head, rest))
            if head.len() >= 3
                && ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                    .iter()
                    .any(|d| head.to_ascii_lowercase().starts_with(d)) =>
        {
            rest.trim()
        }
        _ => v,
    }
}

/// Drops a time after the date: `2024-03-11T10:00`, `March 11, 2024 at 10:00`, `… 10:00 ET`.
fn strip_time(v: &str) -> &str {
    if v.len() > 10 && v.as_bytes()[10] == b'T' && PartialDate::parse_iso(&v[..10]).is_some() {
        return &v[..10];
    }
    for sep in [" at ", " | ", " - ", " — "] {
        if let Some((d, _)) = v.split_once(sep) {
            return d.trim();
        }
    }
    match v.find(':') {
        Some(colon) => {
            let word_start = v[..colon].rfind(' ').unwrap_or(0);
            v[..word_start].trim()
        }
        None => v,
    }
}

/// "March 11th, 2024" → "March 11, 2024".
fn ordinal_free(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let words: Vec<&str> = v.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let digits = w
            .trim_end_matches(',')
            .trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        let is_ordinal = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && ["st", "nd", "rd", "th", "st,", "nd,", "rd,", "th,"].contains(&suffix);
        if is_ordinal {
            out.push_str(digits);
            if suffix.ends_with(',') {
                out.push(',');
            }
        } else {
            out.push_str(w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(v: &str) -> Option<String> {
        parse_date(v).and_then(|d| d.iso())
    }

    #[test]
    fn common_date_forms_are_read() {
        for v in [
            "2024-03-11",
            "2024-03-11T09:30:00Z",
            "2024-03-11T09:30:00+01:00",
            "Mon, 11 Mar 2024 09:30:00 +0000",
            "March 11, 2024",
            "March 11th, 2024",
            "Monday, March 11, 2024",
            "Mar. 11, 2024",
            "11 March 2024",
            "March 11, 2024 at 9:30 a.m. ET",
            "March 11, 2024 9:30 AM",
            "2024/03/11",
        ] {
            assert_eq!(iso(v).as_deref(), Some("2024-03-11"), "{v}");
        }
        assert_eq!(iso("March 2024").as_deref(), Some("2024-03"));
        assert_eq!(iso("2024").as_deref(), Some("2024"));
        assert_eq!(iso("yesterday"), None);
        assert_eq!(iso("2024-02-30"), None);
    }

    #[test]
    fn headers_give_metadata_and_body_start() {
        let text = "Title: A storm\nDate: March 11, 2024\nSource: The Daily\nURL: https://x.test/a\n\nBody.";
        let h = read_headers(text, 0);
        assert_eq!(h.meta.title.as_deref(), Some("A storm"));
        assert_eq!(
            h.meta.date.and_then(|d| d.iso()).as_deref(),
            Some("2024-03-11")
        );
        assert_eq!(h.meta.publisher.as_deref(), Some("The Daily"));
        assert_eq!(h.meta.url.as_deref(), Some("https://x.test/a"));
        assert_eq!(&text[h.end..], "Body.");
        let h = read_headers("Published on 11 March 2024\nBody text.", 0);
        assert_eq!(
            h.meta.date.and_then(|d| d.iso()).as_deref(),
            Some("2024-03-11")
        );
    }

    #[test]
    fn an_unreadable_date_is_a_warning_with_its_line() {
        let h = read_headers("Title: T\nDate: the other day\n\nBody.", 0);
        assert_eq!(h.meta.date, None);
        assert_eq!(h.warnings.len(), 1);
        assert_eq!(h.warnings[0].0, 2);
        assert!(h.warnings[0]
            .1
            .contains("unreadable date \"the other day\""));
    }

    #[test]
    fn prose_is_not_a_header() {
        let h = read_headers("Renner said: it was hard.\n", 0);
        assert_eq!(h, Headers::default());
        let h = read_headers("Published reports say he left.\n", 0);
        assert_eq!(h, Headers::default());
    }
}
