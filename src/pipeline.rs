//! Runs the stages in order for the CLI and for tests.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::export::{self, Format};
use crate::extract::Extractor;
use crate::graph::{self, KnowledgeGraph};
use crate::ontology::{Label, RelType};
use crate::resolve::{self, MergeRecord};
use crate::{ingest, validate};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
}

/// Everything before export: the graph, plus the merge report and warnings.
pub struct Built {
    pub graph: KnowledgeGraph,
    pub merges: Vec<MergeRecord>,
    pub warnings: Vec<String>,
    pub documents: usize,
    pub skipped: Vec<String>,
}

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
    let files = ingest::list_articles(&input.join("articles"))?;
    let mut extractions = Vec::with_capacity(files.len());
    let mut skipped = Vec::new();
    for f in &files {
        match ingest::read_document(
            f,
            extractor.abbreviations(),
            options.limits.max_article_bytes,
        ) {
            Ok(doc) if doc.sentences.is_empty() => {
                skipped.push(format!("{}: empty article (no text)", f.display()))
            }
            Ok(doc) => extractions.push(extractor.extract(doc)),
            Err(e)
                if options.skip_bad_articles
                    && matches!(e, Error::Input { .. } | Error::Read { .. }) =>
            {
                skipped.push(e.to_string())
            }
            Err(e) => return Err(e),
        }
    }
    let resolution = resolve::resolve(extractor.config(), &extractions);
    let kg = graph::build(
        extractor.config(),
        &resolution,
        options.limits.max_evidence_per_edge,
    );
    let violations = validate::validate(&kg);
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
        documents: extractions.len(),
        skipped,
    })
}

/// Builds the graph and writes the requested formats into `output`, atomically.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let built = build_graph_with(options)?;
    let mut warnings = built.warnings.clone();
    let files = export::write_all(
        &built,
        &options.output,
        &options.formats,
        options.render_svg,
        &mut warnings,
    )?;
    Ok(Summary {
        documents: built.documents,
        skipped: built.skipped.clone(),
        nodes: built.graph.count_by_label(),
        relationships: built.graph.count_by_type(),
        files,
        warnings,
    })
}
