//! Extraction quality on articles the rules were not written against: tests/articles/ holds
//! articles written for the tests about the same story (other name forms, active and passive
//! voice, pronouns, other order, entities the lexicon does not know) with hand-made gold.

mod common;

use kgpipe::score::{read_export, score, Gold};
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

#[test]
fn unseen_style_articles_meet_thresholds() {
    let dir = common::repo().join("tests/articles");
    let tmp = tempfile::tempdir().unwrap();
    let input = common::input_with(tmp.path(), &files(&dir, ".txt"));
    let (_t, out, _) = common::build_into_temp(&input);
    let gold = Gold::load_all(&files(&dir.join("gold"), ".gold.json")).unwrap();
    let neo4j = out.join("neo4j");
    let (nodes, rels) = read_export(&neo4j, common::array_delimiter(&neo4j)).unwrap();
    let s = score(&gold, &nodes, &rels);
    println!("{}", s.report());
    let (e, r) = (s.entity_total(), s.relation_total());
    assert!(
        e.f1() >= 0.85,
        "entity F1 {:.3} < 0.85\n{}",
        e.f1(),
        s.report()
    );
    assert!(
        r.f1() >= 0.65,
        "relationship F1 {:.3} < 0.65\n{}",
        r.f1(),
        s.report()
    );
}
