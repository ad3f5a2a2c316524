//! `kgpipe explain ARTICLE` run as a binary on an article written for this test
//! (`tests/explain/wrist_on_set.txt`): the sections of the text form, the JSON form (a rule
//! that fired with its place in patterns.toml, a near miss naming its failing element, a
//! coreference decision), `--sentence`, `--extractor rules`, determinism and the exit codes of
//! a sentence out of range (2) and a missing file (4).

mod common;

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn article() -> PathBuf {
    common::repo().join("tests/explain/wrist_on_set.txt")
}

fn explain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .arg("explain")
        .args(args)
        .env_remove("KGPIPE_CONFIG")
        .output()
        .expect("kgpipe runs")
}

fn ok_stdout(args: &[&str]) -> String {
    let out = explain(args);
    assert!(
        out.status.success(),
        "kgpipe explain {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&ok_stdout(&all)).expect("JSON")
}

fn rows<'v>(v: &'v Value, section: &str) -> Vec<&'v Value> {
    v["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .flat_map(|s| s[section].as_array().expect("a list").iter())
        .collect()
}

#[test]
fn the_text_form_has_every_section_for_every_sentence() {
    let path = article();
    let text = ok_stdout(&[path.to_str().unwrap()]);
    assert!(
        text.starts_with("article wrist_on_set.txt (model extractor, 4 sentences)"),
        "{text}"
    );
    for n in 1..=4 {
        assert!(text.contains(&format!("== sentence {n}: ")), "{text}");
    }
    for section in [
        "tokens:",
        "entities (model NER):",
        "mentions:",
        "dropped names:",
        "coreference:",
        "event coreference:",
        "rules fired:",
        "near misses:",
    ] {
        let lines = text.lines().filter(|l| *l == section).count();
        assert_eq!(lines, 4, "{section} in\n{text}");
    }
    let broke: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|columns| columns.get(2) == Some(&"broke"))
        .expect("the token row of broke");
    assert_eq!(broke, ["6", "(5)", "broke", "VBD", "break", "6", "ROOT"]);
}

#[test]
fn a_rule_that_fired_is_named_with_its_line_in_patterns_toml() {
    let path = article();
    let v = json(&[path.to_str().unwrap()]);
    let fired = rows(&v, "rules_fired");
    let from_patterns: Vec<&&Value> = fired
        .iter()
        .filter(|f| f["kind"] == "token" || f["kind"] == "dependency")
        .collect();
    assert!(!from_patterns.is_empty(), "{fired:?}");
    for f in &from_patterns {
        let at = f["location"].as_str().expect("a location");
        let line = at
            .rsplit_once("patterns.toml:")
            .expect("patterns.toml:LINE")
            .1;
        assert!(line.parse::<usize>().unwrap() > 0, "{at}");
        assert!(!f["matched"].as_str().unwrap().is_empty(), "{f}");
        assert!(!f["relation"].as_str().unwrap().is_empty(), "{f}");
    }
    let star = fired
        .iter()
        .find(|f| f["from"][0] == "Mara Quill" && f["relation"] == "ACTED_IN")
        .unwrap_or_else(|| panic!("Mara Quill ACTED_IN: {fired:?}"));
    assert!(star["confidence"].as_f64().unwrap() > 0.0);
}

#[test]
fn near_misses_name_the_element_that_failed_and_are_ranked() {
    let path = article();
    let v = json(&[path.to_str().unwrap(), "--near", "5"]);
    for s in v["sentences"].as_array().unwrap() {
        let misses = s["near_misses"].as_array().unwrap();
        assert!(misses.len() <= 5);
        let share = |m: &Value| m["matched"].as_f64().unwrap() / m["of"].as_f64().unwrap();
        for pair in misses.windows(2) {
            assert!(share(&pair[0]) >= share(&pair[1]), "{misses:?}");
        }
    }
    let misses = rows(&v, "near_misses");
    assert!(!misses.is_empty());
    for m in &misses {
        let failed = m["failed"].as_str().unwrap();
        assert!(
            failed.starts_with("element ") || failed.starts_with("node "),
            "{m}"
        );
        assert!(failed.contains('`'), "the element as written: {m}");
        assert!(!m["reason"].as_str().unwrap().is_empty(), "{m}");
        let (matched, of) = (m["matched"].as_u64().unwrap(), m["of"].as_u64().unwrap());
        assert!(matched >= 1 && matched < of, "a partial match: {m}");
    }
    // "Quill was treated at <a hospital>": the event slot of at-event meets a Place.
    let at_event = misses
        .iter()
        .find(|m| {
            m["reason"]
                .as_str()
                .unwrap()
                .contains("is a Place, the slot wants Event")
        })
        .unwrap_or_else(|| panic!("a slot refusing a Place: {misses:?}"));
    assert!(
        at_event["failed"].as_str().unwrap().contains("Event"),
        "{at_event}"
    );
}

#[test]
fn pronouns_and_role_nouns_show_their_antecedent_and_reason() {
    let path = article();
    let v = json(&[path.to_str().unwrap(), "--sentence", "2"]);
    assert_eq!(v["sentences"].as_array().unwrap().len(), 1);
    assert_eq!(v["sentences"][0]["number"], 2);
    let coref = rows(&v, "coreference");
    let role = coref
        .iter()
        .find(|c| c["mention"] == "The 41-year-old actress")
        .unwrap_or_else(|| panic!("the role noun: {coref:?}"));
    assert_eq!(role["entity"], "Mara Quill");
    assert!(!role["reason"].as_str().unwrap().is_empty());
    let she = coref
        .iter()
        .find(|c| c["mention"] == "she" && c["form"] == "pronoun")
        .unwrap_or_else(|| panic!("the pronoun: {coref:?}"));
    assert_eq!(she["entity"], "Mara Quill", "{she}");
    // The surname alone, two sentences on, is the full name used earlier.
    let v = json(&[path.to_str().unwrap(), "--sentence", "3"]);
    let surname = rows(&v, "coreference")
        .into_iter()
        .find(|c| c["mention"] == "Quill")
        .expect("the surname");
    assert_eq!(surname["entity"], "Mara Quill");
}

#[test]
fn mentions_say_which_step_found_and_typed_them() {
    let path = article();
    let v = json(&[path.to_str().unwrap(), "--sentence", "1"]);
    let mentions = rows(&v, "mentions");
    let title = mentions
        .iter()
        .find(|m| m["text"] == "Glass Harbor")
        .expect("the quoted title");
    assert_eq!(title["label"], "Show");
    assert_eq!(title["found_by"], "quoted and colon titles");
    let name = mentions
        .iter()
        .find(|m| m["text"] == "Mara Quill")
        .expect("the name");
    assert!(
        name["typed_by"].as_str().unwrap().contains("PERSON"),
        "{name}"
    );
    let tokens = v["sentences"][0]["tokens"].as_array().unwrap();
    let broke = tokens.iter().find(|t| t["text"] == "broke").unwrap();
    assert_eq!(
        (&broke["tag"], &broke["dep"]),
        (&"VBD".into(), &"ROOT".into())
    );
}

#[test]
fn the_rules_extractor_explains_without_a_parse() {
    let path = article();
    let v = json(&[path.to_str().unwrap(), "--extractor", "rules"]);
    assert_eq!(v["extractor"], "rules");
    let tokens = rows(&v, "tokens");
    assert!(tokens
        .iter()
        .all(|t| t["tag"].is_null() && t["dep"].is_null()));
    assert!(rows(&v, "entities").is_empty());
    assert!(!rows(&v, "mentions").is_empty());
}

#[test]
fn the_output_is_the_same_every_run() {
    let path = article();
    let p = path.to_str().unwrap();
    assert_eq!(ok_stdout(&[p, "--json"]), ok_stdout(&[p, "--json"]));
    assert_eq!(ok_stdout(&[p]), ok_stdout(&[p]));
}

#[test]
fn a_sentence_out_of_range_is_a_usage_error() {
    let path = article();
    for n in ["0", "5"] {
        let out = explain(&[path.to_str().unwrap(), "--sentence", n]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "--sentence {n}: the article has 4 sentences (1 to 4)"
            )),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_missing_file_is_an_input_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-article.txt");
    let out = explain(&[missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(missing.to_str().unwrap()), "{err}");
    assert!(err.contains("does not exist"), "{err}");
}
