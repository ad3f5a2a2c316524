//! The tagger: a linear layer over the shared tok2vec, argmax over the tag labels.

use super::linalg::{argmax, Dense};
use super::thinc::ThincModel;
use super::tok2vec::WIDTH;
use super::ModelError;

pub(crate) struct Tagger {
    labels: Vec<String>,
    output: Dense,
}

#[derive(serde::Deserialize)]
struct TaggerCfg {
    labels: Vec<String>,
}

impl Tagger {
    pub(crate) fn from_bytes(model: &[u8], cfg: &[u8]) -> Result<Tagger, ModelError> {
        let cfg: TaggerCfg = serde_json::from_slice(cfg).map_err(|e| {
            ModelError::corrupt("tagger/cfg", format!("not the tagger config: {e}"))
        })?;
        let model = ThincModel::from_bytes("tagger/model", model)?;
        let softmax = model.root_ref("softmax")?;
        let n = cfg.labels.len();
        if n == 0 || n > u16::MAX as usize {
            return Err(model.corrupt(format!("{n} tag labels")));
        }
        let output = Dense::new(
            n,
            WIDTH,
            &model.param(softmax, "W", &[n, WIDTH])?,
            model.param(softmax, "b", &[n])?,
        );
        Ok(Tagger {
            labels: cfg.labels,
            output,
        })
    }

    /// The tag id of each token of an N×96 tensor.
    pub(crate) fn predict(&self, tensor: &[f32]) -> Vec<u16> {
        let rows = tensor.len() / WIDTH;
        let mut logits = vec![0.0; rows * self.output.rows];
        self.output.forward(tensor, rows, &mut logits);
        logits
            .chunks_exact(self.output.rows)
            .map(|row| argmax(row) as u16)
            .collect()
    }

    pub(crate) fn label(&self, id: u16) -> &str {
        &self.labels[id as usize]
    }
}
