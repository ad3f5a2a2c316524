//! What a GraphML reader should find in `graph.graphml`, computed from the graph (not from the
//! exporter), and the check by the real readers (networkx and igraph) through
//! scripts/consumers/graphml_check.py.

use kgpipe::export::decimal;
use kgpipe::graph::KnowledgeGraph;
use kgpipe::ontology::Label;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// The attributes whose values are lists (JSON arrays in the file).
const LISTS: [&str; 9] = [
    "aliases",
    "date_text",
    "documents",
    "evidence_documents",
    "evidence_sentences",
    "evidence_starts",
    "evidence_ends",
    "evidence_rules",
    "evidence_confidences",
];

/// The edge attribute names a relationship property may not take.
const FIXED_EDGE_ATTRIBUTES: [&str; 12] = [
    "id",
    "type",
    "confidence",
    "hedged",
    "evidence_count",
    "evidence_total",
    "evidence_documents",
    "evidence_sentences",
    "evidence_starts",
    "evidence_ends",
    "evidence_rules",
    "evidence_confidences",
];

/// A value as XML gives it back: the characters XML 1.0 cannot hold become U+FFFD.
pub fn xml_clean(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// A list element as a JSON array in XML gives it back: JSON escapes control characters, so
/// only U+FFFE and U+FFFF (written as they are) become U+FFFD.
fn list_clean(s: &str) -> String {
    s.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}")
}

fn list<S: AsRef<str>>(items: &[S]) -> Option<Value> {
    (!items.is_empty()).then(|| {
        json!(items
            .iter()
            .map(|s| list_clean(s.as_ref()))
            .collect::<Vec<_>>())
    })
}

fn confidence(x: f32) -> Value {
    json!(decimal(x).parse::<f64>().expect("a decimal"))
}

fn insert(m: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        m.insert(key.to_string(), v);
    }
}

fn text(s: &str) -> Option<Value> {
    (!s.is_empty()).then(|| json!(xml_clean(s)))
}

fn node_attrs(n: &kgpipe::graph::Node) -> Value {
    let mut m = Map::new();
    insert(&mut m, "label", Some(json!(n.label.to_string())));
    insert(&mut m, "name", text(&n.name));
    insert(&mut m, "aliases", list(&n.aliases));
    insert(
        &mut m,
        "description",
        n.description.as_deref().and_then(text),
    );
    insert(&mut m, "wikidata", n.wikidata.as_deref().and_then(text));
    insert(&mut m, "kind", n.kind.as_deref().and_then(text));
    insert(
        &mut m,
        "date",
        n.date.and_then(|d| d.iso()).map(|d| json!(d)),
    );
    insert(&mut m, "date_text", list(&n.date_phrases));
    insert(&mut m, "documents", list(&n.documents));
    if n.label != Label::Article {
        insert(&mut m, "mention_count", Some(json!(n.mentions)));
    }
    insert(&mut m, "url", n.url.as_deref().and_then(text));
    Value::Object(m)
}

fn edge_attrs(e: &kgpipe::graph::Edge) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(e.rel.to_string()));
    let ev = &e.evidence;
    if !ev.is_empty() {
        m.insert("confidence".into(), confidence(e.confidence()));
        m.insert("hedged".into(), json!(e.hedged()));
        m.insert("evidence_count".into(), json!(ev.len()));
        m.insert("evidence_total".into(), json!(e.evidence_total));
        let docs: Vec<&str> = ev.iter().map(|x| x.document()).collect();
        let texts: Vec<&str> = ev.iter().map(|x| x.text()).collect();
        let rules: Vec<&str> = ev.iter().map(|x| &*x.rule).collect();
        insert(&mut m, "evidence_documents", list(&docs));
        insert(&mut m, "evidence_sentences", list(&texts));
        insert(&mut m, "evidence_rules", list(&rules));
        m.insert(
            "evidence_starts".into(),
            json!(ev.iter().map(|x| x.start()).collect::<Vec<_>>()),
        );
        m.insert(
            "evidence_ends".into(),
            json!(ev.iter().map(|x| x.end()).collect::<Vec<_>>()),
        );
        let confidences: Vec<Value> = ev.iter().map(|x| confidence(x.confidence)).collect();
        m.insert("evidence_confidences".into(), Value::Array(confidences));
    }
    for (k, v) in &e.properties {
        let name = if FIXED_EDGE_ATTRIBUTES.contains(&k.as_str()) {
            format!("property_{k}")
        } else {
            k.clone()
        };
        insert(&mut m, &name, text(v));
    }
    Value::Object(m)
}

/// The expected reading of the graph, as graphml_check.py takes it.
pub fn expected(kg: &KnowledgeGraph) -> Value {
    let nodes: Map<String, Value> = kg
        .nodes()
        .into_iter()
        .map(|n| (n.id.clone(), node_attrs(n)))
        .collect();
    let edges: Vec<Value> = kg
        .edges()
        .into_iter()
        .enumerate()
        .map(|(i, (f, e, t))| {
            json!({"id": format!("e{i}"), "source": f.id, "target": t.id, "attrs": edge_attrs(e)})
        })
        .collect();
    json!({"lists": LISTS, "nodes": nodes, "edges": edges})
}

/// Writes the expected reading of `kg` beside `graphml` (as `NAME.expected.json`); returns
/// its path.
pub fn write_expected(kg: &KnowledgeGraph, graphml: &Path) -> PathBuf {
    let path = graphml.with_extension("expected.json");
    std::fs::write(&path, serde_json::to_vec(&expected(kg)).expect("json")).expect("write");
    path
}

/// Runs networkx and igraph on each (GraphML file, expected JSON) pair; fails naming the
/// first difference. Returns the script's report.
pub fn check_with_readers(pairs: &[(PathBuf, PathBuf)]) -> String {
    let args: Vec<&str> = pairs
        .iter()
        .flat_map(|(g, e)| [g.to_str().expect("utf-8"), e.to_str().expect("utf-8")])
        .collect();
    super::run_consumer("graphml_check.py", &args)
}
