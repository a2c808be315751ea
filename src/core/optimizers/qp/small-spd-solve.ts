/**
 * Solves `M·λ = r` for a small symmetric positive semidefinite `M` (`m × m`, row-major) by Cholesky,
 * in place: `r` receives λ. The working-set Gram matrices it meets are tiny (a budget row, a return
 * target, a few group limits), so no blocking or pivoting is worth its code.
 *
 * A pivot below `1e-13` of its diagonal marks a row dependent on the earlier ones; its λ is set to 0
 * and the row is left out; the caller decides what a dependent row means.
 * Returns the indices of the rows left out (empty when M is positive definite).
 */
export function solveSmallSpd(M: Float64Array, r: Float64Array, m: number): number[] {
  const dropped: number[] = [];
  const skip = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    const diag = M[j * m + j];
    let d = diag;
    for (let t = 0; t < j; t++) d -= M[j * m + t] * M[j * m + t];
    if (!(d > 1e-13 * diag) || skip[j]) {
      skip[j] = 1;
      dropped.push(j);
      for (let t = 0; t < m; t++) {
        M[j * m + t] = 0;
        M[t * m + j] = 0;
      }
      M[j * m + j] = 1;
      continue;
    }
    const ljj = Math.sqrt(d);
    M[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = M[i * m + j];
      for (let t = 0; t < j; t++) s -= M[i * m + t] * M[j * m + t];
      M[i * m + j] = s / ljj;
    }
  }
  for (let i = 0; i < m; i++) {
    if (skip[i]) {
      r[i] = 0;
      continue;
    }
    let s = r[i];
    for (let t = 0; t < i; t++) s -= M[i * m + t] * r[t];
    r[i] = s / M[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    if (skip[i]) {
      r[i] = 0;
      continue;
    }
    let s = r[i];
    for (let t = i + 1; t < m; t++) s -= M[t * m + i] * r[t];
    r[i] = s / M[i * m + i];
  }
  return dropped;
}
