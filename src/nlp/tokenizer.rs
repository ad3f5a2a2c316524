//! The tokenizer: prefix, suffix and infix rules, special cases and URL matching, read from the
//! model's `tokenizer` file.

use super::ModelError;

/// A token as the tokenizer cuts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawToken {
    /// Byte range in the text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Offset in code points.
    pub(crate) idx: usize,
    /// Followed by one absorbed space.
    pub(crate) spacy: bool,
    /// The NORM a special case gives this token (overrides the lexeme NORM).
    pub(crate) norm: Option<Box<str>>,
}

pub(crate) struct Tokenizer {}

impl Tokenizer {
    pub(crate) fn from_bytes(_bytes: &[u8]) -> Result<Tokenizer, ModelError> {
        Ok(Tokenizer {})
    }

    pub(crate) fn tokenize(&self, _text: &str) -> Vec<RawToken> {
        Vec::new()
    }
}
