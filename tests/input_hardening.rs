//! Input hardening (issue 8): FIFOs, sockets and devices are skipped with a warning and never
//! opened; reads stop at --max-article-bytes by counting bytes, whatever the size the file
//! system reports (/dev/zero); hidden files and editor/OS artefacts are skipped; symlinks that
//! leave the input folder are refused unless --follow-symlinks; names that map to one article
//! id get distinct ids; a non-UTF-8 file name is kept, percent-encoded, in provenance.

mod common;

// Every build here runs `--extractor rules`: the tests are about reading files, devices and
// streams, not about what is extracted from them.

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

const STORY: &str = "Jeremy Renner was injured in a snowplow accident in Reno, Nevada.";

struct Case {
    tmp: tempfile::TempDir,
    news: PathBuf,
}

fn case() -> Case {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::write(news.join("story.txt"), STORY).unwrap();
    Case { tmp, news }
}

impl Case {
    fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    /// Runs the build, killing it if it hangs (a FIFO opened for reading blocks forever).
    fn run(&self, extra: &[&str]) -> Output {
        let child = common::kgpipe_build_rules(&self.news, &self.out())
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        finish_within(child, Duration::from_secs(120))
    }

    fn articles(&self) -> String {
        std::fs::read_to_string(self.out().join("neo4j/nodes/Article.csv")).unwrap()
    }
}

fn finish_within(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!(
                "kgpipe hung (killed after {limit:?}): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn ok(run: &Output) -> String {
    let text =
        String::from_utf8_lossy(&run.stdout).to_string() + &String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "exit {:?}: {text}", run.status.code());
    text
}

#[test]
fn a_fifo_is_skipped_with_a_warning_and_never_opened() {
    let c = case();
    let fifo = c.news.join("pipe.txt");
    let name = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let log = ok(&c.run(&[]));
    assert!(
        log.contains("pipe.txt: a FIFO (named pipe), not a regular file"),
        "{log}"
    );
    assert!(c.articles().contains("story.txt"));
}

#[test]
fn a_socket_is_skipped_with_a_warning() {
    let c = case();
    let _listener = std::os::unix::net::UnixListener::bind(c.news.join("sock.txt")).unwrap();
    let log = ok(&c.run(&[]));
    assert!(
        log.contains("sock.txt: a socket, not a regular file"),
        "{log}"
    );
}

#[test]
fn a_device_is_never_read_even_through_a_followed_symlink() {
    let c = case();
    std::os::unix::fs::symlink("/dev/zero", c.news.join("zero.txt")).unwrap();
    let started = Instant::now();
    let log = ok(&c.run(&["--follow-symlinks"]));
    assert!(log.contains("zero.txt: a character device"), "{log}");
    assert!(started.elapsed() < Duration::from_secs(60));
    let single = c.tmp.path().join("out2");
    let run = common::kgpipe_build_rules(Path::new("/dev/zero"), &single)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&run.stderr).contains("a character device"));
}

#[test]
fn reads_stop_at_the_limit_counting_bytes_not_trusting_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let child = common::kgpipe_build_rules(Path::new("-"), &tmp.path().join("out"))
        .args(["--max-article-bytes", "65536"])
        .stdin(Stdio::from(zero))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let run = finish_within(child, Duration::from_secs(60));
    assert_eq!(run.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("<stdin>") && stderr.contains("over the limit of 65536 bytes"),
        "{stderr}"
    );
    let c = case();
    std::fs::write(c.news.join("big.txt"), "word ".repeat(20_000)).unwrap();
    let run = c.run(&["--max-article-bytes", "65536"]);
    assert_eq!(run.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&run.stderr).contains("big.txt:1: article is over the limit"));
}

#[test]
fn hidden_files_and_editor_artefacts_are_skipped() {
    let c = case();
    // An Emacs lock is a dangling symlink; a macOS resource fork is binary.
    std::os::unix::fs::symlink("user@host.1234:1700000000", c.news.join(".#story.txt")).unwrap();
    std::fs::write(
        c.news.join("._story.txt"),
        b"\0\x05\x16\x07\0\x02\0\0Mac OS X",
    )
    .unwrap();
    std::fs::write(c.news.join("story.txt~"), "Old Draft Person wrote this.").unwrap();
    std::fs::write(c.news.join(".hidden.txt"), "Hidden Person wrote this.").unwrap();
    std::fs::create_dir_all(c.news.join(".git")).unwrap();
    std::fs::write(c.news.join(".git/notes.txt"), "Git Person.").unwrap();
    let log = ok(&c.run(&[]));
    assert_eq!(
        c.articles().lines().count(),
        2,
        "only story.txt: {}",
        c.articles()
    );
    for name in [".#story.txt", "._story.txt", "story.txt~", ".hidden.txt"] {
        assert!(
            log.contains(&format!("{name}: hidden or editor/OS file")),
            "{name} not reported: {log}"
        );
    }
}

#[test]
fn symlinks_leaving_the_folder_are_refused_unless_followed() {
    let c = case();
    let outside = c.tmp.path().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "Hawkeye aired on Disney+.").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), c.news.join("link.txt")).unwrap();
    std::os::unix::fs::symlink(c.news.join("story.txt"), c.news.join("inside.txt")).unwrap();
    let run = c.run(&[]);
    assert_eq!(run.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("link.txt")
            && stderr.contains("outside the input folder")
            && stderr.contains("--follow-symlinks"),
        "{stderr}"
    );
    let log = ok(&c.run(&["--skip-bad-articles"]));
    assert!(log.contains("link.txt"), "{log}");
    assert!(
        c.articles().contains("inside.txt"),
        "a link inside the folder is read"
    );
    ok(&c.run(&["--follow-symlinks"]));
    assert!(c.articles().contains("link.txt"), "{}", c.articles());
}

#[test]
fn names_that_map_to_one_id_get_distinct_ids() {
    let c = case();
    std::fs::write(c.news.join("Story.txt"), "Hawkeye aired on Disney+.").unwrap();
    std::fs::write(c.news.join("story-txt"), "not an article form").unwrap();
    let log = ok(&c.run(&[]));
    let articles = c.articles();
    assert_eq!(articles.lines().count(), 3, "{articles}");
    let ids: std::collections::BTreeSet<&str> = articles
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "distinct article ids: {articles}");
    assert!(
        log.contains("maps to the article id of an earlier file"),
        "{log}"
    );
}

#[test]
fn a_non_utf8_file_name_is_kept_percent_encoded() {
    let c = case();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9 100%.txt");
    std::fs::write(c.news.join(name), STORY).unwrap();
    ok(&c.run(&[]));
    let articles = c.articles();
    assert!(articles.contains("caf%E9 100%25.txt"), "{articles}");
    let injured =
        std::fs::read_to_string(c.out().join("neo4j/relationships/INJURED_IN.csv")).unwrap();
    assert!(
        injured.contains("caf%E9 100%25.txt"),
        "evidence keeps the name: {injured}"
    );
}
