//! A missing, empty, truncated or garbled model file is a clear error naming the file (exit 3
//! through the binary), never a panic. Each case works on a temporary copy of
//! `models/en_core_web_sm`.

mod common;

use kgpipe::nlp::{ModelError, Nlp, MODEL_FILES};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The files whose content a loader parses (meta.json is only required to be present).
fn parsed_files() -> impl Iterator<Item = &'static str> {
    MODEL_FILES.iter().copied().filter(|f| *f != "meta.json")
}

fn model_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("en_core_web_sm");
    for f in MODEL_FILES {
        let target = dir.join(f);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(
            common::repo().join("models/en_core_web_sm").join(f),
            &target,
        )
        .unwrap();
    }
    (tmp, dir)
}

/// Loads the model of `dir` on another thread so that a panic is reported, not fatal.
fn load(dir: &Path) -> Result<(), ModelError> {
    let dir = dir.to_path_buf();
    std::thread::spawn(move || Nlp::from_dir(&dir).map(|_| ()))
        .join()
        .unwrap_or_else(|_| panic!("loading panicked"))
}

/// `damage` applied to each of `files` in turn must give an error naming that file; the
/// failure lists every file that did not.
fn assert_errors_name_each(
    files: impl Iterator<Item = &'static str>,
    how: &str,
    damage: impl Fn(&Path),
) {
    let mut wrong = Vec::new();
    for file in files {
        let (_tmp, dir) = model_copy();
        damage(&dir.join(file));
        match load(&dir) {
            Ok(()) => wrong.push(format!("{file} {how}: the model loaded")),
            Err(e) if !e.to_string().contains(file) => wrong.push(format!(
                "{file} {how}: the error does not name the file: {e}"
            )),
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_vendored_model_loads() {
    let (_tmp, dir) = model_copy();
    load(&dir).expect("the copied model loads");
}

#[test]
fn a_missing_directory_is_named() {
    let err = Nlp::from_dir(Path::new("/nonexistent/kgpipe-model"))
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("/nonexistent/kgpipe-model"),
        "{err}"
    );
}

#[test]
fn each_missing_file_is_named() {
    assert_errors_name_each(MODEL_FILES.iter().copied(), "deleted", |p| {
        std::fs::remove_file(p).unwrap()
    });
}

#[test]
fn each_file_replaced_by_a_directory_is_named() {
    assert_errors_name_each(
        MODEL_FILES.iter().copied(),
        "replaced by a directory",
        |p| {
            std::fs::remove_file(p).unwrap();
            std::fs::create_dir(p).unwrap();
        },
    );
}

#[test]
fn each_empty_file_is_named() {
    assert_errors_name_each(parsed_files(), "emptied", |p| {
        std::fs::write(p, b"").unwrap()
    });
}

#[test]
fn each_truncated_file_is_named() {
    assert_errors_name_each(parsed_files(), "truncated to half", |p| {
        let bytes = std::fs::read(p).unwrap();
        std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap();
    });
}

#[test]
fn each_garbled_file_is_named() {
    // 0xC1 is never used in msgpack and never valid in UTF-8 (so not in JSON either).
    assert_errors_name_each(parsed_files(), "garbled", |p| {
        let mut bytes = std::fs::read(p).unwrap();
        let n = bytes.len().min(64);
        bytes[..n].fill(0xC1);
        std::fs::write(p, &bytes).unwrap();
    });
}

#[test]
fn a_corrupt_model_through_the_binary_exits_3_naming_the_file() {
    let (tmp, dir) = model_copy();
    let tagger = dir.join("tagger/model");
    let bytes = std::fs::read(&tagger).unwrap();
    std::fs::write(&tagger, &bytes[..100]).unwrap();
    let text = tmp.path().join("a.txt");
    std::fs::write(&text, "A short text.").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .arg("nlp")
        .arg(&text)
        .arg("--model")
        .arg(&dir)
        .output()
        .expect("kgpipe runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(
        err.contains("tagger/model") && !err.contains("panicked"),
        "{err}"
    );
}
