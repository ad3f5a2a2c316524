//! Configuration values that would silently ruin a graph are refused with file:line:column
//! (exit 3), or warned about where a user could mean them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn input(tmp: &Path) -> PathBuf {
    common::input_with(tmp, &common::seed_articles())
}

fn build(input: &Path, tmp: &Path) -> Output {
    common::kgpipe_build(input, &tmp.join("output"))
        .output()
        .unwrap()
}

fn with_entity(input: &Path, entity: &str) {
    let path = input.join("lexicon.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(entity);
    std::fs::write(path, text).unwrap();
}

fn fails_at(input: &Path, tmp: &Path, file_line: &str, words: &str) {
    let o = build(input, tmp);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains(file_line) && err.contains(words), "{err}");
    assert!(!tmp.join("output").exists());
}

fn lines(input: &Path, file: &str) -> usize {
    std::fs::read_to_string(input.join(file))
        .unwrap()
        .lines()
        .count()
}

#[test]
fn an_alias_that_is_a_pronoun_or_punctuation_is_refused() {
    for (alias, words) in [("he", "pronoun"), ("the", "stop word"), ("--", "no letter")] {
        let tmp = tempfile::tempdir().unwrap();
        let input = input(tmp.path());
        let line = lines(&input, "lexicon.toml") + 5;
        with_entity(
            &input,
            &format!(
                "\n[[entity]]\nlabel = \"Person\"\nname = \"Pat Doe\"\naliases = [\"{alias}\"]\n"
            ),
        );
        fails_at(
            &input,
            tmp.path(),
            &format!("lexicon.toml:{line}:12:"),
            words,
        );
    }
}

#[test]
fn a_capitalised_function_word_alias_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let input = input(tmp.path());
    with_entity(
        &input,
        "\n[[entity]]\nlabel = \"Show\"\nname = \"It\"\naliases = [\"It\"]\n",
    );
    let o = build(&input, tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("alias \"It\"") && out.contains("spelt like"),
        "{out}"
    );
}

#[test]
fn a_wikidata_value_must_be_q_and_digits() {
    let tmp = tempfile::tempdir().unwrap();
    let input = input(tmp.path());
    let line = lines(&input, "lexicon.toml") + 5;
    with_entity(
        &input,
        "\n[[entity]]\nlabel = \"Person\"\nname = \"Pat Doe\"\nwikidata = \"wd:Q42\"\n",
    );
    fails_at(
        &input,
        tmp.path(),
        &format!("lexicon.toml:{line}:12:"),
        "Q followed by digits",
    );
}

#[test]
fn empty_cues_or_patterns_files_are_refused() {
    for file in ["cues.toml", "patterns.toml"] {
        let tmp = tempfile::tempdir().unwrap();
        let input = input(tmp.path());
        std::fs::write(input.join(file), "").unwrap();
        fails_at(
            &input,
            tmp.path(),
            &format!("{file}:1:1:"),
            "holds no settings",
        );
    }
}

#[test]
fn a_pattern_gap_that_could_explode_is_refused_at_load() {
    let tmp = tempfile::tempdir().unwrap();
    let input = input(tmp.path());
    let path = input.join("patterns.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().count() + 5;
    std::fs::write(
        &path,
        format!("{text}\n[[relation]]\nid = \"wide\"\ntype = \"SAVED\"\npattern = \"{{S:Person}} ...500 saved ...500 {{O:Person}}\"\nfrom = \"S\"\nto = \"O\"\n"),
    )
    .unwrap();
    fails_at(
        &input,
        tmp.path(),
        &format!("patterns.toml:{line}:"),
        "ways to match",
    );
}
