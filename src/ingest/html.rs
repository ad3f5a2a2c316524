//! HTML articles (`.html`): the main text through `scraper` (an html5ever parser): the prose
//! blocks of `<article>`, else `<main>`, else `<body>`, leaving out scripts, styles,
//! navigation, headers, footers, asides and forms. Title, date, URL and publisher come from
//! `<meta>` (Open Graph, `article:published_time`, `name="date"` …), JSON-LD
//! (`headline`, `datePublished`, `url`, `publisher`), `<link rel="canonical">`, `<time>` and
//! `<title>`. Offsets count in the extracted text.

use super::txt::located;
use super::{meta, read_capped, text_of, Emit, RawArticle, Reader, Source};
use crate::error::Result;
use meta::ArticleMeta;
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

pub(crate) struct HtmlPage;

impl Reader for HtmlPage {
    fn name(&self) -> &'static str {
        "html"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm", "xhtml"]
    }

    fn read(&self, source: Source<'_>, emit: &mut Emit<'_>) -> Result<()> {
        let article = read_html(source);
        emit(article)
    }
}

fn read_html(source: Source<'_>) -> Result<RawArticle> {
    let bytes = read_capped(source.input, source.path, source.max_bytes)?;
    let text = text_of(bytes, source.path, 1)?;
    let doc = Html::parse_document(&text);
    let (meta, date_warnings) = metadata(&doc);
    Ok(RawArticle {
        id: source.id.to_string(),
        source: source.id.to_string(),
        path: source.path.to_path_buf(),
        text: main_text(&doc).join("\n\n"),
        body_start: 0,
        meta,
        warnings: located(source.path, &date_warnings),
    })
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid built-in selector")
}

/// The first `content`/`href`/`datetime` value of the first element matching `css`.
fn attr_of(doc: &Html, css: &str, attr: &str) -> Option<String> {
    doc.select(&selector(css))
        .filter_map(|e| e.attr(attr))
        .map(str::trim)
        .find(|v| !v.is_empty())
        .map(str::to_string)
}

fn text_of_first(doc: &Html, css: &str) -> Option<String> {
    doc.select(&selector(css))
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

fn metadata(doc: &Html) -> (ArticleMeta, Vec<(usize, String)>) {
    let ld = json_ld(doc);
    let tags = ArticleMeta {
        title: attr_of(doc, r#"meta[property="og:title"]"#, "content"),
        url: attr_of(doc, r#"link[rel="canonical"]"#, "href")
            .or_else(|| attr_of(doc, r#"meta[property="og:url"]"#, "content")),
        publisher: attr_of(doc, r#"meta[property="og:site_name"]"#, "content")
            .or_else(|| attr_of(doc, r#"meta[name="publisher"]"#, "content")),
        date: None,
    };
    let fallback = ArticleMeta {
        title: text_of_first(doc, "h1").or_else(|| text_of_first(doc, "title")),
        ..Default::default()
    };
    let mut meta = tags.or(ld.0).or(fallback);
    let mut warnings = Vec::new();
    if let Some(raw) = ld.1.or_else(|| date_attr(doc)) {
        if let Some(w) = meta::set_field(&mut meta, "date", &raw) {
            warnings.push((1, w));
        }
    }
    (meta, warnings)
}

fn date_attr(doc: &Html) -> Option<String> {
    [
        (r#"meta[property="article:published_time"]"#, "content"),
        (r#"meta[itemprop="datePublished"]"#, "content"),
        (r#"meta[name="date"]"#, "content"),
        (r#"meta[name="pubdate"]"#, "content"),
        (r#"meta[name="publish-date"]"#, "content"),
        (r#"meta[name="DC.date.issued"]"#, "content"),
        ("time[datetime]", "datetime"),
    ]
    .iter()
    .find_map(|(css, attr)| attr_of(doc, css, attr))
}

/// Title, URL and publisher of the first JSON-LD article object, and its raw date.
fn json_ld(doc: &Html) -> (ArticleMeta, Option<String>) {
    let objects: Vec<Value> = doc
        .select(&selector(r#"script[type="application/ld+json"]"#))
        .filter_map(|s| serde_json::from_str::<Value>(&s.text().collect::<String>()).ok())
        .flat_map(flatten)
        .collect();
    let Some(a) = objects.iter().find(|o| is_article(o)) else {
        return (ArticleMeta::default(), None);
    };
    let text = |v: &Value| v.as_str().map(collapse).filter(|s| !s.is_empty());
    let publisher = match &a["publisher"] {
        Value::Array(list) => list
            .first()
            .and_then(|p| text(&p["name"]).or_else(|| text(p))),
        p => text(&p["name"]).or_else(|| text(p)),
    };
    let meta = ArticleMeta {
        title: text(&a["headline"]).or_else(|| text(&a["name"])),
        url: text(&a["url"]).or_else(|| text(&a["mainEntityOfPage"]["@id"])),
        publisher,
        date: None,
    };
    (meta, text(&a["datePublished"]))
}

/// A JSON-LD value as a list of objects: arrays and `@graph` are opened.
fn flatten(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.into_iter().flat_map(flatten).collect(),
        Value::Object(mut o) => match o.remove("@graph") {
            Some(g) => flatten(g),
            None => vec![Value::Object(o)],
        },
        _ => Vec::new(),
    }
}

fn is_article(o: &Value) -> bool {
    let is = |t: &str| t.ends_with("Article") || t == "BlogPosting" || t == "Report";
    match &o["@type"] {
        Value::String(t) => is(t),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

/// Tags whose content is never article prose.
const LEFT_OUT: [&str; 14] = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "svg", "iframe", "select", "figure",
];

/// Tags that end a block of prose.
const BLOCKS: [&str; 22] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "div",
    "section",
    "article",
    "main",
    "br",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "pre",
    "table",
    "ul",
];

/// The prose blocks of the main part of the page.
fn main_text(doc: &Html) -> Vec<String> {
    let root = ["article", "main", r#"[role="main"]"#, "body"]
        .iter()
        .find_map(|css| doc.select(&selector(css)).next())
        .unwrap_or_else(|| doc.root_element());
    let mut blocks = Vec::new();
    let mut current = String::new();
    walk(root, &mut current, &mut blocks);
    end_block(&mut current, &mut blocks);
    blocks
}

fn walk(element: ElementRef<'_>, current: &mut String, blocks: &mut Vec<String>) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => current.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if LEFT_OUT.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    end_block(current, blocks);
                }
                if let Some(el) = ElementRef::wrap(child) {
                    walk(el, current, blocks);
                }
                if block {
                    end_block(current, blocks);
                }
            }
            _ => {}
        }
    }
}

fn end_block(current: &mut String, blocks: &mut Vec<String>) {
    let text = collapse(current);
    if !text.is_empty() {
        blocks.push(text);
    }
    current.clear();
}

/// Runs of whitespace as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head><title>Storm | The Daily</title>
<meta property="og:site_name" content="The Daily">
<link rel="canonical" href="https://daily.test/storm">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
 "headline":"Storm hits Reno","datePublished":"2024-03-11T08:00:00Z"}</script>
<script>var x = "not prose";</script></head>
<body><nav>Home | World</nav><article><h1>Storm hits Reno</h1>
<p>The storm   reached <b>Reno</b> on Monday.</p><aside>Read more</aside>
<p>Schools closed.</p></article><footer>© The Daily</footer></body></html>"#;

    #[test]
    fn main_text_leaves_out_navigation_and_scripts() {
        let doc = Html::parse_document(PAGE);
        assert_eq!(
            main_text(&doc),
            [
                "Storm hits Reno",
                "The storm reached Reno on Monday.",
                "Schools closed."
            ]
        );
    }

    #[test]
    fn metadata_from_meta_tags_and_json_ld() {
        let (m, w) = metadata(&Html::parse_document(PAGE));
        assert!(w.is_empty());
        assert_eq!(m.title.as_deref(), Some("Storm hits Reno"));
        assert_eq!(m.publisher.as_deref(), Some("The Daily"));
        assert_eq!(m.url.as_deref(), Some("https://daily.test/storm"));
        assert_eq!(m.date.and_then(|d| d.iso()).as_deref(), Some("2024-03-11"));
    }
}
