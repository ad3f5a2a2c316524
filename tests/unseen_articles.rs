//! Extraction quality on articles the rules were not written against: tests/articles/ holds
//! articles written for the tests about the same story (other name forms, active and passive
//! voice, pronouns, other order, entities the lexicon does not know) with hand-made gold.

mod common;

use kgpipe::score::Gold;
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
    let s = common::score_output(&out, &gold);
    common::assert_f1_at_least(&s, 0.85, 0.65);
}
