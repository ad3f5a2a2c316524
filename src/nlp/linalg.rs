//! Dense float32 algebra of the networks: row-major products (via `matrixmultiply`, which picks
//! AVX/FMA kernels at run time), maxout, layer norm, argmax. The element-wise loops are compiled
//! for AVX2 and AVX-512 too and picked at run time (`multiversion`); they never fuse
//! multiply-adds, so every CPU gets the same numbers.

use multiversion::multiversion;

/// A weight matrix `rows × cols` (outputs × inputs) with an optional bias per output, stored
/// transposed (`cols × rows`) so that products read it contiguously.
pub(crate) struct Dense {
    pub(crate) rows: usize,
    pub(crate) cols: usize,
    wt: Vec<f32>,
    b: Vec<f32>,
}

impl Dense {
    /// From the row-major `w` (`rows × cols`) and a bias of `rows` values or none.
    pub(crate) fn new(rows: usize, cols: usize, w: &[f32], b: Vec<f32>) -> Dense {
        let mut wt = vec![0.0; rows * cols];
        for (r, row) in w.chunks_exact(cols).enumerate() {
            for (c, v) in row.iter().enumerate() {
                wt[c * rows + r] = *v;
            }
        }
        Dense { rows, cols, wt, b }
    }

    /// `out (m × rows) = x (m × cols, rows `stride` apart) · Wᵀ + b`.
    pub(crate) fn forward_strided(&self, x: &[f32], m: usize, stride: usize, out: &mut [f32]) {
        gemm(x, m, self.cols, stride, &self.wt, self.rows, out);
        if !self.b.is_empty() {
            for row in out.chunks_exact_mut(self.rows) {
                add_into(row, &self.b);
            }
        }
    }

    /// `out = x · Wᵀ + b` for contiguous rows of `x`.
    pub(crate) fn forward(&self, x: &[f32], m: usize, out: &mut [f32]) {
        self.forward_strided(x, m, self.cols, out);
    }

    /// `out = W · v + b` for one vector.
    pub(crate) fn matvec(&self, v: &[f32], out: &mut [f32]) {
        matvec_transposed(&self.wt, &self.b, v, out);
    }
}

/// `out (m × n) = a (m × k, row stride `lda`) · b` where `b` is `k × n` row-major.
pub(crate) fn gemm(
    a: &[f32],
    m: usize,
    k: usize,
    lda: usize,
    b: &[f32],
    n: usize,
    out: &mut [f32],
) {
    if m == 0 || n == 0 {
        return;
    }
    assert!(
        m.saturating_sub(1) * lda + k <= a.len(),
        "gemm: a too short"
    );
    assert!(
        n * k <= b.len() && m * n <= out.len(),
        "gemm: b or out too short"
    );
    // SAFETY: the asserts above bound every index the kernel reads or writes.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            lda as isize,
            1,
            b.as_ptr(),
            n as isize,
            1,
            0.0,
            out.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
fn matvec_transposed(wt: &[f32], b: &[f32], v: &[f32], out: &mut [f32]) {
    out.copy_from_slice(b);
    for (x, column) in v.iter().zip(wt.chunks_exact(out.len())) {
        for (o, w) in out.iter_mut().zip(column) {
            *o += x * w;
        }
    }
}

#[inline(always)]
fn add_kernel(dst: &mut [f32], src: &[f32]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d += s;
    }
}

#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
pub(crate) fn add_into(dst: &mut [f32], src: &[f32]) {
    add_kernel(dst, src);
}

/// `out = Σ rows`.
#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
pub(crate) fn sum_rows<'a>(out: &mut [f32], rows: impl Iterator<Item = &'a [f32]>) {
    out.fill(0.0);
    for row in rows {
        add_kernel(out, row);
    }
}

/// `hidden = maxout(Σ parts, bias)` with `sum` as scratch (piece-major, like `maxout`).
#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
pub(crate) fn maxout_of_sum<'a>(
    sum: &mut [f32],
    parts: impl Iterator<Item = &'a [f32]>,
    bias: &[f32],
    hidden: &mut [f32],
) {
    sum.fill(0.0);
    for part in parts {
        add_kernel(sum, part);
    }
    maxout_kernel(sum, bias, hidden);
}

/// `LayerNorm(maxout(y_row, bias))` for each row of `y` into the rows of `out`.
#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
pub(crate) fn maxout_norm_rows(
    y: &[f32],
    bias: &[f32],
    gain: &[f32],
    ln_bias: &[f32],
    out: &mut [f32],
) {
    let width = gain.len();
    for (o, yr) in out.chunks_exact_mut(width).zip(y.chunks_exact(bias.len())) {
        maxout_kernel(yr, bias, o);
        layer_norm_kernel(o, gain, ln_bias);
    }
}

/// Reorders the rows of a maxout weight (or bias) stored `(outputs, pieces, inputs)` to
/// `(pieces, outputs, inputs)`, so that each piece is a contiguous block of a product's row.
pub(crate) fn pieces_first(w: &[f32], outputs: usize, pieces: usize, inputs: usize) -> Vec<f32> {
    let mut out = Vec::with_capacity(w.len());
    for p in 0..pieces {
        for o in 0..outputs {
            let row = (o * pieces + p) * inputs;
            out.extend_from_slice(&w[row..row + inputs]);
        }
    }
    out
}

/// Maxout of one piece-major row: `out[o] = max_p (y[p*n + o] + b[p*n + o])`, n = `out.len()`.
#[inline(always)]
fn maxout_kernel(y: &[f32], b: &[f32], out: &mut [f32]) {
    let n = out.len();
    for (i, o) in out.iter_mut().enumerate() {
        *o = y[i] + b[i];
    }
    for (yp, bp) in y[n..].chunks_exact(n).zip(b[n..].chunks_exact(n)) {
        for ((o, y), b) in out.iter_mut().zip(yp).zip(bp) {
            *o = o.max(y + b);
        }
    }
}

/// thinc's layer norm: eps 1e-8 added to the population variance, then gain and bias.
#[inline(always)]
fn layer_norm_kernel(v: &mut [f32], gain: &[f32], bias: &[f32]) {
    let n = v.len() as f32;
    let mean = lane_sum(v, |x| x) / n;
    let var = lane_sum(v, |x| (x - mean) * (x - mean)) / n;
    let inv = 1.0 / (var + 1e-8).sqrt();
    for ((x, g), b) in v.iter_mut().zip(gain).zip(bias) {
        *x = (*x - mean) * inv * g + b;
    }
}

/// The sum of `f(x)` over `v`, accumulated in 16 lanes (so that it vectorises).
#[inline(always)]
fn lane_sum(v: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut acc = [0.0f32; 16];
    let chunks = v.chunks_exact(16);
    let tail: f32 = chunks.remainder().iter().map(|x| f(*x)).sum();
    for c in chunks {
        for k in 0..16 {
            acc[k] += f(c[k]);
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// The index of the first maximum (numpy's argmax); 0 for an empty slice.
pub(crate) fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_norm_centres_and_scales() {
        let mut v = [1.0, 2.0, 3.0, 6.0];
        layer_norm_kernel(&mut v, &[1.0; 4], &[0.0; 4]);
        let mean: f32 = v.iter().sum::<f32>() / 4.0;
        let var: f32 = v.iter().map(|x| x * x).sum::<f32>() / 4.0;
        assert!(mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-5, "{v:?}");
        let mut w = [1.0, 3.0];
        layer_norm_kernel(&mut w, &[2.0, 2.0], &[0.5, 0.5]);
        assert!(
            (w[0] + 1.5).abs() < 1e-5 && (w[1] - 2.5).abs() < 1e-5,
            "{w:?}"
        );
    }

    #[test]
    fn maxout_takes_each_output_maximum_over_pieces() {
        let mut out = [0.0; 2];
        // pieces-major: piece 0 = [1, -7], piece 1 = [5, -3], piece 2 = [-2, -4]
        let y = [1.0, -7.0, 5.0, -3.0, -2.0, -4.0];
        let bias = [0.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        maxout_kernel(&y, &bias, &mut out);
        assert_eq!(out, [5.0, -2.0]);
        let mut sum = [0.0; 6];
        let parts = [&y[..], &[0.0; 6][..]];
        maxout_of_sum(&mut sum, parts.into_iter(), &bias, &mut out);
        assert_eq!(out, [5.0, -2.0]);
    }

    #[test]
    fn pieces_first_regroups_rows_by_piece() {
        // 2 outputs × 3 pieces × 1 input, stored output-major
        let w = [0.0, 1.0, 2.0, 10.0, 11.0, 12.0];
        assert_eq!(pieces_first(&w, 2, 3, 1), [0.0, 10.0, 1.0, 11.0, 2.0, 12.0]);
    }

    #[test]
    fn matvec_matches_naive_product() {
        let w: Vec<f32> = (0..12).map(|x| x as f32 * 0.5).collect(); // 3 × 4
        let dense = Dense::new(3, 4, &w, vec![1.0, 2.0, 3.0]);
        let v = [1.0, -1.0, 2.0, 0.5];
        let mut out = [0.0; 3];
        dense.matvec(&v, &mut out);
        for (r, o) in out.iter().enumerate() {
            let want: f32 = (0..4).map(|c| w[r * 4 + c] * v[c]).sum::<f32>() + dense.b[r];
            assert_eq!(*o, want);
        }
    }

    #[test]
    fn argmax_prefers_the_first_maximum() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0, 2.0]), 1);
    }

    #[test]
    fn gemm_matches_naive_product_with_row_stride() {
        let a: Vec<f32> = (0..12).map(|x| x as f32).collect();
        let b: Vec<f32> = (0..6).map(|x| (x as f32) - 2.0).collect(); // 2 × 3
        let dense = Dense::new(2, 3, &b, vec![0.5, -1.0]);
        let mut out = [0.0; 6];
        dense.forward_strided(&a, 3, 4, &mut out); // rows start 4 apart
        for i in 0..3 {
            for j in 0..2 {
                let want: f32 =
                    (0..3).map(|k| a[i * 4 + k] * b[j * 3 + k]).sum::<f32>() + dense.b[j];
                assert_eq!(out[i * 2 + j], want);
            }
        }
    }
}
