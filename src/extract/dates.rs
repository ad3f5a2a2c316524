//! Date phrases in a sentence, resolved against the article's date: holidays ("New Year's
//! Day"), months ("in January", "mid-January"), weekdays ("on Thursday") and full dates.

use super::Extractor;
use crate::date::{days_in_month, PartialDate};
use crate::ingest::Document;
use std::ops::Range;

/// A date phrase: its tokens, the date and the original text.
pub(crate) type DatePhrase = (Range<usize>, PartialDate, String);

/// Every date phrase in `range`.
pub(crate) fn find_dates(ex: &Extractor, doc: &Document, range: Range<usize>) -> Vec<DatePhrase> {
    let cues = &ex.cues;
    let anchor = doc.date;
    let mut out = Vec::new();
    let mut t = range.start;
    while t < range.end {
        let norm = doc.tokens[t].norm.as_str();
        let holiday = if super::may_start(&cues.holiday_starts, norm) {
            cues.holidays.as_slice()
        } else {
            &[]
        };
        if let Some((len, m, d)) = holiday
            .iter()
            .filter(|(words, _, _)| {
                t + words.len() <= range.end
                    && words
                        .iter()
                        .enumerate()
                        .all(|(i, w)| doc.tokens[t + i].norm == *w)
            })
            .map(|(w, m, d)| (w.len(), *m, *d))
            .max_by_key(|x| x.0)
        {
            let date = PartialDate {
                year: anchor.and_then(|a| latest_year(a, m, Some(d))),
                month: Some(m),
                day: Some(d),
            };
            out.push((t..t + len, date, doc.span_text(t..t + len).to_string()));
            t += len;
            continue;
        }
        let month_word = norm
            .strip_prefix("mid-")
            .or_else(|| norm.strip_prefix("early-"))
            .or_else(|| norm.strip_prefix("late-"))
            .unwrap_or(norm);
        if let Some(&m) = cues
            .months
            .get(month_word)
            .filter(|_| doc.tokens[t].capitalised || norm.contains('-'))
        {
            let mut end = t + 1;
            let mut day = None;
            let mut year = None;
            if end < range.end {
                if let Ok(d) = doc.tokens[end].norm.parse::<u32>() {
                    if (1..=31).contains(&d) {
                        day = Some(d);
                        end += 1;
                    }
                }
            }
            let mut look = end;
            if look < range.end && doc.tokens[look].norm == "," {
                look += 1;
            }
            if look < range.end {
                if let Ok(y) = doc.tokens[look].norm.parse::<i32>() {
                    if (1800..=2200).contains(&y) {
                        year = Some(y);
                        end = look + 1;
                    }
                }
            }
            let year = year.or_else(|| anchor.and_then(|a| latest_year(a, m, day)));
            let day = day.filter(|&d| year.is_none_or(|y| d <= days_in_month(y, m)));
            out.push((
                t..end,
                PartialDate {
                    year,
                    month: Some(m),
                    day,
                },
                doc.span_text(t..end).to_string(),
            ));
            t = end;
            continue;
        }
        if let Some(&w) = cues
            .weekdays
            .get(norm)
            .filter(|_| doc.tokens[t].capitalised)
        {
            if let Some(days) = anchor.and_then(|a| a.days()) {
                let anchor_wd = anchor.and_then(|a| a.weekday()).unwrap_or(0) as i64;
                let back = (anchor_wd - w as i64).rem_euclid(7);
                out.push((
                    t..t + 1,
                    PartialDate::from_days(days - back),
                    doc.token_text(t).to_string(),
                ));
            } else {
                out.push((
                    t..t + 1,
                    PartialDate {
                        year: None,
                        month: None,
                        day: None,
                    },
                    doc.token_text(t).to_string(),
                ));
            }
        }
        t += 1;
    }
    out.retain(|(_, d, _)| d.precision() > 0 || d.month.is_some());
    out
}

/// The year of the latest such month (and day) on or before the anchor date.
fn latest_year(anchor: PartialDate, month: u32, day: Option<u32>) -> Option<i32> {
    let y = anchor.year?;
    let am = anchor.month?;
    let ad = anchor.day.unwrap_or(31);
    let after = month > am || (month == am && day.is_some_and(|d| d > ad));
    Some(if after { y - 1 } else { y })
}
