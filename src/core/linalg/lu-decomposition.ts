/**
 * LU factorization with partial (row) pivoting, `P·A = L·U`, and solves with it. Private to this
 * folder; `solveLinear`, `solveSymmetric` and `inverseSymmetric` are the public entries.
 *
 * Right-looking Doolittle elimination (Golub & Van Loan 2013, "Matrix Computations", 4th ed.,
 * Algorithm 3.4.1): each step subtracts multiples of the pivot row from the rows below, which in
 * row-major storage is a contiguous loop.
 */
import { SingularMatrixError } from "../errors.js";

export interface LuFactor {
  readonly size: number;
  /** L (unit diagonal, not stored) below the diagonal and U on and above it, row-major. */
  readonly lu: Float64Array;
  /** Row `i` of `L·U` is row `pivots[i]` of A. */
  readonly pivots: Int32Array;
}

/**
 * Factors the `n × n` row-major `data` (taken over, not copied).
 *
 * A pivot counts as zero when it is ≤ n·ε times the largest entry of its column in A: elimination
 * errors are of that size (Golub & Van Loan, §3.3), so a smaller pivot is rounding noise left in a
 * singular column, and dividing by it would return a meaningless answer of enormous size. Relative to
 * the column, so a well-posed but badly scaled system (one variable in basis points of another) is
 * not refused.
 * @throws SingularMatrixError naming the 0-based column whose pivot vanished.
 */
export function luDecompose(data: Float64Array, n: number): LuFactor {
  const columnScale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) columnScale[j] = Math.max(columnScale[j], Math.abs(data[i * n + j]));
  }
  const pivots = new Int32Array(n);
  for (let i = 0; i < n; i++) pivots[i] = i;

  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(data[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(data[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best <= n * Number.EPSILON * columnScale[k]) {
      throw new SingularMatrixError(
        `matrix is singular: column ${k} has no usable pivot (largest candidate ${best.toExponential(3)}, ` +
          `column scale ${columnScale[k].toExponential(3)})`,
        { column: k, pivot: best, columnScale: columnScale[k], size: n },
      );
    }
    if (p !== k) {
      const rk = k * n;
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = data[rk + j];
        data[rk + j] = data[rp + j];
        data[rp + j] = t;
      }
      const t = pivots[k];
      pivots[k] = pivots[p];
      pivots[p] = t;
    }
    const rk = k * n;
    const pivot = data[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const factor = data[ri + k] / pivot;
      data[ri + k] = factor;
      if (factor === 0) continue;
      for (let j = k + 1; j < n; j++) data[ri + j] -= factor * data[rk + j];
    }
  }
  return { size: n, lu: data, pivots };
}

/** Solves `A·X = B` for `B` `n × m` row-major (m = 1 for a vector); returns a new array. */
export function luSolve(factor: LuFactor, b: Float64Array, m: number): Float64Array {
  const { size: n, lu, pivots } = factor;
  const x = new Float64Array(n * m);
  for (let i = 0; i < n; i++) x.set(b.subarray(pivots[i] * m, pivots[i] * m + m), i * m);
  // L·Y = P·B (unit diagonal), then U·X = Y, one row of right-hand sides at a time.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * m;
    for (let k = 0; k < i; k++) {
      const lik = lu[ri + k];
      if (lik === 0) continue;
      const xk = k * m;
      for (let c = 0; c < m; c++) x[xi + c] -= lik * x[xk + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = i * m;
    for (let k = i + 1; k < n; k++) {
      const uik = lu[ri + k];
      if (uik === 0) continue;
      const xk = k * m;
      for (let c = 0; c < m; c++) x[xi + c] -= uik * x[xk + c];
    }
    const d = lu[ri + i];
    for (let c = 0; c < m; c++) x[xi + c] /= d;
  }
  return x;
}
