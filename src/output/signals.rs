//! Cleanup on SIGINT, SIGTERM and SIGHUP: the CLI calls [`install`], and a signal then removes
//! the temporary folders and the lock file of any output being written and ends the process
//! with status 128 + the signal number (130 for SIGINT, 143 for SIGTERM). The swap holds the
//! same mutex as the handler, so a signal never cuts it in half. `dot` children die with the
//! process on their own (see `export::dot`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Default)]
struct Registry {
    temporary: Vec<PathBuf>,
    locks: Vec<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    temporary: Vec::new(),
    locks: Vec::new(),
});

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn register_temporary(path: &Path) {
    registry().temporary.push(path.to_path_buf());
}

pub(crate) fn forget_temporary(path: &Path) {
    registry().temporary.retain(|p| p != path);
}

pub(crate) fn register_lock(path: &Path) {
    registry().locks.push(path.to_path_buf());
}

pub(crate) fn forget_lock(path: &Path) {
    registry().locks.retain(|p| p != path);
}

/// Runs `f` with signal cleanup held off, so that no signal lands in the middle of it.
pub(crate) fn uninterrupted<T>(f: impl FnOnce() -> T) -> T {
    let _held = registry();
    f()
}

/// Installs the handler (once per process; later calls do nothing).
pub fn install() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    let mut result = Ok(());
    INSTALLED.call_once(|| {
        result =
            signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]).map(|mut signals| {
                std::thread::spawn(move || {
                    if let Some(sig) = signals.forever().next() {
                        clean_up_and_exit(sig);
                    }
                });
            });
    });
    result
}

fn clean_up_and_exit(sig: i32) -> ! {
    let held = registry();
    for dir in &held.temporary {
        let _ = std::fs::remove_dir_all(dir);
    }
    for lock in &held.locks {
        let _ = std::fs::remove_file(lock);
    }
    eprintln!("kgpipe: stopped by signal {sig}; temporary files removed, the previous output is unchanged");
    std::process::exit(128 + sig)
}
