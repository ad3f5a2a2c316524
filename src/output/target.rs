//! What the output path may be: absent or a plain folder. A regular file, a symbolic link or a
//! mount point is refused before any work (exit 2), since replacing it would destroy or
//! bypass something kgpipe did not make.

use crate::error::{Error, Result};
use std::path::Path;

/// Exit 2 when `output` (as given, before resolving) is not something kgpipe may replace.
pub fn check_target(output: &Path) -> Result<()> {
    let meta = match std::fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error::Write {
                path: output.to_path_buf(),
                source,
            })
        }
    };
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "--output {}: {why}",
            output.display()
        )))
    };
    if meta.file_type().is_symlink() {
        return refuse(
            "is a symbolic link; kgpipe replaces its output folder as a whole and would replace the link, not its target: give the real folder".into(),
        );
    }
    if !meta.is_dir() {
        return refuse(
            "is an existing file, not a folder; kgpipe never replaces a file: choose a folder"
                .into(),
        );
    }
    if is_mount_point(output) {
        return refuse(format!(
            "is a mount point, which cannot be replaced as a whole; use a sub-folder, e.g. {}",
            output.join("kgpipe-output").display()
        ));
    }
    Ok(())
}

/// True when `dir` is the root of a mounted file system (another device than its parent, or
/// listed in `/proc/self/mountinfo`, which also catches bind mounts).
pub fn is_mount_point(dir: &Path) -> bool {
    let real = super::overlap::resolve(dir);
    let Some(parent) = real.parent() else {
        return true;
    };
    if other_device(&real, parent) {
        return true;
    }
    mount_points().iter().any(|m| Path::new(m) == real)
}

#[cfg(unix)]
fn other_device(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() != y.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn other_device(_: &Path, _: &Path) -> bool {
    false
}

/// Mount points listed by the kernel (empty where there is no `/proc`).
fn mount_points() -> Vec<String> {
    let Ok(text) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(unescape_octal)
        .collect()
}

/// `/proc` writes a space as `\040`, a tab as `\011` and so on.
fn unescape_octal(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| bytes[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push((d[0] - b'0') * 64 + (d[1] - b'0') * 8 + (d[2] - b'0'));
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn mountinfo_escapes_are_decoded() {
        assert_eq!(super::unescape_octal("/mnt/a\\040b"), "/mnt/a b");
        assert_eq!(super::unescape_octal("/plain"), "/plain");
    }

    #[test]
    fn the_root_is_a_mount_point() {
        assert!(super::is_mount_point(std::path::Path::new("/")));
    }
}
