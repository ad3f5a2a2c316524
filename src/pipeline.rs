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

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Holds `articles/` and the configuration files.
    pub input: PathBuf,
    pub output: PathBuf,
    pub formats: Vec<Format>,
    /// Render `graph.svg` with Graphviz when `dot` is on PATH.
    pub render_svg: bool,
}

impl BuildOptions {
    pub fn new(input: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Self {
        BuildOptions {
            input: input.into(),
            output: output.into(),
            formats: Format::ALL.to_vec(),
            render_svg: true,
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: usize,
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
}

/// Runs ingest → extract → resolve → graph → validate on `input`.
pub fn build_graph(input: &Path) -> Result<Built> {
    let config = Config::load(input)?;
    let extractor = Extractor::new(config)?;
    let files = ingest::list_articles(&input.join("articles"))?;
    let mut extractions = Vec::with_capacity(files.len());
    for f in &files {
        let doc = ingest::read_document(f, extractor.abbreviations())?;
        extractions.push(extractor.extract(doc));
    }
    let resolution = resolve::resolve(extractor.config(), &extractions);
    let kg = graph::build(extractor.config(), &resolution);
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
        documents: files.len(),
    })
}

/// Builds the graph and writes the requested formats into `output`, atomically.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let built = build_graph(&options.input)?;
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
        nodes: built.graph.count_by_label(),
        relationships: built.graph.count_by_type(),
        files,
        warnings,
    })
}
