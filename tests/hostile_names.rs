//! Property tests: graphs whose names, aliases and evidence hold quotes, commas, semicolons
//! (the array delimiter), newlines, tabs, backslashes, `:`, `{}`, `<>`, `&`, control
//! characters, emoji and right-to-left text survive every export.
//! - Neo4j CSV: read back by the strict neo4j-admin reader, equal to the graph.
//! - DOT: parsed back by graphviz-rust to the same nodes, edges and labels; Graphviz renders it.
//! - JSON-LD: expanded by oxjsonld to exactly the expected triples.
//! - GraphML: read back by networkx and igraph to the same nodes, edges and attributes, with
//!   the characters XML 1.0 cannot hold (also NUL, U+FFFE, U+FFFF here) as U+FFFD, as the
//!   GraphML exporter documents. The graphs are drawn from the strategy by a deterministic
//!   runner and checked in one Python run.
//!
//! The one documented normalisation: in DOT labels and tooltips a control character other than
//! a newline becomes a space and a carriage return is dropped (Graphviz cannot show them).

mod common;

use kgpipe::graph::{node_id, KnowledgeGraph, Node};
use kgpipe::ontology::{Label, RelType};
use kgpipe::resolve::{Evidence, Sentence};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const HOSTILE: &[&str] = &[
    "a",
    "Z",
    "é",
    " ",
    "\"",
    "'",
    ",",
    ";",
    "|",
    "\n",
    "\r",
    "\t",
    "\\",
    ":",
    "{",
    "}",
    "<",
    ">",
    "&",
    "\u{1}",
    "\u{1b}",
    "\u{7f}",
    "\u{a0}",
    "\u{feff}",
    "🥷🏽",
    "❤️",
    "שלום",
    "مرحبا",
    "\\\"",
    "\"\"",
    "%",
    "#",
    "[",
    "]",
    "=",
    "`",
];

/// Characters only the GraphML check adds: XML 1.0 cannot hold them.
const NOT_XML: &[&str] = &["\u{0}", "\u{b}", "\u{c}", "\u{fffe}", "\u{ffff}"];

fn hostile_from(alphabet: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), 0..12)
        .prop_map(|parts| format!("N{}", parts.concat()))
}

fn graph() -> impl Strategy<Value = KnowledgeGraph> {
    graph_from(HOSTILE.to_vec())
}

fn graph_from(alphabet: Vec<&'static str>) -> impl Strategy<Value = KnowledgeGraph> {
    let hostile = move || hostile_from(alphabet.clone());
    let labels = [
        Label::Person,
        Label::Show,
        Label::Place,
        Label::Event,
        Label::Organization,
    ];
    (
        prop::collection::vec(
            (
                prop::sample::select(labels.to_vec()),
                hostile(),
                prop::collection::vec(hostile(), 0..3),
            ),
            2..6,
        ),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                hostile(),
            ),
            0..6,
        ),
    )
        .prop_map(|(nodes, edges)| {
            let mut kg = KnowledgeGraph::default();
            let mut ids = BTreeSet::new();
            let mut idx = Vec::new();
            for (label, name, aliases) in nodes {
                let id = node_id(label, &name);
                if !ids.insert(id.clone()) {
                    continue;
                }
                let aliases: BTreeSet<String> =
                    aliases.into_iter().filter(|a| *a != name).collect();
                idx.push((
                    kg.add_node(Node {
                        id,
                        label,
                        name,
                        aliases: aliases.into_iter().collect(),
                        description: None,
                        wikidata: None,
                        kind: None,
                        date: None,
                        date_phrases: vec![],
                        documents: vec!["doc.txt".into()],
                        mentions: 1,
                        url: None,
                    }),
                    label,
                ));
            }
            for (a, b, text) in edges {
                let (f, fl) = idx[a.index(idx.len())];
                let (t, tl) = idx[b.index(idx.len())];
                let Some(rel) = RelType::ALL
                    .into_iter()
                    .find(|r| r.needs_evidence() && r.allows(fl, tl))
                else {
                    continue;
                };
                if f == t {
                    continue;
                }
                let place = (0, text.chars().count());
                let ev = Evidence {
                    sentence: Sentence::new("doc.txt", 0, place, &text).into(),
                    rule: "test".into(),
                    confidence: 0.5,
                    hedged: false,
                };
                let props = BTreeMap::from([("kind".to_string(), text.clone())]);
                kg.add_edge(
                    f,
                    t,
                    rel,
                    if rel == RelType::RELATIVE_OF {
                        props
                    } else {
                        BTreeMap::new()
                    },
                    Some(ev),
                );
            }
            kg
        })
}

fn dot_unescape(quoted: &str) -> String {
    let inner = &quoted[1..quoted.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn dot_normalised(s: &str) -> String {
    s.chars()
        .filter(|&c| c != '\r')
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn neo4j_csv_round_trips(kg in graph()) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("neo4j");
        kgpipe::export::write_format(&kg, kgpipe::Format::Neo4j, tmp.path()).unwrap();
        let script = std::fs::read_to_string(dir.join("import.sh")).unwrap();
        let read = common::neo4j_admin::read(&dir, common::array_delimiter(&dir), script.contains("--multiline-fields=true"))
            .map_err(TestCaseError::fail)?;
        use common::neo4j_admin::Value;
        prop_assert_eq!(read.nodes.len(), kg.nodes().len());
        for n in kg.nodes() {
            let (labels, props) = &read.nodes[&n.id];
            prop_assert_eq!(labels, &vec![n.label.to_string()]);
            prop_assert_eq!(props.get("name"), Some(&Value::Str(n.name.clone())));
            let aliases = props.get("aliases").cloned().unwrap_or(Value::Array(vec![]));
            prop_assert_eq!(aliases, Value::Array(n.aliases.iter().map(|a| Value::Str(a.clone())).collect()));
        }
        prop_assert_eq!(read.rels.len(), kg.edges().len());
        for (s, t, e, p) in &read.rels {
            let (_, edge, _) = kg.edges().into_iter().find(|(f, x, to)| &f.id == s && x.rel.as_str() == t && &to.id == e).unwrap();
            let Some(Value::Array(sentences)) = p.get("evidence_sentences") else { panic!("no evidence") };
            prop_assert_eq!(sentences, &edge.evidence.iter().map(|x| Value::Str(x.text().to_string())).collect::<Vec<_>>());
            if let Some(k) = edge.properties.get("kind") {
                prop_assert_eq!(p.get("kind"), Some(&Value::Str(k.clone())));
            }
        }
    }

    #[test]
    fn dot_parses_back_and_renders(kg in graph()) {
        let text = kgpipe::export::dot::to_dot(&kg);
        let parsed = graphviz_rust::parse(&text).map_err(TestCaseError::fail)?;
        let graphviz_rust::dot_structures::Graph::DiGraph { stmts, .. } = parsed else { panic!("not a digraph") };
        use graphviz_rust::dot_structures::{Id, Stmt};
        let mut labels = BTreeMap::new();
        let mut edges = 0;
        for s in &stmts {
            match s {
                Stmt::Node(n) => {
                    let Id::Escaped(id) = &n.id.0 else { continue };
                    let label = n.attributes.iter().find(|a| a.0 == Id::Plain("label".into())).map(|a| match &a.1 {
                        Id::Escaped(v) => dot_unescape(v),
                        other => panic!("label not quoted: {other:?}"),
                    });
                    labels.insert(dot_unescape(id), label.unwrap());
                }
                Stmt::Edge(_) => edges += 1,
                _ => {}
            }
        }
        for n in kg.nodes() {
            prop_assert_eq!(labels.get(&n.id), Some(&dot_normalised(&n.name)), "node {}", n.id);
        }
        prop_assert_eq!(edges, kg.edges().len());
        if common::consumer(common::has_command("dot"), "Graphviz (dot)") {
            let mut child = std::process::Command::new("dot")
                .arg("-Tsvg")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            prop_assert!(out.status.success() && stderr.trim().is_empty(), "dot: {}", stderr);
        }
    }

    #[test]
    fn jsonld_expands_to_exactly_the_expected_triples(kg in graph()) {
        let text = serde_json::to_string(&kgpipe::export::jsonld::to_json(&kg)).unwrap();
        let got = common::rdf::oxjsonld_triples(&text);
        let want = common::rdf::expected(&kg);
        prop_assert_eq!(got, want);
    }
}

/// Graphs drawn for the GraphML check, and how many.
const GRAPHML_CASES: usize = 48;

#[test]
fn graphml_reads_back_in_networkx_and_igraph() {
    use proptest::strategy::ValueTree;
    if !common::consumer(
        common::has_python_modules("networkx, igraph"),
        "networkx and igraph (PyPI networkx, python-igraph)",
    ) {
        return;
    }
    let alphabet: Vec<&'static str> = HOSTILE.iter().chain(NOT_XML).copied().collect();
    let strategy = graph_from(alphabet);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let tmp = tempfile::tempdir().unwrap();
    let mut pairs = Vec::new();
    for i in 0..GRAPHML_CASES {
        let kg = strategy.new_tree(&mut runner).unwrap().current();
        let dir = tmp.path().join(format!("case{i:02}"));
        kgpipe::export::write_format(&kg, kgpipe::Format::GraphMl, &dir).unwrap();
        let graphml = dir.join("graph.graphml");
        let expected = common::graphml::write_expected(&kg, &graphml);
        pairs.push((graphml, expected));
    }
    let report = common::graphml::check_with_readers(&pairs);
    assert_eq!(report.lines().count(), 2 * GRAPHML_CASES, "{report}");
}
