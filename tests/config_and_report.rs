//! Configuration apart from data (built-in defaults, --config / KGPIPE_CONFIG holding only the
//! files to override, `kgpipe init`), the report a person can act on (report.json, the stderr
//! summary), and progress (stages, rate and ETA with --progress=always; silent when stderr is
//! not a terminal, and with --quiet).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const STORY: &str = "Jeremy Renner was injured in a snowplow accident in Reno, Nevada. \
Zorblax Industries sent flowers.";

fn kgpipe(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kgpipe"));
    c.args(args).env_remove("KGPIPE_CONFIG");
    c
}

fn news(dir: &Path) -> PathBuf {
    let news = dir.join("news");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::write(news.join("story.txt"), STORY).unwrap();
    news
}

fn ok(run: &Output) -> (String, String) {
    let (out, err) = (
        String::from_utf8_lossy(&run.stdout).to_string(),
        String::from_utf8_lossy(&run.stderr).to_string(),
    );
    assert!(
        run.status.success(),
        "exit {:?}: {err}{out}",
        run.status.code()
    );
    (out, err)
}

fn organizations(out: &Path) -> String {
    std::fs::read_to_string(out.join("neo4j/nodes/Organization.csv")).unwrap_or_default()
}

const ZORBLAX: &str = "[[entity]]\nlabel = \"Organization\"\nname = \"Zorblax Industries\"\n";

#[test]
fn config_folder_overrides_only_the_files_it_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let news = news(tmp.path());
    let cfg = tmp.path().join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("lexicon.toml"), ZORBLAX).unwrap();
    let out = tmp.path().join("out");
    let build = |extra: &[&str], env: Option<&Path>| {
        // Rules: the lexicon alone must decide; the model's NER types the name from context.
        let mut c = common::kgpipe_build_rules(&news, &out);
        c.env_remove("KGPIPE_CONFIG").args(extra);
        if let Some(e) = env {
            c.env("KGPIPE_CONFIG", e);
        }
        ok(&c.output().unwrap());
    };
    build(&[], None);
    assert!(
        !organizations(&out).contains("Zorblax"),
        "not known by default"
    );
    build(&["--config", cfg.to_str().unwrap()], None);
    assert!(
        organizations(&out).contains("Zorblax Industries"),
        "{}",
        organizations(&out)
    );
    assert!(
        std::fs::read_to_string(out.join("neo4j/relationships/INJURED_IN.csv"))
            .unwrap()
            .contains("snowplow"),
        "the default patterns and cues still apply"
    );
    build(&[], Some(&cfg));
    assert!(
        organizations(&out).contains("Zorblax Industries"),
        "KGPIPE_CONFIG works too"
    );
}

#[test]
fn a_bad_or_missing_config_is_exit_3_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let news = news(tmp.path());
    let cfg = tmp.path().join("cfg");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("patterns.toml"), "[[relation]]\nid = 1\n").unwrap();
    let out = tmp.path().join("out");
    let run = common::kgpipe_build(&news, &out)
        .args(["--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("cfg/patterns.toml:2:"), "{stderr}");
    let run = common::kgpipe_build(&news, &out)
        .args(["--config"])
        .arg(tmp.path().join("nope"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("nope") && stderr.contains("kgpipe init"),
        "{stderr}"
    );
}

#[test]
fn init_writes_the_defaults_and_never_overwrites_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("my-config");
    let (stdout, _) = ok(&kgpipe(&["init", cfg.to_str().unwrap()]).output().unwrap());
    assert!(stdout.contains("wrote"), "{stdout}");
    for f in ["lexicon.toml", "cues.toml", "patterns.toml"] {
        assert_eq!(
            std::fs::read(cfg.join(f)).unwrap(),
            std::fs::read(common::seed_input().join(f)).unwrap(),
            "{f} is the built-in default"
        );
    }
    let (stdout, _) = ok(&kgpipe(&["init", cfg.to_str().unwrap()]).output().unwrap());
    assert!(
        stdout.contains("already the default"),
        "safe to run again: {stdout}"
    );
    std::fs::write(cfg.join("lexicon.toml"), ZORBLAX).unwrap();
    let run = kgpipe(&["init", cfg.to_str().unwrap()]).output().unwrap();
    assert_eq!(run.status.code(), Some(6));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("lexicon.toml") && stderr.contains("never overwrites"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(cfg.join("lexicon.toml")).unwrap(),
        ZORBLAX
    );
}

#[test]
fn report_json_lists_counts_skips_and_located_names_with_hints() {
    let tmp = tempfile::tempdir().unwrap();
    let news = news(tmp.path());
    std::fs::write(news.join("empty.txt"), "").unwrap();
    let out = tmp.path().join("out");
    // Rules: the test needs a name left untyped; the model's NER types this one from context.
    let (stdout, stderr) = ok(&common::kgpipe_build_rules(&news, &out).output().unwrap());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["articles"], 1);
    assert_eq!(report["nodes"]["Person"], 1);
    assert_eq!(report["skipped"][0]["article"], "empty.txt");
    assert!(report["skipped"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("empty"));
    let names = report["names_left_out"].as_array().unwrap();
    let z = names
        .iter()
        .find(|n| n["name"] == "Zorblax Industries")
        .unwrap_or_else(|| panic!("Zorblax Industries not listed: {report:#}"));
    assert_eq!(z["file"], "story.txt");
    let (line, column) = (z["line"].as_u64().unwrap(), z["column"].as_u64().unwrap());
    let text = std::fs::read_to_string(news.join("story.txt")).unwrap();
    let at: String = text
        .lines()
        .nth(line as usize - 1)
        .unwrap()
        .chars()
        .skip(column as usize - 1)
        .collect();
    assert!(
        at.starts_with("Zorblax Industries"),
        "line {line} column {column}: {at}"
    );
    assert_eq!(z["sentence"], "Zorblax Industries sent flowers.");
    let hint = z["hint"].as_str().unwrap();
    assert!(
        hint.contains("lexicon.toml") && hint.contains("name = \"Zorblax Industries\""),
        "{hint}"
    );
    assert!(
        hint.contains("[[context]]") && hint.contains("after = [\"sent\"]"),
        "{hint}"
    );
    assert!(
        stderr.contains("kgpipe: 1 articles read, 1 skipped")
            && stderr.contains("untyped names left out")
            && stderr.contains("report.json"),
        "short stderr summary: {stderr}"
    );
    assert!(
        !stdout.contains("Zorblax"),
        "the long list is in report.json, not the summary"
    );
}

#[test]
fn a_name_in_the_graph_is_never_listed_as_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let mut articles = common::seed_articles();
    for e in std::fs::read_dir(common::repo().join("tests/articles")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            articles.push(p);
        }
    }
    let input = common::input_with(tmp.path(), &articles);
    let built = kgpipe::build_graph(&input).unwrap();
    let names = kgpipe::report::graph_names(&built.graph);
    assert!(
        !built.left_out.is_empty(),
        "some names are left out of these articles"
    );
    for l in &built.left_out {
        assert!(
            !names.contains(&kgpipe::resolve::name_key(&l.name)),
            "{} is in the graph but listed as left out",
            l.name
        );
    }
}

/// The export stage's progress line when every format is written.
fn all_formats_stage() -> String {
    let names: Vec<&str> = kgpipe::Format::all().iter().map(|f| f.name()).collect();
    format!("export {} (in parallel)", names.join(", "))
}

#[test]
fn progress_always_shows_stages_rate_and_eta() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (_, stderr) = ok(&common::kgpipe_build(&common::seed_input(), &out)
        .arg("--progress=always")
        .output()
        .unwrap());
    for stage in [
        "read · extract · resolve",
        "merge",
        "graph",
        "validate",
        &all_formats_stage(),
    ] {
        assert!(
            stderr.contains(&format!("stage: {stage}")),
            "{stage} missing: {stderr}"
        );
    }
    assert!(
        stderr.contains("ETA") && stderr.contains("/s") && stderr.contains("articles/s"),
        "{stderr}"
    );
}

#[test]
fn progress_is_silent_off_a_terminal_and_quiet_is_silent() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (_, stderr) = ok(&common::kgpipe_build(&common::seed_input(), &out)
        .output()
        .unwrap());
    assert!(
        !stderr.contains("ETA") && !stderr.contains("stage:"),
        "{stderr}"
    );
    let (_, stderr) = ok(&common::kgpipe_build(&common::seed_input(), &out)
        .args(["--quiet", "--progress=always"])
        .output()
        .unwrap());
    assert!(stderr.is_empty(), "--quiet: {stderr}");
}
