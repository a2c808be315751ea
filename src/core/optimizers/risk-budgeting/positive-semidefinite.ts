/**
 * A yes/no test that a covariance is positive semidefinite, for risk budgeting's input check: the
 * Cholesky factorisation of Σ + ridge·diag(Σ) (Golub & Van Loan, 2013, Algorithm 4.2.1, row by row),
 * with rows of L computed two entries at a time so each load of row i serves two dot products. It keeps
 * no factor for solves (linalg's `cholesky` does); at N = 500 it takes about two thirds of the time,
 * which matters because the check would otherwise cost more than the whole risk-budgeting descent.
 */

/** True when every pivot of the ridged factorisation is positive. */
export function isPositiveSemidefinite(sigma: Float64Array, n: number, ridge: number): boolean {
  const l = Float64Array.from(sigma);
  for (let i = 0; i < n; i++) l[i * n + i] *= 1 + ridge;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const rj = j * n;
      const rk = rj + n;
      let s0 = l[ri + j];
      let s1 = l[ri + j + 1];
      for (let k = 0; k < j; k++) {
        const x = l[ri + k];
        s0 -= x * l[rj + k];
        s1 -= x * l[rk + k];
      }
      s0 /= l[rj + j];
      l[ri + j] = s0;
      s1 -= s0 * l[rk + j];
      l[ri + j + 1] = s1 / l[rk + j + 1];
    }
    for (; j < i; j++) {
      const rj = j * n;
      let s = l[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / l[rj + j];
    }
    let d = l[ri + i];
    for (let k = 0; k < i; k++) d -= l[ri + k] * l[ri + k];
    if (!(d > 0)) return false;
    l[ri + i] = Math.sqrt(d);
  }
  return true;
}
