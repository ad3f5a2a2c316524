//! Markdown articles (`.md`): the prose of headings, paragraphs, list items and quotations
//! (code, images and raw HTML left out), through `pulldown-cmark`. Title, date, URL and
//! publisher come from YAML-style front matter or header lines; a first-level heading is the
//! title otherwise. Offsets count in the extracted text.

use super::txt::located;
use super::{meta, read_capped, text_of, Emit, RawArticle, Reader, Source};
use crate::error::Result;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub(crate) struct Markdown;

impl Reader for Markdown {
    fn name(&self) -> &'static str {
        "md"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["md", "markdown"]
    }

    fn read(&self, source: Source<'_>, emit: &mut Emit<'_>) -> Result<()> {
        let article = read_markdown(source);
        emit(article)
    }
}

fn read_markdown(source: Source<'_>) -> Result<RawArticle> {
    let bytes = read_capped(source.input, source.path, source.max_bytes)?;
    let text = text_of(bytes, source.path, 1)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let headers = meta::read_headers(text, 0);
    let prose = prose_of(&text[headers.end..]);
    let front = prose
        .front_matter
        .as_deref()
        .map(|b| meta::read_fields(b, 2))
        .unwrap_or_default();
    let mut warnings = located(source.path, &headers.warnings);
    warnings.extend(located(source.path, &front.warnings));
    let title = meta::ArticleMeta {
        title: prose.title.clone(),
        ..Default::default()
    };
    Ok(RawArticle {
        id: source.id.to_string(),
        source: source.id.to_string(),
        path: source.path.to_path_buf(),
        text: prose.blocks.join("\n\n"),
        body_start: 0,
        meta: headers.meta.or(front.meta).or(title),
        warnings,
    })
}

/// The prose blocks of a Markdown document, its front matter and its first top heading.
#[derive(Debug, Default)]
struct Prose {
    blocks: Vec<String>,
    front_matter: Option<String>,
    title: Option<String>,
}

fn prose_of(markdown: &str) -> Prose {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TABLES;
    let mut p = Prose::default();
    let mut current = String::new();
    let mut skip = 0usize;
    let mut in_front = false;
    let mut in_title = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_front = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_front = false,
            Event::Text(t) if in_front => {
                p.front_matter.get_or_insert_with(String::new).push_str(&t)
            }
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                skip = skip.saturating_sub(1)
            }
            _ if skip > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut p.blocks);
                in_title = level == HeadingLevel::H1 && p.title.is_none();
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell)
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                flush(&mut current, &mut p.blocks)
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_title {
                    p.title = Some(current.trim().to_string());
                    in_title = false;
                }
                flush(&mut current, &mut p.blocks);
            }
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => current.push('\n'),
            _ => {}
        }
    }
    flush(&mut current, &mut p.blocks);
    p
}

fn flush(current: &mut String, blocks: &mut Vec<String>) {
    let block = current.trim();
    if !block.is_empty() {
        blocks.push(block.to_string());
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_without_markup_and_front_matter_apart() {
        let p = prose_of(
            "---\ntitle: \"Storm\"\ndate: 2024-03-11\n---\n# Storm hits *Reno*\n\nThe [city](http://x) said so.\n\n```\ncode()\n```\n\n- one item\n",
        );
        assert_eq!(
            p.blocks,
            ["Storm hits Reno", "The city said so.", "one item"]
        );
        assert_eq!(p.title.as_deref(), Some("Storm hits Reno"));
        assert!(p.front_matter.unwrap().contains("date: 2024-03-11"));
    }
}
