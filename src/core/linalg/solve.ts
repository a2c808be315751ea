/**
 * Dense linear systems: general square (LU with partial pivoting) and symmetric (Cholesky, falling
 * back to LU for indefinite matrices), and the inverse of a symmetric matrix.
 */
import { ShapeMismatchError } from "../errors.js";
import { assertFiniteMatrix, symmetrizedCopy } from "./assert-symmetric.js";
import { choleskySolve, tryCholesky } from "./cholesky.js";
import { luDecompose, luSolve } from "./lu-decomposition.js";
import type { Matrix, SymmetricMatrix } from "./matrix.js";

function assertFiniteVector(b: Float64Array, n: number): void {
  if (b.length !== n) {
    throw new ShapeMismatchError(`right-hand side of length ${b.length} for a ${n}×${n} system`, {
      size: n,
      length: b.length,
    });
  }
  assertFiniteMatrix({ rows: n, cols: 1, data: b }, "right-hand side");
}

/**
 * Solves `A·x = b` for a square `n × n` matrix A (row-major) by LU factorization with partial
 * pivoting, backward stable in practice (Golub & Van Loan 2013, "Matrix Computations", §3.4).
 *
 * @returns a new vector x of length n; neither input is modified.
 * @throws SingularMatrixError naming the 0-based column whose pivot vanished (to within n·ε of the
 *   column's scale); ShapeMismatchError for a non-square A or a b of the wrong length;
 *   NonFiniteValueError for NaN or ±Infinity in A or b.
 * @example solveLinear(matrix(2, 2, [0, 1, 2, 0]), Float64Array.of(3, 4)) // [2, 3]
 */
export function solveLinear(a: Matrix, b: Float64Array): Float64Array {
  assertFiniteMatrix(a);
  if (a.rows !== a.cols) {
    throw new ShapeMismatchError(`solveLinear needs a square matrix, got ${a.rows}×${a.cols}`, {
      rows: a.rows,
      cols: a.cols,
    });
  }
  assertFiniteVector(b, a.rows);
  return luSolve(luDecompose(Float64Array.from(a.data), a.rows), b, 1);
}

/**
 * Solves `A·x = b` for a symmetric `n × n` A (e.g. a covariance, `nAssets × nAssets`): by Cholesky
 * when A is positive definite (half the work of LU, no pivoting needed), otherwise by LU with partial
 * pivoting, so an indefinite but non-singular system (a KKT matrix) is still solved.
 *
 * @returns a new vector x of length n.
 * @throws SingularMatrixError when A is singular; NonFiniteValueError, NotSymmetricError,
 *   ShapeMismatchError for bad input.
 * @example solveSymmetric(symmetricFromRows([[4, 2], [2, 5]]), Float64Array.of(6, 7)) // [1, 1]
 */
export function solveSymmetric(a: SymmetricMatrix, b: Float64Array): Float64Array {
  assertFiniteVector(b, a.size);
  const factor = tryCholesky(a);
  if (factor !== null) return choleskySolve(factor, b);
  return luSolve(luDecompose(symmetrizedCopy(a), a.size), b, 1);
}

/**
 * The inverse of a symmetric non-singular `n × n` matrix (e.g. a precision matrix from a
 * covariance): Cholesky when positive definite, LU otherwise, solved against the identity and
 * symmetrized, `(X + Xᵀ)/2`, because the two triangles of a computed inverse differ by rounding.
 *
 * Prefer `solveSymmetric` when the inverse is only multiplied by a vector: it is cheaper and more
 * accurate.
 * @throws SingularMatrixError when A is singular; NonFiniteValueError, NotSymmetricError for bad input.
 * @example inverseSymmetric(symmetricFromRows([[2, 0], [0, 4]])).data // [0.5, 0, 0, 0.25]
 */
export function inverseSymmetric(a: SymmetricMatrix): SymmetricMatrix {
  const n = a.size;
  const identity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  const factor = tryCholesky(a);
  const x =
    factor !== null
      ? choleskySolve(factor, { rows: n, cols: n, data: identity }).data
      : luSolve(luDecompose(symmetrizedCopy(a), n), identity, n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (x[i * n + j] + x[j * n + i]);
      x[i * n + j] = v;
      x[j * n + i] = v;
    }
  }
  return { size: n, data: x };
}
