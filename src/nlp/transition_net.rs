//! The scoring network of spaCy's TransitionBasedParser (parser and NER): a linear projection of
//! the token vectors, a precomputable affine "lower" layer (one GEMM per batch: every token's
//! contribution to every feature slot), a 2-piece maxout, and the "upper" linear over classes.

use super::linalg::{maxout_of_sum, pieces_first, Dense};
use super::thinc::ThincModel;
use super::tok2vec::WIDTH;
use super::ModelError;

/// Hidden width of the lower layer.
const HIDDEN: usize = 64;
const PIECES: usize = 2;
/// Floats per (token, feature slot) in the precomputed table.
const SLOT: usize = HIDDEN * PIECES;

pub(crate) struct TransitionNet {
    /// Token vectors (96) → 64.
    project: Dense,
    /// Rows `f*128 + p*64 + o` (piece-major within a slot), each over the 64 projected inputs.
    lower: Dense,
    /// Piece-major, like a slot.
    lower_bias: Vec<f32>,
    /// Per feature slot, piece-major: the 128 values used for a missing token (id −1).
    pad: Vec<f32>,
    upper: Dense,
    slots: usize,
}

/// Every token's contribution to every feature slot of one document: `N × (slots·128)`.
pub(crate) struct Precomputed<'a> {
    net: &'a TransitionNet,
    table: &'a [f32],
}

/// Reusable buffers of one scoring step.
pub(crate) struct StepBuffers {
    sum: Vec<f32>,
    hidden: Vec<f32>,
    pub(crate) scores: Vec<f32>,
}

impl TransitionNet {
    /// Reads the network of a parser-like `model` with `slots` features and `classes` outputs.
    pub(crate) fn from_model(
        model: &ThincModel,
        slots: usize,
        classes: usize,
    ) -> Result<TransitionNet, ModelError> {
        let lower = model.root_ref("lower")?;
        let upper = model.root_ref("upper")?;
        let project = model
            .nodes_named("linear")
            .find(|n| !std::ptr::eq(*n, upper))
            .ok_or_else(|| model.corrupt("no linear layer after the tok2vec"))?;
        Ok(TransitionNet {
            project: Dense::new(
                HIDDEN,
                WIDTH,
                &model.param(project, "W", &[HIDDEN, WIDTH])?,
                model.param(project, "b", &[HIDDEN])?,
            ),
            lower: Dense::new(
                slots * SLOT,
                HIDDEN,
                &slots_pieces_first(
                    &model.param(lower, "W", &[slots, HIDDEN, PIECES, HIDDEN])?,
                    HIDDEN,
                ),
                Vec::new(),
            ),
            lower_bias: pieces_first(
                &model.param(lower, "b", &[HIDDEN, PIECES])?,
                HIDDEN,
                PIECES,
                1,
            ),
            pad: slots_pieces_first(&model.param(lower, "pad", &[1, slots, HIDDEN, PIECES])?, 1),
            upper: Dense::new(
                classes,
                HIDDEN,
                &model.param(upper, "W", &[classes, HIDDEN])?,
                model.param(upper, "b", &[classes])?,
            ),
            slots,
        })
    }

    /// Projects `rows` token vectors and multiplies them into the lower layer, for a whole batch.
    pub(crate) fn precompute(&self, tensor: &[f32], rows: usize) -> Vec<f32> {
        let projected = self.project(tensor, rows);
        let mut table = vec![0.0; rows * self.slots * SLOT];
        self.lower.forward(&projected, rows, &mut table);
        table
    }

    /// Token vectors (96) → the 64 inputs of the lower layer.
    pub(crate) fn project(&self, tensor: &[f32], rows: usize) -> Vec<f32> {
        let mut projected = vec![0.0; rows * HIDDEN];
        self.project.forward(tensor, rows, &mut projected);
        projected
    }

    /// The precomputed rows of one document (`table` sliced to its tokens).
    pub(crate) fn view<'a>(&'a self, table: &'a [f32]) -> Precomputed<'a> {
        Precomputed { net: self, table }
    }

    pub(crate) fn buffers(&self) -> StepBuffers {
        StepBuffers {
            sum: vec![0.0; SLOT],
            hidden: vec![0.0; HIDDEN],
            scores: vec![0.0; self.upper.rows],
        }
    }

    pub(crate) fn slots(&self) -> usize {
        self.slots
    }
}

impl Precomputed<'_> {
    /// Class scores of a state whose feature tokens are `ids` (−1 = none) into `buf.scores`.
    pub(crate) fn score(&self, ids: &[i32], buf: &mut StepBuffers) {
        let net = self.net;
        let row_len = net.slots * SLOT;
        let parts = ids
            .iter()
            .enumerate()
            .map(|(f, &id)| match usize::try_from(id) {
                Ok(t) => &self.table[t * row_len + f * SLOT..][..SLOT],
                Err(_) => &net.pad[f * SLOT..(f + 1) * SLOT],
            });
        maxout_of_sum(&mut buf.sum, parts, &net.lower_bias, &mut buf.hidden);
        net.upper.matvec(&buf.hidden, &mut buf.scores);
    }
}

/// Reorders each slot of `(slots, 64, 2, inner)` to piece-major `(slots, 2, 64, inner)`.
fn slots_pieces_first(w: &[f32], inner: usize) -> Vec<f32> {
    w.chunks_exact(SLOT * inner)
        .flat_map(|slot| pieces_first(slot, HIDDEN, PIECES, inner))
        .collect()
}
