//! Dense float32 algebra of the networks: row-major products (via `matrixmultiply`, which picks
//! AVX/FMA kernels at run time), maxout, layer norm, argmax. The element-wise loops are compiled
//! for AVX2 and AVX-512 too and picked at run time (`multiversion`); they never fuse
//! multiply-adds, so every CPU gets the same numbers.

use multiversion::multiversion;

/// A row-major weight matrix `rows × cols` with an optional bias per row.
pub(crate) struct Dense {
    pub(crate) rows: usize,
    pub(crate) cols: usize,
    pub(crate) w: Vec<f32>,
    pub(crate) b: Vec<f32>,
}

impl Dense {
    /// `out (m × rows) = x (m × cols, rows `stride` apart) · Wᵀ + b`.
    pub(crate) fn forward_strided(&self, x: &[f32], m: usize, stride: usize, out: &mut [f32]) {
        gemm_abt(x, m, self.cols, stride, &self.w, self.rows, out);
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
        for ((o, row), b) in out
            .iter_mut()
            .zip(self.w.chunks_exact(self.cols))
            .zip(&self.b)
        {
            *o = dot(row, v) + b;
        }
    }
}

/// `out (m × n) = a (m × k, row stride `lda`) · bᵀ` where `b` is `n × k` row-major.
pub(crate) fn gemm_abt(
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
            1,
            k as isize,
            0.0,
            out.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 16];
    let (ca, cb) = (a.chunks_exact(16), b.chunks_exact(16));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..16 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
pub(crate) fn add_into(dst: &mut [f32], src: &[f32]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d += s;
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
#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
pub(crate) fn maxout(y: &[f32], b: &[f32], out: &mut [f32]) {
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
#[multiversion(targets("x86_64+avx512f+avx2+fma", "x86_64+avx2+fma"))]
pub(crate) fn layer_norm(v: &mut [f32], gain: &[f32], bias: &[f32]) {
    let n = v.len() as f32;
    let mean = v.iter().sum::<f32>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n;
    let inv = 1.0 / (var + 1e-8).sqrt();
    for ((x, g), b) in v.iter_mut().zip(gain).zip(bias) {
        *x = (*x - mean) * inv * g + b;
    }
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
        layer_norm(&mut v, &[1.0; 4], &[0.0; 4]);
        let mean: f32 = v.iter().sum::<f32>() / 4.0;
        let var: f32 = v.iter().map(|x| x * x).sum::<f32>() / 4.0;
        assert!(mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-5, "{v:?}");
        let mut w = [1.0, 3.0];
        layer_norm(&mut w, &[2.0, 2.0], &[0.5, 0.5]);
        assert!(
            (w[0] + 1.5).abs() < 1e-5 && (w[1] - 2.5).abs() < 1e-5,
            "{w:?}"
        );
    }

    #[test]
    fn maxout_takes_each_output_maximum_over_pieces() {
        let mut out = [0.0; 2];
        // pieces-major: piece 0 = [1, -7], piece 1 = [5, -3], piece 2 = [-2, -4]
        maxout(
            &[1.0, -7.0, 5.0, -3.0, -2.0, -4.0],
            &[0.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            &mut out,
        );
        assert_eq!(out, [5.0, -2.0]);
    }

    #[test]
    fn pieces_first_regroups_rows_by_piece() {
        // 2 outputs × 3 pieces × 1 input, stored output-major
        let w = [0.0, 1.0, 2.0, 10.0, 11.0, 12.0];
        assert_eq!(pieces_first(&w, 2, 3, 1), [0.0, 10.0, 1.0, 11.0, 2.0, 12.0]);
    }

    #[test]
    fn dot_handles_tails() {
        let a: Vec<f32> = (0..37).map(|x| x as f32).collect();
        assert_eq!(dot(&a, &a), (0..37).map(|x| (x * x) as f32).sum::<f32>());
    }

    #[test]
    fn argmax_prefers_the_first_maximum() {
        assert_eq!(argmax(&[1.0, 3.0, 3.0, 2.0]), 1);
    }

    #[test]
    fn gemm_matches_naive_product_with_row_stride() {
        let a: Vec<f32> = (0..12).map(|x| x as f32).collect();
        let b: Vec<f32> = (0..6).map(|x| (x as f32) - 2.0).collect(); // 2 × 3
        let mut out = [0.0; 6];
        gemm_abt(&a, 3, 3, 4, &b, 2, &mut out); // rows start 4 apart
        for i in 0..3 {
            for j in 0..2 {
                let want: f32 = (0..3).map(|k| a[i * 4 + k] * b[j * 3 + k]).sum();
                assert_eq!(out[i * 2 + j], want);
            }
        }
    }
}
