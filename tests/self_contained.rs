//! The repository's tests read nothing outside it: the seed gold and the seed articles are
//! copies kept in the repository, checked against their source of truth in `../shared` when
//! that folder is beside the checkout (the only test allowed to look there), and no other
//! test or script names `../shared` outside a comment.

mod common;

use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = common::repo().join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "note: {} is absent (a fresh clone): the copies cannot be compared with their source",
            dir.display()
        );
        None
    }
}

fn assert_same_bytes(copy: &Path, source: &Path) {
    let a = std::fs::read(copy).unwrap_or_else(|e| panic!("{}: {e}", copy.display()));
    let b = std::fs::read(source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
    assert!(
        a == b,
        "{} differs from its source {}: copy it again",
        copy.display(),
        source.display()
    );
}

#[test]
fn gold_copy_is_identical_to_shared_gold() {
    let Some(shared) = shared() else { return };
    assert_same_bytes(
        &common::repo().join("tests/gold/seeds.merged.json"),
        &shared.join("gold/seeds.merged.json"),
    );
}

#[test]
fn seed_articles_are_identical_to_shared_seeds() {
    let Some(shared) = shared() else { return };
    let articles = common::seed_articles();
    assert_eq!(articles.len(), 3);
    for a in articles {
        assert_same_bytes(&a, &shared.join("seeds").join(a.file_name().unwrap()));
    }
}

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_below(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "rs" || x == "sh" || x == "py")
        {
            out.push(p);
        }
    }
}

#[test]
fn no_other_test_or_script_reads_shared() {
    let repo = common::repo();
    let mut files = Vec::new();
    files_below(&repo.join("tests"), &mut files);
    files_below(&repo.join("scripts"), &mut files);
    // The quality script is a measurement over ../shared/dev, not a test: it may read it.
    let allowed = [
        repo.join("tests/self_contained.rs"),
        repo.join("scripts/quality.sh"),
    ];
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !allowed.contains(f))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            text.lines()
                .filter(|l| !l.trim_start().starts_with("//") && !l.trim_start().starts_with('#'))
                .any(|l| {
                    l.contains("../shared")
                        || l.contains("shared/gold")
                        || l.contains("shared/seeds")
                })
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "these read ../shared: {offenders:?}");
}
