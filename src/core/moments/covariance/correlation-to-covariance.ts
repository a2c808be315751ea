/**
 * Correlation and standard deviations → covariance: `σᵢⱼ = ρᵢⱼ·σᵢ·σⱼ`.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";

/**
 * Rebuilds a covariance from a correlation matrix and standard deviations (the inverse of
 * `covarianceToCorrelation`).
 *
 * @param correlation `nAssets × nAssets` symmetric correlation.
 * @param stdDevs `nAssets` standard deviations, ≥ 0, in the units wanted for the covariance.
 * @returns the `nAssets × nAssets` covariance.
 * @throws ShapeMismatchError when the sizes differ; InvalidInputError for a negative standard
 *   deviation; NonFiniteValueError for a `NaN` or infinite input.
 *
 * Reference: as PyPortfolioOpt's `corr_to_cov` and skfolio's `corr_to_cov`.
 *
 * @example
 * const covariance = correlationToCovariance(correlation, Float64Array.of(0.2, 0.3));
 */
export function correlationToCovariance(correlation: SymmetricMatrix, stdDevs: ArrayLike<number>): SymmetricMatrix {
  const { size: n, data } = correlation;
  if (data.length !== n * n || stdDevs.length !== n) {
    throw new ShapeMismatchError(
      `correlationToCovariance: a ${n}×${n} correlation (${data.length} values) needs ${n} standard deviations, got ${stdDevs.length}`,
      { size: n, length: data.length, stdDevs: stdDevs.length },
    );
  }
  for (let i = 0; i < n; i++) {
    const s = stdDevs[i];
    if (!Number.isFinite(s)) {
      throw new NonFiniteValueError(`correlationToCovariance: standard deviation of asset ${i} is ${s}`, { asset: i, value: s });
    }
    if (s < 0) {
      throw new InvalidInputError(`correlationToCovariance: standard deviation of asset ${i} is negative (${s})`, {
        asset: i,
        value: s,
      });
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const rho = data[i * n + j];
      if (!Number.isFinite(rho)) {
        throw new NonFiniteValueError(`correlationToCovariance: entry (${i}, ${j}) is ${rho}`, { row: i, column: j, value: rho });
      }
      // σᵢ·σⱼ first: the product of two numbers is commutative in floating point, so a symmetric
      // correlation gives an exactly symmetric covariance ((ρ·σᵢ)·σⱼ would not).
      out[i * n + j] = rho * (stdDevs[i] * stdDevs[j]);
    }
  }
  return { size: n, data: out };
}
