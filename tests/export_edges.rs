//! Export edge cases: an array delimiter is always found, every JSON-LD node has a type and
//! every IRI written is valid, and `import.sh` works whatever the caller's `CDPATH`.

mod common;

use kgpipe::graph::{KnowledgeGraph, Node};
use kgpipe::ontology::{Label, RelType};
use kgpipe::resolve::{Evidence, Sentence};
use std::collections::BTreeMap;
use std::process::Command;

#[test]
fn the_array_delimiter_never_runs_out() {
    let mut kg = KnowledgeGraph::default();
    let mut person = Node::new("person:a", Label::Person, "A");
    // Every preferred delimiter, the other separators and the first private-use characters.
    let taken: String = [
        ';', '|', '¦', '\u{1f}', '\u{1e}', '\u{1d}', '\u{1c}', '\u{e000}',
    ]
    .iter()
    .collect();
    person.aliases = vec![format!("x{taken}y"), "plain".into()];
    kg.add_node(person);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("neo4j");
    kgpipe::export::write_format(&kg, kgpipe::Format::Neo4j, tmp.path())
        .expect("export finds a delimiter");
    let delim = common::array_delimiter(&dir);
    assert!(!taken.contains(delim), "{delim:?}");
    let script = std::fs::read_to_string(dir.join("import.sh")).unwrap();
    assert!(script.contains("--array-delimiter=U+E001"), "{script}");
    let (nodes, _) = kgpipe::score::read_export(&dir, delim).unwrap();
    let mut aliases = nodes[0].aliases.clone();
    aliases.sort();
    assert_eq!(aliases, vec!["plain".to_string(), format!("x{taken}y")]);
}

/// A graph with ids, a Wikidata value and a document name that are not IRI-safe.
fn awkward_graph() -> KnowledgeGraph {
    let mut kg = KnowledgeGraph::default();
    let mut p = Node::new("person:a b<c>\"{d}|%", Label::Person, "A");
    p.wikidata = Some("Q12 <x>".into());
    let a = kg.add_node(p);
    let b = kg.add_node(Node::new("show:\u{e000}ü\u{7f}", Label::Show, "B"));
    let ev = Evidence {
        sentence: Sentence::new("my file^`.txt", 0, (0, 13), "A acted in B.").into(),
        rule: "test".into(),
        confidence: 0.9,
        hedged: false,
    };
    kg.add_edge(a, b, RelType::ACTED_IN, BTreeMap::new(), Some(ev));
    kg
}

fn triples(kg: &KnowledgeGraph) -> Vec<(String, String, String)> {
    let text = serde_json::to_string(&kgpipe::export::jsonld::to_json(kg)).unwrap();
    let mut out = Vec::new();
    for q in oxjsonld::JsonLdParser::new().for_slice(text.as_bytes()) {
        let q = q.expect("oxjsonld parses the file");
        let object = match &q.object {
            oxrdf::Term::NamedNode(n) => n.as_str().to_string(),
            _ => String::new(),
        };
        out.push((
            q.subject.to_string(),
            q.predicate.as_str().to_string(),
            object,
        ));
    }
    out
}

#[test]
fn every_iri_written_is_valid() {
    for kg in [
        awkward_graph(),
        kgpipe::build_graph(&common::seed_input()).unwrap().graph,
    ] {
        let text = serde_json::to_string(&kgpipe::export::jsonld::to_json(&kg)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut iris = Vec::new();
        collect_iris(&value["@graph"], &mut iris);
        assert!(iris.len() > 3);
        for iri in iris {
            oxiri::Iri::parse(iri.as_str()).unwrap_or_else(|e| panic!("{iri:?}: {e}"));
        }
    }
}

/// Every `@id` value, and every string of a property whose context type is `@id`.
fn collect_iris(v: &serde_json::Value, out: &mut Vec<String>) {
    const ID_TERMS: [&str; 6] = [
        "@id",
        "sameAs",
        "document",
        "subject",
        "object",
        "predicate",
    ];
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_iris(x, out)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                match x {
                    serde_json::Value::String(s) if ID_TERMS.contains(&k.as_str()) => {
                        out.push(s.clone())
                    }
                    _ => collect_iris(x, out),
                }
            }
        }
        _ => {}
    }
}

#[test]
fn evidence_nodes_have_a_type() {
    let kg = awkward_graph();
    let t = triples(&kg);
    let rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    let evidence: Vec<&String> = t
        .iter()
        .filter(|(_, p, _)| p == "urn:kgpipe:vocab:evidence")
        .map(|(_, _, o)| o)
        .collect();
    assert_eq!(evidence.len(), 1);
    for e in evidence {
        let subject = format!("<{e}>");
        assert!(
            t.iter().any(|(s, p, o)| *s == subject
                && p == rdf_type
                && o == "urn:kgpipe:vocab:Evidence"),
            "{e} has no rdf:type"
        );
    }
    // An invalid Wikidata value is left out rather than written as a broken IRI.
    assert!(!t.iter().any(|(_, p, _)| p == "http://schema.org/sameAs"));
}

#[test]
fn import_sh_ignores_cdpath() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (_keep, built_out, _) = common::build_into_temp(&common::seed_input());
    let _ = std::fs::rename(&built_out, &out);
    let decoy = tmp.path().join("decoy/neo4j");
    std::fs::create_dir_all(&decoy).unwrap();
    let home = tmp.path().join("neo4j-home");
    std::fs::create_dir_all(home.join("bin")).unwrap();
    let admin = home.join("bin/neo4j-admin");
    let args_file = tmp.path().join("args");
    std::fs::write(
        &admin,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > {}\n",
            args_file.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&admin, std::fs::Permissions::from_mode(0o755)).unwrap();
    for shell in ["sh", "bash"] {
        let status = Command::new(shell)
            .arg("neo4j/import.sh")
            .current_dir(&out)
            .env("CDPATH", tmp.path().join("decoy"))
            .env("NEO4J_HOME", &home)
            .status()
            .unwrap();
        assert!(status.success(), "{shell}");
        let args = std::fs::read_to_string(&args_file).unwrap();
        let real = out.canonicalize().unwrap().join("neo4j/nodes/");
        assert!(
            args.contains(&format!("--nodes={}", real.display())) && !args.contains("decoy"),
            "{shell}: {args}"
        );
    }
}
