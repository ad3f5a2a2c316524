//! kgpipe never destroys what it did not write: ownership of output folders, no overlapping
//! folders, one writer at a time, a failed or interrupted swap that leaves the old output
//! whole, and `dot` under a timeout. Every destructive case runs inside a temp dir.
//! Builds run `--extractor rules`: the tests are about folders, locks and signals, and some
//! need a slow build of a large input, which the model would make far slower.

mod common;

use common::snapshot;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Case {
    tmp: tempfile::TempDir,
    input: PathBuf,
    output: PathBuf,
}

fn case() -> Case {
    let tmp = tempfile::tempdir().unwrap();
    let input = common::input_with(tmp.path(), &common::seed_articles());
    let output = tmp.path().join("output");
    Case { tmp, input, output }
}

fn run(input: &Path, output: &Path, extra: &[&str]) -> Output {
    common::kgpipe_build_rules(input, output)
        .args(extra)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(input: &Path, output: &Path) {
    let o = run(input, output, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Runs a build expected to fail with `code` and the words `needles`, and checks that `keep`
/// is byte-identical afterwards.
fn refused(input: &Path, output: &Path, extra: &[&str], code: i32, needles: &[&str], keep: &Path) {
    let before = snapshot(keep);
    let o = run(input, output, extra);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} missing from: {err}");
    }
    assert_eq!(snapshot(keep), before, "{} changed", keep.display());
}

fn kgpipe_siblings(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kgpipe-"))
        .collect()
}

#[test]
fn a_folder_kgpipe_did_not_write_is_never_replaced() {
    let c = case();
    let mine = c.tmp.path().join("somefolder");
    std::fs::create_dir_all(mine.join("keys")).unwrap();
    std::fs::write(mine.join("keys/id_rsa"), "secret").unwrap();
    std::fs::write(mine.join("thesis.txt"), "years of work").unwrap();
    refused(
        &c.input,
        &mine,
        &[],
        6,
        &["somefolder", "did not write"],
        &mine,
    );
    refused(&c.input, &mine, &["--force"], 6, &["did not write"], &mine);
    assert!(kgpipe_siblings(c.tmp.path()).is_empty());
}

#[test]
fn a_file_added_to_a_kgpipe_output_is_never_deleted() {
    let c = case();
    ok(&c.input, &c.output);
    assert!(c.output.join(".kgpipe-output").is_file());
    std::fs::write(c.output.join("neo4j/notes.txt"), "mine").unwrap();
    refused(&c.input, &c.output, &[], 6, &["neo4j/notes.txt"], &c.output);
    refused(
        &c.input,
        &c.output,
        &["--force"],
        6,
        &["neo4j/notes.txt"],
        &c.output,
    );
}

#[test]
fn an_edited_kgpipe_file_is_replaced_only_with_force() {
    let c = case();
    ok(&c.input, &c.output);
    let fresh = snapshot(&c.output);
    std::fs::write(c.output.join("graph.dot"), "digraph { edited }").unwrap();
    refused(
        &c.input,
        &c.output,
        &[],
        6,
        &["graph.dot changed", "--force"],
        &c.output,
    );
    let o = run(&c.input, &c.output, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(snapshot(&c.output), fresh);
}

#[test]
fn an_empty_folder_and_an_earlier_build_are_replaced() {
    let c = case();
    std::fs::create_dir_all(&c.output).unwrap();
    ok(&c.input, &c.output);
    ok(&c.input, &c.output);
    assert!(kgpipe_siblings(c.tmp.path()).is_empty());
}

#[test]
fn output_equal_to_or_around_the_input_is_a_usage_error_before_any_work() {
    let c = case();
    let keep = c.tmp.path();
    refused(&c.input, &c.input, &[], 2, &["same folder"], keep);
    refused(&c.input, c.tmp.path(), &[], 2, &["overlap"], keep);
    refused(
        &c.input,
        &c.input.join("articles"),
        &[],
        2,
        &["overlap"],
        keep,
    );
    // Through a symbolic link: the link's target is the input.
    let link = c.tmp.path().join("alias-of-input");
    std::os::unix::fs::symlink(&c.input, &link).unwrap();
    refused(&c.input, &link.join("out"), &[], 2, &["overlap"], keep);
}

#[test]
fn output_that_is_a_file_or_a_link_is_refused() {
    let c = case();
    let notes = c.tmp.path().join("notes.txt");
    std::fs::write(&notes, "my notes").unwrap();
    refused(
        &c.input,
        &notes,
        &[],
        2,
        &["notes.txt", "not a folder"],
        c.tmp.path(),
    );
    ok(&c.input, &c.output);
    let link = c.tmp.path().join("link");
    std::os::unix::fs::symlink(&c.output, &link).unwrap();
    refused(&c.input, &link, &[], 2, &["symbolic link"], c.tmp.path());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_mount_point_output_is_refused_with_a_sub_folder_suggested() {
    let c = case();
    let mount = c.tmp.path().join("mnt");
    let Some(_guard) = common::tmpfs(&mount, "size=4m") else {
        return;
    };
    refused(
        &c.input,
        &mount,
        &[],
        2,
        &["mount point", "sub-folder"],
        c.tmp.path(),
    );
    ok(&c.input, &mount.join("out"));
}

#[test]
fn gen_corpus_never_truncates_its_own_configuration() {
    let c = case();
    let gen = |output: &Path, config: &Path| {
        Command::new(env!("CARGO_BIN_EXE_kgpipe"))
            .args(["gen-corpus", "--articles", "3", "--output"])
            .arg(output)
            .arg("--config")
            .arg(config)
            .output()
            .unwrap()
    };
    let before = snapshot(&c.input);
    let o = gen(&c.input, &c.input);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("same folder"));
    assert_eq!(snapshot(&c.input), before);
    // A foreign folder is refused; a fresh one is written, marked, and may be rewritten.
    let mine = c.tmp.path().join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("cues.toml"), "# my cues").unwrap();
    let o = gen(&mine, &c.input);
    assert_eq!(o.status.code(), Some(6), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(mine.join("cues.toml")).unwrap(),
        "# my cues"
    );
    let corpus = c.tmp.path().join("corpus");
    assert!(gen(&corpus, &c.input).status.success());
    assert!(corpus.join(".kgpipe-output").is_file());
    assert!(gen(&corpus, &c.input).status.success());
    // A build output is not a corpus: gen-corpus will not replace it, nor build a corpus.
    ok(&c.input, &c.output);
    assert_eq!(gen(&c.output, &c.input).status.code(), Some(6));
    refused(&c.input, &corpus, &[], 6, &["gen-corpus"], &corpus);
}

/// An input large enough that a build takes a few seconds.
fn slow_input(c: &Case) -> PathBuf {
    let big = c.tmp.path().join("big");
    std::fs::create_dir_all(big.join("articles")).unwrap();
    for f in ["lexicon.toml", "cues.toml", "patterns.toml"] {
        std::fs::copy(c.input.join(f), big.join(f)).unwrap();
    }
    for i in 0..300 {
        for s in common::seed_articles() {
            let name = format!("{i:04}_{}", s.file_name().unwrap().to_string_lossy());
            std::fs::copy(&s, big.join("articles").join(name)).unwrap();
        }
    }
    big
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_build_on_the_same_output_fails_at_once_or_waits() {
    let c = case();
    let big = slow_input(&c);
    ok(&c.input, &c.output);
    let lock = c.tmp.path().join(".output.kgpipe-lock");
    let mut first = common::kgpipe_build_rules(&big, &c.output)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the first build's lock", || lock.exists());
    let before = snapshot(&c.output);
    let second = run(&c.input, &c.output, &[]);
    assert_eq!(second.status.code(), Some(6), "{}", stderr(&second));
    assert!(stderr(&second).contains("--wait"), "{}", stderr(&second));
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first build ended too soon to test"
    );
    let waiter = common::kgpipe_build_rules(&c.input, &c.output)
        .arg("--wait")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(first.wait().unwrap().success());
    let waited = waiter.wait_with_output().unwrap();
    assert!(waited.status.success(), "{}", stderr(&waited));
    assert!(
        stderr(&waited).contains("waiting for"),
        "{}",
        stderr(&waited)
    );
    // The waiter built the seed input after the big one: the seed output again.
    assert_eq!(snapshot(&c.output), before);
    assert!(kgpipe_siblings(c.tmp.path()).is_empty());
}

#[test]
fn sigterm_and_sigint_remove_the_temporary_folder_and_keep_the_old_output() {
    let c = case();
    let big = slow_input(&c);
    ok(&c.input, &c.output);
    let before = snapshot(&c.output);
    for (sig, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let child = common::kgpipe_build_rules(&big, &c.output)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for("the staging folder", || {
            kgpipe_siblings(c.tmp.path())
                .iter()
                .any(|n| n.contains("kgpipe-tmp"))
        });
        // SAFETY: signalling our own child.
        unsafe { libc::kill(child.id() as i32, sig) };
        let status = child.wait_with_output().unwrap().status;
        assert_eq!(status.code(), Some(code));
        assert_eq!(snapshot(&c.output), before);
        assert!(
            kgpipe_siblings(c.tmp.path()).is_empty(),
            "{:?}",
            kgpipe_siblings(c.tmp.path())
        );
    }
}

#[test]
fn all_empty_input_keeps_a_good_graph() {
    let c = case();
    ok(&c.input, &c.output);
    let empty = c.tmp.path().join("empty");
    std::fs::create_dir_all(empty.join("articles")).unwrap();
    for f in ["lexicon.toml", "cues.toml", "patterns.toml"] {
        std::fs::copy(c.input.join(f), empty.join(f)).unwrap();
    }
    std::fs::write(empty.join("articles/a.txt"), "").unwrap();
    std::fs::write(empty.join("articles/b.txt"), "  \n\n").unwrap();
    refused(
        &empty,
        &c.output,
        &[],
        4,
        &["no article has any text"],
        &c.output,
    );
}

/// Undeletable leftovers: a busy mount point inside the previous output. The new output is
/// installed (exit 0, with a warning), and neither this run nor the next is blocked.
#[test]
fn a_busy_leftover_never_blocks_a_run() {
    let c = case();
    ok(&c.input, &c.output);
    let busy = c.output.join("busy");
    let Some(guard) = common::tmpfs(&busy, "size=64k") else {
        return;
    };
    let reference = c.tmp.path().join("reference");
    ok(&c.input, &reference);
    for round in 0..2 {
        let o = run(&c.input, &c.output, &[]);
        assert!(o.status.success(), "round {round}: {}", stderr(&o));
        assert_eq!(snapshot(&c.output), snapshot(&reference), "round {round}");
        let said = String::from_utf8_lossy(&o.stdout);
        let warning = ["could not be fully removed", "left by an earlier run"][round];
        assert!(said.contains(warning), "round {round}: {said}");
    }
    for name in kgpipe_siblings(c.tmp.path()) {
        let _ = Command::new("umount")
            .arg(c.tmp.path().join(name).join("busy"))
            .status();
    }
    drop(guard);
    ok(&c.input, &c.output);
    assert!(kgpipe_siblings(c.tmp.path()).is_empty());
}

/// A fake `dot` that records its pid and sleeps; returns the folder to put first on PATH.
fn sleepy_dot(dir: &Path) -> PathBuf {
    let bin = dir.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("dot");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ > {}\nexec sleep 300\n",
            dir.join("dot.pid").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

/// Kills the fake `dot` on the way out, should a failing test leave it running.
struct KillDot(PathBuf);

impl Drop for KillDot {
    fn drop(&mut self) {
        let Some(pid) = std::fs::read_to_string(&self.0)
            .ok()
            .and_then(|p| p.trim().parse::<i32>().ok())
        else {
            return;
        };
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        if cmdline.starts_with(b"sleep\x00300") {
            // SAFETY: signalling the fake dot this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

fn path_with(bin: &Path) -> String {
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn alive(pid_file: &Path) -> bool {
    let pid = std::fs::read_to_string(pid_file).unwrap();
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).unwrap_or_default();
    // A zombie (state Z) is dead: it only waits for its parent to collect it.
    !stat.is_empty() && !stat.contains(") Z ")
}

#[test]
fn a_hung_dot_is_stopped_at_the_timeout_and_the_svg_skipped() {
    let c = case();
    let bin = sleepy_dot(c.tmp.path());
    let _kill = KillDot(c.tmp.path().join("dot.pid"));
    let o = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .arg("build")
        .arg("--input")
        .arg(&c.input)
        .arg("--output")
        .arg(&c.output)
        .args(["--extractor", "rules", "--dot-timeout", "1"])
        .env("PATH", path_with(&bin))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("--dot-timeout"), "{out}");
    assert!(c.output.join("graph.dot").is_file() && !c.output.join("graph.svg").exists());
    assert!(!alive(&c.tmp.path().join("dot.pid")), "dot still runs");
}

#[test]
fn dot_dies_with_a_killed_build() {
    let c = case();
    let bin = sleepy_dot(c.tmp.path());
    let pid_file = c.tmp.path().join("dot.pid");
    let _kill = KillDot(pid_file.clone());
    let mut child = Command::new(env!("CARGO_BIN_EXE_kgpipe"))
        .arg("build")
        .arg("--input")
        .arg(&c.input)
        .arg("--output")
        .arg(&c.output)
        .args(["--extractor", "rules"])
        .env("PATH", path_with(&bin))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("dot to start", || {
        std::fs::read_to_string(&pid_file).is_ok_and(|p| p.ends_with('\n'))
    });
    child.kill().unwrap();
    child.wait().unwrap();
    wait_for("dot to die with the build", || !alive(&pid_file));
}
