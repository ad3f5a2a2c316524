//! The ownership marker `.kgpipe-output`: which kgpipe wrote a folder, for what (`build` or
//! `gen-corpus`), and a manifest of every file with its size and SHA-256. A folder may be
//! replaced only when it is absent, empty, or carries a marker whose manifest still accounts
//! for every file in it.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub const MARKER_FILE: &str = ".kgpipe-output";
const MARKER_VERSION: u32 = 1;

/// What kind of folder kgpipe wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The exports of `kgpipe build`.
    Build,
    /// An input folder written by `kgpipe gen-corpus`.
    GenCorpus,
}

impl Kind {
    fn command(self) -> &'static str {
        match self {
            Kind::Build => "kgpipe build",
            Kind::GenCorpus => "kgpipe gen-corpus",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    pub kgpipe_output: u32,
    pub written_by: String,
    pub kind: Kind,
    pub files: Vec<FileEntry>,
}

/// Writes the marker of `dir`, listing every file in it.
pub fn write_marker(dir: &Path, kind: Kind) -> Result<()> {
    let mut files = Vec::new();
    for rel in list_files(dir)? {
        files.push(entry(dir, &rel)?);
    }
    let marker = Marker {
        kgpipe_output: MARKER_VERSION,
        written_by: format!("kgpipe {}", env!("CARGO_PKG_VERSION")),
        kind,
        files,
    };
    let mut text =
        serde_json::to_string_pretty(&marker).map_err(|e| Error::Export(e.to_string()))?;
    text.push('\n');
    let path = dir.join(MARKER_FILE);
    std::fs::write(&path, text).map_err(|source| Error::Write { path, source })
}

/// The size and SHA-256 of one file, read in pieces (an export file can be larger than the
/// memory the build may use).
fn entry(dir: &Path, rel: &str) -> Result<FileEntry> {
    let path = dir.join(rel);
    let read = |source| Error::Read {
        path: path.clone(),
        source,
    };
    let file = std::fs::File::open(&path).map_err(read)?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut std::io::BufReader::new(file), &mut hasher).map_err(read)?;
    Ok(FileEntry {
        path: rel.to_string(),
        bytes,
        sha256: hex(&hasher.finalize()),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every entry below `dir` other than the marker and folders, as `/`-separated relative paths,
/// sorted. A non-UTF-8 name is an error: kgpipe never writes one.
pub fn list_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.retain(|p| p != MARKER_FILE);
    out.sort();
    Ok(out)
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let read = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    for e in std::fs::read_dir(dir).map_err(read)? {
        let e = e.map_err(read)?;
        let path = e.path();
        let is_dir = e.file_type().map_err(read)?.is_dir();
        if is_dir {
            walk(base, &path, out)?;
        } else {
            out.push(relative(base, &path));
        }
    }
    Ok(())
}

fn relative(base: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(base).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Why kgpipe may not replace an existing folder, if it may not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Something `--force` never overrides.
    NotOurs(String),
    /// A file kgpipe wrote has changed since; `--force` replaces it.
    Changed(String),
}

/// Checks that `dir` (an existing folder) is empty or kgpipe's own folder of `kind`. With
/// `hashes` false, only the names are checked (a quick re-check just before the swap).
pub fn ownership(dir: &Path, kind: Kind, hashes: bool) -> Result<Option<Refusal>> {
    let files = list_files(dir)?;
    let marker_path = dir.join(MARKER_FILE);
    let has_marker = std::fs::symlink_metadata(&marker_path).is_ok();
    if !has_marker {
        return Ok((!files.is_empty()).then(|| {
            Refusal::NotOurs(format!(
                "not replaced: the folder is not empty and has no {MARKER_FILE} marker, so kgpipe did not write it (it holds e.g. {}); kgpipe never deletes what it did not write: choose a new or empty folder",
                files[0]
            ))
        }));
    }
    let marker = match read_marker(&marker_path) {
        Ok(m) => m,
        Err(why) => {
            return Ok(Some(Refusal::NotOurs(format!(
                "not replaced: its {MARKER_FILE} marker is unreadable ({why}); kgpipe cannot tell what in it is its own"
            ))))
        }
    };
    if marker.kind != kind {
        return Ok(Some(Refusal::NotOurs(format!(
            "not replaced: it was written by {}, not {}; choose another folder",
            marker.kind.command(),
            kind.command()
        ))));
    }
    let listed: std::collections::BTreeMap<&str, &FileEntry> =
        marker.files.iter().map(|f| (f.path.as_str(), f)).collect();
    if let Some(extra) = files.iter().find(|f| !listed.contains_key(f.as_str())) {
        return Ok(Some(Refusal::NotOurs(format!(
            "not replaced: it holds {extra}, which kgpipe did not write (not in {MARKER_FILE}); move that file away first"
        ))));
    }
    if hashes {
        for f in &files {
            if entry(dir, f)? != *listed[f.as_str()] {
                return Ok(Some(Refusal::Changed(format!(
                    "not replaced: {f} changed since kgpipe wrote it; keep a copy, or pass --force to replace it"
                ))));
            }
        }
    }
    Ok(None)
}

fn read_marker(path: &Path) -> std::result::Result<Marker, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let marker: Marker = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if marker.kgpipe_output != MARKER_VERSION {
        return Err(format!(
            "marker version {} is not {MARKER_VERSION}",
            marker.kgpipe_output
        ));
    }
    Ok(marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_folder_is_ours_until_a_stranger_file_appears() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        std::fs::create_dir_all(d.join("neo4j")).unwrap();
        std::fs::write(d.join("neo4j/a.csv"), "x").unwrap();
        assert!(matches!(
            ownership(d, Kind::Build, true).unwrap(),
            Some(Refusal::NotOurs(_))
        ));
        write_marker(d, Kind::Build).unwrap();
        assert_eq!(ownership(d, Kind::Build, true).unwrap(), None);
        assert!(ownership(d, Kind::GenCorpus, true).unwrap().is_some());
        std::fs::write(d.join("neo4j/a.csv"), "y").unwrap();
        assert!(matches!(
            ownership(d, Kind::Build, true).unwrap(),
            Some(Refusal::Changed(_))
        ));
        assert_eq!(ownership(d, Kind::Build, false).unwrap(), None);
        std::fs::write(d.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            ownership(d, Kind::Build, false).unwrap(),
            Some(Refusal::NotOurs(m)) if m.contains("notes.txt")
        ));
    }

    #[test]
    fn an_empty_folder_may_be_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(ownership(tmp.path(), Kind::Build, true).unwrap(), None);
    }
}
