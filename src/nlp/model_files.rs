//! The model's files: built into the binary, or read from a directory; errors name the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A missing or unreadable model file, or one whose content is not what the model needs.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model file {path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("model file {file}: {message}")]
    Corrupt { file: String, message: String },
}

impl ModelError {
    pub(crate) fn corrupt(file: &str, message: impl Into<String>) -> ModelError {
        ModelError::Corrupt {
            file: file.to_string(),
            message: message.into(),
        }
    }
}

/// Declares the model files once: their names, and their bytes built into the binary.
macro_rules! model_files {
    ($($name:literal),* $(,)?) => {
        /// The files the pipeline reads, relative to the model directory.
        pub const FILES: &[&str] = &[$($name),*];

        const EMBEDDED: &[(&str, &[u8])] = &[$(
            ($name, include_bytes!(concat!("../../models/en_core_web_sm/", $name))),
        )*];
    };
}

model_files!(
    "symbols.json",
    "tokenizer",
    "vocab/lookups.bin",
    "tok2vec/model",
    "tagger/model",
    "tagger/cfg",
    "parser/model",
    "parser/moves",
    "ner/model",
    "ner/moves",
    "attribute_ruler/patterns",
    "lemmatizer/lookups/lookups.bin",
    "meta.json",
);

/// The bytes of each model file, by relative name.
pub(crate) struct ModelFiles {
    files: BTreeMap<&'static str, std::borrow::Cow<'static, [u8]>>,
}

impl ModelFiles {
    pub(crate) fn embedded() -> ModelFiles {
        ModelFiles {
            files: EMBEDDED
                .iter()
                .map(|&(n, b)| (n, std::borrow::Cow::Borrowed(b)))
                .collect(),
        }
    }

    pub(crate) fn read_dir(dir: &Path) -> Result<ModelFiles, ModelError> {
        let mut files = BTreeMap::new();
        for &name in FILES {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|source| ModelError::Read { path, source })?;
            files.insert(name, std::borrow::Cow::Owned(bytes));
        }
        Ok(ModelFiles { files })
    }

    /// The bytes of `name` (one of [`FILES`]).
    pub(crate) fn get(&self, name: &str) -> Result<&[u8], ModelError> {
        self.files
            .get(name)
            .map(|b| b.as_ref())
            .ok_or_else(|| ModelError::corrupt(name, "not among the model files"))
    }
}
