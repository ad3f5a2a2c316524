//! Runs the stages in order for the CLI and for tests.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::extract::model::ExtractorKind;
use crate::extract::Extractor;
use crate::graph::{self, KnowledgeGraph};
use crate::nlp::Nlp;
use crate::ontology::{Label, RelType};
use crate::resolve::{self, MergeRecord};
use crate::{ingest, validate};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Documented resource limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest article read, in bytes; a larger one is an input error (or skipped).
    pub max_article_bytes: u64,
    /// Evidence sentences kept per relationship (the strongest first); `None` keeps all.
    /// The total found is exported as `evidence_total`.
    pub max_evidence_per_edge: Option<usize>,
    /// Longest name, in characters; a longer capitalised run is not taken as a name.
    pub max_name_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: 32 * 1024 * 1024,
            max_evidence_per_edge: None,
            max_name_chars: 200,
        }
    }
}

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Holds `articles/` and the configuration files.
    pub input: PathBuf,
    pub output: PathBuf,
    pub formats: Vec<Format>,
    /// Render `graph.svg` with Graphviz when `dot` is on PATH.
    pub render_svg: bool,
    /// Skip an unreadable or invalid article with a warning instead of failing the build.
    pub skip_bad_articles: bool,
    pub limits: Limits,
    /// Show a progress bar on stderr when it is a terminal.
    pub progress: bool,
    /// The rules alone, or the rules with the trained NLP layer.
    pub extractor: ExtractorKind,
}

impl BuildOptions {
    pub fn new(input: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Self {
        BuildOptions {
            input: input.into(),
            output: output.into(),
            formats: Format::ALL.to_vec(),
            render_svg: true,
            skip_bad_articles: false,
            limits: Limits::default(),
            progress: false,
            extractor: ExtractorKind::Rules,
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: usize,
    /// Articles left out, with the reason (empty, or bad with `--skip-bad-articles`).
    pub skipped: Vec<String>,
    pub nodes: BTreeMap<Label, usize>,
    pub relationships: BTreeMap<RelType, usize>,
    pub files: Vec<PathBuf>,
    pub warnings: Vec<String>,
    pub stats: Stats,
}

/// Everything before export: the graph, plus the merge report and warnings.
pub struct Built {
    pub graph: KnowledgeGraph,
    pub merges: Vec<MergeRecord>,
    pub warnings: Vec<String>,
    pub documents: usize,
    pub skipped: Vec<String>,
    pub stats: Stats,
}

/// Work done per stage: busy time summed over threads, and the volume read.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub words: u64,
    pub bytes: u64,
    /// (stage, busy time); parallel stages sum the time of every thread.
    pub stages: Vec<(&'static str, Duration)>,
    /// Wall time of the parallel read/extract/resolve phase.
    pub parallel_wall: Duration,
}

impl Stats {
    pub fn add(&mut self, stage: &'static str, d: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += d,
            None => self.stages.push((stage, d)),
        }
    }
}

/// Articles handled together: bounds the memory held by texts, tokens and mentions.
const BATCH: usize = 512;

/// Runs ingest → extract → resolve → graph → validate on `input` with default settings.
pub fn build_graph(input: &Path) -> Result<Built> {
    build_graph_with(&BuildOptions::new(input, ""))
}

/// Runs ingest → extract → resolve → graph → validate with the given options.
pub fn build_graph_with(options: &BuildOptions) -> Result<Built> {
    let input = &options.input;
    if !input.is_dir() {
        return Err(Error::Read {
            path: input.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "input directory does not exist",
            ),
        });
    }
    let config = Config::load(input)?;
    let extractor = Extractor::new(config)?.with_max_name_chars(options.limits.max_name_chars);
    let nlp = match options.extractor {
        ExtractorKind::Model => Some(Nlp::embedded()?),
        ExtractorKind::Rules => None,
    };
    let files = ingest::list_articles(&input.join("articles"))?;
    let mut skipped = Vec::new();
    let mut stats = Stats::default();
    let mut documents = 0;
    let mut resolver = resolve::Resolver::new(extractor.config());
    let bar = if options.progress && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let wall = Instant::now();
    for batch in files.chunks(BATCH) {
        // Read, extract and resolve each article on any thread; merge in file order, so the
        // result is the same for every thread count.
        let done: Vec<Result<Option<Processed>>> = batch
            .par_iter()
            .map(|f| {
                process(
                    &extractor,
                    nlp.as_ref(),
                    f,
                    options.limits.max_article_bytes,
                )
            })
            .collect();
        for (f, r) in batch.iter().zip(done) {
            match r {
                Ok(Some(p)) => {
                    stats.words += p.words;
                    stats.bytes += p.bytes;
                    for (stage, d) in p.times {
                        stats.add(stage, d);
                    }
                    let t = Instant::now();
                    resolver.add(&p.extraction, p.resolution);
                    stats.add("merge", t.elapsed());
                    documents += 1;
                }
                Ok(None) => skipped.push(format!("{}: empty article (no text)", f.display())),
                Err(e)
                    if options.skip_bad_articles
                        && matches!(e, Error::Input { .. } | Error::Read { .. }) =>
                {
                    skipped.push(e.to_string())
                }
                Err(e) => return Err(e),
            }
        }
        bar.inc(batch.len() as u64);
    }
    bar.finish_and_clear();
    stats.parallel_wall = wall.elapsed();
    let t = Instant::now();
    let resolution = resolver.finish();
    stats.add("merge", t.elapsed());
    let t = Instant::now();
    let kg = graph::build(
        extractor.config(),
        &resolution,
        options.limits.max_evidence_per_edge,
    );
    stats.add("graph", t.elapsed());
    let t = Instant::now();
    let violations = validate::validate(&kg);
    stats.add("validate", t.elapsed());
    if let Some(first) = violations.first() {
        return Err(Error::Invalid {
            count: violations.len(),
            first: first.0.clone(),
        });
    }
    Ok(Built {
        graph: kg,
        merges: resolution.merges,
        warnings: resolution.warnings,
        documents,
        skipped,
        stats,
    })
}

/// One article through ingest, extract and document-level resolution.
struct Processed {
    extraction: crate::extract::Extraction,
    resolution: resolve::DocumentResolution,
    words: u64,
    bytes: u64,
    times: [(&'static str, Duration); 3],
}

fn process(
    extractor: &Extractor,
    nlp: Option<&Nlp>,
    path: &Path,
    max_bytes: u64,
) -> Result<Option<Processed>> {
    let t = Instant::now();
    let doc = ingest::read_document(path, extractor.abbreviations(), max_bytes)?;
    let t_ingest = t.elapsed();
    if doc.sentences.is_empty() {
        return Ok(None);
    }
    let words = doc.tokens.iter().filter(|t| t.is_word).count() as u64;
    let bytes = doc.text.len() as u64;
    let t = Instant::now();
    let extraction = match nlp {
        Some(nlp) => {
            let parse = nlp.parse(&doc.text);
            extractor.extract_with_parse(doc, &parse)
        }
        None => extractor.extract(doc),
    };
    let t_extract = t.elapsed();
    let t = Instant::now();
    let resolution = resolve::resolve_document(extractor.config(), &extraction);
    let t_resolve = t.elapsed();
    Ok(Some(Processed {
        extraction,
        resolution,
        words,
        bytes,
        times: [
            ("ingest", t_ingest),
            ("extract", t_extract),
            ("resolve", t_resolve),
        ],
    }))
}

/// Builds the graph and writes the requested formats into `output`, atomically.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let built = build_graph_with(options)?;
    let mut warnings = built.warnings.clone();
    let mut stats = built.stats.clone();
    let mut timings = Vec::new();
    let files = export::write_all(
        &built,
        &options.output,
        &options.formats,
        options.render_svg,
        &mut warnings,
        &mut timings,
    )?;
    for (stage, d) in timings {
        stats.add(stage, d);
    }
    Ok(Summary {
        documents: built.documents,
        skipped: built.skipped.clone(),
        nodes: built.graph.count_by_label(),
        relationships: built.graph.count_by_type(),
        files,
        warnings,
        stats,
    })
}
