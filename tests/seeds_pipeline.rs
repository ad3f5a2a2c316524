//! The whole pipeline on the seed articles: quality against the gold graph, determinism,
//! and the CLI's summary and exit codes.

mod common;

use common::{build_into_temp, seed_input, snapshot};
use kgpipe::score::Gold;
use std::process::Command;

#[test]
fn seed_quality_meets_thresholds() {
    let (_tmp, out, _) = build_into_temp(&seed_input());
    let gold = Gold::load(&common::seed_gold()).expect("tests/gold is readable");
    let s = common::score_output(&out, &gold);
    common::assert_f1_at_least(&s, 0.95, 0.90);
}

#[test]
fn same_input_gives_byte_identical_output() {
    let (_a, out_a, _) = build_into_temp(&seed_input());
    let (_b, out_b, _) = build_into_temp(&seed_input());
    let (sa, sb) = (snapshot(&out_a), snapshot(&out_b));
    assert_eq!(sa.len(), sb.len());
    for ((pa, ba), (pb, bb)) in sa.iter().zip(&sb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between two runs", pa.display());
    }
}

#[test]
fn cli_builds_and_prints_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .args(["build", "--input"])
        .arg(seed_input())
        .arg("--output")
        .arg(&out)
        .args(["--format", "neo4j,jsonld"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("3 articles"), "{stdout}");
    assert!(stdout.contains("INJURED_IN"), "{stdout}");
    assert!(out.join("graph.jsonld").is_file() && out.join("neo4j/import.sh").is_file());
    assert!(!out.join("graph.dot").exists(), "dot was not requested");
}

#[test]
fn cli_reports_missing_input_with_exit_code_4() {
    let tmp = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .args(["build", "--input"])
        .arg(tmp.path().join("nope"))
        .arg("--output")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("nope") && stderr.contains("does not exist"),
        "{stderr}"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let (tmp, out, _) = build_into_temp(&seed_input());
    let before = snapshot(&out);
    let broken = tmp.path().join("broken");
    std::fs::create_dir_all(broken.join("articles")).unwrap();
    for f in ["lexicon.toml", "cues.toml", "patterns.toml"] {
        std::fs::copy(seed_input().join(f), broken.join(f)).unwrap();
    }
    std::fs::write(broken.join("articles/a.txt"), "Some text.").unwrap();
    std::fs::write(broken.join("patterns.toml"), "[[relation]]\nid = 1\n").unwrap();
    let err = kgpipe::build(&kgpipe::BuildOptions::new(&broken, &out)).unwrap_err();
    assert_eq!(err.exit_code(), 3, "{err}");
    assert!(err.to_string().contains("patterns.toml:2:"), "{err}");
    assert_eq!(
        snapshot(&out),
        before,
        "output changed after a failed build"
    );
}
