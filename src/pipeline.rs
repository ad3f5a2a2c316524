//! Runs the stages in order for the CLI and for tests.

use crate::busy::{Busy, ProcessBusy};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::extract::model::ExtractorKind;
use crate::extract::Extractor;
use crate::graph::{self, KnowledgeGraph};
use crate::ingest::{Document, Input, InputSpec, RawArticle, Skip};
use crate::nlp::Nlp;
use crate::ontology::{Label, RelType};
use crate::output::{Kind, OutputPolicy, Transaction};
use crate::progress::{Progress, ProgressMode};
use crate::report::{self, LeftOut};
use crate::resolve;
use crate::{ingest, validate};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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
    /// Most resident memory the build may plan for, in bytes; by default what the process
    /// holds plus the system's available memory and free swap. A build projected to need
    /// more stops early with [`Error::TooLarge`] instead of running out of memory.
    pub memory_limit: Option<u64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: 32 * 1024 * 1024,
            max_evidence_per_edge: None,
            max_name_chars: 200,
            memory_limit: None,
        }
    }
}

/// How long `dot` may take by default (`--dot-timeout`).
pub const DEFAULT_DOT_TIMEOUT: Duration = Duration::from_secs(60);

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// A folder of articles (read recursively; `DIR/articles` when it exists), one article
    /// file, or `-` for standard input.
    pub input: PathBuf,
    /// Which files of an input folder to read; by default those of a known form.
    pub glob: Option<String>,
    /// Read every input in this form (`txt`, `md`, `html`, `jsonl`) instead of by extension.
    pub input_format: Option<String>,
    /// Read symlinks that lead out of the input folder.
    pub follow_symlinks: bool,
    /// A folder whose `lexicon.toml`, `cues.toml`, `patterns.toml` override the built-in
    /// defaults. Without it, such files in the input folder itself do.
    pub config: Option<PathBuf>,
    pub output: PathBuf,
    pub formats: Vec<Format>,
    /// Render `graph.svg` with Graphviz when `dot` is on PATH.
    pub render_svg: bool,
    /// Skip an unreadable or invalid article with a warning instead of failing the build.
    pub skip_bad_articles: bool,
    pub limits: Limits,
    /// When to draw progress on stderr.
    pub progress: ProgressMode,
    /// Waiting for another run on the same output, and replacing changed kgpipe files.
    pub output_policy: OutputPolicy,
    /// Longest time Graphviz may take to render `graph.svg`.
    pub dot_timeout: Duration,
    /// The rules alone, or the rules with the trained NLP layer.
    pub extractor: ExtractorKind,
    /// Draw one entity's neighbourhood in `graph.dot` instead of the whole graph or summary.
    pub focus: Option<export::dot::Focus>,
}

impl BuildOptions {
    pub fn new(input: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Self {
        BuildOptions {
            input: input.into(),
            glob: None,
            input_format: None,
            follow_symlinks: false,
            config: None,
            output: output.into(),
            formats: Format::all(),
            render_svg: true,
            skip_bad_articles: false,
            limits: Limits::default(),
            output_policy: OutputPolicy::default(),
            dot_timeout: DEFAULT_DOT_TIMEOUT,
            extractor: ExtractorKind::default(),
            progress: ProgressMode::Never,
            focus: None,
        }
    }

    /// The input as the ingest stage reads it.
    pub fn input_spec(&self) -> InputSpec {
        InputSpec {
            path: self.input.clone(),
            glob: self.glob.clone(),
            format: self.input_format.clone(),
            follow_symlinks: self.follow_symlinks,
        }
    }

    /// The configuration folder in effect: `config`, else the input folder when it holds
    /// configuration files, else none (the built-in defaults).
    pub fn config_dir(&self) -> Option<PathBuf> {
        match &self.config {
            Some(c) => Some(c.clone()),
            None => Some(self.input.clone())
                .filter(|i| i.is_dir() && crate::config::holds_configuration(i)),
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: usize,
    /// Inputs left out, with the reason (empty, hidden, special files, or bad with
    /// `--skip-bad-articles`).
    pub skipped: Vec<Skip>,
    pub nodes: BTreeMap<Label, usize>,
    pub relationships: BTreeMap<RelType, usize>,
    pub files: Vec<PathBuf>,
    pub warnings: Vec<String>,
    /// Names no cue typed, left out of the graph (details in `report.json`).
    pub left_out: usize,
    pub stats: Stats,
}

/// Everything before export: the graph, plus the merge report, warnings and what was left out.
pub struct Built {
    pub graph: KnowledgeGraph,
    pub merges: resolve::MergeLog,
    pub warnings: Vec<String>,
    pub documents: usize,
    pub skipped: Vec<Skip>,
    /// Untyped names, none of which is in the graph.
    pub left_out: Vec<LeftOut>,
    pub stats: Stats,
}

/// Work done per stage: busy time (CPU time) summed over threads, wall times, memory, and the
/// volume read.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub words: u64,
    pub bytes: u64,
    /// (stage, busy time); parallel stages sum the CPU time of every thread.
    pub stages: Vec<(&'static str, Duration)>,
    /// Wall time of the parallel read/extract/resolve phase.
    pub parallel_wall: Duration,
    /// Wall time of the export, all formats in parallel.
    pub export_wall: Duration,
    /// (stage, wall time) of the graph and validate stages.
    pub walls: Vec<(&'static str, Duration)>,
    /// (stage, peak resident memory of the process in bytes when the stage ended), on Linux.
    pub memory: Vec<(&'static str, u64)>,
}

impl Stats {
    /// Notes the process's peak memory so far as of the end of `stage`.
    pub fn note_memory(&mut self, stage: &'static str) {
        if let Some(bytes) = crate::busy::peak_rss_bytes() {
            self.memory.push((stage, bytes));
        }
    }

    pub fn add(&mut self, stage: &'static str, d: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, t)) => *t += d,
            None => self.stages.push((stage, d)),
        }
    }
}

/// Articles handled together, at most: bounds the memory held by texts, tokens and mentions.
const BATCH: usize = 512;

/// Article bytes handled together, at most (one larger article forms a batch of its own).
/// Extraction holds about 120 bytes per byte of text, so a batch peaks near 1 GiB.
pub const BATCH_BYTES: u64 = 8 * 1024 * 1024;

/// Splits `sizes` (bytes per article, in order) into consecutive batches of at most `count`
/// articles and `bytes` bytes; an article larger than `bytes` is a batch of its own.
pub fn batches(sizes: &[u64], count: usize, bytes: u64) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut sum) = (0, 0u64);
    for (i, &size) in sizes.iter().enumerate() {
        if starts_new_batch(i - start, sum, size, count, bytes) {
            out.push(start..i);
            start = i;
            sum = 0;
        }
        sum = sum.saturating_add(size);
    }
    if start < sizes.len() {
        out.push(start..sizes.len());
    }
    out
}

/// Whether an article of `size` bytes must start a new batch after `len` articles of `sum`
/// bytes.
fn starts_new_batch(len: usize, sum: u64, size: u64, count: usize, bytes: u64) -> bool {
    len == count || (len > 0 && sum.saturating_add(size) > bytes)
}

/// Runs ingest → extract → resolve → graph → validate on `input` with default settings.
pub fn build_graph(input: &Path) -> Result<Built> {
    build_graph_with(&BuildOptions::new(input, ""))
}

/// Runs ingest → extract → resolve → graph → validate with the given options.
pub fn build_graph_with(options: &BuildOptions) -> Result<Built> {
    build_graph_showing(options, &Progress::hidden())
}

fn load_config(options: &BuildOptions) -> Result<Config> {
    match options.config_dir() {
        Some(dir) if options.config.is_some() => Config::load(&dir),
        dir => Config::load_layered(dir.as_deref()),
    }
}

fn build_graph_showing(options: &BuildOptions, progress: &Progress) -> Result<Built> {
    let config = load_config(options)?;
    let extractor = Extractor::new(config)?.with_max_name_chars(options.limits.max_name_chars);
    let nlp = match options.extractor {
        ExtractorKind::Model => Some(Nlp::embedded()?),
        ExtractorKind::Rules => None,
    };
    let input = Input::list(&options.input_spec())?;
    let mut reading = Reading::new(&extractor, nlp.as_ref(), options);
    reading.memory.total = input.units.iter().map(|u| u.size).sum();
    reading.skipped = input.skipped;
    reading.warnings = input.notes;
    for e in input.refused {
        reading.bad(e)?;
    }
    progress.stage("read · extract · resolve");
    let wall = Instant::now();
    for unit in &input.units {
        let before = reading.read;
        ingest::source::read_unit(unit, options.limits.max_article_bytes, &mut |a| {
            reading.accept(a)
        })?;
        progress.advance(unit.size, reading.read - before);
        reading.memory.consumed += unit.size;
    }
    reading.flush()?;
    reading.stats.parallel_wall = wall.elapsed();
    reading.stats.note_memory("read · extract · resolve");
    progress.after_reading();
    reading.finish(progress)
}

/// The read phase: articles collected into batches, each batch read, extracted and resolved
/// in parallel and merged in input order, so the result is the same for every thread count.
struct Reading<'a> {
    extractor: &'a Extractor,
    /// The trained NLP layer, for the model extractor.
    nlp: Option<&'a Nlp>,
    options: &'a BuildOptions,
    resolver: resolve::Resolver<'a>,
    pending: Vec<RawArticle>,
    /// Text bytes of `pending`.
    pending_bytes: u64,
    article_ids: BTreeSet<String>,
    /// Articles read so far (processed or not).
    read: u64,
    documents: usize,
    skipped: Vec<Skip>,
    warnings: Vec<String>,
    left_out: Vec<LeftOut>,
    stats: Stats,
    memory: MemoryWatch,
}

impl<'a> Reading<'a> {
    fn new(extractor: &'a Extractor, nlp: Option<&'a Nlp>, options: &'a BuildOptions) -> Self {
        Reading {
            extractor,
            nlp,
            options,
            resolver: resolve::Resolver::new(extractor.config()),
            pending: Vec::new(),
            pending_bytes: 0,
            article_ids: BTreeSet::new(),
            read: 0,
            documents: 0,
            skipped: Vec::new(),
            warnings: Vec::new(),
            left_out: Vec::new(),
            stats: Stats::default(),
            memory: MemoryWatch::new(options.limits.memory_limit, options.input.clone()),
        }
    }

    /// Takes one article from a reader; a full batch is processed at once.
    fn accept(&mut self, article: Result<RawArticle>) -> Result<()> {
        match article {
            Ok(mut a) => {
                self.read += 1;
                self.warnings.append(&mut a.warnings);
                let size = a.text.len() as u64;
                if starts_new_batch(
                    self.pending.len(),
                    self.pending_bytes,
                    size,
                    BATCH,
                    BATCH_BYTES,
                ) {
                    self.flush()?;
                }
                self.pending_bytes = self.pending_bytes.saturating_add(size);
                self.pending.push(a);
                Ok(())
            }
            Err(e) => self.bad(e),
        }
    }

    /// A bad input: skipped with `--skip-bad-articles`, else the build's error.
    fn bad(&mut self, e: Error) -> Result<()> {
        let skippable = matches!(e, Error::Input { .. } | Error::Read { .. });
        if !(self.options.skip_bad_articles && skippable) {
            return Err(e);
        }
        self.skipped.push(Skip {
            article: e
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            reason: e.reason(),
        });
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let batch = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let extractor = self.extractor;
        let done: Vec<(String, Option<Processed>)> = match self.nlp {
            Some(nlp) => process_with_model(extractor, nlp, batch),
            None => batch
                .into_par_iter()
                .map(|a| (a.id.clone(), process(extractor, a)))
                .collect(),
        };
        let accepted: Vec<Processed> = done
            .into_iter()
            .filter_map(|(id, p)| self.accept_processed(id, p))
            .collect();
        self.merge(accepted);
        self.memory
            .check(self.stats.bytes.max(self.memory.consumed))
    }

    /// Counts a processed article in, or records why it is skipped.
    fn accept_processed(&mut self, id: String, processed: Option<Processed>) -> Option<Processed> {
        let Some(mut p) = processed else {
            self.skipped.push(Skip {
                article: id,
                reason: "empty article (no text)".into(),
            });
            return None;
        };
        if !self
            .article_ids
            .insert(crate::graph::node_id(Label::Article, &id))
        {
            self.skipped.push(Skip {
                article: id,
                reason: "its id maps to the article id of an earlier article".into(),
            });
            return None;
        }
        self.stats.words += p.words;
        self.stats.bytes += p.bytes;
        for (stage, d) in p.times.drain(..) {
            self.stats.add(stage, d);
        }
        self.left_out.append(&mut p.left_out);
        self.documents += 1;
        Some(p)
    }

    /// The batch's documents merged in input order.
    fn merge(&mut self, batch: Vec<Processed>) {
        let (extractions, resolutions): (Vec<_>, Vec<_>) = batch
            .into_iter()
            .map(|p| (p.extraction, p.resolution))
            .unzip();
        let busy = self
            .resolver
            .add_batch(extractions.iter().zip(resolutions).collect());
        self.stats.add("merge", busy);
    }

    /// Cross-document merge, graph, validation.
    fn finish(mut self, progress: &Progress) -> Result<Built> {
        progress.stage("merge");
        let t = Busy::start();
        let (resolution, workers) = self.resolver.finish_timed();
        self.stats.add("merge", t.elapsed() + workers);
        self.stats.note_memory("merge");
        progress.stage("graph");
        let (t, wall) = (ProcessBusy::start(), Instant::now());
        let kg = graph::build(
            self.extractor.config(),
            &resolution,
            self.options.limits.max_evidence_per_edge,
        );
        self.stats.add("graph", t.elapsed());
        self.stats.walls.push(("graph", wall.elapsed()));
        self.stats.note_memory("graph");
        let resolve::Resolution {
            merges,
            warnings: resolution_warnings,
            ..
        } = resolution;
        crate::busy::release_free_memory();
        progress.stage("validate");
        let (t, wall) = (ProcessBusy::start(), Instant::now());
        let violations = validate::validate(&kg);
        self.stats.add("validate", t.elapsed());
        self.stats.walls.push(("validate", wall.elapsed()));
        if let Some(first) = violations.first() {
            return Err(Error::Invalid {
                count: violations.len(),
                first: first.0.clone(),
            });
        }
        let names = report::graph_names(&kg);
        let mut warnings = self.extractor.config().warnings.clone();
        warnings.extend(resolution_warnings);
        warnings.append(&mut self.warnings);
        Ok(Built {
            left_out: report::without_graph_names(self.left_out, &names),
            graph: kg,
            merges,
            warnings,
            documents: self.documents,
            skipped: self.skipped,
            stats: self.stats,
        })
    }
}

/// Projects the memory the build will need from how it grew while reading, and stops the
/// build early when that is more than there is.
struct MemoryWatch {
    /// Resident bytes when reading began.
    base: u64,
    /// Bytes of input in all.
    total: u64,
    /// Bytes of the input files read to their end.
    consumed: u64,
    limit: Option<u64>,
    input: PathBuf,
}

/// Without `--memory-limit`, inputs smaller than this are not watched.
const WATCHED_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Peak memory of the whole build per byte of memory grown while reading: the graph build
/// and the export hold more than the reading did (the benchmark measured 1.9× at 10k and 2.1×
/// at 100k generated articles).
const FINISH_FACTOR: f64 = 2.0;

impl MemoryWatch {
    fn new(limit: Option<u64>, input: PathBuf) -> Self {
        MemoryWatch {
            base: crate::busy::resident_bytes().unwrap_or(0),
            total: 0,
            consumed: 0,
            limit,
            input,
        }
    }

    /// After `read` bytes of text went through: an error when the projection is over the
    /// limit.
    fn check(&self, read: u64) -> Result<()> {
        if self.limit.is_none() && self.total < WATCHED_INPUT_BYTES {
            return Ok(());
        }
        let Some(now) = crate::busy::resident_bytes() else {
            return Ok(());
        };
        let Some(estimate) = projected_bytes(self.base, now, read, self.total) else {
            return Ok(());
        };
        let limit = match self.limit {
            Some(l) => l,
            None => now + crate::busy::available_bytes().unwrap_or(u64::MAX / 2),
        };
        if estimate <= limit {
            return Ok(());
        }
        Err(Error::TooLarge {
            path: self.input.clone(),
            estimate_mib: estimate >> 20,
            available_mib: limit >> 20,
            read_percent: read * 100 / self.total.max(1),
        })
    }
}

/// The build's peak resident bytes projected from `now` after reading `read` of `total`
/// bytes, `base` when reading began; `None` before a twentieth of the input is read.
fn projected_bytes(base: u64, now: u64, read: u64, total: u64) -> Option<u64> {
    if read == 0 || read.saturating_mul(20) < total {
        return None;
    }
    let grown = now.saturating_sub(base) as f64;
    let scale = total.max(read) as f64 / read as f64;
    Some(base + (grown * scale * FINISH_FACTOR) as u64)
}

/// One article through ingest, extract and document-level resolution.
struct Processed {
    extraction: crate::extract::Extraction,
    resolution: resolve::DocumentResolution,
    left_out: Vec<LeftOut>,
    words: u64,
    bytes: u64,
    /// Busy time per stage; the model path adds its share of its group's `nlp` time.
    times: Vec<(&'static str, Duration)>,
}

/// `None` for an article without text.
fn process(extractor: &Extractor, article: RawArticle) -> Option<Processed> {
    let (doc, t_ingest) = ingest_timed(extractor, article);
    Some(extract_and_resolve(
        extractor,
        doc?,
        None,
        vec![("ingest", t_ingest)],
    ))
}

/// Article text handed to the NLP layer at once: big enough for efficient matrix products,
/// small enough that the groups of a batch spread over the threads and their parses stay small.
const NLP_GROUP_BYTES: u64 = 16 * 1024;

/// The model path: the batch in groups of a few articles, the groups in parallel; each group
/// is ingested, parsed as one batch by the NLP layer, then extracted and resolved article by
/// article. The result is in input order and the same as parsing each article alone.
fn process_with_model(
    extractor: &Extractor,
    nlp: &Nlp,
    batch: Vec<RawArticle>,
) -> Vec<(String, Option<Processed>)> {
    let sizes: Vec<u64> = batch.iter().map(|a| a.text.len() as u64).collect();
    let mut articles = batch.into_iter();
    let groups: Vec<Vec<RawArticle>> = batches(&sizes, BATCH, NLP_GROUP_BYTES)
        .into_iter()
        .map(|r| articles.by_ref().take(r.len()).collect())
        .collect();
    let done: Vec<Vec<(String, Option<Processed>)>> = groups
        .into_par_iter()
        .map(|group| process_group(extractor, nlp, group))
        .collect();
    done.into_iter().flatten().collect()
}

/// One group of articles through ingest, the NLP layer (one batch), extract and resolve.
fn process_group(
    extractor: &Extractor,
    nlp: &Nlp,
    group: Vec<RawArticle>,
) -> Vec<(String, Option<Processed>)> {
    let ingested: Vec<(String, Option<Document>, Duration)> = group
        .into_iter()
        .map(|a| {
            let id = a.id.clone();
            let (doc, t) = ingest_timed(extractor, a);
            (id, doc, t)
        })
        .collect();
    let texts: Vec<&str> = ingested
        .iter()
        .filter_map(|(_, doc, _)| doc.as_ref().map(|d| d.text.as_str()))
        .collect();
    let t = Instant::now();
    let mut parses = nlp.parse_batch(&texts).into_iter();
    let t_nlp = t.elapsed();
    let group_bytes: usize = texts.iter().map(|t| t.len()).sum();
    ingested
        .into_iter()
        .map(|(id, doc, t_ingest)| {
            let processed = doc.map(|doc| {
                let parse = parses.next().expect("one parse per text");
                let share = nlp_share(t_nlp, doc.text.len(), group_bytes);
                let times = vec![("ingest", t_ingest), ("nlp", share)];
                extract_and_resolve(extractor, doc, Some(&parse), times)
            });
            (id, processed)
        })
        .collect()
}

/// The part of a group's NLP time that one article of `bytes` out of `total` takes.
fn nlp_share(group: Duration, bytes: usize, total: usize) -> Duration {
    if total == 0 {
        return Duration::ZERO;
    }
    group.mul_f64(bytes as f64 / total as f64)
}

/// Ingests one article; the document is `None` when the article has no text.
fn ingest_timed(extractor: &Extractor, article: RawArticle) -> (Option<Document>, Duration) {
    let t = Busy::start();
    let doc = ingest::ingest_article(article, extractor.abbreviations());
    let elapsed = t.elapsed();
    (Some(doc).filter(|d| !d.sentences.is_empty()), elapsed)
}

/// Extraction (with the NLP layer's parse on the model path) and document-level resolution.
fn extract_and_resolve(
    extractor: &Extractor,
    doc: Document,
    parse: Option<&crate::nlp::Doc>,
    mut times: Vec<(&'static str, Duration)>,
) -> Processed {
    let words = doc.tokens.iter().filter(|t| t.is_word).count() as u64;
    let bytes = doc.text.len() as u64;
    let t = Busy::start();
    let extraction = match parse {
        Some(parse) => extractor.extract_with_parse(doc, parse),
        None => extractor.extract(doc),
    };
    times.push(("extract", t.elapsed()));
    let t = Busy::start();
    let resolution = resolve::resolve_document(extractor.config(), &extraction);
    times.push(("resolve", t.elapsed()));
    Processed {
        left_out: report::left_out(&extraction),
        extraction,
        resolution,
        words,
        bytes,
        times,
    }
}

/// Builds the graph and writes the requested formats into `output`, atomically, and only when
/// `output` is absent, empty or an earlier kgpipe build (see [`crate::output`]).
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let mut folders: Vec<(&str, &Path)> = vec![("--output", &options.output)];
    if options.input != Path::new("-") {
        folders.push(("--input", &options.input));
    }
    let config_dir = options.config_dir();
    if let (Some(dir), Some(_)) = (&config_dir, &options.config) {
        folders.push(("--config", dir));
    }
    let tx = Transaction::begin(
        &options.output,
        Kind::Build,
        &folders,
        options.output_policy,
    )?;
    let total = Input::list(&options.input_spec())
        .map(|i| i.units.iter().map(|u| u.size).sum())
        .unwrap_or(0);
    let progress = Progress::new(options.progress, total);
    let built = build_graph_showing(options, &progress)?;
    if built.documents == 0 {
        return Err(Error::NoText {
            path: options.input.clone(),
            count: built.skipped.len(),
        });
    }
    let mut warnings = built.warnings.clone();
    let mut stats = built.stats.clone();
    let export = export::ExportOptions {
        formats: options.formats.clone(),
        render_svg: options.render_svg,
        dot_timeout: options.dot_timeout,
        focus: options.focus.clone(),
    };
    progress.stage(&export_stage(&options.formats));
    let wall = Instant::now();
    let exported = export::write_all(&built.graph, tx.staging(), &export)?;
    stats.export_wall = wall.elapsed();
    warnings.extend(exported.warnings);
    let files = write_reports(&built, &warnings, tx.staging(), exported.files)?;
    warnings.extend(tx.commit()?);
    progress.finish();
    for (stage, d) in exported.timings {
        stats.add(stage, d);
    }
    stats.note_memory("export");
    Ok(Summary {
        documents: built.documents,
        left_out: built.left_out.len(),
        skipped: built.skipped.clone(),
        nodes: built.graph.count_by_label(),
        relationships: built.graph.count_by_type(),
        files,
        warnings,
        stats,
    })
}

/// The progress line of the export stage: "export neo4j, dot, jsonld (in parallel)".
fn export_stage(formats: &[Format]) -> String {
    let names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
    match names.len() {
        1 => format!("export {}", names[0]),
        _ => format!("export {} (in parallel)", names.join(", ")),
    }
}

/// Writes the merge report and `report.json` beside the exported files; returns every file
/// written, relative to `dir`, sorted.
fn write_reports(
    built: &Built,
    warnings: &[String],
    dir: &Path,
    mut files: Vec<PathBuf>,
) -> Result<Vec<PathBuf>> {
    let mut sink = export::DirSink::new(dir);
    report::write_merges(&built.merges, &mut sink)?;
    report::write(built, warnings, &mut sink)?;
    files.extend(sink.into_parts().0);
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::{batches, extract_and_resolve, ingest_timed, nlp_share, process_with_model};
    use crate::config::Config;
    use crate::extract::Extractor;
    use crate::ingest::{ArticleMeta, RawArticle};
    use crate::nlp::Nlp;
    use std::time::Duration;

    fn article(id: usize, text: String) -> RawArticle {
        RawArticle {
            id: format!("{id}.txt"),
            source: format!("{id}.txt"),
            path: format!("{id}.txt").into(),
            text,
            body_start: 0,
            meta: ArticleMeta::default(),
            warnings: Vec::new(),
        }
    }

    /// Articles of about 5 KB each (several NLP groups in all), and one without text.
    fn articles() -> Vec<RawArticle> {
        let stories = [
            "Actor Jeremy Renner was injured in a snowplow accident near Reno, Nevada. ",
            "Director Ann Holt filmed The Long Winter in Ohio with her nephew, Tom Holt. ",
            "The premiere of Night Harbor was held in London on Sunday. She attended it. ",
        ];
        let mut out: Vec<RawArticle> = (0..7)
            .map(|i| article(i, stories[i % stories.len()].repeat(70)))
            .collect();
        out.insert(3, article(99, "  \n".into()));
        out
    }

    #[test]
    fn the_model_path_groups_articles_without_changing_what_each_yields() {
        let extractor = Extractor::new(Config::load_layered(None).unwrap()).unwrap();
        let nlp = Nlp::embedded().unwrap();
        let batch = articles();
        let alone: Vec<(String, Option<String>)> = batch
            .iter()
            .map(|a| {
                let doc = ingest_timed(&extractor, a.clone()).0.map(|doc| {
                    let parse = nlp.parse(&doc.text);
                    let p = extract_and_resolve(&extractor, doc, Some(&parse), Vec::new());
                    format!("{:?}{:?}", p.extraction.mentions, p.extraction.relations)
                });
                (a.id.clone(), doc)
            })
            .collect();
        let grouped: Vec<(String, Option<String>)> = process_with_model(&extractor, &nlp, batch)
            .into_iter()
            .map(|(id, p)| {
                let p =
                    p.map(|p| format!("{:?}{:?}", p.extraction.mentions, p.extraction.relations));
                (id, p)
            })
            .collect();
        assert!(alone.iter().any(|(_, p)| p.is_none()));
        assert!(alone
            .iter()
            .filter_map(|(_, p)| p.as_ref())
            .all(|p| p.contains("Person")));
        assert_eq!(grouped, alone);
    }

    #[test]
    fn nlp_time_is_shared_by_bytes() {
        let group = Duration::from_millis(100);
        assert_eq!(nlp_share(group, 25, 100), Duration::from_millis(25));
        assert_eq!(nlp_share(group, 100, 100), group);
        assert_eq!(nlp_share(group, 0, 0), Duration::ZERO);
    }

    #[test]
    fn memory_is_projected_from_growth_once_a_twentieth_is_read() {
        use super::projected_bytes;
        assert_eq!(projected_bytes(100, 200, 1, 100), None);
        assert_eq!(projected_bytes(100, 200, 10, 100), Some(100 + 2000));
        assert_eq!(projected_bytes(100, 200, 100, 100), Some(100 + 200));
        assert_eq!(projected_bytes(100, 90, 50, 100), Some(100));
    }

    #[test]
    fn batches_are_bounded_by_count_and_bytes() {
        assert_eq!(batches(&[1, 1, 1, 1, 1], 2, 100), vec![0..2, 2..4, 4..5]);
        assert_eq!(
            batches(&[60, 60, 30, 200, 1], 10, 100),
            vec![0..1, 1..3, 3..4, 4..5]
        );
        assert!(batches(&[], 5, 5).is_empty());
    }
}
