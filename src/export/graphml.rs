//! GraphML export: `graph.graphml`, every node and relationship of the graph (articles and
//! provenance included) with typed `<key>`s, for Gephi, yEd, networkx and igraph.
//!
//! - Node ids are the kgpipe ids; edge ids are `e0`, `e1`, … in the graph's edge order; edges
//!   are directed. The node label is the `label` attribute, the relationship type `type`.
//! - Scalars are typed (`string`, `int`, `double`, `boolean`). GraphML has no list type: a list
//!   is written as a JSON array in a `string` attribute (`["a","b"]`, `[12,40]`). An absent
//!   value, an empty text and an empty list are left out.
//! - Evidence is held in parallel lists, as in the Neo4j CSV: `evidence_documents`,
//!   `evidence_sentences`, `evidence_starts`, `evidence_ends`, `evidence_rules`,
//!   `evidence_confidences`.
//! - XML 1.0 cannot hold most C0 control characters (all but tab, line feed, carriage return)
//!   nor U+FFFE and U+FFFF: each becomes U+FFFD in a value (inside a JSON list they are JSON
//!   escapes, so lists keep them). A carriage return is written `&#13;` and, in attributes,
//!   tab and line feed as `&#9;` `&#10;`, so a parser's line-end and attribute normalisation
//!   gives every other character back as it was.
//!
//! quick-xml writes the structure; values are escaped here because quick-xml's escaping
//! leaves carriage returns and characters XML forbids as they are.

use super::Sink;
use crate::error::Result;
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::ontology::Label;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// The file this format writes.
pub const FILE: &str = "graph.graphml";

/// A GraphML attribute type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    String,
    Int,
    Double,
    Boolean,
}

impl KeyType {
    fn as_str(self) -> &'static str {
        match self {
            KeyType::String => "string",
            KeyType::Int => "int",
            KeyType::Double => "double",
            KeyType::Boolean => "boolean",
        }
    }
}

/// Every node attribute, in the order written.
pub const NODE_KEYS: [(&str, KeyType); 11] = [
    ("label", KeyType::String),
    ("name", KeyType::String),
    ("aliases", KeyType::String),
    ("description", KeyType::String),
    ("wikidata", KeyType::String),
    ("kind", KeyType::String),
    ("date", KeyType::String),
    ("date_text", KeyType::String),
    ("documents", KeyType::String),
    ("mention_count", KeyType::Int),
    ("url", KeyType::String),
];

/// The fixed edge attributes, in the order written; the relationship's own properties
/// (`kind`, `role`, …) follow them.
pub const EDGE_KEYS: [(&str, KeyType); 11] = [
    ("type", KeyType::String),
    ("confidence", KeyType::Double),
    ("hedged", KeyType::Boolean),
    ("evidence_count", KeyType::Int),
    ("evidence_total", KeyType::Int),
    ("evidence_documents", KeyType::String),
    ("evidence_sentences", KeyType::String),
    ("evidence_starts", KeyType::String),
    ("evidence_ends", KeyType::String),
    ("evidence_rules", KeyType::String),
    ("evidence_confidences", KeyType::String),
];

/// Relationship properties every file declares, present or not.
const EDGE_PROPERTIES: [&str; 2] = ["kind", "role"];

/// `graph.graphml`, streamed node by node and edge by edge.
pub struct GraphMl;

impl super::Exporter for GraphMl {
    fn export(&self, kg: &KnowledgeGraph, sink: &mut dyn Sink) -> Result<()> {
        let mut file = sink.create(FILE)?;
        write_graphml(kg, &mut file).map_err(|e| file.error(e))?;
        file.finish()
    }
}

/// The edge properties of one export; node keys are `kn0`, `kn1`, … and edge keys `ke0`, … by
/// declaration order.
struct Keys {
    edge_properties: Vec<(String, String)>,
}

impl Keys {
    /// The edge property names of `kg` (always `kind` and `role`), each with its attribute
    /// name: the property's own, or `property_NAME` when a fixed attribute has that name.
    fn of(kg: &KnowledgeGraph) -> Keys {
        let mut names: BTreeSet<&str> = EDGE_PROPERTIES.into_iter().collect();
        for e in kg.graph.edge_weights() {
            names.extend(e.properties.keys().map(String::as_str));
        }
        let taken = |n: &str| n == "id" || EDGE_KEYS.iter().any(|(k, _)| *k == n);
        let edge_properties = names
            .into_iter()
            .map(|n| {
                let attr = if taken(n) {
                    format!("property_{n}")
                } else {
                    n.to_string()
                };
                (n.to_string(), attr)
            })
            .collect();
        Keys { edge_properties }
    }

    fn node_key(i: usize) -> String {
        format!("kn{i}")
    }

    fn edge_key(i: usize) -> String {
        format!("ke{i}")
    }
}

/// Writes the whole GraphML document to `out`.
pub fn write_graphml(kg: &KnowledgeGraph, out: impl Write) -> io::Result<()> {
    let keys = Keys::of(kg);
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ])))?;
    write_keys(&mut w, &keys)?;
    w.write_event(Event::Start(
        BytesStart::new("graph").with_attributes([("id", "G"), ("edgedefault", "directed")]),
    ))?;
    let mut body = Body {
        out: w.get_mut(),
        buf: Vec::with_capacity(CHUNK + 4096),
        list: Vec::new(),
        decimals: super::Decimals::default(),
    };
    for n in kg.nodes() {
        body.node(n);
        body.flush_full()?;
    }
    for (i, (f, e, t)) in kg.edges().into_iter().enumerate() {
        body.edge(&keys, i, f, e, t);
        body.flush_full()?;
    }
    body.flush()?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.get_mut().write_all(b"\n")
}

fn write_keys<W: Write>(w: &mut Writer<W>, keys: &Keys) -> io::Result<()> {
    for (i, (name, ty)) in NODE_KEYS.iter().enumerate() {
        write_key(w, &Keys::node_key(i), "node", name, *ty)?;
    }
    let edge_keys = EDGE_KEYS.iter().map(|(n, t)| (*n, *t)).chain(
        keys.edge_properties
            .iter()
            .map(|(_, attr)| (attr.as_str(), KeyType::String)),
    );
    for (i, (name, ty)) in edge_keys.enumerate() {
        write_key(w, &Keys::edge_key(i), "edge", name, ty)?;
    }
    Ok(())
}

fn write_key<W: Write>(
    w: &mut Writer<W>,
    id: &str,
    domain: &str,
    name: &str,
    ty: KeyType,
) -> io::Result<()> {
    w.write_event(Event::Empty(
        BytesStart::new("key")
            .with_attributes([("id", id), ("for", domain), ("attr.type", ty.as_str())])
            .with_attributes([attribute("attr.name", name)]),
    ))
}

/// A node's attribute values, by position in [`NODE_KEYS`]; `None` is left out.
fn node_values(n: &Node) -> [Option<String>; 11] {
    let entity = n.label != Label::Article;
    [
        Some(n.label.to_string()),
        Some(n.name.clone()),
        json_strings(&n.aliases),
        n.description.clone(),
        n.wikidata.clone(),
        n.kind.clone(),
        n.date.and_then(|d| d.iso()),
        json_strings(&n.date_phrases),
        json_strings(&n.documents),
        entity.then(|| n.mentions.to_string()),
        n.url.clone(),
    ]
}

/// A list as a JSON array of strings; `None` when empty.
fn json_strings(items: &[String]) -> Option<String> {
    (!items.is_empty()).then(|| serde_json::to_string(items).expect("strings serialise"))
}

/// The nodes and edges, written as quick-xml would indent them inside `<graph>`, straight into
/// a buffer handed on in large pieces.
struct Body<'w, W: Write> {
    out: &'w mut W,
    buf: Vec<u8>,
    /// A JSON list being made, before its XML escaping.
    list: Vec<u8>,
    decimals: super::Decimals,
}

/// The buffer is handed on when it holds this many bytes.
const CHUNK: usize = 1 << 16;

impl<W: Write> Body<'_, W> {
    fn flush_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    fn node(&mut self, n: &Node) {
        self.buf.extend_from_slice(b"\n    <node id=\"");
        self.escaped(&n.id, true);
        self.buf.extend_from_slice(b"\">");
        for (i, value) in node_values(n).iter().enumerate() {
            if let Some(v) = value {
                self.data(b"kn", i, v);
            }
        }
        self.buf.extend_from_slice(b"\n    </node>");
    }

    fn edge(&mut self, keys: &Keys, index: usize, from: &Node, e: &Edge, to: &Node) {
        let _ = write!(self.buf, "\n    <edge id=\"e{index}\" source=\"");
        self.escaped(&from.id, true);
        self.buf.extend_from_slice(b"\" target=\"");
        self.escaped(&to.id, true);
        self.buf.extend_from_slice(b"\">");
        self.data(b"ke", 0, e.rel.as_str());
        if !e.evidence.is_empty() {
            self.evidence(e);
        }
        for (i, (name, _)) in keys.edge_properties.iter().enumerate() {
            if let Some(v) = e.properties.get(name) {
                self.data(b"ke", EDGE_KEYS.len() + i, v);
            }
        }
        self.buf.extend_from_slice(b"\n    </edge>");
    }

    /// The evidence attributes of an edge with evidence (`ke1` to `ke10`).
    fn evidence(&mut self, e: &Edge) {
        let ev = &e.evidence;
        let confidence = self.decimals.get(e.confidence()).to_string();
        self.data(b"ke", 1, &confidence);
        self.data(b"ke", 2, if e.hedged() { "true" } else { "false" });
        self.data(b"ke", 3, &ev.len().to_string());
        self.data(b"ke", 4, &e.evidence_total.to_string());
        self.string_list(5, ev.iter().map(|x| x.document()));
        self.string_list(6, ev.iter().map(|x| x.text()));
        self.list_data(7, ev.iter().map(|x| x.start()), |l, n| {
            let _ = write!(l, "{n}");
        });
        self.list_data(8, ev.iter().map(|x| x.end()), |l, n| {
            let _ = write!(l, "{n}");
        });
        self.string_list(9, ev.iter().map(|x| &*x.rule));
        let mut decimals = std::mem::take(&mut self.decimals);
        self.list_data(10, ev.iter().map(|x| x.confidence), |l, x| {
            l.extend_from_slice(decimals.get(x).as_bytes());
        });
        self.decimals = decimals;
    }

    fn string_list<'s>(&mut self, key: usize, items: impl Iterator<Item = &'s str>) {
        self.list_data(key, items, |l, s| super::json_string(l, s, false));
    }

    /// `<data>` holding the items as a JSON array, each written by `item`.
    fn list_data<T>(
        &mut self,
        key: usize,
        items: impl Iterator<Item = T>,
        mut item: impl FnMut(&mut Vec<u8>, T),
    ) {
        let mut list = std::mem::take(&mut self.list);
        list.clear();
        list.push(b'[');
        for (i, x) in items.enumerate() {
            if i > 0 {
                list.push(b',');
            }
            item(&mut list, x);
        }
        list.push(b']');
        let text = std::str::from_utf8(&list).expect("JSON text is UTF-8");
        self.data(b"ke", key, text);
        self.list = list;
    }

    /// One `<data>`; an empty value is left out, as an absent one.
    fn data(&mut self, prefix: &[u8], key: usize, value: &str) {
        if value.is_empty() {
            return;
        }
        self.buf.extend_from_slice(b"\n      <data key=\"");
        self.buf.extend_from_slice(prefix);
        let _ = write!(self.buf, "{key}\">");
        self.escaped(value, false);
        self.buf.extend_from_slice(b"</data>");
    }

    fn escaped(&mut self, value: &str, in_attribute: bool) {
        self.buf
            .extend_from_slice(escape(value, in_attribute).as_bytes());
    }
}

/// An attribute whose value is escaped by [`escape`].
fn attribute<'a>(name: &'a str, value: &str) -> Attribute<'a> {
    Attribute {
        key: QName(name.as_bytes()),
        value: Cow::Owned(escape(value, true).into_owned().into_bytes()),
    }
}

/// True for a character XML 1.0 can hold (its `Char` production).
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// `value` as XML character data: `&`, `<`, `>` (and in an attribute, quotes) as entities, a
/// carriage return (and in an attribute, tab and line feed) as a character reference, and every character XML cannot
/// hold as U+FFFD.
pub fn escape(value: &str, in_attribute: bool) -> Cow<'_, str> {
    let plain = |c: char| xml_char(c) && !matches!(c, '&' | '<' | '>' | '\r');
    let plain_here = |c: char| plain(c) && !(in_attribute && matches!(c, '\t' | '\n' | '"' | '\''));
    if value.chars().all(plain_here) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 16);
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            c if !xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ontology::RelType;

    #[test]
    fn escape_keeps_what_xml_holds_and_replaces_what_it_cannot() {
        assert_eq!(escape("plain é 🥷", false), "plain é 🥷");
        assert_eq!(escape("a<b>&\"'", false), "a&lt;b&gt;&amp;\"'");
        assert_eq!(escape("a\"'", true), "a&quot;&apos;");
        assert_eq!(escape("a\r\nb\tc", false), "a&#13;\nb\tc");
        assert_eq!(escape("a\r\nb\tc", true), "a&#13;&#10;b&#9;c");
        assert_eq!(
            escape("x\u{1}\u{1b}\u{FFFE}\u{FFFF}y", false),
            "x\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}y"
        );
        assert_eq!(escape("\u{7f}\u{85}", false), "\u{7f}\u{85}");
    }

    #[test]
    fn keys_are_declared_once_for_every_property_and_clashes_are_renamed() {
        let mut kg = KnowledgeGraph::default();
        let a = kg.add_node(Node::new("person:a", Label::Person, "A"));
        let b = kg.add_node(Node::new("person:b", Label::Person, "B"));
        let props = [("type", "x"), ("source", "appos")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into();
        kg.add_edge(a, b, RelType::RELATIVE_OF, props, None);
        let mut out = Vec::new();
        write_graphml(&kg, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for name in ["kind", "role", "source", "property_type", "type"] {
            let decl = format!("for=\"edge\" attr.type=\"string\" attr.name=\"{name}\"");
            assert_eq!(text.matches(&decl).count(), 1, "{name} in {text}");
        }
        assert!(text.contains("<edge id=\"e0\" source=\"person:a\" target=\"person:b\">"));
        assert!(text.contains("<data key=\"ke0\">RELATIVE_OF</data>"));
    }

    #[test]
    fn lists_are_json_arrays_and_empty_values_are_left_out() {
        let mut n = Node::new("show:x", Label::Show, "X");
        n.aliases = vec!["a\"b".into(), "c".into()];
        let values = node_values(&n);
        assert_eq!(values[2].as_deref(), Some(r#"["a\"b","c"]"#));
        assert_eq!(values[3], None, "no description");
        assert_eq!(values[7], None, "no date phrases");
        assert_eq!(values[9].as_deref(), Some("0"));
    }
}
