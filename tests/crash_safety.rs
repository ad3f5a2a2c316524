//! A build killed with SIGKILL at any moment leaves `output/` as either the complete previous
//! build or the complete new one, never a mixture; the next run removes any leftovers.

mod common;

use common::snapshot;
use std::path::Path;
use std::process::Command;

/// Rules: the test kills builds of 1,200 copied articles at every moment; the model would
/// only make each build slower.
fn kgpipe(input: &Path, output: &Path) -> Command {
    common::kgpipe_build_rules(input, output)
}

fn leftovers(output: &Path) -> Vec<String> {
    std::fs::read_dir(output.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kgpipe-"))
        .collect()
}

#[test]
fn sigkill_never_leaves_a_mixed_output() {
    let tmp = tempfile::tempdir().unwrap();
    // A larger input: the seed articles many times over, so a build takes a while.
    let big = tmp.path().join("big");
    std::fs::create_dir_all(big.join("articles")).unwrap();
    for f in ["lexicon.toml", "cues.toml", "patterns.toml"] {
        std::fs::copy(common::seed_input().join(f), big.join(f)).unwrap();
    }
    let seeds: Vec<_> = std::fs::read_dir(common::seed_input().join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for i in 0..400 {
        for s in &seeds {
            let name = format!("{i:04}_{}", s.file_name().unwrap().to_string_lossy());
            std::fs::copy(s, big.join("articles").join(name)).unwrap();
        }
    }
    // The complete new output, for comparison.
    let reference = tmp.path().join("reference");
    let started = std::time::Instant::now();
    assert!(kgpipe(&big, &reference).status().unwrap().success());
    let full = started.elapsed();
    let new = snapshot(&reference);

    let output = tmp.path().join("output");
    assert!(kgpipe(&common::seed_input(), &output)
        .status()
        .unwrap()
        .success());
    let old = snapshot(&output);
    assert_ne!(old, new);

    let mut saw_old = false;
    let mut saw_new = false;
    for step in 0..8u32 {
        // Kill points spread over the whole build, from start-up to the final swap.
        let at = full.mul_f64(f64::from(step) / 7.0 * 1.1);
        let mut child = kgpipe(&big, &output)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&output);
        if now == old {
            saw_old = true;
        } else if now == new {
            saw_new = true;
        } else {
            panic!("output after a kill at {at:?} is neither the previous nor the new build");
        }
        // Put the previous build back for the next round; that run also cleans leftovers.
        assert!(kgpipe(&common::seed_input(), &output)
            .status()
            .unwrap()
            .success());
        assert_eq!(snapshot(&output), old);
        assert!(
            leftovers(&output).is_empty(),
            "leftovers after a clean run: {:?}",
            leftovers(&output)
        );
    }
    assert!(saw_old, "no kill landed before the swap");
    println!(
        "kills saw the previous output: {saw_old}, the new output: {saw_new} (build time {full:?})"
    );
}
