//! Export: writes the validated graph in each requested format into a folder (the staging
//! folder that [`crate::output`] swaps into place).

pub mod dot;
pub mod jsonld;
pub mod neo4j;

use crate::error::{Error, Result};
use crate::pipeline::Built;
use std::path::{Path, PathBuf};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Neo4j,
    Dot,
    JsonLd,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Neo4j, Format::Dot, Format::JsonLd];

    /// The progress stage that writes this format.
    pub fn stage(self) -> &'static str {
        match self {
            Format::Neo4j => "export neo4j",
            Format::Dot => "export dot (and svg)",
            Format::JsonLd => "export jsonld",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "neo4j" | "csv" => Some(Format::Neo4j),
            "dot" | "graphviz" => Some(Format::Dot),
            "jsonld" | "json-ld" => Some(Format::JsonLd),
            _ => None,
        }
    }
}

/// A confidence as decimal text, as every exporter writes it: at most three decimals, no
/// trailing zeros ("0.9", "0.48", "1").
pub fn decimal(x: f32) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, bytes).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes every format and the merge report into `dir` (an empty staging folder; see
/// [`crate::output`] for how it becomes the output). Returns the files written, relative to
/// `dir`.
pub fn write_all(
    built: &Built,
    dir: &Path,
    options: &ExportOptions,
    warnings: &mut Vec<String>,
    timings: &mut Vec<(&'static str, std::time::Duration)>,
    progress: &crate::progress::Progress,
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for f in &options.formats {
        progress.stage(f.stage());
        let t = std::time::Instant::now();
        let (name, written) = match f {
            Format::Neo4j => (
                "export neo4j",
                neo4j::write(&built.graph, &dir.join("neo4j"))?,
            ),
            Format::Dot => (
                "export dot",
                dot::write(&built.graph, dir, options.svg_timeout(), warnings)?,
            ),
            Format::JsonLd => ("export jsonld", jsonld::write(&built.graph, dir)?),
        };
        files.extend(written);
        timings.push((name, t.elapsed()));
    }
    files.push(write_merge_report(built, dir)?);
    files.push(crate::report::write(built, warnings, dir)?);
    Ok(relative(files, dir))
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub formats: Vec<Format>,
    /// Render `graph.svg` with Graphviz when `dot` is on PATH.
    pub render_svg: bool,
    /// Longest time `dot` may take; it is then killed and the SVG skipped with a warning.
    pub dot_timeout: std::time::Duration,
}

impl ExportOptions {
    fn svg_timeout(&self) -> Option<std::time::Duration> {
        self.render_svg.then_some(self.dot_timeout)
    }
}

fn relative(files: Vec<PathBuf>, base: &Path) -> Vec<PathBuf> {
    let mut rel: Vec<PathBuf> = files
        .into_iter()
        .map(|p| p.strip_prefix(base).map(Path::to_path_buf).unwrap_or(p))
        .collect();
    rel.sort();
    rel
}

/// `merge_report.tsv`: which surface form became which node, and why.
fn write_merge_report(built: &Built, dir: &Path) -> Result<PathBuf> {
    let path = dir.join("merge_report.tsv");
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(Vec::new());
    let io = |e: csv::Error| Error::Export(format!("merge report: {e}"));
    w.write_record(["document", "surface", "label", "node", "reason"])
        .map_err(io)?;
    for m in &built.merges {
        w.write_record([&m.document, &m.surface, &m.label, &m.entity, &m.reason])
            .map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Export(e.to_string()))?;
    write_file(&path, &bytes)?;
    Ok(path)
}
