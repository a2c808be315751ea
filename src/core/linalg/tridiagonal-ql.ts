/**
 * Eigenvalues (and optionally eigenvectors) of a symmetric tridiagonal matrix by the QL algorithm
 * with implicit Wilkinson-type shifts: the second half of `eigenSymmetric`. Private to this folder.
 *
 * The algorithm is EISPACK's `tql2` (Bowdler, Martin, Reinsch & Wilkinson, "The QR and QL algorithms
 * for symmetric matrices", Numer. Math. 11, 1968; Wilkinson & Reinsch, "Handbook for Automatic
 * Computation II", 1971, contribution II/3), in the form used by the public-domain JAMA package.
 * Written in our own code; the Givens rotations are applied to rows of `W = Qᵀ` (see
 * householder-tridiagonal.ts) so that each update runs along contiguous memory.
 */
import { ConvergenceError } from "../errors.js";

/**
 * QL sweeps allowed, on average, per eigenvalue. Convergence is cubic near the end and typically
 * takes 1–2 sweeps per eigenvalue; like LAPACK's `dsteqr` we allow a total of 30·n sweeps before
 * declaring failure, so one slow eigenvalue can borrow from the fast ones.
 */
const MAX_SWEEPS_PER_EIGENVALUE = 30;

/** `√(a² + b²)` without overflow or destructive underflow, cheaper than the variadic `Math.hypot`. */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/**
 * Diagonalizes the tridiagonal matrix with diagonal `d` and subdiagonal `e` (`e[i] = T[i][i−1]`,
 * `e[0]` unused), all in place.
 *
 * On exit `d` holds the eigenvalues in ascending order. When `w` is given (n × n, on entry `Qᵀ` from
 * the Householder step, or the identity), its rows are rotated along, so that on exit row k of `w` is
 * the unit eigenvector of `d[k]`. `e` is destroyed.
 */
export function tridiagonalQl(d: Float64Array, e: Float64Array, w: Float64Array | null): void {
  const n = d.length;
  if (n === 0) return;
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;

  let shiftSum = 0;
  let norm = 0;
  let sweeps = 0;
  const maxSweeps = MAX_SWEEPS_PER_EIGENVALUE * n;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    // A subdiagonal entry counts as zero once it is below ε times the largest |d| + |e| seen so far;
    // the matrix then splits and d[l..m] is a smaller, independent problem.
    norm = Math.max(norm, Math.abs(d[l]) + Math.abs(e[l]));
    for (;;) {
      // Look for a split afresh after every sweep, as EISPACK does: interior entries shrink too.
      let m = l;
      while (m < n - 1 && Math.abs(e[m]) > eps * norm) m++;
      if (m === l) break;
      if (++sweeps > maxSweeps) {
        throw new ConvergenceError(
          `symmetric eigenvalue QL iteration did not converge: eigenvalue ${l} still unresolved after ` +
            `${maxSweeps} sweeps in total`,
          { eigenvalue: l, sweeps: maxSweeps, size: n },
        );
      }
      // Shift: the eigenvalue of the leading 2 × 2 block closer to d[l], subtracted from the whole
      // block and remembered in shiftSum.
      let g = d[l];
      let p = (d[l + 1] - g) / (2 * e[l]);
      let r = hypot(p, 1);
      if (p < 0) r = -r;
      d[l] = e[l] / (p + r);
      d[l + 1] = e[l] * (p + r);
      const dl1 = d[l + 1];
      let h = g - d[l];
      for (let i = l + 2; i < n; i++) d[i] -= h;
      shiftSum += h;

      // One implicit QL sweep: chase the bulge from m up to l with Givens rotations.
      p = d[m];
      let c = 1;
      let c2 = c;
      let c3 = c;
      const el1 = e[l + 1];
      let s = 0;
      let s2 = 0;
      for (let i = m - 1; i >= l; i--) {
        c3 = c2;
        c2 = c;
        s2 = s;
        g = c * e[i];
        h = c * p;
        r = hypot(p, e[i]);
        e[i + 1] = s * r;
        s = e[i] / r;
        c = p / r;
        p = c * d[i] - s * g;
        d[i + 1] = h + s * (c * g + s * d[i]);
        if (w !== null) {
          const ri = i * n;
          const rn = ri + n;
          for (let k = 0; k < n; k++) {
            const a = w[rn + k];
            const b = w[ri + k];
            w[rn + k] = s * b + c * a;
            w[ri + k] = c * b - s * a;
          }
        }
      }
      p = (-s * s2 * c3 * el1 * e[l]) / dl1;
      e[l] = s * p;
      d[l] = c * p;
    }
    d[l] += shiftSum;
    e[l] = 0;
  }

  // Selection sort into ascending order: n swaps at most, each moving one row of w.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      if (w !== null) {
        const ri = i * n;
        const rk = k * n;
        for (let j = 0; j < n; j++) {
          const t = w[ri + j];
          w[ri + j] = w[rk + j];
          w[rk + j] = t;
        }
      }
    }
  }
}
