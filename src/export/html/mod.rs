//! Interactive page: one self-contained `graph.html` that needs no network. The page inlines
//! the vendored cytoscape.js (see `vendor/SOURCES`), our own style and script, and the graph as
//! JSON in a `<script type="application/json">` element, streamed node by node and made safe
//! for a script element (see [`script_safe`]). Sentences and articles are written once and
//! referenced by index from the evidence of each relationship.

use super::Sink;
use crate::error::{Error, Result};
use crate::graph::{node_id, Edge, KnowledgeGraph, Node};
use crate::ontology::{Label, RelType};
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::NodeIndexable;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::hash_map::Entry;

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

/// True for the relationships the page (like the DOT picture) hides at first: provenance.
pub fn provenance(rel: RelType) -> bool {
    matches!(rel, RelType::MENTIONS | RelType::PUBLISHED_BY)
}

/// The page data: `{meta, styles, nodes, articles, sentences, edges}`; edges refer to nodes,
/// evidence to sentences and sentences to articles by their index. Objects are written
/// straight into a buffer, keys in byte order, as `serde_json` writes a map.
fn write_data(kg: &KnowledgeGraph, put: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
    let nodes = kg.indexed_nodes();
    let edges = kg.edge_ends();
    let position = kg.positions();
    let degree = degrees(kg, &edges);
    let articles = Articles::new(kg, &nodes, &edges);
    let sentences = Sentences::new(&edges);
    put(b"{\"meta\":")?;
    put_json(put, &json!({"defaultLimit": DEFAULT_LIMIT}))?;
    put(b",\n\"styles\":")?;
    put_json(put, &styles())?;
    let mut out = JsonOut::new(put);
    out.raw(b",\n\"nodes\":");
    out.array(nodes.iter(), |o, &(i, n)| {
        node_object(o, n, degree[i.index()], &articles)
    })?;
    out.raw(b",\n\"articles\":");
    out.array(articles.list.iter(), |o, a| a.write(o, &position))?;
    out.raw(b",\n\"sentences\":");
    out.array(sentences.list.iter(), |o, s| s.write(o, &articles))?;
    out.raw(b",\n\"edges\":");
    out.array(edges.iter(), |o, &(f, e, t)| {
        edge_object(o, position[f.index()], e, position[t.index()], &sentences)
    })?;
    out.raw(b"}");
    out.flush()
}

/// Each node's count of relationships other than provenance, by node index.
fn degrees(kg: &KnowledgeGraph, edges: &[(NodeIndex, &Edge, NodeIndex)]) -> Vec<usize> {
    let mut degree = vec![0; kg.graph.node_bound()];
    for (f, e, t) in edges {
        if !provenance(e.rel) {
            degree[f.index()] += 1;
            degree[t.index()] += 1;
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

fn node_object(o: &mut JsonOut<'_>, n: &Node, degree: usize, articles: &Articles) {
    o.open();
    if !n.aliases.is_empty() {
        o.key("aliases");
        o.strings(n.aliases.iter().map(String::as_str));
    }
    if n.label != Label::Article && !n.documents.is_empty() {
        o.key("articles");
        o.numbers(n.documents.iter().filter_map(|d| articles.index(d)));
    }
    if let Some(iso) = n.date.and_then(|d| d.iso()) {
        o.key("date");
        o.string(&iso);
    }
    if !n.date_phrases.is_empty() {
        o.key("dateText");
        o.strings(n.date_phrases.iter().map(String::as_str));
    }
    o.key("degree");
    o.number(degree);
    o.optional("description", n.description.as_deref());
    o.key("id");
    o.string(&n.id);
    o.optional("kind", n.kind.as_deref());
    o.key("label");
    o.string(n.label.as_str());
    o.key("mentions");
    o.number(n.mentions);
    o.key("name");
    o.string(&n.name);
    o.optional("url", n.url.as_deref());
    o.optional("wikidata", n.wikidata.as_deref());
    o.close();
}

fn edge_object(o: &mut JsonOut<'_>, from: usize, e: &Edge, to: usize, sentences: &Sentences) {
    o.open();
    o.key("confidence");
    o.confidence(e.confidence());
    o.key("evidence");
    o.raw(b"[");
    for (i, ev) in e.evidence.iter().enumerate() {
        if i > 0 {
            o.raw(b",");
        }
        o.open();
        o.key("confidence");
        o.confidence(ev.confidence);
        o.key("hedged");
        o.boolean(ev.hedged);
        o.key("rule");
        o.string(&ev.rule);
        o.key("sentence");
        o.number(sentences.index(ev.place()));
        o.close();
    }
    o.raw(b"]");
    o.key("hedged");
    o.boolean(e.hedged());
    if !e.properties.is_empty() {
        o.key("properties");
        o.open();
        for (k, v) in &e.properties {
            o.key(k);
            o.string(v);
        }
        o.close();
    }
    o.key("source");
    o.number(from);
    o.key("target");
    o.number(to);
    o.key("total");
    o.number(e.evidence_total);
    o.key("type");
    o.string(e.rel.as_str());
    o.close();
}

/// Script-safe JSON (see [`script_safe`]) written into a buffer that is handed on in large
/// pieces. Strings are escaped as `serde_json` escapes them.
struct JsonOut<'p> {
    buf: Vec<u8>,
    put: &'p mut dyn FnMut(&[u8]) -> Result<()>,
    /// No key written yet in the object being written.
    first: bool,
    /// Confidences as `serde_json` writes them, by their bits.
    confidences: rustc_hash::FxHashMap<u32, Box<[u8]>>,
}

/// The buffer is handed on when it holds this many bytes.
const CHUNK: usize = 1 << 16;

impl<'p> JsonOut<'p> {
    fn new(put: &'p mut dyn FnMut(&[u8]) -> Result<()>) -> Self {
        JsonOut {
            buf: Vec::with_capacity(CHUNK + 4096),
            put,
            first: true,
            confidences: Default::default(),
        }
    }

    /// Writes the items as a JSON array, one per line.
    fn array<T>(
        &mut self,
        items: impl Iterator<Item = T>,
        mut write: impl FnMut(&mut Self, T),
    ) -> Result<()> {
        self.raw(b"[");
        for (i, item) in items.enumerate() {
            self.raw(if i == 0 { b"\n" } else { b",\n" });
            write(self, item);
            if self.buf.len() >= CHUNK {
                self.flush()?;
            }
        }
        self.raw(b"]");
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        (self.put)(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    fn open(&mut self) {
        self.buf.push(b'{');
        self.first = true;
    }

    fn close(&mut self) {
        self.buf.push(b'}');
        self.first = false;
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        self.string(key);
        self.buf.push(b':');
    }

    fn optional(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.key(key);
            self.string(v);
        }
    }

    fn number(&mut self, n: usize) {
        use std::io::Write;
        let _ = write!(self.buf, "{n}");
    }

    fn boolean(&mut self, b: bool) {
        self.raw(if b { b"true" } else { b"false" });
    }

    /// A confidence with at most three decimals, as the other exports write it, as a JSON
    /// number.
    fn confidence(&mut self, x: f32) {
        let text = self.confidences.entry(x.to_bits()).or_insert_with(|| {
            let rounded: f64 = super::decimal(x).parse().unwrap_or(0.0);
            serde_json::to_vec(&rounded)
                .unwrap_or_default()
                .into_boxed_slice()
        });
        self.buf.extend_from_slice(text);
    }

    fn strings<'s>(&mut self, items: impl Iterator<Item = &'s str>) {
        self.buf.push(b'[');
        for (i, s) in items.enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            self.string(s);
        }
        self.buf.push(b']');
    }

    fn numbers(&mut self, items: impl Iterator<Item = usize>) {
        self.buf.push(b'[');
        for (i, n) in items.enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            self.number(n);
        }
        self.buf.push(b']');
    }

    /// A JSON string, script-safe.
    fn string(&mut self, s: &str) {
        super::json_string(&mut self.buf, s, true);
    }
}

/// One input document: its name, and the Article node telling its title, URL and date.
struct Article<'a> {
    document: &'a str,
    node: Option<(NodeIndex, &'a Node)>,
}

impl Article<'_> {
    fn write(&self, o: &mut JsonOut<'_>, position: &[usize]) {
        o.open();
        if let Some(d) = self.node.and_then(|(_, n)| n.date).and_then(|d| d.iso()) {
            o.key("date");
            o.string(&d);
        }
        o.key("document");
        o.string(self.document);
        if let Some((i, n)) = self.node {
            o.key("node");
            o.number(position[i.index()]);
            o.key("title");
            o.string(&n.name);
            o.optional("url", n.url.as_deref());
        }
        o.close();
    }
}

/// The documents of the graph: those with an Article node (in node order), then those only
/// evidence names.
struct Articles<'a> {
    list: Vec<Article<'a>>,
    by_document: FxHashMap<&'a str, usize>,
}

impl<'a> Articles<'a> {
    fn new(
        kg: &'a KnowledgeGraph,
        nodes: &[(NodeIndex, &'a Node)],
        edges: &[(NodeIndex, &'a Edge, NodeIndex)],
    ) -> Self {
        let mut articles = Articles {
            list: Vec::new(),
            by_document: FxHashMap::default(),
        };
        for &(i, n) in nodes.iter().filter(|(_, n)| n.label == Label::Article) {
            if let Some(d) = n.documents.first() {
                articles.add(d, Some((i, n)));
            }
        }
        for (_, e, _) in edges {
            for ev in &e.evidence {
                if !articles.by_document.contains_key(ev.document()) {
                    let node = kg.index(&node_id(Label::Article, ev.document()));
                    articles.add(ev.document(), node.map(|i| (i, &kg.graph[i])));
                }
            }
        }
        articles
    }

    fn add(&mut self, document: &'a str, node: Option<(NodeIndex, &'a Node)>) {
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
struct Sentence<'a>(&'a crate::evidence::Sentence);

impl Sentence<'_> {
    fn write(&self, o: &mut JsonOut<'_>, articles: &Articles) {
        let s = self.0;
        o.open();
        o.key("article");
        match articles.index(&s.document) {
            Some(i) => o.number(i),
            None => o.raw(b"null"),
        }
        o.key("end");
        o.number(s.end);
        o.key("start");
        o.number(s.start);
        o.key("text");
        o.string(&s.text);
        o.close();
    }
}

/// The evidence sentences in the order the edges first cite them.
struct Sentences<'a> {
    list: Vec<Sentence<'a>>,
    by_place: FxHashMap<(&'a str, usize), usize>,
}

impl<'a> Sentences<'a> {
    fn new(edges: &[(NodeIndex, &'a Edge, NodeIndex)]) -> Self {
        let mut sentences = Sentences {
            list: Vec::new(),
            by_place: FxHashMap::default(),
        };
        for (_, e, _) in edges {
            for ev in &e.evidence {
                let next = sentences.list.len();
                if let Entry::Vacant(v) = sentences.by_place.entry(ev.place()) {
                    v.insert(next);
                    sentences.list.push(Sentence(&ev.sentence));
                }
            }
        }
        sentences
    }

    fn index(&self, place: (&str, usize)) -> usize {
        self.by_place[&place]
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
    fn strings_are_escaped_as_serde_json_then_script_safe_does() {
        let mut hostile: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        hostile.extend(
            [
                "a\u{2028}b\u{2029}c",
                "…€\u{2027}\u{202a}",
                "</script><!--",
                "\"\\",
                "\u{e2}",
                "x\u{2028}",
                "🎬 ü",
            ]
            .map(String::from),
        );
        hostile.push(hostile.concat());
        for text in hostile {
            let mut put = |_: &[u8]| Ok(());
            let mut out = JsonOut::new(&mut put);
            out.string(&text);
            let expected = script_safe(&serde_json::to_string(&text).unwrap());
            assert_eq!(String::from_utf8(out.buf).unwrap(), expected, "{text:?}");
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
        use std::collections::BTreeMap;
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
