//! Interactive page: one self-contained `graph.html` that needs no network. The page inlines
//! the vendored cytoscape.js (see `vendor/SOURCES`), our own style and script, and the graph as
//! JSON in a `<script type="application/json">` element, streamed node by node and made safe
//! for a script element (see [`script_safe`]). Sentences and articles are written once and
//! referenced by index from the evidence of each relationship.

use super::Sink;
use crate::error::{Error, Result};
use crate::graph::{node_id, Edge, KnowledgeGraph, Node};
use crate::ontology::{Label, RelType};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const TEMPLATE: &str = include_str!("page.html");
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");
const LIBRARY: &str = include_str!("vendor/cytoscape.min.js");

/// Entities the page draws at first: the most connected ones (by relationships other than
/// MENTIONS and PUBLISHED_BY, ties by id); search and focus bring in the others.
pub const DEFAULT_LIMIT: usize = 400;

/// `graph.html`.
pub struct Html;

impl super::Exporter for Html {
    fn export(&self, kg: &KnowledgeGraph, sink: &mut dyn Sink) -> Result<()> {
        let mut file = sink.create("graph.html")?;
        for part in template_parts(TEMPLATE) {
            match part {
                Part::Text(text) => file.put(text.as_bytes())?,
                Part::Slot("STYLE") => file.put(STYLE.as_bytes())?,
                Part::Slot("LIBRARY") => file.put(LIBRARY.as_bytes())?,
                Part::Slot("SCRIPT") => file.put(SCRIPT.as_bytes())?,
                Part::Slot("DATA") => write_data(kg, &mut |bytes| file.put(bytes))?,
                Part::Slot(other) => {
                    return Err(Error::Export(format!(
                        "page.html names an unknown slot {other}"
                    )))
                }
            }
        }
        file.finish()
    }
}

/// A piece of the page template: literal text, or the name of a `{{SLOT}}` to fill.
#[derive(Debug, PartialEq)]
enum Part<'a> {
    Text(&'a str),
    Slot(&'a str),
}

fn template_parts(template: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        parts.push(Part::Text(&rest[..start]));
        parts.push(Part::Slot(&rest[start + 2..start + len]));
        rest = &rest[start + len + 2..];
    }
    parts.push(Part::Text(rest));
    parts
}

/// JSON text made safe inside a `<script>` element: `<` becomes `\u003c` (so neither
/// `</script>` nor `<!--` can appear) and U+2028/U+2029 are escaped. JSON puts `<` and these
/// characters only inside strings, where the escapes mean the same characters.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Writes `value` as script-safe JSON.
fn put_json(put: &mut dyn FnMut(&[u8]) -> Result<()>, value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string(value).map_err(|e| Error::Export(e.to_string()))?;
    put(script_safe(&text).as_bytes())
}

/// Writes the items as a JSON array, one per line.
fn put_array<T: Serialize>(
    put: &mut dyn FnMut(&[u8]) -> Result<()>,
    items: impl Iterator<Item = T>,
) -> Result<()> {
    put(b"[")?;
    for (i, item) in items.enumerate() {
        put(if i == 0 { b"\n" } else { b",\n" })?;
        put_json(put, &item)?;
    }
    put(b"]")
}

/// True for the relationships the page (like the DOT picture) hides at first: provenance.
pub fn provenance(rel: RelType) -> bool {
    matches!(rel, RelType::MENTIONS | RelType::PUBLISHED_BY)
}

/// The page data: `{meta, styles, nodes, articles, sentences, edges}`; edges refer to nodes,
/// evidence to sentences and sentences to articles by their index.
fn write_data(kg: &KnowledgeGraph, put: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
    let nodes = kg.nodes();
    let edges = kg.edges();
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let degree = degrees(&edges);
    let articles = Articles::new(kg, &nodes, &edges);
    let sentences = Sentences::new(&edges);
    put(b"{\"meta\":")?;
    put_json(put, &json!({"defaultLimit": DEFAULT_LIMIT}))?;
    put(b",\n\"styles\":")?;
    put_json(put, &styles())?;
    put(b",\n\"nodes\":")?;
    put_array(
        put,
        nodes
            .iter()
            .map(|n| node_object(n, degree.get(n.id.as_str()), &articles)),
    )?;
    put(b",\n\"articles\":")?;
    put_array(put, articles.list.iter().map(|a| a.to_json(&index)))?;
    put(b",\n\"sentences\":")?;
    put_array(put, sentences.list.iter().map(|s| s.to_json(&articles)))?;
    put(b",\n\"edges\":")?;
    put_array(
        put,
        edges.iter().map(|&(f, e, t)| {
            edge_object(index[f.id.as_str()], e, index[t.id.as_str()], &sentences)
        }),
    )?;
    put(b"}")
}

/// Each node's count of relationships other than provenance.
fn degrees<'a>(edges: &[(&'a Node, &Edge, &'a Node)]) -> BTreeMap<&'a str, usize> {
    let mut degree = BTreeMap::new();
    for (f, e, t) in edges {
        if !provenance(e.rel) {
            *degree.entry(f.id.as_str()).or_insert(0) += 1;
            *degree.entry(t.id.as_str()).or_insert(0) += 1;
        }
    }
    degree
}

/// The colour of each label (as in the DOT picture), and the page's shape for it.
fn styles() -> Value {
    let mut m = Map::new();
    for label in Label::ALL {
        let (dot_shape, color) = super::dot::style(label);
        m.insert(
            label.as_str().into(),
            json!({"color": color, "shape": page_shape(dot_shape)}),
        );
    }
    Value::Object(m)
}

/// The cytoscape.js shape nearest to a Graphviz shape.
fn page_shape(dot_shape: &str) -> &'static str {
    match dot_shape {
        "box" => "round-rectangle",
        "house" => "pentagon",
        "octagon" => "octagon",
        "component" => "rectangle",
        "note" => "tag",
        _ => "ellipse",
    }
}

fn node_object(n: &Node, degree: Option<&usize>, articles: &Articles) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), json!(n.id));
    o.insert("label".into(), json!(n.label.as_str()));
    o.insert("name".into(), json!(n.name));
    o.insert("degree".into(), json!(degree.copied().unwrap_or(0)));
    o.insert("mentions".into(), json!(n.mentions));
    if !n.aliases.is_empty() {
        o.insert("aliases".into(), json!(n.aliases));
    }
    let optional = [
        ("description", n.description.as_ref()),
        ("wikidata", n.wikidata.as_ref()),
        ("kind", n.kind.as_ref()),
        ("url", n.url.as_ref()),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            o.insert(key.into(), json!(v));
        }
    }
    if let Some(iso) = n.date.and_then(|d| d.iso()) {
        o.insert("date".into(), json!(iso));
    }
    if !n.date_phrases.is_empty() {
        o.insert("dateText".into(), json!(n.date_phrases));
    }
    if n.label != Label::Article && !n.documents.is_empty() {
        let list: Vec<usize> = n
            .documents
            .iter()
            .filter_map(|d| articles.index(d))
            .collect();
        o.insert("articles".into(), json!(list));
    }
    Value::Object(o)
}

fn edge_object(from: usize, e: &Edge, to: usize, sentences: &Sentences) -> Value {
    let evidence: Vec<Value> = e
        .evidence
        .iter()
        .map(|ev| {
            json!({
                "sentence": sentences.index(ev.document(), ev.start()),
                "rule": &*ev.rule,
                "confidence": rounded(ev.confidence),
                "hedged": ev.hedged,
            })
        })
        .collect();
    let mut o = Map::new();
    o.insert("source".into(), json!(from));
    o.insert("target".into(), json!(to));
    o.insert("type".into(), json!(e.rel.as_str()));
    o.insert("confidence".into(), json!(rounded(e.confidence())));
    o.insert("hedged".into(), json!(e.hedged()));
    o.insert("total".into(), json!(e.evidence_total));
    if !e.properties.is_empty() {
        o.insert("properties".into(), json!(e.properties));
    }
    o.insert("evidence".into(), Value::Array(evidence));
    Value::Object(o)
}

/// A confidence with at most three decimals, as the other exports write it.
fn rounded(x: f32) -> f64 {
    super::decimal(x).parse().unwrap_or(0.0)
}

/// One input document: its name, and the Article node telling its title, URL and date.
struct Article<'a> {
    document: &'a str,
    node: Option<&'a Node>,
}

impl Article<'_> {
    fn to_json(&self, index: &BTreeMap<&str, usize>) -> Value {
        let mut o = Map::new();
        o.insert("document".into(), json!(self.document));
        if let Some(n) = self.node {
            o.insert("node".into(), json!(index[n.id.as_str()]));
            o.insert("title".into(), json!(n.name));
            if let Some(u) = &n.url {
                o.insert("url".into(), json!(u));
            }
            if let Some(d) = n.date.and_then(|d| d.iso()) {
                o.insert("date".into(), json!(d));
            }
        }
        Value::Object(o)
    }
}

/// The documents of the graph: those with an Article node (in node order), then those only
/// evidence names.
struct Articles<'a> {
    list: Vec<Article<'a>>,
    by_document: BTreeMap<&'a str, usize>,
}

impl<'a> Articles<'a> {
    fn new(
        kg: &'a KnowledgeGraph,
        nodes: &[&'a Node],
        edges: &[(&'a Node, &'a Edge, &'a Node)],
    ) -> Self {
        let mut articles = Articles {
            list: Vec::new(),
            by_document: BTreeMap::new(),
        };
        for n in nodes.iter().filter(|n| n.label == Label::Article) {
            if let Some(d) = n.documents.first() {
                articles.add(d, Some(n));
            }
        }
        for (_, e, _) in edges {
            for ev in &e.evidence {
                let node = kg.node(&node_id(Label::Article, ev.document()));
                articles.add(ev.document(), node);
            }
        }
        articles
    }

    fn add(&mut self, document: &'a str, node: Option<&'a Node>) {
        if !self.by_document.contains_key(document) {
            self.by_document.insert(document, self.list.len());
            self.list.push(Article { document, node });
        }
    }

    fn index(&self, document: &str) -> Option<usize> {
        self.by_document.get(document).copied()
    }
}

/// One evidence sentence, written once however many relationships cite it.
struct Sentence<'a> {
    document: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
}

impl Sentence<'_> {
    fn to_json(&self, articles: &Articles) -> Value {
        json!({
            "article": articles.index(self.document),
            "start": self.start,
            "end": self.end,
            "text": self.text,
        })
    }
}

/// The evidence sentences in the order the edges first cite them.
struct Sentences<'a> {
    list: Vec<Sentence<'a>>,
    by_place: BTreeMap<(&'a str, usize), usize>,
}

impl<'a> Sentences<'a> {
    fn new(edges: &[(&'a Node, &'a Edge, &'a Node)]) -> Self {
        let mut sentences = Sentences {
            list: Vec::new(),
            by_place: BTreeMap::new(),
        };
        for (_, e, _) in edges {
            for ev in &e.evidence {
                let key = ev.place();
                if !sentences.by_place.contains_key(&key) {
                    sentences.by_place.insert(key, sentences.list.len());
                    sentences.list.push(Sentence {
                        document: ev.document(),
                        start: ev.start(),
                        end: ev.end(),
                        text: ev.text(),
                    });
                }
            }
        }
        sentences
    }

    fn index(&self, document: &str, start: usize) -> usize {
        self.by_place[&(document, start)]
    }
}

/// The page data of `kg` as a JSON value (for tests).
pub fn data_json(kg: &KnowledgeGraph) -> Result<Value> {
    let mut bytes = Vec::new();
    write_data(kg, &mut |b| {
        bytes.extend_from_slice(b);
        Ok(())
    })?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Export(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_element() {
        let text = serde_json::to_string("</script><!-- \u{2028}\u{2029} \"q\" 🎬").unwrap();
        let safe = script_safe(&text);
        assert!(!safe.contains('<') && !safe.contains('\u{2028}') && !safe.contains('\u{2029}'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- \u{2028}\u{2029} \"q\" 🎬");
    }

    #[test]
    fn the_template_has_each_slot_once_and_the_assets_cannot_close_a_script() {
        let slots: Vec<&str> = template_parts(TEMPLATE)
            .into_iter()
            .filter_map(|p| match p {
                Part::Slot(s) => Some(s),
                Part::Text(_) => None,
            })
            .collect();
        assert_eq!(slots, ["STYLE", "DATA", "LIBRARY", "SCRIPT"]);
        for (name, asset) in [("library", LIBRARY), ("script", SCRIPT), ("style", STYLE)] {
            let lower = asset.to_ascii_lowercase();
            assert!(
                !lower.contains("</script")
                    && !lower.contains("</style")
                    && !lower.contains("<!--"),
                "the {name} would end its element early"
            );
        }
    }

    #[test]
    fn template_parts_split_text_and_slots() {
        assert_eq!(
            template_parts("a{{X}}b{{Y}}"),
            [
                Part::Text("a"),
                Part::Slot("X"),
                Part::Text("b"),
                Part::Slot("Y"),
                Part::Text("")
            ]
        );
    }

    #[test]
    fn sentences_are_written_once_and_cite_their_article() {
        use crate::resolve::Evidence;
        let mut kg = KnowledgeGraph::default();
        let a = kg.add_node(Node::new("person:a", Label::Person, "A"));
        let b = kg.add_node(Node::new("place:b", Label::Place, "B"));
        let c = kg.add_node(Node::new("event:c", Label::Event, "C"));
        let mut article = Node::new(node_id(Label::Article, "doc.txt"), Label::Article, "Title");
        article.documents = vec!["doc.txt".into()];
        article.url = Some("https://example.org/x".into());
        kg.add_node(article);
        let ev = Evidence {
            sentence: crate::evidence::Sentence::new("doc.txt", 0, (10, 26), "A was at C in B.")
                .into(),
            rule: "r".into(),
            confidence: 0.8,
            hedged: false,
        };
        kg.add_edge(a, c, RelType::ATTENDED, BTreeMap::new(), Some(ev.clone()));
        kg.add_edge(c, b, RelType::OCCURRED_AT, BTreeMap::new(), Some(ev));
        let data = data_json(&kg).unwrap();
        assert_eq!(data["sentences"].as_array().unwrap().len(), 1);
        assert_eq!(data["articles"][0]["title"], "Title");
        assert_eq!(data["articles"][0]["url"], "https://example.org/x");
        assert_eq!(data["sentences"][0]["article"], 0);
        for e in data["edges"].as_array().unwrap() {
            assert_eq!(e["evidence"][0]["sentence"], 0);
            assert_eq!(e["confidence"], 0.8);
        }
        let c_degree = data["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == "event:c")
            .unwrap()["degree"]
            .clone();
        assert_eq!(c_degree, 2);
    }
}
