//! Progress on stderr through `indicatif`: the current stage (read · extract · resolve, merge,
//! graph, validate, each export), the bytes and articles done, the rate and the ETA. By default
//! it draws only when stderr is a terminal; `--progress=always` draws anyway (one line per
//! update, for logs) and `--quiet` never.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};
use std::time::Instant;

/// When to show progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProgressMode {
    /// When stderr is a terminal.
    #[default]
    Auto,
    Always,
    Never,
}

impl ProgressMode {
    pub fn parse(s: &str) -> Option<ProgressMode> {
        match s {
            "auto" => Some(ProgressMode::Auto),
            "always" => Some(ProgressMode::Always),
            "never" => Some(ProgressMode::Never),
            _ => None,
        }
    }
}

/// The progress display of one build.
pub struct Progress {
    bar: ProgressBar,
    /// Each stage also gets a line of its own (a log keeps them all).
    log_stages: bool,
    articles: std::sync::atomic::AtomicU64,
    started: Instant,
}

impl Progress {
    /// A display for reading `total_bytes` of input (0 when unknown, e.g. standard input).
    pub fn new(mode: ProgressMode, total_bytes: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total_bytes), draw_target(mode));
        bar.set_style(if total_bytes > 0 {
            bar_style()
        } else {
            spinner_style()
        });
        bar.enable_steady_tick(std::time::Duration::from_millis(500));
        Progress {
            bar,
            log_stages: mode == ProgressMode::Always,
            articles: 0.into(),
            started: Instant::now(),
        }
    }

    /// A display that draws nothing.
    pub fn hidden() -> Progress {
        Progress::new(ProgressMode::Never, 0)
    }

    /// Names the stage now running.
    pub fn stage(&self, name: &str) {
        self.bar.set_message(name.to_string());
        if self.log_stages {
            self.bar.println(format!("kgpipe: stage: {name}"));
        }
    }

    /// Counts `bytes` of input and `articles` articles done.
    pub fn advance(&self, bytes: u64, articles: u64) {
        use std::sync::atomic::Ordering;
        let n = self.articles.fetch_add(articles, Ordering::Relaxed) + articles;
        let rate = n as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar
            .set_prefix(format!("{n} articles, {rate:.0} articles/s"));
        self.bar.inc(bytes);
    }

    /// Switches from reading to the stages after it, which have no size.
    pub fn after_reading(&self) {
        self.bar.set_style(spinner_style());
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Where a bar of this mode draws: stderr, one line per update, or nowhere.
pub(crate) fn draw_target(mode: ProgressMode) -> ProgressDrawTarget {
    match mode {
        ProgressMode::Auto => ProgressDrawTarget::stderr(),
        ProgressMode::Always => ProgressDrawTarget::term_like_with_hz(Box::new(LogLines), 2),
        ProgressMode::Never => ProgressDrawTarget::hidden(),
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{spinner} {msg:<24} [{elapsed_precise}] [{bar:30}] {percent:>3}% {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta} · {prefix}",
    )
    .expect("a valid template")
    .progress_chars("=> ")
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{spinner} {msg:<24} [{elapsed_precise}] {binary_bytes} · {prefix}",
    )
    .expect("a valid template")
}

/// Draws each update as a line of its own on stderr, for a log that is not a terminal.
#[derive(Debug)]
struct LogLines;

impl TermLike for LogLines {
    fn width(&self) -> u16 {
        160
    }

    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        use std::io::Write;
        if s.trim().is_empty() {
            return Ok(());
        }
        writeln!(std::io::stderr().lock(), "{s}")
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.write_line(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        Ok(())
    }

    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}
