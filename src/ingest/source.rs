//! Where articles come from: a folder (walked recursively in name order; files chosen by
//! extension, or by `--glob`), one file, or standard input (`-`); the form by extension or
//! `--input-format`. The walk never opens what is not a regular file (FIFOs, sockets and
//! devices are skipped with a warning), skips hidden files and editor/OS artefacts (`.x`,
//! `.#x`, `._x`, `x~`, `#x#`), and refuses symlinks that leave the folder unless
//! `--follow-symlinks`. Ids are paths relative to the folder, with the bytes of a non-UTF-8
//! name percent-encoded; names that map to the same article id get distinct ids.

use super::{reader_for, reader_named, Emit, Reader, Source};
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::BufRead;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

/// What `--input`, `--glob`, `--input-format` and `--follow-symlinks` ask for.
#[derive(Debug, Clone, Default)]
pub struct InputSpec {
    /// A folder, a file, or `-` for standard input.
    pub path: PathBuf,
    /// Which files of a folder to read (matched against the path relative to it).
    pub glob: Option<String>,
    /// Read every file in this form instead of choosing by extension.
    pub format: Option<String>,
    pub follow_symlinks: bool,
}

impl InputSpec {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        InputSpec {
            path: path.into(),
            ..InputSpec::default()
        }
    }

    fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

#[derive(Debug, Clone)]
pub enum Location {
    File(PathBuf),
    Stdin,
}

/// One file (or standard input) to read.
#[derive(Clone)]
pub struct Unit {
    pub location: Location,
    /// The article id (for a JSON Lines file, the prefix of its articles' ids).
    pub id: String,
    /// How messages name it.
    pub path: PathBuf,
    pub reader: &'static dyn Reader,
    /// Size the file system reports, for progress only; never trusted as a limit.
    pub size: u64,
}

/// An input left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub article: String,
    pub reason: String,
}

/// The articles found, what was skipped, and what was refused.
#[derive(Default)]
pub struct Input {
    pub units: Vec<Unit>,
    pub skipped: Vec<Skip>,
    /// Refused entries (symlinks out of the folder, dangling links, unreadable folders): errors
    /// unless `--skip-bad-articles`.
    pub refused: Vec<Error>,
    /// Notes on renamed ids.
    pub notes: Vec<String>,
}

impl Input {
    /// Finds the articles `spec` names.
    pub fn list(spec: &InputSpec) -> Result<Input> {
        let format = match &spec.format {
            Some(f) => Some(reader_named(f).ok_or_else(|| {
                Error::Usage(format!(
                    "unknown --input-format {f:?}: use one of {}",
                    super::form_names()
                ))
            })?),
            None => None,
        };
        if spec.is_stdin() {
            return Ok(Input::stdin(format));
        }
        let meta = std::fs::metadata(&spec.path).map_err(|source| Error::Read {
            path: spec.path.clone(),
            source: if source.kind() == std::io::ErrorKind::NotFound {
                std::io::Error::new(source.kind(), "input does not exist")
            } else {
                source
            },
        })?;
        if meta.is_dir() {
            return Input::folder(spec, format);
        }
        if !meta.is_file() {
            return Err(Error::Input {
                path: spec.path.clone(),
                line: 1,
                message: format!(
                    "{}: kgpipe reads regular files and folders and never opens one (give a pipe as --input -)",
                    special_kind(&meta.file_type())
                ),
            });
        }
        Input::single(&spec.path, format, meta.len())
    }

    fn stdin(format: Option<&'static dyn Reader>) -> Input {
        Input {
            units: vec![Unit {
                location: Location::Stdin,
                id: "stdin".into(),
                path: PathBuf::from("<stdin>"),
                reader: format.unwrap_or(super::READERS[0]),
                size: 0,
            }],
            ..Input::default()
        }
    }

    fn single(path: &Path, format: Option<&'static dyn Reader>, size: u64) -> Result<Input> {
        let reader = format.or_else(|| reader_for(path)).ok_or_else(|| {
            Error::Usage(format!(
                "{}: not a known article form; name it with --input-format ({})",
                path.display(),
                super::form_names()
            ))
        })?;
        let id = path
            .file_name()
            .map(encode_name)
            .unwrap_or_else(|| "article".into());
        Ok(Input {
            units: vec![Unit {
                location: Location::File(path.to_path_buf()),
                id,
                path: path.to_path_buf(),
                reader,
                size,
            }],
            ..Input::default()
        })
    }

    fn folder(spec: &InputSpec, format: Option<&'static dyn Reader>) -> Result<Input> {
        let root = articles_root(&spec.path);
        let walk = Walk::new(&root, spec, format)?;
        let mut input = walk.run();
        input.distinct_ids();
        if input.units.is_empty() && input.refused.is_empty() {
            return Err(Error::NoArticles {
                path: root,
                hint: match (&spec.glob, input.skipped.first()) {
                    (_, Some(s)) => format!(
                        "{} skipped, e.g. {}: {}",
                        input.skipped.len(),
                        s.article,
                        s.reason
                    ),
                    (Some(g), None) => format!("no file matches --glob {g:?}"),
                    (None, None) => format!(
                        "kgpipe reads {} files below it; --glob and --input-format choose others",
                        extensions_list(format)
                    ),
                },
            });
        }
        Ok(input)
    }

    /// Gives each unit whose id maps to an article node id already taken a `~N` suffix.
    fn distinct_ids(&mut self) {
        let mut taken = BTreeSet::new();
        for u in &mut self.units {
            let id = super::jsonl::distinct(u.id.clone(), &mut taken);
            if id != u.id {
                self.notes.push(format!(
                    "{}: its name maps to the article id of an earlier file; its id is {id:?}",
                    u.path.display()
                ));
                u.id = id;
            }
        }
    }
}

/// `DIR/articles` when it is a folder (the bundled layout), else `DIR`.
fn articles_root(dir: &Path) -> PathBuf {
    let articles = dir.join("articles");
    if articles.is_dir() {
        articles
    } else {
        dir.to_path_buf()
    }
}

fn extensions_list(format: Option<&'static dyn Reader>) -> String {
    let readers: Vec<&dyn Reader> = match format {
        Some(r) => vec![r],
        None => super::READERS.to_vec(),
    };
    readers
        .iter()
        .flat_map(|r| r.extensions())
        .map(|e| format!("*.{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A recursive walk of an input folder.
struct Walk<'a> {
    root: PathBuf,
    canonical_root: PathBuf,
    spec: &'a InputSpec,
    format: Option<&'static dyn Reader>,
    glob: Option<globset::GlobMatcher>,
    out: Input,
}

impl<'a> Walk<'a> {
    fn new(root: &Path, spec: &'a InputSpec, format: Option<&'static dyn Reader>) -> Result<Self> {
        let glob = match &spec.glob {
            Some(g) => Some(
                globset::GlobBuilder::new(g)
                    .literal_separator(false)
                    .build()
                    .map_err(|e| Error::Usage(format!("bad --glob {g:?}: {e}")))?
                    .compile_matcher(),
            ),
            None => None,
        };
        let canonical_root = std::fs::canonicalize(root).map_err(|source| Error::Read {
            path: root.to_path_buf(),
            source,
        })?;
        Ok(Walk {
            root: root.to_path_buf(),
            canonical_root,
            spec,
            format,
            glob,
            out: Input::default(),
        })
    }

    fn run(mut self) -> Input {
        let mut it = walkdir::WalkDir::new(&self.root)
            .min_depth(1)
            .follow_links(self.spec.follow_symlinks)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = it.next() {
            match entry {
                Ok(e) => {
                    if self.visit(&e) == Visit::SkipDir {
                        it.skip_current_dir();
                    }
                }
                Err(e) => self.walk_error(e),
            }
        }
        self.out
    }

    fn walk_error(&mut self, e: walkdir::Error) {
        let path = e.path().unwrap_or(&self.root).to_path_buf();
        if e.loop_ancestor().is_some() {
            self.skip(&path, "a symlink loop: not followed".into());
            return;
        }
        let source = e
            .into_io_error()
            .unwrap_or_else(|| std::io::Error::other("cannot walk"));
        self.out.refused.push(Error::Read { path, source });
    }

    fn visit(&mut self, e: &walkdir::DirEntry) -> Visit {
        let ft = e.file_type();
        if is_hidden_or_artefact(e.file_name()) {
            if ft.is_dir() {
                return Visit::SkipDir;
            }
            if self.wanted(&artefact_base(e.path())) {
                self.skip(
                    e.path(),
                    "hidden or editor/OS file (.x, .#x, ._x, x~): skipped".into(),
                );
            }
            return Visit::Next;
        }
        if ft.is_dir() {
            return Visit::Next;
        }
        if ft.is_symlink() {
            self.link(e.path());
            return Visit::Next;
        }
        if !ft.is_file() {
            let kind = special_kind(&ft);
            self.skip(
                e.path(),
                format!("{kind}, not a regular file: skipped, never opened"),
            );
            return Visit::Next;
        }
        if self.wanted(e.path()) {
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            self.add(e.path(), size);
        }
        Visit::Next
    }

    /// A symlink met without `--follow-symlinks`: read when it stays inside the folder.
    fn link(&mut self, path: &Path) {
        let target = match std::fs::canonicalize(path) {
            Ok(t) => t,
            Err(source) => {
                if self.wanted(path) {
                    self.out.refused.push(Error::Read {
                        path: path.to_path_buf(),
                        source,
                    });
                }
                return;
            }
        };
        if !target.starts_with(&self.canonical_root) {
            if self.wanted(path) || target.is_dir() {
                self.out.refused.push(Error::Read {
                    path: path.to_path_buf(),
                    source: std::io::Error::other(format!(
                        "a symlink to {} outside the input folder: not followed (pass --follow-symlinks to read it)",
                        target.display()
                    )),
                });
            }
            return;
        }
        match std::fs::metadata(&target) {
            Ok(m) if m.is_file() && self.wanted(path) => self.add(path, m.len()),
            Ok(m) if !m.is_file() && !m.is_dir() => {
                let kind = special_kind(&m.file_type());
                self.skip(path, format!("a symlink to {kind}: skipped, never opened"));
            }
            _ => {}
        }
    }

    /// True when the file is one to read: it matches `--glob`, or has the extension of a form.
    fn wanted(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        match (&self.glob, self.format) {
            (Some(g), _) => g.is_match(rel),
            (None, Some(r)) => reader_for(path).is_some_and(|f| f.name() == r.name()),
            (None, None) => reader_for(path).is_some(),
        }
    }

    fn add(&mut self, path: &Path, size: u64) {
        let Some(reader) = self.format.or_else(|| reader_for(path)) else {
            self.skip(
                path,
                format!(
                    "matches --glob but its form is unknown: name it with --input-format ({})",
                    super::form_names()
                ),
            );
            return;
        };
        self.out.units.push(Unit {
            location: Location::File(path.to_path_buf()),
            id: self.id(path),
            path: path.to_path_buf(),
            reader,
            size,
        });
    }

    fn skip(&mut self, path: &Path, reason: String) {
        let article = self.id(path);
        self.out.skipped.push(Skip { article, reason });
    }

    /// The path relative to the folder, `/`-separated, names encoded by [`encode_name`].
    fn id(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.components()
            .map(|c| encode_name(c.as_os_str()))
            .collect::<Vec<_>>()
            .join("/")
    }
}

#[derive(PartialEq)]
enum Visit {
    Next,
    SkipDir,
}

/// A file name as text: as it is when it is UTF-8; otherwise each byte that is not part of
/// valid UTF-8, and every `%`, percent-encoded (`caf%E9.txt`), so no information is lost.
pub fn encode_name(name: &OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_string();
    }
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(&chunk.valid().replace('%', "%25"));
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Hidden files and the leftovers of editors and operating systems: `.x` (also `.#x` Emacs
/// locks, `._x` macOS resource forks, `.x.swp`), `x~` backups, `#x#` autosaves, and the
/// Windows `Thumbs.db` / `desktop.ini`.
fn is_hidden_or_artefact(name: &OsStr) -> bool {
    let b = name.as_bytes();
    b.starts_with(b".")
        || b.ends_with(b"~")
        || (b.len() > 1 && b.starts_with(b"#") && b.ends_with(b"#"))
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// The name an artefact stands for (`.#a.txt` → `a.txt`), to tell whether it looks like an article.
fn artefact_base(path: &Path) -> PathBuf {
    let name = path.file_name().map(encode_name).unwrap_or_default();
    let base = name
        .trim_start_matches(".#")
        .trim_start_matches("._")
        .trim_start_matches('.')
        .trim_end_matches('~')
        .trim_matches('#');
    path.with_file_name(base)
}

fn special_kind(ft: &std::fs::FileType) -> &'static str {
    if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    }
}

/// Opens a unit for reading. A file is opened without blocking and checked to be a regular
/// file after opening, so one swapped for a FIFO since the walk is never read.
fn open(unit: &Unit) -> Result<Box<dyn BufRead>> {
    let path = match &unit.location {
        Location::Stdin => return Ok(Box::new(std::io::stdin().lock())),
        Location::File(p) => p,
    };
    use std::os::unix::fs::OpenOptionsExt;
    let err = |source| Error::Read {
        path: path.clone(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(err)?;
    let meta = file.metadata().map_err(err)?;
    if !meta.is_file() {
        return Err(Error::Input {
            path: path.clone(),
            line: 1,
            message: format!(
                "{}, not a regular file: not read",
                special_kind(&meta.file_type())
            ),
        });
    }
    Ok(Box::new(std::io::BufReader::new(file)))
}

/// Reads every article of `unit`, at most `max_bytes` each, handing each to `emit`.
pub fn read_unit(unit: &Unit, max_bytes: u64, emit: &mut Emit<'_>) -> Result<()> {
    let mut input = match open(unit) {
        Ok(i) => i,
        Err(e) => return emit(Err(e)),
    };
    unit.reader.read(
        Source {
            id: &unit.id,
            path: &unit.path,
            input: &mut *input,
            max_bytes,
        },
        emit,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn non_utf8_names_are_percent_encoded_faithfully() {
        assert_eq!(encode_name(OsStr::new("a b.txt")), "a b.txt");
        assert_eq!(encode_name(OsStr::from_bytes(b"caf\xe9.txt")), "caf%E9.txt");
        assert_eq!(
            encode_name(OsStr::from_bytes(b"100%\xff.txt")),
            "100%25%FF.txt",
            "a literal % is encoded too, so the encoding is reversible"
        );
    }

    #[test]
    fn artefacts_are_recognised() {
        for n in [
            ".hidden.txt",
            ".#a.txt",
            "._a.txt",
            "a.txt~",
            "#a.txt#",
            "Thumbs.db",
        ] {
            assert!(is_hidden_or_artefact(OsStr::new(n)), "{n}");
        }
        for n in ["a.txt", "a#b.txt", "x~y.md"] {
            assert!(!is_hidden_or_artefact(OsStr::new(n)), "{n}");
        }
        assert_eq!(artefact_base(Path::new("d/.#a.txt")), Path::new("d/a.txt"));
    }
}
