//! Export: every output format behind one [`Exporter`] interface that streams the graph into
//! the files of a [`Sink`]. Formats are registered once in [`REGISTRY`]; a build runs the
//! requested ones in parallel, each into its own files.

pub mod dot;
pub mod graphml;
pub mod html;
pub mod jsonld;
pub mod neo4j;
mod sink;

pub use sink::{DirSink, MemorySink, Sink, SinkFile};

use crate::error::Result;
use crate::graph::KnowledgeGraph;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One output format's writer: walks the graph once and streams its files into the sink.
pub trait Exporter: Sync {
    fn export(&self, kg: &KnowledgeGraph, sink: &mut dyn Sink) -> Result<()>;
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Neo4j,
    Dot,
    JsonLd,
    GraphMl,
    Html,
}

/// What the build needs to know of a format: its names on the command line, its progress
/// stage and how to make its exporter.
pub struct Registration {
    pub format: Format,
    /// The `--format` names; the first is the canonical one.
    pub names: &'static [&'static str],
    /// The stage name in timings and the benchmark.
    pub stage: &'static str,
    make: fn(&ExportOptions) -> Box<dyn Exporter>,
}

/// Every format, in the order a build writes them by default.
pub const REGISTRY: &[Registration] = &[
    Registration {
        format: Format::Neo4j,
        names: &["neo4j", "csv"],
        stage: "export neo4j",
        make: |_| Box::new(neo4j::Neo4jCsv),
    },
    Registration {
        format: Format::Dot,
        names: &["dot", "graphviz"],
        stage: "export dot",
        make: |o| Box::new(dot::Dot::new(o.svg_timeout(), o.focus.clone())),
    },
    Registration {
        format: Format::JsonLd,
        names: &["jsonld", "json-ld"],
        stage: "export jsonld",
        make: |_| Box::new(jsonld::JsonLd),
    },
    Registration {
        format: Format::GraphMl,
        names: &["graphml"],
        stage: "export graphml",
        make: |_| Box::new(graphml::GraphMl),
    },
    Registration {
        format: Format::Html,
        names: &["html"],
        stage: "export html",
        make: |_| Box::new(html::Html),
    },
];

impl Format {
    /// Every registered format.
    pub fn all() -> Vec<Format> {
        REGISTRY.iter().map(|r| r.format).collect()
    }

    fn registration(self) -> &'static Registration {
        REGISTRY
            .iter()
            .find(|r| r.format == self)
            .expect("every format is registered")
    }

    /// The stage that writes this format, in timings.
    pub fn stage(self) -> &'static str {
        self.registration().stage
    }

    /// The canonical `--format` name.
    pub fn name(self) -> &'static str {
        self.registration().names[0]
    }

    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim().to_ascii_lowercase();
        REGISTRY
            .iter()
            .find(|r| r.names.contains(&s.as_str()))
            .map(|r| r.format)
    }

    /// The canonical names, for messages ("neo4j, dot, jsonld").
    pub fn names() -> String {
        REGISTRY
            .iter()
            .map(|r| r.names[0])
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// This format's exporter.
    pub fn exporter(self, options: &ExportOptions) -> Box<dyn Exporter> {
        (self.registration().make)(options)
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

/// [`decimal`] of each confidence met, computed once.
#[derive(Default)]
pub(crate) struct Decimals(rustc_hash::FxHashMap<u32, Box<str>>);

impl Decimals {
    pub(crate) fn get(&mut self, x: f32) -> &str {
        self.0
            .entry(x.to_bits())
            .or_insert_with(|| decimal(x).into_boxed_str())
    }
}

/// Appends `s` as a JSON string, escaped as `serde_json` escapes it: `"` and `\`, control
/// characters as `\n`-style or `\u00xx` escapes. `script_safe` also escapes `<`, U+2028 and
/// U+2029 (see [`html::script_safe`]).
pub(crate) fn json_string(buf: &mut Vec<u8>, s: &str, script_safe: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    buf.push(b'"');
    let bytes = s.as_bytes();
    let mut done = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let (escape, len): (&[u8], usize) = match b {
            b'"' => (b"\\\"", 1),
            b'\\' => (b"\\\\", 1),
            b'\n' => (b"\\n", 1),
            b'\r' => (b"\\r", 1),
            b'\t' => (b"\\t", 1),
            0x08 => (b"\\b", 1),
            0x0c => (b"\\f", 1),
            0..=0x1f => {
                buf.extend_from_slice(&bytes[done..i]);
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xf)]);
                done = i + 1;
                continue;
            }
            b'<' if script_safe => (b"\\u003c", 1),
            0xe2 if script_safe && bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0xa8) => (b"\\u2028", 3),
                Some(0xa9) => (b"\\u2029", 3),
                _ => continue,
            },
            _ => continue,
        };
        buf.extend_from_slice(&bytes[done..i]);
        buf.extend_from_slice(escape);
        done = i + len;
    }
    buf.extend_from_slice(&bytes[done..]);
    buf.push(b'"');
}

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub formats: Vec<Format>,
    /// Render `graph.svg` with Graphviz when `dot` is on PATH.
    pub render_svg: bool,
    /// Longest time `dot` may take; it is then killed and the SVG skipped with a warning.
    pub dot_timeout: Duration,
    /// Draw only this entity's neighbourhood in `graph.dot` (`--focus`, `--depth`).
    pub focus: Option<dot::Focus>,
}

impl ExportOptions {
    /// One format with its defaults and no SVG.
    fn only(format: Format) -> Self {
        ExportOptions {
            formats: vec![format],
            render_svg: false,
            dot_timeout: Duration::from_secs(60),
            focus: None,
        }
    }

    fn svg_timeout(&self) -> Option<Duration> {
        self.render_svg.then_some(self.dot_timeout)
    }
}

/// What an export wrote: files relative to the folder (sorted), warnings in format order, and
/// the busy time of each format.
#[derive(Debug, Default)]
pub struct Exported {
    pub files: Vec<PathBuf>,
    pub warnings: Vec<String>,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Writes every requested format into `dir` (an empty staging folder; see [`crate::output`]
/// for how it becomes the output), the formats in parallel.
pub fn write_all(kg: &KnowledgeGraph, dir: &Path, options: &ExportOptions) -> Result<Exported> {
    let results: Vec<Result<(Format, DirSink, Duration)>> = options
        .formats
        .par_iter()
        .map(|&f| write_one(kg, f, dir, options))
        .collect();
    let mut out = Exported::default();
    for result in results {
        let (format, sink, busy) = result?;
        let (files, warnings) = sink.into_parts();
        out.files.extend(files);
        out.warnings.extend(warnings);
        out.timings.push((format.stage(), busy));
    }
    out.files.sort();
    Ok(out)
}

fn write_one(
    kg: &KnowledgeGraph,
    format: Format,
    dir: &Path,
    options: &ExportOptions,
) -> Result<(Format, DirSink, Duration)> {
    let t = crate::busy::Busy::start();
    let mut sink = DirSink::new(dir);
    format.exporter(options).export(kg, &mut sink)?;
    Ok((format, sink, t.elapsed()))
}

/// Runs one format's exporter into folder `dir` (no SVG); returns the files it wrote,
/// relative to `dir`.
pub fn write_format(kg: &KnowledgeGraph, format: Format, dir: &Path) -> Result<Vec<PathBuf>> {
    let options = ExportOptions::only(format);
    Ok(write_all(kg, dir, &options)?.files)
}

/// Runs one format's exporter into memory: file name → bytes.
pub fn to_memory(kg: &KnowledgeGraph, format: Format) -> Result<MemorySink> {
    let options = ExportOptions::only(format);
    let mut sink = MemorySink::default();
    format.exporter(&options).export(kg, &mut sink)?;
    Ok(sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_parses_from_each_of_its_names() {
        for r in REGISTRY {
            for n in r.names {
                assert_eq!(Format::parse(n), Some(r.format));
                assert_eq!(Format::parse(&n.to_uppercase()), Some(r.format));
            }
        }
        assert_eq!(Format::parse("xml"), None);
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        texts.extend(["a\u{2028}b", "…€", "</x>", "🎬 ü"].map(String::from));
        texts.push(texts.concat());
        for text in texts {
            let mut buf = Vec::new();
            json_string(&mut buf, &text, false);
            let expected = serde_json::to_string(&text).unwrap();
            assert_eq!(String::from_utf8(buf).unwrap(), expected, "{text:?}");
        }
    }

    #[test]
    fn decimals_have_no_trailing_zeros() {
        assert_eq!(decimal(0.9), "0.9");
        assert_eq!(decimal(1.0), "1");
        assert_eq!(decimal(0.0), "0");
        assert_eq!(decimal(0.4849), "0.485");
    }
}
