//! The swap: a new output is written into a temporary sibling `.NAME.kgpipe-tmp-PID[-N]`, then
//! exchanged with the output in one step (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two
//! renames through `.NAME.kgpipe-old-PID[-N]`, mended by the next run). The previous output is
//! deleted only after the swap, and a failure to delete it is a warning: the new output is
//! complete by then. Leftovers of killed runs are removed by the next run when possible, and
//! never stand in its way, since every run picks fresh temporary names.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

const TMP: &str = "tmp";
const OLD: &str = "old";

fn prefix(output: &Path, tag: &str) -> String {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    format!(".{name}.kgpipe-{tag}")
}

/// The lock file beside `output`.
pub fn lock_path(output: &Path) -> PathBuf {
    output.with_file_name(prefix(output, "lock"))
}

/// Creates a fresh, empty temporary sibling of `output` whose name no leftover holds.
pub fn create_sibling(output: &Path, tag: &str) -> Result<PathBuf> {
    let base = format!("{}-{}", prefix(output, tag), std::process::id());
    for n in 0u32.. {
        let name = if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let path = output.with_file_name(name);
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(Error::Write { path, source }),
        }
    }
    unreachable!("u32 names run out before create_dir stops reporting AlreadyExists")
}

/// Siblings of `output` left by earlier runs with `tag`, sorted by name.
fn leftovers(output: &Path, tag: &str) -> Vec<PathBuf> {
    let Some(parent) = output.parent() else {
        return Vec::new();
    };
    let p = prefix(output, tag);
    let mut found: Vec<PathBuf> = std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&p))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Mends an interrupted swap and removes leftovers of killed runs. Returns warnings for
/// leftovers that could not be removed (they are named, and do not block this run).
pub fn recover(output: &Path) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let olds = leftovers(output, OLD);
    if std::fs::symlink_metadata(output).is_err() {
        if let Some(last) = olds.last() {
            std::fs::rename(last, output).map_err(|source| Error::Write {
                path: output.to_path_buf(),
                source,
            })?;
        }
    }
    for dir in leftovers(output, OLD)
        .into_iter()
        .chain(leftovers(output, TMP))
    {
        if let Err(e) = std::fs::remove_dir_all(&dir) {
            warnings.push(format!(
                "could not remove {} left by an earlier run ({e}); remove it by hand",
                dir.display()
            ));
        }
    }
    Ok(warnings)
}

/// A fresh temporary folder for the new output.
pub fn staging(output: &Path) -> Result<PathBuf> {
    create_sibling(output, TMP)
}

/// Moves `staged` into place as `output`. Afterwards `staged` no longer exists; returns
/// warnings (a previous output that could not be fully deleted).
pub fn install(staged: &Path, output: &Path) -> Result<Vec<String>> {
    let write_error = |source| Error::Write {
        path: output.to_path_buf(),
        source,
    };
    if std::fs::symlink_metadata(output).is_err() {
        super::signals::uninterrupted(|| std::fs::rename(staged, output)).map_err(write_error)?;
        return Ok(Vec::new());
    }
    match super::signals::uninterrupted(|| exchange(staged, output)) {
        Ok(()) => return Ok(remove_previous(staged)),
        Err(e)
            if e.raw_os_error() == Some(libc::EINVAL) || e.raw_os_error() == Some(libc::ENOSYS) => {
        }
        Err(source) => return Err(write_error(source)),
    }
    let old = create_sibling(output, OLD)?;
    super::signals::uninterrupted(|| -> std::io::Result<()> {
        std::fs::remove_dir(&old)?;
        std::fs::rename(output, &old)?;
        if let Err(e) = std::fs::rename(staged, output) {
            let _ = std::fs::rename(&old, output);
            return Err(e);
        }
        Ok(())
    })
    .map_err(write_error)?;
    Ok(remove_previous(&old))
}

fn remove_previous(dir: &Path) -> Vec<String> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!(
            "the new output is in place, but the previous one, now at {}, could not be fully removed ({e}); remove it by hand (the next run also tries)",
            dir.display()
        )],
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undeletable_leftover_does_not_block_a_new_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = staging(&out).unwrap();
        let second = staging(&out).unwrap();
        assert_ne!(first, second);
        assert!(recover(&out).unwrap().is_empty());
        assert!(!first.exists() && !second.exists());
    }

    #[test]
    fn a_cut_two_rename_swap_is_mended() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let old = create_sibling(&out, OLD).unwrap();
        std::fs::write(old.join("f"), "previous").unwrap();
        recover(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("f")).unwrap(), "previous");
    }
}
