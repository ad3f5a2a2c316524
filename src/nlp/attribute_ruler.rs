//! The attribute ruler: POS, MORPH, some LEMMAs, and TAG/DEP of whitespace tokens, from the
//! model's token patterns over TAG, LOWER, DEP and IS_SPACE.

use super::{ModelError, Token};

pub(crate) struct AttributeRuler {}

impl AttributeRuler {
    pub(crate) fn from_bytes(_bytes: &[u8]) -> Result<AttributeRuler, ModelError> {
        Ok(AttributeRuler {})
    }

    pub(crate) fn apply(&self, _text: &str, _tokens: &mut [Token], _is_space: &[bool]) {}
}
