//! The model path in one run, on the same texts: the bare NLP layer (`Nlp::parse_batch` over the
//! ingested article texts), `kgpipe build --extractor model` end to end with its per-stage busy
//! time, their ratio (target ≥ 0.75), and a Python peer doing the same job (spaCy's same model,
//! rules from the lexicon, networkx, CSV and JSON: `scripts/peer/`) with kgpipe's speed over
//! the peer's (target ≥ 3×). Run:
//!
//! ```sh
//! cargo bench --bench model                              # 300 generated articles + the repository's
//! cargo bench --bench model -- --articles 1000 --no-peer # articles repeated, peer included
//! ```
//!
//! Words are kgpipe's word count of the ingested texts, the same for every figure. The peer sets
//! up its own venv under `target/peer-venv` on first use; its time excludes that and loading
//! spaCy, while kgpipe's build time includes loading the model.

use kgpipe::config::Config;
use kgpipe::ingest::{self, Abbreviations, Input, InputSpec, RawArticle};
use kgpipe::nlp::Nlp;
use kgpipe::{build, BuildOptions, ExtractorKind, Summary};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Texts handed to `parse_batch` at a time (as the NLP benchmark does).
const CHUNK: usize = 512;
/// Words of the repository's articles, repeated, in a full run.
const REAL_WORDS: usize = 60_000;

struct Options {
    articles: usize,
    real_words: usize,
    peer: bool,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --all-targets` runs this without `--bench`: then a smoke size, no Python.
    let smoke = !args.iter().any(|a| a == "--bench");
    let articles = args
        .iter()
        .position(|a| a == "--articles")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(if smoke { 8 } else { 300 });
    Options {
        articles,
        real_words: if smoke { 1 } else { REAL_WORDS },
        peer: !smoke && !args.iter().any(|a| a == "--no-peer"),
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Generated articles (seed 1), cached under target/.
fn generated_corpus(articles: usize) -> PathBuf {
    let dir = root()
        .join("target/bench-corpus")
        .join(format!("{articles}-seed1"));
    if !dir.join("gold.json").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        kgpipe::corpus::generate(&dir, articles, 1, &root().join("input"))
            .expect("corpus generates");
    }
    dir
}

/// The articles of `tests/articles/` and `input/articles/`, repeated until they hold at least
/// `words` words, in a folder of their own (built-in configuration).
fn repository_corpus(words: usize) -> PathBuf {
    let mut sources: Vec<PathBuf> = ["tests/articles", "input/articles"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root().join(d)).expect("article folder"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    sources.sort();
    let texts: Vec<String> = sources
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("article"))
        .collect();
    let per_copy: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let copies = words.div_ceil(per_copy.max(1)).max(1);
    let dir = root()
        .join("target/bench-corpus")
        .join(format!("repository-x{copies}"));
    let articles = dir.join("articles");
    if !articles.exists() {
        std::fs::create_dir_all(&articles).expect("corpus folder");
        for copy in 0..copies {
            for (path, text) in sources.iter().zip(&texts) {
                let name = path.file_name().expect("file name").to_string_lossy();
                std::fs::write(articles.join(format!("{copy:03}_{name}")), text)
                    .expect("article written");
            }
        }
    }
    dir
}

/// The article texts of `dir` as the build ingests them (what the model path parses).
fn ingested_texts(dir: &Path) -> Vec<String> {
    let config = Config::load_layered(Some(dir)).expect("configuration");
    let abbreviations = Abbreviations::new(&config.cues.abbreviations);
    let input = Input::list(&InputSpec::new(dir)).expect("input lists");
    let mut raws: Vec<RawArticle> = Vec::new();
    for unit in &input.units {
        ingest::source::read_unit(unit, u64::MAX, &mut |a| {
            raws.push(a?);
            Ok(())
        })
        .expect("article reads");
    }
    raws.into_iter()
        .map(|a| ingest::ingest_article(a, &abbreviations).text)
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// CPU time (user + system) of this process so far.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Wall and CPU seconds of a run.
#[derive(Clone, Copy)]
struct Time {
    wall: f64,
    cpu: f64,
}

/// Times `f`, with the CPU time of this process.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Time) {
    let (cpu, t) = (cpu_time(), Instant::now());
    let out = f();
    let time = Time {
        wall: t.elapsed().as_secs_f64(),
        cpu: (cpu_time() - cpu).as_secs_f64(),
    };
    (out, time)
}

/// The bare NLP layer over `texts`.
fn bare_nlp(texts: &[String]) -> Time {
    let nlp = Nlp::embedded().expect("model loads");
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (tokens, time) = timed(|| parse_all(&nlp, &refs));
    assert!(tokens > 0, "the NLP layer found tokens");
    time
}

/// Tokens of `texts`, parsed `CHUNK` texts at a time.
fn parse_all(nlp: &Nlp, refs: &[&str]) -> usize {
    refs.chunks(CHUNK)
        .map(|c| {
            nlp.parse_batch(c)
                .iter()
                .map(|d| d.tokens.len())
                .sum::<usize>()
        })
        .sum()
}

/// `kgpipe build --extractor model` on `dir` (loading the model included).
fn model_build(dir: &Path, name: &str) -> (Summary, Time) {
    let out = std::env::temp_dir().join(format!("kgpipe-bench-model-{name}"));
    // The bench's own scratch folder; kgpipe itself refuses to replace an unmarked one.
    let _ = std::fs::remove_dir_all(&out);
    let mut options = BuildOptions::new(dir, &out);
    options.render_svg = false;
    options.extractor = ExtractorKind::Model;
    let (summary, time) = timed(|| build(&options).expect("build succeeds"));
    let _ = std::fs::remove_dir_all(&out);
    (summary, time)
}

/// The Python peer on `dir`: its wall and CPU seconds (its worker processes included) from
/// reading the articles to the written output, or why not.
fn peer(dir: &Path, name: &str) -> Result<Time, String> {
    let out = std::env::temp_dir().join(format!("kgpipe-bench-peer-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new("bash")
        .arg(root().join("scripts/peer/run.sh"))
        .arg("--input")
        .arg(dir)
        .arg("--output")
        .arg(&out)
        .output()
        .map_err(|e| format!("cannot run scripts/peer/run.sh: {e}"))?;
    let _ = std::fs::remove_dir_all(&out);
    if !run.status.success() {
        return Err(String::from_utf8_lossy(&run.stderr).into_owned());
    }
    let stdout = String::from_utf8_lossy(&run.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let report: serde_json::Value =
        serde_json::from_str(last).map_err(|e| format!("peer output {last:?}: {e}"))?;
    let field = |k: &str| {
        report[k]
            .as_f64()
            .ok_or_else(|| format!("peer output without {k}: {last}"))
    };
    Ok(Time {
        wall: field("seconds")?,
        cpu: field("cpu_seconds")?,
    })
}

fn print_stages(summary: &Summary, words: f64) {
    let s = &summary.stats;
    println!(
        "  parallel read/ingest/nlp/extract/resolve wall {:.2} s",
        s.parallel_wall.as_secs_f64()
    );
    let busy: f64 = s.stages.iter().map(|(_, d)| d.as_secs_f64()).sum();
    for (stage, d) in &s.stages {
        let secs = d.as_secs_f64();
        println!(
            "  {stage:<14} {secs:8.2} s busy  {:5.1}%  {:>12.0} words/s",
            100.0 * secs / busy,
            words / secs
        );
    }
}

fn print_rate(what: &str, time: Time, words: f64) {
    println!(
        "{what:<16} {:8.2} s {:>10.0} words/s   CPU {:8.2} s {:>10.0} words/CPU-s",
        time.wall,
        words / time.wall,
        time.cpu,
        words / time.cpu
    );
}

fn run(name: &str, dir: &Path, options: &Options) {
    let texts = ingested_texts(dir);
    let nlp = bare_nlp(&texts);
    let (summary, build) = model_build(dir, name);
    let words = summary.stats.words as f64;
    println!(
        "\n== {name}: {} articles, {} words",
        summary.documents, summary.stats.words
    );
    print_rate("bare NLP layer", nlp, words);
    print_rate("model build", build, words);
    println!(
        "  build / NLP: {:.2} by wall time, {:.2} by CPU time (target >= 0.75)",
        nlp.wall / build.wall,
        nlp.cpu / build.cpu
    );
    print_stages(&summary, words);
    if !options.peer {
        return;
    }
    match peer(dir, name) {
        Ok(peer) => {
            print_rate("python peer", peer, words);
            println!(
                "  kgpipe / peer: {:.2}x by wall time, {:.2}x by CPU time (target >= 3x)",
                peer.wall / build.wall,
                peer.cpu / build.cpu
            );
        }
        Err(e) => println!("python peer: not run: {e}"),
    }
}

fn main() {
    let options = options();
    println!(
        "kgpipe model-path benchmark: {} threads, {} cores",
        rayon::current_num_threads(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let generated = generated_corpus(options.articles);
    run("generated", &generated, &options);
    let repository = repository_corpus(options.real_words);
    run("repository", &repository, &options);
}
