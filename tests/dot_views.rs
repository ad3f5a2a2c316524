//! The DOT views of a big graph, drawn by the real Graphviz: the summary of a generated corpus
//! has edges and few components; `--focus` draws one entity's neighbourhood and refuses an
//! unknown name (exit 2).

mod common;

use common::{consumer, has_command, kgpipe_build};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// A generated corpus of `articles` articles in `dir/corpus`.
fn corpus(dir: &Path, articles: usize) -> std::path::PathBuf {
    let out = dir.join("corpus");
    kgpipe::corpus::write(&out, articles, 7, &common::seed_input(), Default::default())
        .expect("corpus");
    out
}

/// Nodes, edges and connected components of the graph Graphviz laid out (`dot -Tplain`).
fn drawn(dot_file: &Path) -> (usize, usize, usize) {
    let out = Command::new("dot")
        .arg("-Tplain")
        .arg(dot_file)
        .output()
        .expect("dot runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "dot: {stderr}"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    fn root(p: &mut BTreeMap<String, String>, x: &str) -> String {
        let up = p[x].clone();
        if up == x {
            return up;
        }
        let r = root(p, &up);
        p.insert(x.to_string(), r.clone());
        r
    }
    let mut edges = 0;
    for line in text.lines() {
        let fields = plain_fields(line);
        match fields.first().map(String::as_str) {
            Some("node") => {
                parent.insert(fields[1].clone(), fields[1].clone());
            }
            Some("edge") => {
                edges += 1;
                let (a, b) = (root(&mut parent, &fields[1]), root(&mut parent, &fields[2]));
                parent.insert(a, b);
            }
            _ => {}
        }
    }
    let names: Vec<String> = parent.keys().cloned().collect();
    let components = names.iter().filter(|n| root(&mut parent, n) == **n).count();
    (names.len(), edges, components)
}

/// The fields of a `-Tplain` line (names may be double-quoted).
fn plain_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == ' ' {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => s.extend(chars.next()),
                    '"' => break,
                    c => s.push(c),
                }
            }
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                s.push(c);
                chars.next();
            }
            out.push(s);
        }
    }
    out
}

#[test]
fn the_summary_of_a_generated_corpus_is_drawn_with_its_edges_in_one_piece() {
    if !consumer(has_command("dot"), "Graphviz (dot)") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus(tmp.path(), 300);
    let out = tmp.path().join("out");
    // Rules: the test is about drawing a big graph; 300 articles through the model only cost time.
    let run = common::kgpipe_build_rules(&input, &out)
        .args(["--format", "dot", "--quiet"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(out.join("graph.dot")).unwrap();
    assert!(
        text.contains("a connected summary, the 150 most connected of"),
        "{}",
        &text[..400]
    );
    let (nodes, edges, components) = drawn(&out.join("graph.dot"));
    assert_eq!(nodes, kgpipe::export::dot::SUMMARY_NODES);
    assert!(
        edges >= nodes - 1 && edges <= kgpipe::export::dot::SUMMARY_EDGES,
        "{edges} edges among {nodes} entities"
    );
    assert!(components <= 3, "{components} components");
}

#[test]
fn focus_draws_the_neighbourhood_and_an_unknown_name_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = kgpipe_build(&common::seed_input(), &out)
        .args([
            "--format",
            "dot",
            "--quiet",
            "--focus",
            "jeremy renner",
            "--depth",
            "1",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(out.join("graph.dot")).unwrap();
    assert!(
        text.contains("at most 1 relationship from Jeremy Renner (person:jeremy-renner)"),
        "{}",
        &text[..400]
    );
    let built = kgpipe::build_graph(&common::seed_input()).unwrap();
    let neighbours: std::collections::BTreeSet<&str> = built
        .graph
        .edges()
        .into_iter()
        .filter(|(_, e, _)| kgpipe::export::dot::shown(e.rel))
        .filter_map(|(f, _, t)| match (f.id.as_str(), t.id.as_str()) {
            ("person:jeremy-renner", o) | (o, "person:jeremy-renner") => Some(o),
            _ => None,
        })
        .collect();
    assert!(neighbours.len() >= 3, "{neighbours:?}");
    for id in &neighbours {
        assert!(text.contains(&format!("\"{id}\"[")), "{id} is drawn");
    }
    let drawn_nodes = text
        .lines()
        .filter(|l| l.trim_start().starts_with("\"") && l.contains("\"[label="))
        .count();
    assert_eq!(drawn_nodes, neighbours.len() + 1);

    let run = kgpipe_build(&common::seed_input(), &tmp.path().join("out2"))
        .args(["--format", "dot", "--quiet", "--focus", "Nobody Atall"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("\"Nobody Atall\""), "{stderr}");

    let run = kgpipe_build(&common::seed_input(), &tmp.path().join("out3"))
        .args(["--format", "jsonld", "--focus", "Jeremy Renner"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "--focus without dot");
}
