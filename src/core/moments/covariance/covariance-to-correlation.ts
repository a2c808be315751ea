/**
 * Covariance → correlation and standard deviations: `ρᵢⱼ = σᵢⱼ / (σᵢ·σⱼ)`.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";

export interface CorrelationAndStdDevs {
  /** Unit diagonal (set exactly to 1), `nAssets × nAssets`. */
  readonly correlation: SymmetricMatrix;
  /** `√σᵢᵢ`, in the covariance's own units (annualised if the covariance is). */
  readonly stdDevs: Float64Array;
}

/**
 * Splits a covariance into its correlation matrix and standard deviations.
 *
 * @param covariance `nAssets × nAssets` symmetric covariance.
 * @returns `{ correlation, stdDevs }`.
 * @throws InvalidInputError naming the first asset whose variance is zero or negative: its
 *   correlations are undefined (a constant price, or a repaired matrix that lost that direction).
 * @throws NonFiniteValueError for a `NaN` or infinite entry.
 *
 * Reference: the Pearson correlation; the conversion as PyPortfolioOpt's `cov_to_corr` and skfolio's
 * `cov_to_corr` do it.
 *
 * @example
 * const { correlation, stdDevs } = covarianceToCorrelation(sampleCovariance(r, { periodsPerYear: 252 }).covariance);
 */
export function covarianceToCorrelation(covariance: SymmetricMatrix): CorrelationAndStdDevs {
  const { size: n, data } = covariance;
  if (data.length !== n * n) {
    throw new ShapeMismatchError(`covarianceToCorrelation: a ${n}×${n} matrix needs ${n * n} values, got ${data.length}`, {
      size: n,
      length: data.length,
    });
  }
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      const row = Math.floor(k / n);
      throw new NonFiniteValueError(`covarianceToCorrelation: entry (${row}, ${k % n}) is ${data[k]}`, {
        row,
        column: k % n,
        value: data[k],
      });
    }
  }
  const stdDevs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const variance = data[i * n + i];
    if (!(variance > 0)) {
      throw new InvalidInputError(
        `covarianceToCorrelation: asset ${i} has variance ${variance}; its correlations are undefined`,
        { asset: i, variance },
      );
    }
    stdDevs[i] = Math.sqrt(variance);
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : data[i * n + j] / (stdDevs[i] * stdDevs[j]);
  }
  return Object.freeze({ correlation: { size: n, data: out }, stdDevs });
}
