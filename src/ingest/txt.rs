//! Plain-text articles (`.txt`): UTF-8 text, optionally starting with header lines
//! (`Title:`, `Date:`, `Published …`, `URL:`, `Publisher:`); offsets are the file's own.

use super::{meta, read_capped, text_of, Emit, RawArticle, Reader, Source};
use crate::error::Result;

pub(crate) struct Text;

impl Reader for Text {
    fn name(&self) -> &'static str {
        "txt"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt", "text"]
    }

    fn read(&self, source: Source<'_>, emit: &mut Emit<'_>) -> Result<()> {
        let article = read_text(source);
        emit(article)
    }
}

fn read_text(source: Source<'_>) -> Result<RawArticle> {
    let bytes = read_capped(source.input, source.path, source.max_bytes)?;
    let text = text_of(bytes, source.path, 1)?;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let headers = meta::read_headers(&text, bom);
    Ok(RawArticle {
        id: source.id.to_string(),
        source: source.id.to_string(),
        path: source.path.to_path_buf(),
        warnings: located(source.path, &headers.warnings),
        body_start: headers.end,
        meta: headers.meta,
        text,
    })
}

/// `path:line: message` for each warning.
pub(crate) fn located(path: &std::path::Path, warnings: &[(usize, String)]) -> Vec<String> {
    warnings
        .iter()
        .map(|(line, m)| format!("{}:{line}: {m}", path.display()))
        .collect()
}
