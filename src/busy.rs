//! Busy time and memory figures for the per-stage statistics: the CPU time of the calling
//! thread (so a stage's figure stays true when other programs share the cores) and the
//! process's peak resident memory; and giving memory a finished stage freed back to the system.

use std::time::Duration;

/// A start point of the calling thread's busy time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Busy(Duration);

impl Busy {
    pub(crate) fn start() -> Self {
        Busy(thread_cpu_time())
    }

    /// CPU time the calling thread spent since [`Busy::start`] (call it on the same thread).
    pub(crate) fn elapsed(self) -> Duration {
        thread_cpu_time().saturating_sub(self.0)
    }
}

/// A start point of the process's busy time: CPU time summed over all its threads. For a stage
/// that hands work to rayon's threads while nothing else in the process runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProcessBusy(Duration);

impl ProcessBusy {
    pub(crate) fn start() -> Self {
        ProcessBusy(process_cpu_time())
    }

    /// CPU time every thread of the process spent since [`ProcessBusy::start`].
    pub(crate) fn elapsed(self) -> Duration {
        process_cpu_time().saturating_sub(self.0)
    }
}

#[cfg(unix)]
fn thread_cpu_time() -> Duration {
    cpu_time(libc::CLOCK_THREAD_CPUTIME_ID)
}

#[cfg(unix)]
fn process_cpu_time() -> Duration {
    cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID)
}

#[cfg(unix)]
fn cpu_time(clock: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill.
    let ok = unsafe { libc::clock_gettime(clock, &mut ts) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(unix))]
fn thread_cpu_time() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

#[cfg(not(unix))]
fn process_cpu_time() -> Duration {
    thread_cpu_time()
}

/// The process's peak resident set size so far, in bytes (Linux; `None` elsewhere).
pub fn peak_rss_bytes() -> Option<u64> {
    status_field("VmHWM:")
}

/// The process's resident set size now, in bytes (Linux; `None` elsewhere).
pub fn resident_bytes() -> Option<u64> {
    status_field("VmRSS:")
}

/// Memory the system can still give, in bytes: available RAM plus free swap (Linux).
pub fn available_bytes() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = info.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse::<u64>().ok()
    };
    Some((field("MemAvailable:")? + field("SwapFree:").unwrap_or(0)) * 1024)
}

/// Returns the free memory of every allocator arena to the system. A stage's data freed on one
/// thread is otherwise kept resident for that thread's arena, while the next stage's threads
/// allocate from their own (glibc; elsewhere this does nothing).
pub(crate) fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn status_field(name: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(name))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_time_grows_with_work_and_not_with_sleep() {
        let t = Busy::start();
        std::thread::sleep(Duration::from_millis(30));
        assert!(t.elapsed() < Duration::from_millis(25));
        let t = Busy::start();
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        assert!(t.elapsed() > Duration::ZERO);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn peak_memory_is_read_on_linux() {
        assert!(peak_rss_bytes().unwrap() > 0);
        assert!(available_bytes().unwrap() > 0);
    }
}
