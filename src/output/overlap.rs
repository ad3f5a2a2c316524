//! Refuses folders that overlap: no role's folder may be another's, or lie inside another,
//! once symbolic links are resolved.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// The real path of `path`: its longest existing prefix with every symbolic link resolved,
/// then the rest as written (with `.` dropped and `..` applied).
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return append(real, rest.into_iter().rev());
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return lexical(&absolute),
        }
    }
}

fn append(base: PathBuf, parts: impl Iterator<Item = std::ffi::OsString>) -> PathBuf {
    let mut out = base;
    for p in parts {
        match Path::new(&p).components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::CurDir) | None => {}
            _ => out.push(p),
        }
    }
    out
}

fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Exit 2 when two of the (role, folder) pairs are the same folder or one holds the other.
pub fn check_no_overlap(folders: &[(&str, &Path)]) -> Result<()> {
    let real: Vec<(&str, &Path, PathBuf)> = folders
        .iter()
        .map(|(role, p)| (*role, *p, resolve(p)))
        .collect();
    for (i, (role_a, path_a, real_a)) in real.iter().enumerate() {
        for (role_b, path_b, real_b) in &real[i + 1..] {
            if let Some(how) = relation(real_a, real_b) {
                return Err(Error::Usage(format!(
                    "{role_a} {} and {role_b} {} {how} ({} and {}); they must be separate folders, neither inside the other",
                    path_a.display(),
                    path_b.display(),
                    real_a.display(),
                    real_b.display()
                )));
            }
        }
    }
    Ok(())
}

fn relation(a: &Path, b: &Path) -> Option<&'static str> {
    if a == b {
        Some("are the same folder")
    } else if b.starts_with(a) {
        Some("overlap: the second lies inside the first")
    } else if a.starts_with(b) {
        Some("overlap: the first lies inside the second")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_equal_folders_overlap() {
        assert!(relation(Path::new("/a/b"), Path::new("/a/b")).is_some());
        assert!(relation(Path::new("/a"), Path::new("/a/b/c")).is_some());
        assert!(relation(Path::new("/a/b/c"), Path::new("/a")).is_some());
        assert!(relation(Path::new("/a/b"), Path::new("/a/bc")).is_none());
    }

    #[test]
    fn missing_tails_are_kept_and_dots_applied() {
        let root = std::env::temp_dir().canonicalize().unwrap();
        let p = root.join("no-such-kgpipe-dir/x/../y/./z");
        assert_eq!(resolve(&p), root.join("no-such-kgpipe-dir/y/z"));
    }
}
