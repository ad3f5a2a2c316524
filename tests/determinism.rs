//! Byte-identical output whatever the order the articles were written to disk in, whatever
//! locale or time zone the process runs under, on one thread or two (the code keeps no
//! hash-ordered or clock state, and merges parallel work in file order).

mod common;

use common::snapshot;
use std::path::Path;

fn input_in_order(dir: &Path, reverse: bool) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(common::repo().join("tests/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .chain(common::seed_articles())
        .collect();
    files.sort();
    if reverse {
        files.reverse();
    }
    common::input_with(dir, &files)
}

fn build(input: &Path, output: &Path, env: &[(&str, &str)]) {
    let mut c = common::kgpipe_build(input, output);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn file_order_locale_and_time_zone_do_not_change_a_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let a = input_in_order(&tmp.path().join("a"), false);
    let b = input_in_order(&tmp.path().join("b"), true);
    build(&a, &tmp.path().join("out_a"), &[]);
    build(
        &b,
        &tmp.path().join("out_b"),
        &[
            ("LC_ALL", "tr_TR.UTF-8"),
            ("LANG", "de_DE.UTF-8"),
            ("TZ", "Pacific/Kiritimati"),
        ],
    );
    build(
        &a,
        &tmp.path().join("out_c"),
        &[
            ("LC_ALL", "C"),
            ("TZ", "America/Anchorage"),
            ("RAYON_NUM_THREADS", "1"),
        ],
    );
    build(&a, &tmp.path().join("out_d"), &[("RAYON_NUM_THREADS", "2")]);
    let reference = snapshot(&tmp.path().join("out_a"));
    assert!(reference.len() > 10);
    assert_eq!(
        snapshot(&tmp.path().join("out_b")),
        reference,
        "file order or locale changed the output"
    );
    assert_eq!(snapshot(&tmp.path().join("out_c")), reference, "one thread");
    assert_eq!(
        snapshot(&tmp.path().join("out_d")),
        reference,
        "two threads"
    );
}
