//! Typed errors of the library, and the exit code each maps to.

use std::path::PathBuf;

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Config {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}:{line}: {message}")]
    Input {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: no articles found ({hint})")]
    NoArticles { path: PathBuf, hint: String },
    #[error("{path}: no article has any text ({count} empty or skipped); the previous output is left as it was")]
    NoText { path: PathBuf, count: usize },
    #[error("{path}: {message}")]
    Output { path: PathBuf, message: String },
    #[error("{path}: the graph would need about {estimate_mib} MiB, more than the {available_mib} MiB of memory there is to use (estimated after {read_percent}% of the input); build the input in parts, or lower --max-evidence-per-edge; the previous output is left as it was")]
    TooLarge {
        path: PathBuf,
        estimate_mib: u64,
        available_mib: u64,
        read_percent: u64,
    },
    #[error("{path}: {why}")]
    Exists { path: PathBuf, why: String },
    #[error("the graph failed validation with {count} error(s); first: {first}")]
    Invalid { count: usize, first: String },
    #[error("export: {0}")]
    Export(String),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Model(#[from] crate::nlp::ModelError),
    #[error(transparent)]
    Push(#[from] crate::push::PushError),
}

impl Error {
    /// Exit code for scripts: 2 usage, 3 configuration, 4 input, 5 validation, 6 output.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Config { .. } | Error::Model(_) => 3,
            Error::Read { .. }
            | Error::Input { .. }
            | Error::NoArticles { .. }
            | Error::NoText { .. }
            | Error::TooLarge { .. } => 4,
            Error::Invalid { .. } => 5,
            Error::Write { .. }
            | Error::Export(_)
            | Error::Output { .. }
            | Error::Exists { .. }
            | Error::Push(_) => 6,
        }
    }
}

impl Error {
    /// The file or folder the error is about, if any.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Read { path, .. }
            | Error::Write { path, .. }
            | Error::Config { path, .. }
            | Error::Input { path, .. }
            | Error::NoArticles { path, .. }
            | Error::NoText { path, .. }
            | Error::TooLarge { path, .. }
            | Error::Output { path, .. }
            | Error::Exists { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The message without the leading `path:`.
    pub fn reason(&self) -> String {
        match self {
            Error::Input { line, message, .. } => return format!("line {line}: {message}"),
            Error::Read { source, .. } => return format!("cannot read: {source}"),
            _ => {}
        }
        let text = self.to_string();
        match self.path().map(|p| format!("{}:", p.display())) {
            Some(prefix) if text.starts_with(&prefix) => text[prefix.len()..].trim().to_string(),
            _ => text,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
