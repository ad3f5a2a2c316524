//! Shared helpers of the integration tests: building the seed graph, finding the real
//! consumers, and the strict neo4j-admin reader.
#![allow(dead_code)]

pub mod graphml;
pub mod neo4j_admin;
pub mod rdf;

use kgpipe::{build, build_graph_with, BuildOptions, Built, ExtractorKind};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed_input() -> PathBuf {
    repo().join("input")
}

/// The gold graph of the seed articles: a copy of `shared/gold/seeds.merged.json` kept in the
/// repository (`tests/self_contained.rs` checks that it matches its source).
pub fn seed_gold() -> PathBuf {
    repo().join("tests/gold/seeds.merged.json")
}

/// The seed articles, in name order.
pub fn seed_articles() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(seed_input().join("articles"))
        .expect("input/articles")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

/// An input folder `dir/input` with the project's configuration and copies of `articles`,
/// written in the order given.
pub fn input_with(dir: &Path, articles: &[PathBuf]) -> PathBuf {
    let input = dir.join("input");
    std::fs::create_dir_all(input.join("articles")).expect("create input");
    for f in ["lexicon.toml", "cues.toml", "patterns.toml"] {
        std::fs::copy(seed_input().join(f), input.join(f)).expect("copy configuration");
    }
    for a in articles {
        std::fs::copy(
            a,
            input
                .join("articles")
                .join(a.file_name().expect("file name")),
        )
        .expect("copy article");
    }
    input
}

/// Builds `input` with the default extractor (the model) into a fresh temporary output folder;
/// returns (tempdir, output, graph).
pub fn build_into_temp(input: &Path) -> (tempfile::TempDir, PathBuf, Built) {
    build_into_temp_with(BuildOptions::new(input, ""))
}

/// As `build_into_temp`, with `--extractor rules`: for tests of something other than
/// extraction, where the model would only cost time.
pub fn build_into_temp_rules(input: &Path) -> (tempfile::TempDir, PathBuf, Built) {
    let mut options = BuildOptions::new(input, "");
    options.extractor = ExtractorKind::Rules;
    build_into_temp_with(options)
}

fn build_into_temp_with(mut options: BuildOptions) -> (tempfile::TempDir, PathBuf, Built) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("output");
    options.output = out.clone();
    build(&options).expect("build succeeds");
    let built = build_graph_with(&options).expect("graph builds");
    (tmp, out, built)
}

/// The nodes and relationships the model extractor writes for one article of our own (`name`
/// its file name), read back from the Neo4j export.
pub fn model_export_of(
    name: &str,
    text: &str,
) -> (
    Vec<kgpipe::score::PredictedNode>,
    Vec<kgpipe::score::PredictedRel>,
) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let article = tmp.path().join(name);
    std::fs::write(&article, text).expect("article written");
    let input = input_with(tmp.path(), &[article]);
    let out = tmp.path().join("output");
    let mut options = BuildOptions::new(&input, &out);
    options.extractor = ExtractorKind::Model;
    options.render_svg = false;
    build(&options).expect("model build succeeds");
    kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads back")
}

/// Reads back the Neo4j export of `output` and scores it against `gold`; prints the report.
pub fn score_output(output: &Path, gold: &kgpipe::score::Gold) -> kgpipe::score::Score {
    let neo4j = output.join("neo4j");
    let (nodes, rels) =
        kgpipe::score::read_export(&neo4j, array_delimiter(&neo4j)).expect("export reads back");
    let s = kgpipe::score::score(gold, &nodes, &rels);
    println!("{}", s.report());
    s
}

/// Asserts entity and relationship F1 thresholds, showing the report on failure.
pub fn assert_f1_at_least(s: &kgpipe::score::Score, entity: f64, relation: f64) {
    let (e, r) = (s.entity_total(), s.relation_total());
    assert!(
        e.f1() >= entity,
        "entity F1 {:.3} < {entity}\n{}",
        e.f1(),
        s.report()
    );
    assert!(
        r.f1() >= relation,
        "relationship F1 {:.3} < {relation}\n{}",
        r.f1(),
        s.report()
    );
}

/// True when the consumer is installed. A missing consumer fails the test, unless
/// KGPIPE_ALLOW_MISSING_CONSUMERS is set outside CI, which skips it loudly.
pub fn consumer(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    if !in_ci && std::env::var("KGPIPE_ALLOW_MISSING_CONSUMERS").is_ok() {
        eprintln!("SKIPPED: {what} is not installed");
        return false;
    }
    panic!("{what} is not installed: run `bash scripts/test.sh`, which installs it");
}

/// `kgpipe build --input INPUT --output OUTPUT --no-svg`, ready for more arguments.
pub fn kgpipe_build(input: &Path, output: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kgpipe"));
    c.arg("build")
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .arg("--no-svg");
    c
}

/// `kgpipe_build` with `--extractor rules`: for tests of something other than extraction on
/// big or hostile inputs, where the model would only make them slow.
pub fn kgpipe_build_rules(input: &Path, output: &Path) -> Command {
    let mut c = kgpipe_build(input, output);
    c.args(["--extractor", "rules"]);
    c
}

pub fn python() -> String {
    std::env::var("KGPIPE_PYTHON").unwrap_or_else(|_| "python3".into())
}

pub fn has_python_modules(modules: &str) -> bool {
    Command::new(python())
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn has_command(cmd: &str) -> bool {
    Command::new(cmd).arg("-V").output().is_ok()
}

/// Runs a script of scripts/consumers with the test Python; returns stdout, failing on error.
pub fn run_consumer(script: &str, args: &[&str]) -> String {
    let path = repo().join("scripts/consumers").join(script);
    let out = Command::new(python())
        .arg(&path)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{script} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// The array delimiter that import.sh passes to neo4j-admin (default `;`).
pub fn array_delimiter(neo4j_dir: &Path) -> char {
    let script = std::fs::read_to_string(neo4j_dir.join("import.sh")).expect("import.sh");
    match script.split("--array-delimiter=").nth(1) {
        None => ';',
        Some(rest) if rest.starts_with("U+") => {
            let hex: String = rest[2..]
                .chars()
                .take_while(|c| c.is_ascii_hexdigit())
                .collect();
            char::from_u32(u32::from_str_radix(&hex, 16).expect("hex")).expect("char")
        }
        Some(rest) => rest
            .trim_start_matches('\'')
            .chars()
            .next()
            .expect("delimiter"),
    }
}

/// Every file below `dir`, relative, with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push((
                    p.strip_prefix(base).expect("prefix").to_path_buf(),
                    std::fs::read(&p).expect("read"),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Mounts a tmpfs at `dir` (root only); returns None, or fails under CI, where that is not
/// possible. The guard unmounts it.
pub fn tmpfs(dir: &Path, options: &str) -> Option<TmpfsGuard> {
    std::fs::create_dir_all(dir).expect("mount point");
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", options, "tmpfs"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    consumer(ok, "mounting a tmpfs (needs root)").then(|| TmpfsGuard(dir.to_path_buf()))
}

pub struct TmpfsGuard(PathBuf);

impl Drop for TmpfsGuard {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}
