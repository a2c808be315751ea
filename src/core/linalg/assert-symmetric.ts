/**
 * The checks every factorization in this folder makes before touching a matrix: the right number of
 * values, only finite ones, and (for symmetric input) triangles that agree up to rounding.
 */
import { NonFiniteValueError, NotSymmetricError, ShapeMismatchError } from "../errors.js";
import type { Matrix, SymmetricMatrix } from "./matrix.js";

/**
 * Largest `|a_ij − a_ji|` allowed, relative to the largest `|a_ij|` of the matrix. A covariance summed
 * in two different orders differs by a few ulps (~1e-16 relative); triangles that disagree by more
 * than 1e-10 of the matrix's scale are two different numbers, usually a bug upstream (a transposed
 * stride, a half-updated matrix). Relative to the whole matrix rather than to the pair, because two
 * near-zero covariances of unrelated assets can differ in sign by rounding alone.
 */
export const SYMMETRY_RTOL = 1e-10;

/** Throws `NonFiniteValueError` naming the first NaN or infinite entry of a `rows × cols` array. */
function assertFinite(data: Float64Array, rows: number, cols: number, what: string): void {
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      const row = Math.floor(k / cols);
      const col = k - row * cols;
      throw new NonFiniteValueError(`${what} has a non-finite entry at (${row}, ${col}): ${data[k]}`, {
        row,
        col,
        value: data[k],
        rows,
        cols,
      });
    }
  }
}

/**
 * Checks a general matrix: `rows × cols` values, all finite.
 * @throws ShapeMismatchError, NonFiniteValueError
 */
export function assertFiniteMatrix(a: Matrix, what = "matrix"): void {
  if (a.data.length !== a.rows * a.cols) {
    throw new ShapeMismatchError(`${what} is ${a.rows}×${a.cols} but holds ${a.data.length} values`, {
      rows: a.rows,
      cols: a.cols,
      length: a.data.length,
    });
  }
  assertFinite(a.data, a.rows, a.cols, what);
}

/**
 * Checks a symmetric matrix: `size × size` values, all finite, and `|a_ij − a_ji| ≤ SYMMETRY_RTOL·max|a|`
 * for every pair. The error for an asymmetric matrix names the worst pair and its gap.
 * @throws ShapeMismatchError, NonFiniteValueError, NotSymmetricError
 * @example assertSymmetric(symmetricFromRows([[1, 2], [2, 1]])) // passes
 */
export function assertSymmetric(a: SymmetricMatrix, what = "matrix"): void {
  const n = a.size;
  const data = a.data;
  if (!Number.isInteger(n) || n < 0 || data.length !== n * n) {
    throw new ShapeMismatchError(`${what} of size ${n} holds ${data.length} values; it needs ${n * n}`, {
      size: n,
      length: data.length,
    });
  }
  assertFinite(data, n, n, what);
  let scale = 0;
  for (let k = 0; k < data.length; k++) scale = Math.max(scale, Math.abs(data[k]));
  let worstGap = 0;
  let worstI = 0;
  let worstJ = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const gap = Math.abs(data[i * n + j] - data[j * n + i]);
      if (gap > worstGap) {
        worstGap = gap;
        worstI = i;
        worstJ = j;
      }
    }
  }
  if (worstGap > SYMMETRY_RTOL * scale) {
    const upper = data[worstI * n + worstJ];
    const lower = data[worstJ * n + worstI];
    throw new NotSymmetricError(
      `${what} is not symmetric: (${worstI}, ${worstJ}) is ${upper} but (${worstJ}, ${worstI}) is ${lower} ` +
        `(gap ${worstGap.toExponential(3)}, allowed ${(SYMMETRY_RTOL * scale).toExponential(3)})`,
      { row: worstI, col: worstJ, upper, lower, gap: worstGap, tolerance: SYMMETRY_RTOL * scale },
    );
  }
}

/** `(A + Aᵀ)/2` as a fresh array: the working copy each algorithm starts from, so rounding-level
 * asymmetry in the input cannot make the result depend on which triangle an algorithm reads. */
export function symmetrizedCopy(a: SymmetricMatrix): Float64Array {
  const n = a.size;
  const src = a.data;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = src[i * n + i];
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (src[i * n + j] + src[j * n + i]);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}
