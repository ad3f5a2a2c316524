//! The interactive page in a real headless Chromium (driven by scripts/consumers/html_page.py
//! over the DevTools protocol, offline, from file://): it loads with no console error, warning,
//! uncaught exception or network request; it draws the entities the graph says it should; a
//! search finds and centres "Jeremy Renner"; a click on an edge shows that edge's evidence
//! sentences and articles; the focus and label filter change what is drawn; hostile names show
//! verbatim; a big graph draws its most connected entities and search brings in the others.

mod common;

use common::{build_into_temp, consumer, run_consumer, seed_input};
use kgpipe::export::html::{provenance, DEFAULT_LIMIT};
use kgpipe::graph::{node_id, KnowledgeGraph, Node};
use kgpipe::ontology::{Label, RelType};
use kgpipe::resolve::{Evidence, Sentence};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

fn chromium() -> bool {
    let binary = std::env::var("KGPIPE_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let found = Command::new(binary)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    consumer(found, "Chromium (chromium)")
}

/// Runs the page in Chromium with the driver's `args`; the report, checked free of errors and
/// network requests.
fn drive(page: &Path, args: &[&str]) -> Value {
    let mut all = vec![page.to_str().unwrap()];
    all.extend_from_slice(args);
    let report: Value = serde_json::from_str(&run_consumer("html_page.py", &all)).unwrap();
    assert_eq!(report["ready"], true, "the page did not start: {report:#}");
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["requests"], serde_json::json!([]), "{report:#}");
    report
}

/// The entities drawn at first (all of them when they fit), and the relationships among them.
fn expected_drawing(kg: &KnowledgeGraph) -> (usize, usize) {
    let entities = kg
        .nodes()
        .iter()
        .filter(|n| n.label != Label::Article)
        .count();
    assert!(entities <= DEFAULT_LIMIT, "the seeds fit on the page");
    let edges = kg
        .edges()
        .iter()
        .filter(|(_, e, _)| !provenance(e.rel))
        .count();
    (entities, edges)
}

/// The page id of the first relationship of `from` with evidence, and the relationship.
fn edge_of<'a>(kg: &'a KnowledgeGraph, from: &str) -> (String, &'a kgpipe::graph::Edge) {
    let edges = kg.edges();
    let (i, (_, e, _)) = edges
        .iter()
        .enumerate()
        .find(|(_, (f, e, _))| f.id == from && !provenance(e.rel) && !e.evidence.is_empty())
        .expect("an edge with evidence");
    (format!("e{i}"), e)
}

fn as_strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_seed_page_searches_shows_evidence_focuses_and_filters() {
    if !chromium() {
        return;
    }
    let (_tmp, out, built) = build_into_temp(&seed_input());
    let kg = &built.graph;
    let page = out.join("graph.html");
    let renner = node_id(Label::Person, "Jeremy Renner");
    let (edge_id, edge) = edge_of(kg, &renner);
    let report = drive(
        &page,
        &[
            "--search",
            "jeremy RENNER",
            "--focus",
            "--click-edge",
            &edge_id,
            "--uncheck-label",
            "Person",
        ],
    );
    let (nodes, edges) = expected_drawing(kg);
    assert_eq!(report["initial"]["nodes"], nodes, "{report:#}");
    assert_eq!(report["initial"]["edges"], edges, "{report:#}");

    let search = &report["search"];
    assert_eq!(as_strings(&search["selected"]), [renner.as_str()]);
    assert_eq!(search["panelName"], "Jeremy Renner");
    for d in search["offset"].as_array().unwrap() {
        assert!(d.as_f64().unwrap().abs() < 2.0, "not centred: {search}");
    }

    let neighbours: BTreeSet<&str> = kg
        .edges()
        .iter()
        .filter(|(f, e, t)| !provenance(e.rel) && (f.id == renner || t.id == renner))
        .map(|(f, _, t)| {
            if f.id == renner {
                t.id.as_str()
            } else {
                f.id.as_str()
            }
        })
        .collect();
    assert_eq!(report["focus"]["nodes"], neighbours.len() + 1, "{report:#}");
    assert_eq!(report["show_all"]["nodes"], nodes);
    assert_eq!(report["double_click"]["names"], report["focus"]["names"]);

    let shown = &report["edge"];
    assert_eq!(
        as_strings(&shown["selected"]),
        [edge_id.as_str()],
        "{report:#}"
    );
    let sentences: Vec<String> = edge.evidence.iter().map(|e| e.text().to_string()).collect();
    assert_eq!(as_strings(&shown["sentences"]), sentences);
    let titles: Vec<String> = edge
        .evidence
        .iter()
        .map(|e| {
            let article = kg.node(&node_id(Label::Article, e.document())).unwrap();
            article.name.clone()
        })
        .collect();
    assert_eq!(as_strings(&shown["articles"]), titles);
    let documents = as_strings(&shown["documents"]);
    for ((d, title), e) in documents.iter().zip(&titles).zip(&edge.evidence) {
        assert!(
            format!("{title}{d}").contains(e.document()),
            "{title}{d} names {}",
            e.document()
        );
    }

    let filter = &report["filter"];
    let persons = kg
        .nodes()
        .iter()
        .filter(|n| n.label == Label::Person)
        .count();
    assert!(as_strings(&filter["before"]["labels"]).contains(&"Person".to_string()));
    assert!(!as_strings(&filter["after"]["labels"]).contains(&"Person".to_string()));
    assert_eq!(
        filter["after"]["nodes"].as_u64().unwrap() as usize,
        filter["before"]["nodes"].as_u64().unwrap() as usize - persons
    );
}

const HOSTILE: &[&str] = &[
    "</script><script>alert(1)</script>",
    "\"quoted\" & 'single'",
    "🎬 emoji 👩‍👩‍👧",
    "עברית RTL \u{202e}reversed",
    "line\nbreak",
    "<!-- comment",
    "sep\u{2028}arator",
];

/// A graph whose names, aliases, evidence and article hold hostile text.
fn hostile_graph() -> KnowledgeGraph {
    let mut kg = KnowledgeGraph::default();
    let mut article = Node::new(
        node_id(Label::Article, "a</script>.txt"),
        Label::Article,
        "</title> \"T\"",
    );
    article.documents = vec!["a</script>.txt".into()];
    article.url = Some("javascript:alert(1)".into());
    kg.add_node(article);
    let hub = kg.add_node(Node::new("event:hub", Label::Event, "Hub </script>"));
    for (i, name) in HOSTILE.iter().enumerate() {
        let mut n = Node::new(format!("person:p{i}"), Label::Person, *name);
        n.aliases = vec![format!("alias {name}")];
        let p = kg.add_node(n);
        let text = format!("{name} was at </script> the hub.");
        let evidence = Evidence {
            sentence: Sentence::new("a</script>.txt", i, (i * 100, i * 100 + 40), &text).into(),
            rule: "r".into(),
            confidence: 0.9,
            hedged: false,
        };
        kg.add_edge(p, hub, RelType::ATTENDED, BTreeMap::new(), Some(evidence));
    }
    kg
}

#[test]
fn hostile_names_load_without_error_and_show_verbatim() {
    if !chromium() {
        return;
    }
    let kg = hostile_graph();
    let files = kgpipe::export::to_memory(&kg, kgpipe::Format::Html).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("graph.html");
    std::fs::write(&page, &files.files["graph.html"]).unwrap();
    let (edge_id, edge) = edge_of(&kg, "person:p0");
    let report = drive(&page, &["--search", HOSTILE[0], "--click-edge", &edge_id]);
    let mut drawn = as_strings(&report["initial"]["names"]);
    drawn.sort();
    let mut names: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    names.push("Hub </script>".into());
    names.sort();
    assert_eq!(drawn, names);
    assert_eq!(report["search"]["panelName"], HOSTILE[0]);
    assert_eq!(
        as_strings(&report["edge"]["sentences"]),
        [edge.evidence[0].text().to_string()]
    );
    assert_eq!(as_strings(&report["edge"]["articles"]), ["</title> \"T\""]);
}

#[test]
fn a_big_graph_draws_its_most_connected_entities_and_search_brings_in_others() {
    if !chromium() {
        return;
    }
    let total = DEFAULT_LIMIT + 100;
    let mut kg = KnowledgeGraph::default();
    let node = |i: usize| Node::new(format!("place:p{i:04}"), Label::Place, format!("Place {i}"));
    let hub = kg.add_node(node(0));
    for i in 1..total {
        let n = kg.add_node(node(i));
        if i < DEFAULT_LIMIT {
            kg.add_edge(n, hub, RelType::LOCATED_IN, BTreeMap::new(), None);
        }
    }
    let files = kgpipe::export::to_memory(&kg, kgpipe::Format::Html).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("graph.html");
    std::fs::write(&page, &files.files["graph.html"]).unwrap();
    let lonely = total - 1;
    let report = drive(&page, &["--search", &format!("place {lonely}")]);
    assert_eq!(report["initial"]["nodes"], DEFAULT_LIMIT, "{report:#}");
    let note = report["initial"]["note"].as_str().unwrap();
    assert!(
        note.contains(&format!(
            "the {DEFAULT_LIMIT} most connected of {total} entities"
        )),
        "{note}"
    );
    assert!(!as_strings(&report["initial"]["names"]).contains(&format!("Place {lonely}")));
    assert_eq!(
        as_strings(&report["search"]["selected"]),
        [format!("place:p{lonely:04}")]
    );
    println!("{total} entities: loaded in {} s", report["load_seconds"]);
}
