/**
 * The nearest correlation matrix (symmetric, positive semidefinite, unit diagonal) to a symmetric
 * matrix in the Frobenius norm, by Higham's alternating projections with Dykstra's correction
 * (Higham 2002, Algorithm 3.3 with unit weights W = I). Follows the structure and stopping test of
 * Higham's MATLAB `nearcorr` (2015 version); our own code.
 */
import { ConvergenceError, InvalidInputError } from "../errors.js";
import { assertSymmetric, symmetrizedCopy } from "./assert-symmetric.js";
import type { SymmetricMatrix } from "./matrix.js";
import { clipSpectrumInPlace } from "./nearest-psd.js";

export interface NearestCorrelationOptions {
  /**
   * Stop when the relative changes of both iterates and their relative gap, in the Frobenius norm,
   * are all ≤ this. Default 1e-10: the method converges linearly, so each further digit costs a
   * roughly constant number of iterations, and 1e-10 leaves the answer far below the noise of any
   * estimated correlation while staying well above rounding (~1e-15).
   */
  readonly tolerance?: number;
  /** Iteration limit; reaching it throws `ConvergenceError`. Default 1000. */
  readonly maxIterations?: number;
}

export interface NearestCorrelation {
  /** Unit diagonal, positive semidefinite up to rounding. */
  readonly matrix: SymmetricMatrix;
  /** Number of projection pairs performed. */
  readonly iterations: number;
  /** Always `true` in a returned result: not converging throws `ConvergenceError` instead. */
  readonly converged: boolean;
}

function frobeniusNorm(x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  return Math.sqrt(s);
}

function frobeniusDistance(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) {
    const t = x[k] - y[k];
    s += t * t;
  }
  return Math.sqrt(s);
}

/**
 * The nearest correlation matrix to a symmetric `size × size` matrix `a` (e.g. an indefinite
 * pairwise-complete correlation of `nAssets × nAssets`): the minimizer of ‖a − X‖_F over symmetric
 * positive semidefinite X with unit diagonal. It exists and is unique (a projection onto a closed
 * convex set), so any correct method gives the same matrix up to its tolerance.
 *
 * Each iteration projects onto the positive semidefinite cone (eigenvalue clipping at 0) and onto the
 * unit-diagonal matrices, in turn. Plain alternating projections would converge to some point of the
 * intersection; Dykstra's correction ΔS, carried for the cone only (the unit-diagonal set is affine
 * and needs none), makes the limit the nearest one. Cost: one eigen decomposition per iteration.
 *
 * The returned matrix is the last positive semidefinite iterate scaled to unit diagonal (D^-½·X·D^-½,
 * a congruence, so it stays semidefinite), which moves it by no more than the tolerance.
 *
 * @returns `{ matrix, iterations, converged }`.
 * @throws ConvergenceError after `maxIterations` (details: iterations, residual, tolerance);
 *   InvalidInputError for a non-positive tolerance or iteration limit; NonFiniteValueError,
 *   NotSymmetricError for bad input.
 * Reference: N. J. Higham (2002), "Computing the nearest correlation matrix — a problem from
 * finance", IMA J. Numer. Anal. 22(3):329–343.
 * @example nearestCorrelation(symmetricFromRows([[1, 1, 0], [1, 1, 1], [0, 1, 1]])).matrix
 *   // ≈ [[1, 0.7607, 0.1573], [0.7607, 1, 0.7607], [0.1573, 0.7607, 1]] (Higham 2002, §4)
 */
export function nearestCorrelation(a: SymmetricMatrix, options: NearestCorrelationOptions = {}): NearestCorrelation {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 1000;
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw new InvalidInputError(`tolerance must be a positive number, got ${tolerance}`, { tolerance });
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new InvalidInputError(`maxIterations must be a positive integer, got ${maxIterations}`, { maxIterations });
  }
  assertSymmetric(a);
  const n = a.size;

  let y = symmetrizedCopy(a);
  let x: Float64Array | null = null;
  const correction = new Float64Array(n * n);
  let residual = Number.POSITIVE_INFINITY;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // R = Y − ΔS; X = P_S(R); ΔS = X − R.
    const r = new Float64Array(n * n);
    for (let k = 0; k < r.length; k++) r[k] = y[k] - correction[k];
    const xNext = Float64Array.from(r);
    clipSpectrumInPlace(xNext, n, 0);
    for (let k = 0; k < r.length; k++) correction[k] = xNext[k] - r[k];
    // Y = P_U(X): the unit-diagonal projection only resets the diagonal.
    const yNext = Float64Array.from(xNext);
    for (let i = 0; i < n; i++) yNext[i * n + i] = 1;

    const yNorm = frobeniusNorm(yNext);
    const xNorm = frobeniusNorm(xNext);
    const changeX = x === null ? Number.POSITIVE_INFINITY : frobeniusDistance(xNext, x) / xNorm;
    const changeY = frobeniusDistance(yNext, y) / yNorm;
    const gapXY = frobeniusDistance(yNext, xNext) / yNorm;
    residual = Math.max(changeX, changeY, gapXY);
    x = xNext;
    y = yNext;
    if (residual <= tolerance) {
      return { matrix: { size: n, data: unitDiagonalScaling(x, n) }, iterations: iteration, converged: true };
    }
  }
  throw new ConvergenceError(
    `nearest correlation matrix did not converge in ${maxIterations} iterations ` +
      `(residual ${residual.toExponential(3)} > tolerance ${tolerance})`,
    { iterations: maxIterations, residual, tolerance },
  );
}

/** `D^-½·X·D^-½` with D = diag(X), diagonal set to exactly 1. A row whose diagonal is not positive
 * (possible only with a very loose tolerance) becomes a unit vector, which keeps the matrix PSD. */
function unitDiagonalScaling(x: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dii = x[i * n + i];
    inv[i] = dii > 0 ? 1 / Math.sqrt(dii) : 0;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1;
    // Computed once per pair and mirrored: (x·a)·b and (x·b)·a can differ in the last bit.
    for (let j = i + 1; j < n; j++) {
      const v = x[i * n + j] * inv[i] * inv[j];
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}
