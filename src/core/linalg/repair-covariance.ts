/**
 * Makes a covariance positive semidefinite when it is not, and says so: the single place where every
 * risk model turns "this estimate is indefinite" into a reported `repaired` field instead of a
 * printed warning (PyPortfolioOpt's `fix_nonpositive_semidefinite` warns and returns the fixed matrix).
 */
import { InvalidInputError } from "../errors.js";
import { assertSymmetric, symmetrizedCopy } from "./assert-symmetric.js";
import { eigenvaluesInPlace } from "./eigen-symmetric.js";
import type { SymmetricMatrix } from "./matrix.js";
import { nearestCorrelation } from "./nearest-correlation.js";
import { clipSpectrumInPlace } from "./nearest-psd.js";

export type CovarianceRepairMethod = "clipEigenvalues" | "nearestCorrelation";

export interface RepairedCovariance {
  /** The input object itself when no repair was needed, else a new positive semidefinite matrix. */
  readonly covariance: SymmetricMatrix;
  /** `null` when the input was already positive semidefinite, else the method applied. */
  readonly repaired: CovarianceRepairMethod | null;
  /** The smallest eigenvalue of the input (`NaN` for 0 × 0). */
  readonly minEigenvalueBefore: number;
}

/**
 * A matrix counts as positive semidefinite when its smallest computed eigenvalue is
 * ≥ −PSD_RTOL·max|λ|. The symmetric eigensolver is backward stable: an eigenvalue that is exactly 0
 * comes out anywhere within about n·ε·‖A‖ (≈ 1e-13·‖A‖ for 500 assets), so a rank-deficient sample
 * covariance (fewer observations than assets) must not be "repaired" for rounding noise. 1e-12 sits
 * above that noise and far below any negative eigenvalue worth repairing. It also makes a repair
 * idempotent: a clipped matrix passes this test.
 */
export const PSD_RTOL = 1e-12;

/**
 * Returns a positive semidefinite version of a `nAssets × nAssets` covariance (any units, e.g.
 * annualised decimal returns squared), reporting what was done.
 *
 * - Already PSD (smallest eigenvalue ≥ −`PSD_RTOL`·max|λ|): the input itself, `repaired: null`.
 * - `"clipEigenvalues"` (default): negative eigenvalues set to 0, the nearest PSD matrix in the
 *   Frobenius norm (Higham 1988). Variances may change.
 * - `"nearestCorrelation"`: the covariance is split into standard deviations σ and a correlation C,
 *   C is replaced by its nearest correlation matrix (Higham 2002) and the result is `diag(σ)·C·diag(σ)`:
 *   variances are kept exactly, only co-movements change. An asset with zero variance keeps zero
 *   covariance with every other asset (the only PSD choice); a negative variance cannot be split and
 *   throws `InvalidInputError` (use `"clipEigenvalues"`).
 *
 * The repaired matrix is semidefinite, not definite: its smallest eigenvalue is 0 up to rounding, so
 * a Cholesky factorization of it may still fail.
 *
 * @throws InvalidInputError for an unknown method or a negative variance with `"nearestCorrelation"`;
 *   ConvergenceError from `nearestCorrelation`; NonFiniteValueError, NotSymmetricError for bad input.
 * @example repairCovariance(symmetricFromRows([[1, 2], [2, 1]])).repaired // "clipEigenvalues"
 */
export function repairCovariance(
  cov: SymmetricMatrix,
  method: CovarianceRepairMethod = "clipEigenvalues",
): RepairedCovariance {
  if (method !== "clipEigenvalues" && method !== "nearestCorrelation") {
    throw new InvalidInputError(`unknown covariance repair method "${String(method)}"`, { method });
  }
  assertSymmetric(cov, "covariance");
  const n = cov.size;
  const values = eigenvaluesInPlace(symmetrizedCopy(cov), n);
  if (n === 0) return { covariance: cov, repaired: null, minEigenvalueBefore: Number.NaN };
  const minEigenvalueBefore = values[0];
  const scale = Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  if (minEigenvalueBefore >= -PSD_RTOL * scale) {
    return { covariance: cov, repaired: null, minEigenvalueBefore };
  }
  const data = method === "clipEigenvalues" ? clippedCopy(cov) : viaNearestCorrelation(cov);
  return { covariance: { size: n, data }, repaired: method, minEigenvalueBefore };
}

function clippedCopy(cov: SymmetricMatrix): Float64Array {
  const x = symmetrizedCopy(cov);
  clipSpectrumInPlace(x, cov.size, 0);
  return x;
}

function viaNearestCorrelation(cov: SymmetricMatrix): Float64Array {
  const n = cov.size;
  const source = symmetrizedCopy(cov);
  const sigma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const variance = source[i * n + i];
    if (variance < 0) {
      throw new InvalidInputError(
        `variance of asset ${i} is ${variance}: a correlation repair needs non-negative variances ` +
          `(use "clipEigenvalues")`,
        { asset: i, variance },
      );
    }
    sigma[i] = Math.sqrt(variance);
  }
  // Correlate only the assets with positive variance; the others keep zero rows and columns.
  const active: number[] = [];
  for (let i = 0; i < n; i++) if (sigma[i] > 0) active.push(i);
  const m = active.length;
  const correlation = new Float64Array(m * m);
  for (let p = 0; p < m; p++) {
    const i = active[p];
    for (let q = 0; q < m; q++) {
      const j = active[q];
      correlation[p * m + q] = p === q ? 1 : source[i * n + j] / (sigma[i] * sigma[j]);
    }
  }
  const repaired = nearestCorrelation({ size: m, data: correlation }).matrix.data;
  const out = new Float64Array(n * n);
  for (let p = 0; p < m; p++) {
    const i = active[p];
    out[i * n + i] = source[i * n + i];
    for (let q = p + 1; q < m; q++) {
      const j = active[q];
      const v = sigma[i] * sigma[j] * repaired[p * m + q];
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}
