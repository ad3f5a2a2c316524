//! Runs the stages in order for the CLI and for tests.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::extract::model::ExtractorKind;
use crate::extract::Extractor;
use crate::graph::{self, KnowledgeGraph};
use crate::ingest::{Input, InputSpec, RawArticle, Skip};
use crate::nlp::Nlp;
use crate::ontology::{Label, RelType};
use crate::output::{Kind, OutputPolicy, Transaction};
use crate::progress::{Progress, ProgressMode};
use crate::report::{self, LeftOut};
use crate::resolve::{self, MergeRecord};
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
            extractor: ExtractorKind::Rules,
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
    pub merges: Vec<MergeRecord>,
    pub warnings: Vec<String>,
    pub documents: usize,
    pub skipped: Vec<Skip>,
    /// Untyped names, none of which is in the graph.
    pub left_out: Vec<LeftOut>,
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
    }
    reading.flush()?;
    reading.stats.parallel_wall = wall.elapsed();
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
        let (extractor, nlp) = (self.extractor, self.nlp);
        let done: Vec<(String, Option<Processed>)> = batch
            .into_par_iter()
            .map(|a| (a.id.clone(), process(extractor, nlp, a)))
            .collect();
        for (id, p) in done {
            self.merge(id, p);
        }
        Ok(())
    }

    fn merge(&mut self, id: String, processed: Option<Processed>) {
        let Some(p) = processed else {
            self.skipped.push(Skip {
                article: id,
                reason: "empty article (no text)".into(),
            });
            return;
        };
        if !self
            .article_ids
            .insert(crate::graph::node_id(Label::Article, &id))
        {
            self.skipped.push(Skip {
                article: id,
                reason: "its id maps to the article id of an earlier article".into(),
            });
            return;
        }
        self.stats.words += p.words;
        self.stats.bytes += p.bytes;
        for (stage, d) in p.times {
            self.stats.add(stage, d);
        }
        self.left_out.extend(p.left_out);
        let t = Instant::now();
        self.resolver.add(&p.extraction, p.resolution);
        self.stats.add("merge", t.elapsed());
        self.documents += 1;
    }

    /// Cross-document merge, graph, validation.
    fn finish(mut self, progress: &Progress) -> Result<Built> {
        progress.stage("merge");
        let t = Instant::now();
        let resolution = self.resolver.finish();
        self.stats.add("merge", t.elapsed());
        progress.stage("graph");
        let t = Instant::now();
        let kg = graph::build(
            self.extractor.config(),
            &resolution,
            self.options.limits.max_evidence_per_edge,
        );
        self.stats.add("graph", t.elapsed());
        progress.stage("validate");
        let t = Instant::now();
        let violations = validate::validate(&kg);
        self.stats.add("validate", t.elapsed());
        if let Some(first) = violations.first() {
            return Err(Error::Invalid {
                count: violations.len(),
                first: first.0.clone(),
            });
        }
        let names = report::graph_names(&kg);
        let mut warnings = self.extractor.config().warnings.clone();
        warnings.extend(resolution.warnings);
        warnings.append(&mut self.warnings);
        Ok(Built {
            left_out: report::without_graph_names(self.left_out, &names),
            graph: kg,
            merges: resolution.merges,
            warnings,
            documents: self.documents,
            skipped: self.skipped,
            stats: self.stats,
        })
    }
}

/// One article through ingest, extract and document-level resolution.
struct Processed {
    extraction: crate::extract::Extraction,
    resolution: resolve::DocumentResolution,
    left_out: Vec<LeftOut>,
    words: u64,
    bytes: u64,
    times: [(&'static str, Duration); 3],
}

/// `None` for an article without text.
fn process(extractor: &Extractor, nlp: Option<&Nlp>, article: RawArticle) -> Option<Processed> {
    let t = Instant::now();
    let doc = ingest::ingest_article(article, extractor.abbreviations());
    let t_ingest = t.elapsed();
    if doc.sentences.is_empty() {
        return None;
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
    Some(Processed {
        left_out: report::left_out(&extraction),
        extraction,
        resolution,
        words,
        bytes,
        times: [
            ("ingest", t_ingest),
            ("extract", t_extract),
            ("resolve", t_resolve),
        ],
    })
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
    let exported = export::write_all(&built.graph, tx.staging(), &export)?;
    warnings.extend(exported.warnings);
    let files = write_reports(&built, &warnings, tx.staging(), exported.files)?;
    warnings.extend(tx.commit()?);
    progress.finish();
    for (stage, d) in exported.timings {
        stats.add(stage, d);
    }
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
    use super::batches;

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
