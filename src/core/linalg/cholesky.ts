/**
 * Cholesky factorization `A = L·Lᵀ` of a symmetric positive definite matrix, and solves with it.
 *
 * Row-by-row (Cholesky–Banachiewicz) order: entry (i, j) of L is the dot product of rows i and j of L
 * computed so far, so with row-major storage every inner loop reads contiguous memory.
 * Reference: Golub & Van Loan (2013), "Matrix Computations", 4th ed., §4.2 (Algorithm 4.2.1).
 */
import { NotPositiveDefiniteError, ShapeMismatchError } from "../errors.js";
import { assertSymmetric, symmetrizedCopy } from "./assert-symmetric.js";
import type { Matrix, SymmetricMatrix } from "./matrix.js";

/** `A = L·Lᵀ`: `lower` is L, `size × size` row-major, zeros above the diagonal, positive diagonal. */
export interface CholeskyFactor {
  readonly size: number;
  readonly lower: Float64Array;
}

/** Where the factorization broke down: the first pivot that was not positive. */
interface PivotFailure {
  readonly pivot: number;
  readonly value: number;
}

/** Factors a validated, symmetrized copy in place into L; returns the failing pivot, if any. */
function factorInPlace(l: Float64Array, n: number): PivotFailure | null {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = l[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      if (j < i) {
        l[ri + j] = s / l[rj + j];
      } else {
        // LAPACK's potrf test: a pivot that is zero, negative or NaN ends the factorization. No
        // relative threshold: a tiny positive pivot is a valid (if ill-conditioned) factor.
        if (!(s > 0)) return { pivot: i, value: s };
        l[ri + i] = Math.sqrt(s);
      }
    }
    for (let j = i + 1; j < n; j++) l[ri + j] = 0;
  }
  return null;
}

/**
 * The Cholesky factor of a symmetric positive definite `size × size` matrix (e.g. a covariance of
 * `nAssets × nAssets`).
 *
 * @returns `{ size, lower }`, L row-major with zeros above the diagonal, such that `L·Lᵀ = A`.
 * @throws NotPositiveDefiniteError when a pivot is ≤ 0; `details.pivot` is its 0-based index (the
 *   leading `(pivot + 1) × (pivot + 1)` block is not positive definite) and `details.value` the pivot.
 * @throws NonFiniteValueError on NaN or ±Infinity, NotSymmetricError when the triangles disagree by
 *   more than `SYMMETRY_RTOL` of the largest entry (the message names the worst pair).
 * @example cholesky(symmetricFromRows([[4, 2], [2, 5]])).lower // [2, 0, 1, 2]
 */
export function cholesky(a: SymmetricMatrix): CholeskyFactor {
  const factor = tryCholesky(a);
  if (factor !== null) return factor;
  // Factor again to name the failing pivot: the failure path is rare, the success path stays lean.
  const failure = factorInPlace(symmetrizedCopy(a), a.size) as PivotFailure;
  throw new NotPositiveDefiniteError(
    `matrix is not positive definite: pivot ${failure.pivot} is ${failure.value.toExponential(3)} ` +
      `(the leading ${failure.pivot + 1}×${failure.pivot + 1} block is not positive definite)`,
    { pivot: failure.pivot, value: failure.value, size: a.size },
  );
}

/**
 * Like `cholesky`, but returns `null` instead of throwing when the matrix is not positive definite
 * (the expected outcome a caller branches on, as `solveSymmetric` does). Invalid input, NaN or an
 * asymmetric matrix, still throws.
 */
export function tryCholesky(a: SymmetricMatrix): CholeskyFactor | null {
  assertSymmetric(a);
  const lower = symmetrizedCopy(a);
  return factorInPlace(lower, a.size) === null ? { size: a.size, lower } : null;
}

/** Solves `L·Lᵀ·X = B` in place over `rhs`, `n × m` row-major (m = 1 for a vector). */
function solveInPlace(l: Float64Array, n: number, rhs: Float64Array, m: number): void {
  // Forward substitution L·Y = B, one row of Y at a time.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const yi = i * m;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const yk = k * m;
      for (let c = 0; c < m; c++) rhs[yi + c] -= lik * rhs[yk + c];
    }
    const d = l[ri + i];
    for (let c = 0; c < m; c++) rhs[yi + c] /= d;
  }
  // Back substitution Lᵀ·X = Y: once row i of X is final, subtract its share (L_ik for k < i, row i
  // of L, contiguous) from the rows above, instead of walking down the columns of L.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = i * m;
    const d = l[ri + i];
    for (let c = 0; c < m; c++) rhs[xi + c] /= d;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const xk = k * m;
      for (let c = 0; c < m; c++) rhs[xk + c] -= lik * rhs[xi + c];
    }
  }
}

/**
 * Solves `A·x = b` (or `A·X = B`) given `cholesky(A)`: two triangular solves, O(n²) per right-hand side.
 *
 * @param b a vector of length `size`, or a `size × m` matrix whose columns are right-hand sides.
 * @returns a new vector (or `size × m` matrix); `b` is not modified.
 * @example choleskySolve(cholesky(symmetricFromRows([[4, 2], [2, 5]])), Float64Array.of(6, 7)) // [1, 1]
 */
export function choleskySolve(factor: CholeskyFactor, b: Float64Array): Float64Array;
export function choleskySolve(factor: CholeskyFactor, b: Matrix): Matrix;
export function choleskySolve(factor: CholeskyFactor, b: Float64Array | Matrix): Float64Array | Matrix {
  const n = factor.size;
  if (b instanceof Float64Array) {
    if (b.length !== n) {
      throw new ShapeMismatchError(`right-hand side of length ${b.length} for a ${n}×${n} system`, {
        size: n,
        length: b.length,
      });
    }
    const x = Float64Array.from(b);
    solveInPlace(factor.lower, n, x, 1);
    return x;
  }
  if (b.rows !== n || b.data.length !== b.rows * b.cols) {
    throw new ShapeMismatchError(`right-hand sides of shape ${b.rows}×${b.cols} for a ${n}×${n} system`, {
      size: n,
      rows: b.rows,
      cols: b.cols,
    });
  }
  const x = Float64Array.from(b.data);
  solveInPlace(factor.lower, n, x, b.cols);
  return { rows: n, cols: b.cols, data: x };
}
