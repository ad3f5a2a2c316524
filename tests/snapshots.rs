//! Snapshot of the seed graph's DOT, GraphML, Neo4j node files and interactive page data: output
//! formats that users diff and script against must change only on purpose. Refresh with
//! KGPIPE_UPDATE_SNAPSHOTS=1.

mod common;

use std::path::Path;

fn check(actual: &[u8], snapshot: &Path) {
    if std::env::var("KGPIPE_UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(snapshot, actual).unwrap();
        return;
    }
    let expected = std::fs::read(snapshot)
        .unwrap_or_else(|_| panic!("missing snapshot {}", snapshot.display()));
    assert!(
        expected == actual,
        "{} changed; if on purpose, rerun with KGPIPE_UPDATE_SNAPSHOTS=1 and review the diff",
        snapshot.display()
    );
}

#[test]
fn seed_outputs_match_their_snapshots() {
    let (_tmp, out, _) = common::build_into_temp(&common::seed_input());
    let dir = common::repo().join("tests/snapshots");
    check(
        &std::fs::read(out.join("graph.dot")).unwrap(),
        &dir.join("seed_graph.dot"),
    );
    check(
        &std::fs::read(out.join("graph.graphml")).unwrap(),
        &dir.join("seed_graph.graphml"),
    );
    check(
        &std::fs::read(out.join("neo4j/nodes/Person.csv")).unwrap(),
        &dir.join("seed_Person.csv"),
    );
    check(
        &std::fs::read(out.join("neo4j/relationships/INJURED_IN.csv")).unwrap(),
        &dir.join("seed_INJURED_IN.csv"),
    );
    check(
        page_data(&std::fs::read_to_string(out.join("graph.html")).unwrap()).as_bytes(),
        &dir.join("seed_graph_html_data.json"),
    );
}

/// The graph data of the interactive page; the rest of it is the vendored library and the
/// page's own script, which change only with the code.
fn page_data(page: &str) -> &str {
    let start = r#"<script type="application/json" id="kg-data">"#;
    let from = page.find(start).expect("the page has its data element") + start.len();
    let len = page[from..]
        .find("</script>")
        .expect("the data element ends");
    &page[from..from + len]
}
