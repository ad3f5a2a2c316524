//! One writer per output folder: an exclusive `flock` (via `fs4`) on `.NAME.kgpipe-lock` beside
//! it, held from before the first check until the swap is done. The holder removes the lock
//! file when it finishes; a waiter that then wins the lock on the removed file notices (the
//! path no longer names its file) and locks again, so the file never outlives the builds.

use crate::error::{Error, Result};
use fs4::fs_std::FileExt;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A held output lock; dropping it removes the lock file and releases the lock.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    file: Option<File>,
}

impl OutputLock {
    /// Takes the lock at `path`: at once (exit 6 if another build holds it), or waiting for it
    /// with a message on stderr when `wait` is set.
    pub fn acquire(path: &Path, output: &Path, wait: bool) -> Result<OutputLock> {
        let mut told = false;
        loop {
            let file = open(path)?;
            let got = FileExt::try_lock_exclusive(&file).map_err(|e| write_error(path, e))?;
            if !got {
                if !wait {
                    return Err(Error::Output {
                        path: output.to_path_buf(),
                        message: format!(
                            "another kgpipe run is writing this output (it holds {}); wait for it to finish, or pass --wait to queue behind it",
                            path.display()
                        ),
                    });
                }
                if !told {
                    eprintln!(
                        "kgpipe: waiting for the other kgpipe run writing {} to finish (lock {})",
                        output.display(),
                        path.display()
                    );
                    told = true;
                }
                FileExt::lock_exclusive(&file).map_err(|e| write_error(path, e))?;
            }
            if still_names(path, &file) {
                crate::output::signals::register_lock(path);
                return Ok(OutputLock {
                    path: path.to_path_buf(),
                    file: Some(file),
                });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        crate::output::signals::forget_lock(&self.path);
        let _ = std::fs::remove_file(&self.path);
        self.file.take();
    }
}

fn open(path: &Path) -> Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| write_error(path, e))
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// True when `path` still names the open `file` (the previous holder did not remove it).
#[cfg(unix)]
fn still_names(path: &Path, file: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_names(path: &Path, _: &File) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_and_the_file_goes_with_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let lock = tmp.path().join(".out.kgpipe-lock");
        let out = tmp.path().join("out");
        let first = OutputLock::acquire(&lock, &out, false).unwrap();
        let err = OutputLock::acquire(&lock, &out, false).unwrap_err();
        assert_eq!(err.exit_code(), 6);
        assert!(err.to_string().contains("--wait"), "{err}");
        drop(first);
        assert!(!lock.exists());
        let again = OutputLock::acquire(&lock, &out, false).unwrap();
        drop(again);
    }
}
