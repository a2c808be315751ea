/**
 * Householder reduction of a symmetric matrix to tridiagonal form, `A = Q·T·Qᵀ`: the first half of
 * `eigenSymmetric`. Private to this folder.
 *
 * The algorithm is EISPACK's `tred2` (Martin, Reinsch & Wilkinson, "Householder's tridiagonalization
 * of a symmetric matrix", Numer. Math. 11, 1968; Wilkinson & Reinsch, "Handbook for Automatic
 * Computation II", 1971, contribution II/2), in the row-oriented form of the public-domain JAMA
 * package's `EigenvalueDecomposition`. Our code is written from the algorithm, with one change of
 * layout: we work on `W = Qᵀ`, so every O(n³) inner loop of the reduction, of the accumulation of Q
 * and of the QL rotations that follow runs along a contiguous row of a row-major Float64Array. With
 * `Q` itself those loops would walk down columns, one cache line per element.
 */

/**
 * Reduces `w` (on entry: a symmetric `n × n` matrix, row-major) in place.
 *
 * On exit `d` holds the diagonal of T and `e` its subdiagonal with `e[i] = T[i][i−1]` and `e[0] = 0`.
 * With `accumulate`, `w` holds `Qᵀ` (row i of `w` is column i of Q); without it, `w` holds scratch and
 * the O(n³) accumulation is skipped (eigenvalues only).
 */
export function householderTridiagonal(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  accumulate: boolean,
): void {
  if (n === 0) return;
  // d carries the row being annihilated, starting with the last one (row i = its column i by symmetry).
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1];

  for (let i = n - 1; i > 0; i--) {
    // Scaling by the row's 1-norm keeps the sum of squares below from overflowing or underflowing.
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      // The row is already reduced: no reflector, T[i][i−1] is what is there.
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1];
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      // Householder vector u = x − (∓‖x‖)·e_{i−1}, the sign chosen against x_{i−1} to avoid cancellation.
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g; // h = uᵀu / 2
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;

      // p = A·u / h over the leading i × i block (held in e), reading one triangle only. Row i of w
      // keeps u, needed again when Q is accumulated.
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        f = d[j];
        w[i * n + j] = f;
        g = e[j] + w[rj + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += w[rj + k] * d[k];
          e[k] += w[rj + k] * f;
        }
        e[j] = g;
      }
      // q = p − (uᵀp / 2h)·u, then the rank-2 update A ← A − u·qᵀ − q·uᵀ.
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        const rj = j * n;
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) w[rj + k] -= f * e[k] + g * d[k];
        d[j] = w[rj + i - 1];
        w[rj + i] = 0;
      }
    }
    d[i] = h;
  }

  if (!accumulate) {
    // The reduction leaves T's diagonal on the diagonal of w.
    for (let j = 0; j < n; j++) d[j] = w[j * n + j];
    e[0] = 0;
    return;
  }

  // Q = H_{n−1}···H_1 built backwards from the stored vectors, growing the leading block by one each
  // step; the last row of w parks T's diagonal meanwhile.
  for (let i = 0; i < n - 1; i++) {
    const ri = i * n;
    const next = (i + 1) * n;
    w[ri + n - 1] = w[ri + i];
    w[ri + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[next + k] / h;
      for (let j = 0; j <= i; j++) {
        const rj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += w[next + k] * w[rj + k];
        for (let k = 0; k <= i; k++) w[rj + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) w[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1];
    w[j * n + n - 1] = 0;
  }
  w[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}
