//! Export: writes the validated graph in each requested format into a temporary directory
//! beside the output directory (`.NAME.kgpipe-tmp`), then swaps it into place in one step
//! (Linux `renameat2(RENAME_EXCHANGE)`), so `output/` is always either the complete previous
//! build or the complete new one. Leftovers of a killed run are removed by the next run.

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

fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    output.with_file_name(format!(".{name}.kgpipe-{tag}"))
}

/// Removes leftovers of an interrupted run; restores the previous output if a swap was cut off.
fn recover(output: &Path) -> Result<()> {
    let old = sibling(output, "old");
    let tmp = sibling(output, "tmp");
    if old.exists() {
        if output.exists() {
            remove_dir(&old)?;
        } else {
            std::fs::rename(&old, output).map_err(|source| Error::Write {
                path: output.to_path_buf(),
                source,
            })?;
        }
    }
    if tmp.exists() {
        remove_dir(&tmp)?;
    }
    Ok(())
}

fn remove_dir(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes every format, then moves the result into `output`. Returns the files written,
/// relative to `output`.
pub fn write_all(
    built: &Built,
    output: &Path,
    formats: &[Format],
    render_svg: bool,
    warnings: &mut Vec<String>,
    timings: &mut Vec<(&'static str, std::time::Duration)>,
    progress: &crate::progress::Progress,
) -> Result<Vec<PathBuf>> {
    recover(output)?;
    let tmp = sibling(output, "tmp");
    std::fs::create_dir_all(&tmp).map_err(|source| Error::Write {
        path: tmp.clone(),
        source,
    })?;
    let result = (|| -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for f in formats {
            progress.stage(f.stage());
            let t = std::time::Instant::now();
            let (name, written) = match f {
                Format::Neo4j => (
                    "export neo4j",
                    neo4j::write(&built.graph, &tmp.join("neo4j"))?,
                ),
                Format::Dot => (
                    "export dot",
                    dot::write(&built.graph, &tmp, render_svg, warnings)?,
                ),
                Format::JsonLd => ("export jsonld", jsonld::write(&built.graph, &tmp)?),
            };
            files.extend(written);
            timings.push((name, t.elapsed()));
        }
        files.push(write_merge_report(built, &tmp)?);
        files.push(crate::report::write(built, warnings, &tmp)?);
        Ok(files)
    })();
    let files = match result {
        Ok(f) => f,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    if output.exists() {
        match exchange(&tmp, output) {
            Ok(()) => {
                // `tmp` now holds the previous output; a crash before this removal leaves it for
                // the next run's recovery to delete.
                remove_dir(&tmp)?;
                return Ok(relative(files, &tmp));
            }
            Err(e)
                if e.raw_os_error() == Some(libc::EINVAL)
                    || e.raw_os_error() == Some(libc::ENOSYS) => {}
            Err(source) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(Error::Write {
                    path: output.to_path_buf(),
                    source,
                });
            }
        }
    }
    // No atomic exchange here: two renames, with `recover` mending a cut between them.
    let old = sibling(output, "old");
    let had_output = output.exists();
    if had_output {
        std::fs::rename(output, &old).map_err(|source| Error::Write {
            path: output.to_path_buf(),
            source,
        })?;
    }
    if let Err(source) = std::fs::rename(&tmp, output) {
        if had_output {
            let _ = std::fs::rename(&old, output);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Error::Write {
            path: output.to_path_buf(),
            source,
        });
    }
    if had_output {
        remove_dir(&old)?;
    }
    Ok(relative(files, &tmp))
}

fn relative(files: Vec<PathBuf>, base: &Path) -> Vec<PathBuf> {
    let mut rel: Vec<PathBuf> = files
        .into_iter()
        .map(|p| p.strip_prefix(base).map(Path::to_path_buf).unwrap_or(p))
        .collect();
    rel.sort();
    rel
}

/// Swaps two paths in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let to_c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (ca, cb) = (to_c(a)?, to_c(b)?);
    // SAFETY: both pointers are valid NUL-terminated paths for the duration of the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from_raw_os_error(libc::ENOSYS))
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
