//! The committed fuzz seed corpora (`fuzz/seeds/<target>/`) run as ordinary tests through the
//! same entry points the `cargo fuzz` targets call.

use std::path::Path;

fn run(target: &str, f: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let data = std::fs::read(&p).unwrap();
        let result = std::panic::catch_unwind(|| f(&data));
        assert!(result.is_ok(), "{} panics on {}", target, p.display());
        n += 1;
    }
    assert!(n >= 8, "{target}: only {n} seeds");
}

#[test]
fn ingest_seeds() {
    run("ingest", kgpipe::fuzz::ingest_bytes);
}

#[test]
fn config_seeds() {
    run("config", kgpipe::fuzz::config_bytes);
}

#[test]
fn pipeline_seeds() {
    run("pipeline", kgpipe::fuzz::pipeline_bytes);
}
