//! Costs stay linear and bounded: the cross-document merge grows linearly with the entities of
//! an article, a pattern gap cannot blow up matching, the DOT summary caps relationships,
//! batches are bounded by bytes, and running out of memory is a documented exit.
//! Growth is measured as a ratio of CPU times (a complexity check, not a speed target).
//! Builds run `--extractor rules`: on 16 MB and 200-article inputs the model would only cost
//! time; the memory checks are about the pipeline around extraction.

mod common;

use kgpipe::config::Config;
use kgpipe::extract::Extractor;
use kgpipe::graph::{KnowledgeGraph, Node};
use kgpipe::ontology::{Label, RelType};
use std::path::Path;
use std::time::Duration;

fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid out-pointer for the calling thread's CPU clock.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// A distinct capitalised surname for `i`.
fn surname(mut i: usize) -> String {
    let mut s = String::from("Q");
    loop {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            break;
        }
    }
    s.push_str("ton");
    s
}

/// An article of `n` sentences, each naming two new people.
fn article(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "Emma {} met James {} yesterday.",
                surname(2 * i),
                surname(2 * i + 1)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// CPU time of `Resolver::add` alone for one article of `n` sentences (best of three).
fn merge_time(extractor: &Extractor, n: usize) -> Duration {
    let text = article(n);
    (0..3)
        .map(|_| {
            let doc = kgpipe::ingest::ingest(
                "a.txt",
                Path::new("a.txt"),
                text.clone(),
                extractor.abbreviations(),
            );
            let ex = extractor.extract(doc);
            let doc_res = kgpipe::resolve::resolve_document(extractor.config(), &ex);
            let mut resolver = kgpipe::resolve::Resolver::new(extractor.config());
            let t = thread_cpu();
            resolver.add(&ex, doc_res);
            let d = thread_cpu() - t;
            assert!(
                resolver.finish().entities.len() >= n,
                "the names were not found"
            );
            d
        })
        .min()
        .unwrap()
}

#[test]
fn merging_an_article_is_linear_in_its_entities() {
    let config = Config::load(&common::seed_input()).unwrap();
    let extractor = Extractor::new(config).unwrap();
    let small = merge_time(&extractor, 1500);
    let large = merge_time(&extractor, 6000);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    println!("merge: {small:?} for 1500 sentences, {large:?} for 6000 (ratio {ratio:.1})");
    // Linear is 4 (n log n a little more); quadratic is 16.
    assert!(
        ratio < 9.0,
        "merge time grew {ratio:.1}x for 4x the entities"
    );
}

#[test]
fn the_dot_summary_caps_relationships_as_well_as_entities() {
    let mut kg = KnowledgeGraph::default();
    let places: Vec<_> = (0..80)
        .map(|i| {
            kg.add_node(Node::new(
                format!("place:p{i:03}"),
                Label::Place,
                format!("P{i}"),
            ))
        })
        .collect();
    for &a in &places {
        for &b in &places {
            if a != b {
                kg.add_edge(a, b, RelType::LOCATED_IN, Default::default(), None);
            }
        }
    }
    let dot = kgpipe::export::dot::to_dot(&kg);
    let edges = dot.lines().filter(|l| l.contains(" -> ")).count();
    assert_eq!(edges, kgpipe::export::dot::MAX_EDGES);
    assert!(
        dot.contains("strongest of their 6320 relationships"),
        "{}",
        &dot[..300]
    );
}

#[test]
fn batches_of_large_articles_are_bounded_by_bytes() {
    let mib = 1024 * 1024;
    let sizes = [
        5 * mib,
        5 * mib,
        1,
        30 * mib,
        2 * mib,
        2 * mib,
        2 * mib,
        2 * mib,
        2 * mib,
    ];
    let batches = kgpipe::batches(&sizes, 512, kgpipe::BATCH_BYTES);
    let mut covered = 0;
    for b in &batches {
        assert_eq!(b.start, covered);
        covered = b.end;
        let bytes: u64 = sizes[b.clone()].iter().sum();
        assert!(
            bytes <= kgpipe::BATCH_BYTES || b.len() == 1,
            "{b:?}: {bytes}"
        );
    }
    assert_eq!(covered, sizes.len());
}

#[test]
fn running_out_of_memory_is_exit_4_with_the_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let input = common::input_with(tmp.path(), &common::seed_articles());
    let output = tmp.path().join("output");
    assert!(common::kgpipe_build_rules(&input, &output)
        .status()
        .unwrap()
        .success());
    let before = common::snapshot(&output);
    let sentence = "Jeremy Renner met Anna Smith in Reno. ";
    std::fs::write(
        input.join("articles/huge.txt"),
        sentence.repeat(16 * 1024 * 1024 / sentence.len()),
    )
    .unwrap();
    let mut cmd = common::kgpipe_build_rules(&input, &output);
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 1536 * 1024 * 1024,
                rlim_max: 1536 * 1024 * 1024,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(err.contains("out of memory"), "{err}");
    assert_eq!(common::snapshot(&output), before);
}

/// A build projected to need more memory than it may use stops early, says how much it would
/// need, and leaves the output as it was; with room, the same build succeeds.
#[test]
fn a_build_that_cannot_fit_stops_early_with_the_estimate() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    kgpipe::corpus::generate(&corpus, 200, 3, &common::repo().join("input")).unwrap();
    let out = tmp.path().join("out");
    let run = common::kgpipe_build_rules(&corpus, &out)
        .args(["--memory-limit", "1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("the graph would need about") && stderr.contains("MiB"),
        "{stderr}"
    );
    assert!(!out.exists(), "no output is written");
    let run = common::kgpipe_build_rules(&corpus, &out)
        .args(["--memory-limit", "100000"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
