//! tok2vec: MultiHashEmbed (MurmurHash3 rows of the feature ids) and the MaxoutWindowEncoder
//! (maxout, layer norm, residual CNN with computed padding). Runs a batch of documents as one
//! row matrix `[pad, doc1, pad, doc2, …, pad]`, as thinc does.

use super::lexeme::Features;
use super::linalg::{add_into, maxout_norm_rows, pieces_first, sum_rows, Dense};
use super::thinc::{Node, ThincModel};
use super::ModelError;

/// Width of the token vectors.
pub(crate) const WIDTH: usize = 96;
const PIECES: usize = 3;
/// Rows of padding on each side of a document: window 1 × depth 4.
const PAD: usize = 4;
const DEPTH: usize = 4;
/// Rows per matrix product: bounds the working memory, keeps a block's products in cache.
const BLOCK: usize = 1024;

/// One embedding table hashed by a feature column.
struct HashEmbed {
    column: usize,
    seed: u32,
    rows: usize,
    table: Vec<f32>,
}

/// Maxout (3 pieces, weights piece-major) followed by layer norm.
struct MaxoutNorm {
    dense: Dense,
    pieces_bias: Vec<f32>,
    gain: Vec<f32>,
    bias: Vec<f32>,
}

pub(crate) struct Tok2Vec {
    embeds: Vec<HashEmbed>,
    reduce: MaxoutNorm,
    cnn: Vec<MaxoutNorm>,
}

/// The token vectors of a batch: `WIDTH` floats per token, documents one after another.
pub(crate) struct BatchTensor {
    pub(crate) data: Vec<f32>,
    /// Token offset of each document, plus the total at the end.
    pub(crate) offsets: Vec<usize>,
}

impl BatchTensor {
    #[cfg(test)]
    pub(crate) fn doc(&self, d: usize) -> &[f32] {
        &self.data[self.offsets[d] * WIDTH..self.offsets[d + 1] * WIDTH]
    }

    pub(crate) fn rows(&self) -> usize {
        self.data.len() / WIDTH
    }
}

impl Tok2Vec {
    pub(crate) fn from_bytes(file: &str, bytes: &[u8]) -> Result<Tok2Vec, ModelError> {
        Tok2Vec::from_model(&ThincModel::from_bytes(file, bytes)?)
    }

    /// The tok2vec inside `model` (the shared one, or the NER's own).
    pub(crate) fn from_model(model: &ThincModel) -> Result<Tok2Vec, ModelError> {
        let embeds = read_embeds(model)?;
        check_columns(model, embeds.len())?;
        let pad = model.attr_u64(model.node_with_prefix("with_array(residual")?, "pad")?;
        if pad != PAD as u64 {
            return Err(model.corrupt(format!("CNN padding is {pad}, expected {PAD}")));
        }
        let maxouts: Vec<&Node> = model.nodes_named("maxout").collect();
        let norms: Vec<&Node> = model.nodes_named("layernorm").collect();
        if maxouts.len() != DEPTH + 1 || norms.len() != DEPTH + 1 {
            return Err(model.corrupt(format!("expected {} maxout/layernorm pairs", DEPTH + 1)));
        }
        let reduce = read_maxout_norm(model, maxouts[0], norms[0], embeds.len() * WIDTH)?;
        let cnn = (1..=DEPTH)
            .map(|l| read_maxout_norm(model, maxouts[l], norms[l], 3 * WIDTH))
            .collect::<Result<_, _>>()?;
        Ok(Tok2Vec {
            embeds,
            reduce,
            cnn,
        })
    }

    /// N×96 token vectors of each document, computed as one batch.
    pub(crate) fn predict_batch(&self, docs: &[&[Features]]) -> BatchTensor {
        let layout = Layout::new(docs);
        let mut h = vec![0.0; (layout.rows + 2) * WIDTH];
        self.embed_into(docs, &layout, &mut h);
        let mut y = vec![0.0; BLOCK * WIDTH * PIECES];
        let mut delta = vec![0.0; layout.rows * WIDTH];
        for layer in &self.cnn {
            layer.residual_window(&mut h, layout.rows, &mut y, &mut delta);
        }
        BatchTensor {
            data: layout.real_rows(&h),
            offsets: layout.token_offsets,
        }
    }

    /// Embeds every token, reduces with maxout + layer norm, and writes the rows of `h`
    /// (`h` has one zero row before row 0 of the layout).
    fn embed_into(&self, docs: &[&[Features]], layout: &Layout, h: &mut [f32]) {
        let features: Vec<&Features> = docs.iter().flat_map(|d| d.iter()).collect();
        let width = self.embeds.len() * WIDTH;
        let mut reduced = vec![0.0; features.len() * WIDTH];
        let mut x = vec![0.0; BLOCK * width];
        let mut y = vec![0.0; BLOCK * WIDTH * PIECES];
        for (block, out) in features
            .chunks(BLOCK)
            .zip(reduced.chunks_mut(BLOCK * WIDTH))
        {
            self.embed_block(block, &mut x);
            self.reduce.apply(&x, block.len(), width, &mut y, out);
        }
        for (d, doc) in docs.iter().enumerate() {
            let src = &reduced[layout.token_offsets[d] * WIDTH..][..doc.len() * WIDTH];
            let at = (1 + layout.doc_rows[d]) * WIDTH;
            h[at..at + src.len()].copy_from_slice(src);
        }
    }

    /// The concatenated embeddings of each token of `block`, one row each.
    fn embed_block(&self, block: &[&Features], x: &mut [f32]) {
        let width = self.embeds.len() * WIDTH;
        for (row, f) in x.chunks_exact_mut(width).zip(block) {
            for (slot, e) in row.chunks_exact_mut(WIDTH).zip(&self.embeds) {
                e.sum_rows(f[e.column], slot);
            }
        }
    }
}

/// Where each document sits in the padded row matrix.
struct Layout {
    rows: usize,
    doc_rows: Vec<usize>,
    token_offsets: Vec<usize>,
}

impl Layout {
    fn new(docs: &[&[Features]]) -> Layout {
        let mut doc_rows = Vec::with_capacity(docs.len());
        let mut token_offsets = vec![0];
        let mut row = PAD;
        for d in docs {
            doc_rows.push(row);
            row += d.len() + PAD;
            token_offsets.push(token_offsets.last().unwrap_or(&0) + d.len());
        }
        Layout {
            rows: row,
            doc_rows,
            token_offsets,
        }
    }

    fn real_rows(&self, h: &[f32]) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.token_offsets.last().unwrap_or(&0) * WIDTH);
        for (d, &start) in self.doc_rows.iter().enumerate() {
            let len = self.token_offsets[d + 1] - self.token_offsets[d];
            out.extend_from_slice(&h[(1 + start) * WIDTH..(1 + start + len) * WIDTH]);
        }
        out
    }
}

impl HashEmbed {
    fn sum_rows(&self, id: u64, out: &mut [f32]) {
        let rows = hash_words(id, self.seed).map(|w| w as usize % self.rows);
        sum_rows(
            out,
            rows.iter()
                .map(|&r| &self.table[r * WIDTH..(r + 1) * WIDTH]),
        );
    }
}

impl MaxoutNorm {
    /// `out (m × 96) = LayerNorm(maxout(x · Wᵀ + b))`, rows of `x` `stride` apart, computed
    /// `BLOCK` rows at a time through `y`.
    fn apply(&self, x: &[f32], m: usize, stride: usize, y: &mut [f32], out: &mut [f32]) {
        for start in (0..m).step_by(BLOCK) {
            let rows = BLOCK.min(m - start);
            let y = &mut y[..rows * WIDTH * PIECES];
            self.dense
                .forward_strided(&x[start * stride..], rows, stride, y);
            let out = &mut out[start * WIDTH..(start + rows) * WIDTH];
            maxout_norm_rows(y, &self.pieces_bias, &self.gain, &self.bias, out);
        }
    }

    /// One residual CNN layer over the padded rows of `h` (one zero row at each end): the window
    /// of row i is the 3 consecutive rows i-1, i, i+1, i.e. a strided view of `h`.
    fn residual_window(&self, h: &mut [f32], rows: usize, y: &mut [f32], delta: &mut [f32]) {
        self.apply(h, rows, WIDTH, y, delta);
        add_into(&mut h[WIDTH..(rows + 1) * WIDTH], delta);
    }
}

fn read_embeds(model: &ThincModel) -> Result<Vec<HashEmbed>, ModelError> {
    let mut embeds = model
        .nodes_named("hashembed")
        .map(|node| read_embed(model, node))
        .collect::<Result<Vec<_>, _>>()?;
    embeds.sort_by_key(|e| e.column);
    let columns: Vec<usize> = embeds.iter().map(|e| e.column).collect();
    if columns.is_empty() || columns != (0..columns.len()).collect::<Vec<_>>() || columns.len() > 6
    {
        return Err(model.corrupt(format!("hash embedding columns {columns:?} are not 0..n")));
    }
    Ok(embeds)
}

/// The feature columns must be the first ones of [`Features`], in order.
fn check_columns(model: &ThincModel, count: usize) -> Result<(), ModelError> {
    const NAMES: [&str; 6] = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"];
    let node = model
        .nodes_named("extract_features")
        .next()
        .ok_or_else(|| model.corrupt("no extract_features node"))?;
    let columns = model.attr_strings(node, "columns")?;
    if columns != NAMES[..count.min(6)] {
        return Err(model.corrupt(format!(
            "feature columns {columns:?} for {count} embeddings"
        )));
    }
    Ok(())
}

fn read_embed(model: &ThincModel, node: &Node) -> Result<HashEmbed, ModelError> {
    let column = model.attr_u64(node, "column")? as usize;
    let seed = u32::try_from(model.attr_u64(node, "seed")?)
        .map_err(|_| model.corrupt("seed too large"))?;
    let table = model.param_any(node, "E")?;
    let rows = match table.shape[..] {
        [rows, WIDTH] if rows > 0 => rows,
        _ => return Err(model.corrupt(format!("hashembed E has shape {:?}", table.shape))),
    };
    Ok(HashEmbed {
        column,
        seed,
        rows,
        table: table.data.clone(),
    })
}

fn read_maxout_norm(
    model: &ThincModel,
    maxout: &Node,
    norm: &Node,
    inputs: usize,
) -> Result<MaxoutNorm, ModelError> {
    let w = model.param(maxout, "W", &[WIDTH, PIECES, inputs])?;
    let b = model.param(maxout, "b", &[WIDTH, PIECES])?;
    Ok(MaxoutNorm {
        dense: Dense::new(
            WIDTH * PIECES,
            inputs,
            &pieces_first(&w, WIDTH, PIECES, inputs),
            Vec::new(),
        ),
        pieces_bias: pieces_first(&b, WIDTH, PIECES, 1),
        gain: model.param(norm, "G", &[WIDTH])?,
        bias: model.param(norm, "b", &[WIDTH])?,
    })
}

/// thinc's `MurmurHash3_x86_128_uint64`: MurmurHash3 x64_128 of the 8 little-endian bytes of
/// `id`, as four 32-bit words.
pub(crate) fn hash_words(id: u64, seed: u32) -> [u32; 4] {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    let (mut h1, mut h2) = (seed as u64, seed as u64);
    let k1 = id.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
    h1 ^= k1;
    h1 ^= 8;
    h2 ^= 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur3_matches_thinc_test_vectors() {
        assert_eq!(
            hash_words(1, 12),
            [2938686206, 2291508213, 2246688320, 3554967022]
        );
        assert_eq!(
            hash_words(16428057658620181782, 8),
            [2239362, 422371756, 3359043, 633557634]
        );
        let rows: Vec<u32> = hash_words(16428057658620181782, 8)
            .iter()
            .map(|w| w % 5000)
            .collect();
        assert_eq!(rows, [4362, 1756, 4043, 2634]);
        let rows: Vec<u32> = hash_words(1, 12).iter().map(|w| w % 50).collect();
        assert_eq!(rows, [6, 13, 20, 22]);
    }

    #[test]
    fn layout_puts_four_pad_rows_around_each_document() {
        let a = [[0u64; 6]; 2];
        let b = [[0u64; 6]; 3];
        let layout = Layout::new(&[&a, &b]);
        assert_eq!(layout.doc_rows, [4, 10]);
        assert_eq!(layout.rows, 17);
        assert_eq!(layout.token_offsets, [0, 2, 5]);
    }
}
