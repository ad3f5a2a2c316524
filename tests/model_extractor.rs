//! The model extractor (`--extractor model`): the trained NLP layer's entities and parse on top
//! of the rules, run on the written test articles and on a small text of its own.

mod common;

use kgpipe::score::Gold;
use kgpipe::{build, BuildOptions, ExtractorKind};
use std::path::{Path, PathBuf};

fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    v
}

fn build_model(input: &Path, out: &Path) {
    let mut options = BuildOptions::new(input, out);
    options.extractor = ExtractorKind::Model;
    options.render_svg = false;
    build(&options).expect("model build succeeds");
}

#[test]
fn the_default_extractor_is_the_rules() {
    assert_eq!(
        BuildOptions::new("in", "out").extractor,
        ExtractorKind::Rules
    );
}

#[test]
fn model_extractor_meets_thresholds_on_the_written_articles() {
    let dir = common::repo().join("tests/articles");
    let tmp = tempfile::tempdir().unwrap();
    let input = common::input_with(tmp.path(), &files(&dir, ".txt"));
    let out = tmp.path().join("output");
    build_model(&input, &out);
    let gold = Gold::load_all(&files(&dir.join("gold"), ".gold.json")).unwrap();
    let s = common::score_output(&out, &gold);
    common::assert_f1_at_least(&s, 0.90, 0.85);
}

#[test]
fn model_extractor_reads_titles_lists_and_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let article = tmp.path().join("900_cast.txt");
    std::fs::write(
        &article,
        "Casting news for a new drama\n\n\
         The streaming drama \u{201c}Harbour Lights: The Return\u{201d} has found its cast. \
         Dana Whitcombe (Salt Marsh) will star alongside Colm Ardery. \
         Whitcombe will play Maggie Tull, a lighthouse keeper.\n",
    )
    .unwrap();
    let input = common::input_with(tmp.path(), &[article]);
    let out = tmp.path().join("output");
    build_model(&input, &out);
    let (nodes, rels) =
        kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back");
    let labelled = |name: &str, label: &str| {
        nodes
            .iter()
            .any(|n| n.name == name && n.labels.iter().any(|l| l == label))
    };
    assert!(labelled("Harbour Lights: The Return", "Show"), "{nodes:#?}");
    assert!(labelled("Salt Marsh", "Show"), "{nodes:#?}");
    assert!(labelled("Dana Whitcombe", "Person"), "{nodes:#?}");
    assert!(
        !nodes.iter().any(|n| n.name == "Maggie Tull"),
        "a character is no node"
    );
    assert!(
        rels.iter().any(|r| r.rel_type == "ACTED_IN"
            && r.from == "person:dana-whitcombe"
            && r.to == "show:salt-marsh"),
        "{rels:#?}"
    );
}
