//! Output folders kgpipe owns: the checks before any work (no overlapping folders, no file,
//! link or mount point as output), one writer at a time, the ownership marker, the swap and
//! the cleanup on failure or signal. kgpipe only ever replaces a folder it made itself.
//!
//! [`Transaction::begin`] runs the checks, takes the lock, mends leftovers and creates the
//! staging folder; the caller writes into [`Transaction::staging`]; [`Transaction::commit`]
//! writes the marker, re-checks ownership and swaps. Dropping an uncommitted transaction
//! removes the staging folder and releases the lock.

mod lock;
mod marker;
pub mod overlap;
pub mod signals;
mod swap;
mod target;

pub use marker::{Kind, MARKER_FILE};
pub use overlap::{check_no_overlap, resolve};
pub use signals::install as install_signal_cleanup;

use crate::error::{Error, Result};
use lock::OutputLock;
use marker::Refusal;
use std::path::{Path, PathBuf};

/// How to treat an output folder that exists already, and another run holding it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputPolicy {
    /// Wait for another run writing the same output instead of failing with exit 6.
    pub wait: bool,
    /// Replace a kgpipe output even when files kgpipe wrote into it have changed since. Never
    /// replaces a folder without the marker, nor one holding files kgpipe did not write.
    pub force: bool,
}

/// One write of an output folder, from the checks to the swap.
#[derive(Debug)]
pub struct Transaction {
    output: PathBuf,
    staging: PathBuf,
    kind: Kind,
    committed: bool,
    warnings: Vec<String>,
    _lock: OutputLock,
}

impl Transaction {
    /// Checks `output` and every (role, folder) pair of `folders` (which should include the
    /// output), then locks the output and prepares an empty staging folder.
    pub fn begin(
        output: &Path,
        kind: Kind,
        folders: &[(&str, &Path)],
        policy: OutputPolicy,
    ) -> Result<Transaction> {
        target::check_target(output)?;
        check_no_overlap(folders)?;
        let real = real_output(output)?;
        ensure_parent(&real)?;
        let lock = OutputLock::acquire(&swap::lock_path(&real), output, policy.wait)?;
        let warnings = swap::recover(&real)?;
        check_ownership(&real, output, kind, policy.force, true)?;
        let staging = swap::staging(&real)?;
        signals::register_temporary(&staging);
        Ok(Transaction {
            output: real,
            staging,
            kind,
            committed: false,
            warnings,
            _lock: lock,
        })
    }

    /// The empty folder to write the new output into.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Marks the staging folder as kgpipe's, checks once more that nothing foreign appeared in
    /// the output meanwhile, and swaps it in. Returns warnings (leftovers not removed).
    pub fn commit(mut self) -> Result<Vec<String>> {
        marker::write_marker(&self.staging, self.kind)?;
        check_ownership(&self.output, &self.output, self.kind, true, false)?;
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.extend(swap::install(&self.staging, &self.output)?);
        self.committed = true;
        signals::forget_temporary(&self.staging);
        Ok(warnings)
    }
}

impl Drop for Transaction {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
            signals::forget_temporary(&self.staging);
        }
    }
}

/// The output with its parent's symbolic links resolved, so that every way of naming it
/// shares one lock file and one set of temporary siblings.
fn real_output(output: &Path) -> Result<PathBuf> {
    let real = resolve(output);
    if real.file_name().is_none() || real.parent().is_none() {
        return Err(Error::Usage(format!(
            "--output {}: needs a folder name (it cannot be a file system root)",
            output.display()
        )));
    }
    Ok(real)
}

fn ensure_parent(real: &Path) -> Result<()> {
    let parent = real.parent().expect("checked by real_output");
    std::fs::create_dir_all(parent).map_err(|source| Error::Write {
        path: parent.to_path_buf(),
        source,
    })
}

/// Exit 6 unless the existing `real` output is empty or kgpipe's own of `kind`.
fn check_ownership(real: &Path, shown: &Path, kind: Kind, force: bool, hashes: bool) -> Result<()> {
    if !real.is_dir() {
        return Ok(());
    }
    match marker::ownership(real, kind, hashes)? {
        None => Ok(()),
        Some(Refusal::Changed(_)) if force => Ok(()),
        Some(Refusal::Changed(message) | Refusal::NotOurs(message)) => Err(Error::Output {
            path: shown.to_path_buf(),
            message,
        }),
    }
}
