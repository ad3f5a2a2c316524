//! JSON Lines articles (`.jsonl`): one JSON object per line with `id` and `text`, and
//! optionally `title`, `date`, `url` and `publisher`. An article's id is `FILE#id`; a repeated
//! id gets a `~N` suffix. A bad line is an error naming file and line (a warning under
//! `--skip-bad-articles`). Each line is capped at `--max-article-bytes`; offsets count in
//! the `text` value.

use super::{meta, text_of, too_large, Emit, RawArticle, Reader, Source};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::io::BufRead;

pub(crate) struct JsonLines;

impl Reader for JsonLines {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl", "ndjson"]
    }

    fn read(&self, mut source: Source<'_>, emit: &mut Emit<'_>) -> Result<()> {
        let mut ids = BTreeSet::new();
        let mut buf = Vec::new();
        for number in 1.. {
            buf.clear();
            let line = match next_line(&mut source, &mut buf)? {
                Line::End => return Ok(()),
                Line::TooLong => Err(too_large(source.path, number, source.max_bytes)),
                Line::Bytes => text_of(std::mem::take(&mut buf), source.path, number)
                    .and_then(|text| article(&source, number, &text, &mut ids)),
            };
            match line {
                Ok(None) => {}
                Ok(Some(a)) => emit(Ok(a))?,
                Err(e) => emit(Err(e))?,
            }
        }
        Ok(())
    }
}

enum Line {
    End,
    TooLong,
    Bytes,
}

/// Reads one line into `buf`, at most `max_bytes` of it; the rest of a longer line is skipped.
fn next_line(source: &mut Source<'_>, buf: &mut Vec<u8>) -> Result<Line> {
    let path = source.path;
    let io = |e| Error::Read {
        path: path.to_path_buf(),
        source: e,
    };
    let input = &mut *source.input;
    let n = std::io::Read::take(&mut *input, source.max_bytes.saturating_add(1))
        .read_until(b'\n', buf)
        .map_err(io)?;
    if n == 0 {
        return Ok(Line::End);
    }
    if buf.last() != Some(&b'\n') && buf.len() as u64 > source.max_bytes {
        input.skip_until(b'\n').map_err(io)?;
        return Ok(Line::TooLong);
    }
    Ok(Line::Bytes)
}

#[derive(Deserialize)]
struct Record {
    id: Id,
    text: String,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

/// The article of one line; `None` for a blank line.
fn article(
    source: &Source<'_>,
    number: usize,
    line: &str,
    ids: &mut BTreeSet<String>,
) -> Result<Option<RawArticle>> {
    let line = line.trim_start_matches('\u{feff}').trim();
    if line.is_empty() {
        return Ok(None);
    }
    let record: Record = serde_json::from_str(line).map_err(|e| Error::Input {
        path: source.path.to_path_buf(),
        line: number,
        message: format!(
            "not a JSON Lines article ({e}); each line needs \"id\" and \"text\", and may give \"title\", \"date\", \"url\", \"publisher\""
        ),
    })?;
    let own = match record.id {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    };
    let mut warnings = Vec::new();
    let wanted = format!("{}#{own}", source.id);
    let id = distinct(wanted.clone(), ids);
    if id != wanted {
        warnings.push(format!(
            "{}:{number}: id {own:?} repeats an earlier line; this article is {id:?}",
            source.path.display()
        ));
    }
    let mut m = meta::ArticleMeta {
        title: record.title,
        url: record.url,
        publisher: record.publisher,
        date: None,
    };
    if let Some(d) = record.date {
        if let Some(w) = meta::set_field(&mut m, "date", &d) {
            warnings.push(format!("{}:{number}: {w}", source.path.display()));
        }
    }
    Ok(Some(RawArticle {
        id,
        source: source.id.to_string(),
        path: source.path.to_path_buf(),
        text: record.text,
        body_start: 0,
        meta: m,
        warnings,
    }))
}

/// `id`, or `id~2`, `id~3` … whichever is not taken yet.
pub(crate) fn distinct(id: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while !taken.insert(crate::graph::node_id(
        crate::ontology::Label::Article,
        &candidate,
    )) {
        candidate = format!("{id}~{n}");
        n += 1;
    }
    candidate
}
