//! Where exporters write: a [`Sink`] opens one streamed file at a time by its name relative to
//! the output folder. [`DirSink`] writes into a folder (the build's staging folder);
//! [`MemorySink`] keeps the bytes, for tests and for callers that want the text.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The files of one export, streamed.
pub trait Sink: Send {
    /// A new file `name` (relative, `/`-separated) to write from its start.
    fn create(&mut self, name: &str) -> Result<SinkFile<'_>>;
    /// Marks the file `name` (already written) as a program users run.
    fn make_executable(&mut self, name: &str) -> Result<()>;
    /// A note for the build's warnings (a picture skipped, a tool missing).
    fn warn(&mut self, message: String);
}

/// One file being written: a buffered writer that knows its name, so a failed write becomes
/// an error naming the file.
pub struct SinkFile<'a> {
    path: PathBuf,
    inner: Box<dyn Write + Send + 'a>,
}

impl<'a> SinkFile<'a> {
    fn new(path: PathBuf, inner: impl Write + Send + 'a) -> Self {
        SinkFile {
            path,
            inner: Box::new(inner),
        }
    }

    /// The error for a failed write to this file.
    pub fn error(&self, source: io::Error) -> Error {
        Error::Write {
            path: self.path.clone(),
            source,
        }
    }

    /// Writes `bytes` whole, naming the file on failure.
    pub fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.inner.write_all(bytes).map_err(|e| self.error(e))
    }

    /// Flushes the file; every exporter ends each file with this.
    pub fn finish(mut self) -> Result<()> {
        self.inner.flush().map_err(|e| self.error(e))
    }
}

impl Write for SinkFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes files into a folder, creating subfolders as needed, and remembers what it wrote.
pub struct DirSink {
    dir: PathBuf,
    written: Vec<PathBuf>,
    warnings: Vec<String>,
}

impl DirSink {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DirSink {
            dir: dir.into(),
            written: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The files written (relative to the folder, in order) and the warnings.
    pub fn into_parts(self) -> (Vec<PathBuf>, Vec<String>) {
        (self.written, self.warnings)
    }

    fn open(&self, path: &Path) -> Result<File> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        File::create(path).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
    }
}

impl Sink for DirSink {
    fn create(&mut self, name: &str) -> Result<SinkFile<'_>> {
        let path = self.dir.join(name);
        let file = self.open(&path)?;
        self.written.push(PathBuf::from(name));
        Ok(SinkFile::new(path, BufWriter::with_capacity(1 << 16, file)))
    }

    fn make_executable(&mut self, name: &str) -> Result<()> {
        set_executable(&self.dir.join(name))
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(message);
    }
}

#[cfg(unix)]
fn set_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|source| {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(not(unix))]
fn set_executable(_: &Path) -> Result<()> {
    Ok(())
}

/// Keeps every file's bytes in memory.
#[derive(Debug, Default)]
pub struct MemorySink {
    pub files: BTreeMap<String, Vec<u8>>,
    pub executable: Vec<String>,
    pub warnings: Vec<String>,
}

impl MemorySink {
    /// The text of file `name`, when written.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.files
            .get(name)
            .and_then(|b| std::str::from_utf8(b).ok())
    }
}

impl Sink for MemorySink {
    fn create(&mut self, name: &str) -> Result<SinkFile<'_>> {
        let buffer = self.files.entry(name.to_string()).or_default();
        buffer.clear();
        Ok(SinkFile::new(PathBuf::from(name), buffer))
    }

    fn make_executable(&mut self, name: &str) -> Result<()> {
        self.executable.push(name.to_string());
        Ok(())
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sink_keeps_each_file_and_replaces_a_rewritten_one() {
        let mut sink = MemorySink::default();
        let mut f = sink.create("a/b.txt").unwrap();
        f.put(b"first").unwrap();
        f.finish().unwrap();
        let mut f = sink.create("a/b.txt").unwrap();
        f.put(b"second").unwrap();
        f.finish().unwrap();
        assert_eq!(sink.text("a/b.txt"), Some("second"));
    }

    #[test]
    fn dir_sink_creates_subfolders_and_lists_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let mut sink = DirSink::new(dir.path());
        let mut f = sink.create("x/y.csv").unwrap();
        f.put(b"1,2\n").unwrap();
        f.finish().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("x/y.csv")).unwrap(),
            "1,2\n"
        );
        assert_eq!(sink.into_parts().0, vec![PathBuf::from("x/y.csv")]);
    }
}
