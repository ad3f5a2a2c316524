//! The full build (`--extractor rules`, the fast path; `benches/model.rs` measures the model)
//! over generated corpora, with per-stage figures and a bare aho-corasick scan
//! of the same bytes as the physical reference. Run:
//!
//! ```sh
//! cargo bench --bench pipeline -- --sizes 1000,10000,100000
//! ```
//!
//! `--huge` adds 300,000 articles. Corpora are generated (deterministically, seed 1) under
//! `target/bench-corpus/` and reused.

use kgpipe::{build, BuildOptions, ExtractorKind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn peak_rss_reset() {
    // Linux: writing 5 resets the peak resident set size (VmHWM) of this process.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn corpus(size: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root
        .join("target/bench-corpus")
        .join(format!("{size}-seed1"));
    if !dir.join("gold.json").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let t = Instant::now();
        let words =
            kgpipe::corpus::generate(&dir, size, 1, &root.join("input")).expect("corpus generates");
        eprintln!(
            "generated {size} articles ({words} words) in {:.1?}",
            t.elapsed()
        );
    }
    dir
}

/// Reads every article and runs one aho-corasick automaton of all lexicon names over it.
fn bare_scan(dir: &Path) -> (Duration, u64) {
    let config = kgpipe::config::Config::load(dir).expect("config");
    let names: Vec<&str> = config
        .lexicon
        .iter()
        .flat_map(|e| std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str)))
        .collect();
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&names)
        .expect("automaton");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let t = Instant::now();
    let mut hits = 0u64;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        hits += ac.find_iter(&bytes).count() as u64;
    }
    (t.elapsed(), hits)
}

/// One size's figures, for the summary table.
struct Row {
    size: usize,
    words: u64,
    mb: f64,
    wall: f64,
    rss_mib: f64,
    edges: usize,
    export_wall: f64,
    scan_ratio: f64,
}

fn sizes_from_args(args: &[String]) -> Vec<usize> {
    let mut sizes: Vec<usize> = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        // `cargo test --all-targets` runs this without `--bench`: then only a smoke size.
        .unwrap_or_else(|| {
            if args.iter().any(|a| a == "--bench") {
                vec![1000, 10_000, 100_000]
            } else {
                vec![50]
            }
        });
    if args.iter().any(|a| a == "--huge") && !sizes.contains(&300_000) {
        sizes.push(300_000);
    }
    sizes
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes = sizes_from_args(&args);
    let threads = rayon::current_num_threads();
    println!(
        "kgpipe pipeline benchmark: {threads} threads, {} cores; busy = CPU time summed over threads",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let mut rows: Vec<Row> = Vec::new();
    for size in sizes {
        rows.push(run_size(size));
    }
    print_summary(&rows);
}

fn run_size(size: usize) -> Row {
    let dir = corpus(size);
    let out = std::env::temp_dir().join(format!("kgpipe-bench-out-{size}"));
    // The bench's own scratch folder; kgpipe itself refuses to replace an unmarked one.
    let _ = std::fs::remove_dir_all(&out);
    let mut options = BuildOptions::new(&dir, &out);
    options.render_svg = false;
    // The rules fast path; `--bench model` measures the model extractor.
    options.extractor = ExtractorKind::Rules;
    peak_rss_reset();
    let t = Instant::now();
    let summary = build(&options).expect("build succeeds");
    let wall = t.elapsed().as_secs_f64();
    let rss = peak_rss_mib();
    let s = &summary.stats;
    let words = s.words as f64;
    let edges: usize = summary.relationships.values().sum();
    println!(
        "\n== {size} articles: {} words, {:.1} MB, {edges} relationships",
        s.words,
        s.bytes as f64 / 1e6
    );
    println!(
        "end to end      {wall:8.2} s   {:>12.0} words/s   {:7.2} MB/s   peak RSS {rss:.0} MiB = {:.0} bytes/edge, {:.1} KiB/article",
        words / wall,
        s.bytes as f64 / 1e6 / wall,
        rss * 1048576.0 / edges.max(1) as f64,
        rss * 1024.0 / size as f64,
    );
    print_stages(s, words, edges);
    let (scan, hits) = bare_scan(&dir);
    let scan_rate = words / scan.as_secs_f64();
    let scan_ratio = scan_rate / (words / wall);
    println!(
        "bare aho-corasick scan {:.3} s   {:>12.0} words/s ({hits} hits); pipeline / scan = {scan_ratio:.1}x slower",
        scan.as_secs_f64(),
        scan_rate
    );
    if size <= 10_000 {
        print_quality(&dir, &out);
    }
    let _ = std::fs::remove_dir_all(&out);
    Row {
        size,
        words: s.words,
        mb: s.bytes as f64 / 1e6,
        wall,
        rss_mib: rss,
        edges,
        export_wall: s.export_wall.as_secs_f64(),
        scan_ratio,
    }
}

fn print_stages(s: &kgpipe::Stats, words: f64, edges: usize) {
    println!(
        "  wall: read/extract/resolve {:.2} s (parallel), export {:.2} s (formats in parallel) = {:.0} edges/s",
        s.parallel_wall.as_secs_f64(),
        s.export_wall.as_secs_f64(),
        edges as f64 / s.export_wall.as_secs_f64()
    );
    for (stage, d) in &s.stages {
        let secs = d.as_secs_f64();
        let rate = if stage.starts_with("export") {
            format!("{:>12.0} edges/s", edges as f64 / secs)
        } else {
            format!("{:>12.0} words/s", words / secs)
        };
        println!("  {stage:<14} {secs:8.2} s busy   {rate}");
    }
    let walls: Vec<String> = s
        .walls
        .iter()
        .map(|(stage, d)| format!("{stage} {:.3} s", d.as_secs_f64()))
        .collect();
    println!("  wall: {}", walls.join(", "));
    let memory: Vec<String> = s
        .memory
        .iter()
        .map(|(stage, b)| format!("{stage} {:.0} MiB", *b as f64 / 1048576.0))
        .collect();
    println!("  peak memory after: {}", memory.join(", "));
}

fn print_quality(dir: &Path, out: &Path) {
    let gold = kgpipe::score::Gold::load(&dir.join("gold.json")).expect("gold");
    let (nodes, rels) = kgpipe::score::read_export(&out.join("neo4j"), ';').expect("export reads");
    let score = kgpipe::score::score(&gold, &nodes, &rels);
    let (e, r) = (score.entity_total(), score.relation_total());
    println!("quality on the generated gold: entities F1 {:.3} (P {:.3} R {:.3}), relationships F1 {:.3} (P {:.3} R {:.3})", e.f1(), e.precision(), e.recall(), r.f1(), r.precision(), r.recall());
}

/// The README's scale table, and how each figure grows with the corpus.
fn print_summary(rows: &[Row]) {
    println!("\n| articles | words | MB | end to end | words/s | MB/s | peak RSS | bytes/edge | exports (all, parallel) | vs bare scan |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {:.2} M | {:.1} | {:.2} s | {:.0} k | {:.2} | {:.0} MiB | {:.0} | {:.2} M edges/s | {:.0}× slower |",
            r.size,
            r.words as f64 / 1e6,
            r.mb,
            r.wall,
            r.words as f64 / r.wall / 1e3,
            r.mb / r.wall,
            r.rss_mib,
            r.rss_mib * 1048576.0 / r.edges.max(1) as f64,
            r.edges as f64 / r.export_wall / 1e6,
            r.scan_ratio,
        );
    }
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        println!(
            "growth {} → {} articles ({:.0}x): time {:.2}x, peak RSS {:.2}x, RSS per article {:.1} → {:.1} KiB",
            a.size,
            b.size,
            b.size as f64 / a.size as f64,
            b.wall / a.wall,
            b.rss_mib / a.rss_mib,
            a.rss_mib * 1024.0 / a.size as f64,
            b.rss_mib * 1024.0 / b.size as f64,
        );
    }
}
