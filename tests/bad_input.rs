//! The bad-input catalogue: every case runs the binary and checks the exit code, that the
//! message names the file and the problem, and that a previous output is left untouched.

mod common;

use common::snapshot;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Case {
    _tmp: tempfile::TempDir,
    input: PathBuf,
    output: PathBuf,
}

/// An input folder with the project's configuration and the seed articles, and an output
/// folder already holding a good build.
fn case() -> Case {
    let tmp = tempfile::tempdir().unwrap();
    let input = common::input_with(tmp.path(), &common::seed_articles());
    let output = tmp.path().join("output");
    let run = kgpipe(&input, &output, &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    Case {
        _tmp: tmp,
        input,
        output,
    }
}

/// Rules: the cases are about exit codes and messages, and one is a 10 MB line the model
/// would take minutes over in a debug build.
fn kgpipe(input: &Path, output: &Path, extra: &[&str]) -> Output {
    common::kgpipe_build_rules(input, output)
        .args(extra)
        .output()
        .unwrap()
}

/// Runs a failing build: checks the exit code, the words the message must contain, and that
/// the previous output is byte-identical afterwards.
fn fails(c: &Case, code: i32, needles: &[&str]) -> String {
    let before = snapshot(&c.output);
    let run = kgpipe(&c.input, &c.output, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert_eq!(run.status.code(), Some(code), "stderr: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{n:?} missing from: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(snapshot(&c.output), before, "previous output changed");
    no_leftovers(&c.output);
    stderr
}

fn no_leftovers(output: &Path) {
    let parent = output.parent().unwrap();
    for e in std::fs::read_dir(parent).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains("kgpipe-"),
            "temporary {name} left beside the output"
        );
    }
}

fn article(c: &Case, name: &str, bytes: &[u8]) -> PathBuf {
    let p = c.input.join("articles").join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn non_utf8_bytes_name_file_and_line() {
    let c = case();
    article(&c, "bad.txt", b"First line.\nSecond \xff\xfe line.\n");
    fails(&c, 4, &["bad.txt:2:", "not valid UTF-8"]);
}

#[test]
fn binary_file_is_refused() {
    let c = case();
    article(&c, "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    fails(&c, 4, &["image.txt", "NUL byte", "binary"]);
}

#[test]
fn skip_flag_skips_a_bad_article_and_counts_it() {
    let c = case();
    article(&c, "bad.txt", b"caf\xe9 au lait");
    let run = kgpipe(&c.input, &c.output, &["--skip-bad-articles"]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("skipped (1):") && stdout.contains("bad.txt"),
        "{stdout}"
    );
    assert!(stdout.contains("3 articles"), "{stdout}");
}

#[test]
fn empty_article_is_skipped_with_a_warning() {
    let c = case();
    article(&c, "empty.txt", b"");
    article(&c, "blank.txt", b"  \n\n \n");
    let run = kgpipe(&c.input, &c.output, &[]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success());
    assert!(
        stdout.contains("skipped (2):") && stdout.contains("empty.txt: empty article"),
        "{stdout}"
    );
}

#[test]
fn ten_megabyte_single_line_is_read_and_the_limit_is_enforced() {
    let c = case();
    let sentence =
        "Renner was crushed by a snowplow near Reno, Nevada, and his daughter Ava visited him ";
    let line = sentence.repeat(10 * 1024 * 1024 / sentence.len() + 1);
    assert!(line.len() >= 10 * 1024 * 1024 && !line.contains('\n'));
    article(&c, "long.txt", line.as_bytes());
    let run = kgpipe(&c.input, &c.output, &["--format", "neo4j"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let before = snapshot(&c.output);
    let run = kgpipe(&c.input, &c.output, &["--max-article-bytes", "1000000"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("long.txt") && stderr.contains("over the limit of 1000000"),
        "{stderr}"
    );
    assert_eq!(snapshot(&c.output), before);
}

#[test]
fn bom_and_crlf_give_the_same_graph() {
    let plain = "Jeremy Renner was crushed by a snowplow near Reno, Nevada.\n\nHis daughter, Ava, inspires him.\n";
    let mut graphs = Vec::new();
    for variant in [
        plain.to_string(),
        format!("\u{feff}{plain}"),
        plain.replace('\n', "\r\n"),
    ] {
        let c = case();
        for e in std::fs::read_dir(c.input.join("articles")).unwrap() {
            std::fs::remove_file(e.unwrap().path()).unwrap();
        }
        article(&c, "a.txt", variant.as_bytes());
        let built = kgpipe::build_graph(&c.input).unwrap();
        let nodes: Vec<(String, String)> = built
            .graph
            .nodes()
            .iter()
            .map(|n| (n.id.clone(), n.name.clone()))
            .collect();
        let edges: Vec<String> = built
            .graph
            .edges()
            .iter()
            .map(|(f, e, t)| format!("{} {} {}", f.id, e.rel, t.id))
            .collect();
        assert!(nodes.iter().any(|(_, n)| n == "Jeremy Renner"), "{nodes:?}");
        assert!(edges.iter().any(|e| e.contains("INJURED_IN")), "{edges:?}");
        graphs.push((nodes, edges));
    }
    assert_eq!(graphs[0], graphs[1], "a BOM changes nothing");
    assert_eq!(graphs[0], graphs[2], "CRLF line ends change nothing");
}

#[test]
fn missing_input_directory() {
    let c = case();
    std::fs::remove_dir_all(&c.input).unwrap();
    fails(&c, 4, &["input", "does not exist"]);
}

#[test]
fn unreadable_article_is_reported() {
    let c = case();
    let link = c.input.join("articles/gone.txt");
    std::os::unix::fs::symlink(c.input.join("nowhere"), &link).unwrap();
    fails(&c, 4, &["gone.txt", "cannot read"]);
}

#[test]
fn output_under_a_regular_file_is_a_write_error() {
    let c = case();
    let file = c.output.parent().unwrap().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let run = kgpipe(&c.input, &file.join("out"), &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("plain-file") && stderr.contains("cannot write"),
        "{stderr}"
    );
}

#[test]
fn full_disk_keeps_the_previous_output() {
    let c = case();
    let mount = c.output.parent().unwrap().join("tiny");
    let Some(_guard) = common::tmpfs(&mount, "size=96k") else {
        return;
    };
    let out = mount.join("output");
    // A small previous build (DOT only) fits; the full one does not.
    let small = kgpipe(&c.input, &out, &["--format", "dot"]);
    assert!(
        small.status.success(),
        "{}",
        String::from_utf8_lossy(&small.stderr)
    );
    let before = snapshot(&out);
    let run = kgpipe(&c.input, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(6), "{stderr}");
    assert!(
        stderr.contains("No space left on device") && stderr.contains("cannot write"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
    no_leftovers(&out);
}

#[test]
fn read_only_output_keeps_the_previous_output() {
    let c = case();
    let mount = c.output.parent().unwrap().join("ro");
    let Some(_guard) = common::tmpfs(&mount, "size=1m") else {
        return;
    };
    let out = mount.join("output");
    let previous = kgpipe(&c.input, &out, &["--format", "dot"]);
    assert!(previous.status.success());
    let remount = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mount)
        .status()
        .unwrap();
    assert!(remount.success());
    let before = snapshot(&out);
    let run = kgpipe(&c.input, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains("Read-only file system"), "{stderr}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn malformed_configuration_has_file_line_and_column() {
    let c = case();
    std::fs::write(
        c.input.join("lexicon.toml"),
        "[[entity]]\nlabel = \"Person\"\nname = \"A\nB\"\n",
    )
    .unwrap();
    fails(&c, 3, &["lexicon.toml:3:"]);
}

#[test]
fn unknown_label_in_the_lexicon() {
    let c = case();
    std::fs::write(
        c.input.join("lexicon.toml"),
        "[[entity]]\nlabel = \"Droid\"\nname = \"R2-D2\"\n",
    )
    .unwrap();
    fails(&c, 3, &["lexicon.toml:2:9", "unknown label \"Droid\""]);
}

#[test]
fn unknown_relationship_type_in_patterns() {
    let c = case();
    let text = std::fs::read_to_string(c.input.join("patterns.toml")).unwrap();
    std::fs::write(
        c.input.join("patterns.toml"),
        text.replacen("type = \"SAVED\"", "type = \"RESCUED\"", 1),
    )
    .unwrap();
    fails(
        &c,
        3,
        &["patterns.toml:", "unknown relationship type \"RESCUED\""],
    );
}

#[test]
fn duplicate_lexicon_ids() {
    let c = case();
    let text = std::fs::read_to_string(c.input.join("lexicon.toml")).unwrap();
    std::fs::write(
        c.input.join("lexicon.toml"),
        format!("{text}\n[[entity]]\nid = \"reno\"\nlabel = \"Place\"\nname = \"Reno Two\"\n"),
    )
    .unwrap();
    fails(&c, 3, &["lexicon.toml:", "duplicate lexicon id \"reno\""]);
}

#[test]
fn pattern_with_an_unknown_label() {
    let c = case();
    let text = std::fs::read_to_string(c.input.join("patterns.toml")).unwrap();
    std::fs::write(
        c.input.join("patterns.toml"),
        text.replacen(
            "{S:Person} ...3 @injure by {O:Event}",
            "{S:Persn} ...3 @injure by {O:Event}",
            1,
        ),
    )
    .unwrap();
    fails(&c, 3, &["patterns.toml:", "unknown label \"Persn\""]);
}

#[test]
fn event_kind_with_an_unknown_relationship_type() {
    let c = case();
    let text = std::fs::read_to_string(c.input.join("cues.toml")).unwrap();
    std::fs::write(
        c.input.join("cues.toml"),
        text.replacen(
            "possessor_relation = \"INJURED_IN\"",
            "possessor_relation = \"HURT_IN\"",
            1,
        ),
    )
    .unwrap();
    fails(
        &c,
        3,
        &["cues.toml", "unknown relationship type \"HURT_IN\""],
    );
}

#[test]
fn a_closed_stdout_pipe_is_not_a_crash() {
    let c = case();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .arg("build")
        .arg("--input")
        .arg(&c.input)
        .arg("--output")
        .arg(&c.output)
        .arg("--no-svg")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn dep_rule_breaking_the_ontology_signature_is_located() {
    let c = case();
    let text = std::fs::read_to_string(c.input.join("patterns.toml")).unwrap();
    let rule = "name = \"dep-injured-in-event\"\ntype = \"INJURED_IN\"";
    let start = text.find(rule).expect("the shipped rule");
    let slot = start + text[start..].find("slot = \"Event\"").unwrap() + "slot = ".len();
    let line = 1 + text[..slot].matches('\n').count();
    let column = 1 + slot - text[..slot].rfind('\n').map_or(0, |n| n + 1);
    std::fs::write(
        c.input.join("patterns.toml"),
        text.replacen(rule, &rule.replace("INJURED_IN", "ACTED_IN"), 1),
    )
    .unwrap();
    fails(
        &c,
        3,
        &[
            &format!("patterns.toml:{line}:{column}:"),
            "dep_rule \"dep-injured-in-event\": slot \"event\" allows Event, which breaks the signature of ACTED_IN",
        ],
    );
}
