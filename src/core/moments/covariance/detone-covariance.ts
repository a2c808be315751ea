/**
 * Detoning: removing the market component(s) — the largest eigen-components of the correlation
 * matrix — so that what is left shows the structure the market mode hides (for clustering, or for
 * hierarchical allocation).
 */
import { InvalidInputError } from "../../errors.js";
import { eigenSymmetric } from "../../linalg/index.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import { correlationToCovariance } from "./correlation-to-covariance.js";
import { covarianceToCorrelation } from "./covariance-to-correlation.js";

export interface DetoneCovarianceOptions {
  /** How many of the largest eigen-components to remove, an integer in [0, nAssets − 1]. Default 1. */
  readonly nMarkets?: number;
}

export interface DetonedCovariance {
  /**
   * The detoned covariance, same variances as the input. **Singular by construction**: removing
   * `nMarkets` eigen-components leaves rank ≤ nAssets − nMarkets, so it has no inverse and no
   * Cholesky factor. Use it for clustering or distances; do not hand it to an optimiser that inverts
   * Σ or needs it positive definite without shrinking or repairing it first.
   */
  readonly covariance: SymmetricMatrix;
  /** The removed eigenvalues of the correlation matrix, largest first. */
  readonly marketEigenvalues: Float64Array;
}

/**
 * Removes the `nMarkets` largest eigen-components of the correlation matrix:
 * `C₁ = C − Σₖ λₖ·vₖvₖᵀ`, rescaled to a unit diagonal `C₁ᵢⱼ / √(C₁ᵢᵢC₁ⱼⱼ)`, then back to a covariance
 * with the original standard deviations.
 *
 * @param cov `nAssets × nAssets` covariance (any scale), variances > 0.
 * @returns `{ covariance, marketEigenvalues }` — see `DetonedCovariance.covariance`: singular.
 * @throws InvalidInputError for a bad `nMarkets`, a zero variance, or an asset that the removed
 *   components explain entirely (nothing left to rescale).
 *
 * Reference: López de Prado (2020), "Machine Learning for Asset Managers", Cambridge Elements in
 * Quantitative Finance, §2.6 (detoning); as skfolio's `DetoneCovariance`.
 *
 * @example
 * const { covariance } = detoneCovariance(denoised.covariance, { nMarkets: 1 });
 */
export function detoneCovariance(cov: SymmetricMatrix, options: DetoneCovarianceOptions = {}): DetonedCovariance {
  const { nMarkets = 1 } = options;
  const { correlation, stdDevs } = covarianceToCorrelation(cov);
  const n = correlation.size;
  if (!(Number.isInteger(nMarkets) && nMarkets >= 0 && nMarkets < n)) {
    throw new InvalidInputError(`detoneCovariance: nMarkets must be an integer in [0, ${n - 1}], got ${nMarkets}`, {
      nMarkets,
      nAssets: n,
    });
  }
  const { values, vectors } = eigenSymmetric(correlation);
  const v = vectors.data;
  const c = Float64Array.from(correlation.data);
  const marketEigenvalues = new Float64Array(nMarkets);
  // values are ascending: the market components are the last ones.
  for (let m = 0; m < nMarkets; m++) {
    const k = n - 1 - m;
    marketEigenvalues[m] = values[k];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[i * n + j] -= values[k] * v[i * n + k] * v[j * n + k];
  }
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const residual = c[i * n + i];
    // The residual diagonal is 1 minus the explained share; below 1e-12 it is rounding noise of an
    // O(1) quantity, and dividing by its root would turn that noise into correlations.
    if (!(residual > 1e-12)) {
      throw new InvalidInputError(
        `detoneCovariance: asset ${i} is entirely explained by the ${nMarkets} removed component(s) (residual ${residual})`,
        { asset: i, residual, nMarkets },
      );
    }
    d[i] = Math.sqrt(residual);
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : c[i * n + j] / (d[i] * d[j]);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i];
  return Object.freeze({ covariance: correlationToCovariance({ size: n, data: out }, stdDevs), marketEigenvalues });
}
