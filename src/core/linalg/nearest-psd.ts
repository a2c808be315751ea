/**
 * Spectral clipping: the nearest symmetric matrix, in the Frobenius norm, whose eigenvalues are all at
 * least a floor. With floor 0 this is the nearest positive semidefinite matrix (Higham 1988, "Computing
 * a nearest symmetric positive semidefinite matrix", Linear Algebra Appl. 103, Theorem 2.1), the repair
 * PyPortfolioOpt calls `fix_nonpositive_semidefinite(..., fix_method="spectral")`.
 */
import { InvalidInputError } from "../errors.js";
import { assertSymmetric, symmetrizedCopy } from "./assert-symmetric.js";
import { eigenRowsInPlace, eigenvaluesInPlace } from "./eigen-symmetric.js";
import type { SymmetricMatrix } from "./matrix.js";

export interface ClipEigenvaluesOptions {
  /** Eigenvalues below this are raised to it. Default 0 (nearest positive semidefinite matrix). */
  readonly minEigenvalue?: number;
}

export interface ClippedEigenvalues {
  /** The repaired matrix; when nothing needed clipping, the input object itself (not a copy). */
  readonly matrix: SymmetricMatrix;
  /** Whether any eigenvalue was below the floor. */
  readonly repaired: boolean;
  /** The smallest eigenvalue of the input (`NaN` for a 0 × 0 matrix). */
  readonly minEigenvalueBefore: number;
  /** How many eigenvalues were raised to the floor. */
  readonly clippedCount: number;
}

/**
 * Replaces, in place, the symmetric `n × n` matrix `x` by `V·max(Λ, floor)·Vᵀ`; returns how many
 * eigenvalues were raised. Private to the folder (`nearestCorrelation` projects with it every step).
 *
 * Written as `x + Σ_{λ_k < floor} (floor − λ_k)·v_k·v_kᵀ`, which is the same matrix: only the clipped
 * directions are touched, so the cost is O(n²) per clipped eigenvalue instead of O(n³) for a full
 * reconstruction, and the part of `x` that needed no repair keeps its digits exactly. Only the upper
 * triangle is updated and then mirrored, so the result is exactly symmetric.
 */
export function clipSpectrumInPlace(x: Float64Array, n: number, floor: number): number {
  const v = Float64Array.from(x);
  const values = eigenRowsInPlace(v, n);
  let clipped = 0;
  // Ascending order: the eigenvalues to clip come first.
  while (clipped < n && values[clipped] < floor) {
    const lift = floor - values[clipped];
    const rk = clipped * n;
    for (let i = 0; i < n; i++) {
      const vi = lift * v[rk + i];
      if (vi === 0) continue;
      const ri = i * n;
      for (let j = i; j < n; j++) x[ri + j] += vi * v[rk + j];
    }
    clipped++;
  }
  if (clipped > 0) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) x[j * n + i] = x[i * n + j];
  }
  return clipped;
}

/**
 * Raises every eigenvalue of a symmetric `size × size` matrix (a covariance or correlation of
 * `nAssets × nAssets`) below `minEigenvalue` to it, keeping the eigenvectors: `V·max(Λ, floor)·Vᵀ`,
 * the nearest such matrix in the Frobenius norm.
 *
 * The input is returned as is (`repaired: false`) when its smallest computed eigenvalue is already
 * ≥ the floor; the comparison is exact, with no tolerance (`repairCovariance` applies one). After a
 * repair the smallest eigenvalue equals the floor up to rounding, about n·ε·max|λ|: to make a matrix
 * safe for `cholesky`, choose a floor comfortably above that, e.g. 1e-10·max|λ|.
 *
 * @returns `{ matrix, repaired, minEigenvalueBefore, clippedCount }`.
 * @throws InvalidInputError for a non-finite floor; NonFiniteValueError, NotSymmetricError for bad input.
 * Reference: Higham (1988), "Computing a nearest symmetric positive semidefinite matrix", Linear
 * Algebra Appl. 103:103–118.
 * @example clipEigenvalues(symmetricFromRows([[1, 2], [2, 1]])).matrix // [[1.5, 1.5], [1.5, 1.5]]
 */
export function clipEigenvalues(a: SymmetricMatrix, options: ClipEigenvaluesOptions = {}): ClippedEigenvalues {
  const floor = options.minEigenvalue ?? 0;
  if (!Number.isFinite(floor)) {
    throw new InvalidInputError(`minEigenvalue must be a finite number, got ${floor}`, { minEigenvalue: floor });
  }
  assertSymmetric(a);
  const n = a.size;
  // Eigenvalues alone first (4–5 times cheaper): most inputs need no repair and stop here.
  const values = eigenvaluesInPlace(symmetrizedCopy(a), n);
  const minEigenvalueBefore = n === 0 ? Number.NaN : values[0];
  if (n === 0 || minEigenvalueBefore >= floor) {
    return { matrix: a, repaired: false, minEigenvalueBefore, clippedCount: 0 };
  }
  const x = symmetrizedCopy(a);
  const clippedCount = clipSpectrumInPlace(x, n, floor);
  return { matrix: { size: n, data: x }, repaired: clippedCount > 0, minEigenvalueBefore, clippedCount };
}
