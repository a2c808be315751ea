/**
 * Choueifaty & Coignard (2008), "Toward Maximum Diversification": DR(w) = (Σᵢ |wᵢ|·σᵢ) / σ(w).
 * It is 1 for a single asset (or perfectly correlated ones) and grows as correlations fall.
 */
import { InvalidInputError } from "../errors.js";
import type { SymmetricMatrix } from "../linalg/matrix.js";
import { quadraticForm } from "../linalg/matrix.js";
import { checkWeights } from "./portfolio-performance.js";

/**
 * The diversification ratio of `weights` under `covariance`. Absolute weights keep the ratio ≥ 1 for
 * long-short portfolios too (a short leg is still a volatility one carries).
 * @throws InvalidInputError when the portfolio variance is zero.
 */
export function diversificationRatio(weights: ArrayLike<number>, covariance: SymmetricMatrix): number {
  checkWeights(weights, covariance);
  const n = covariance.size;
  let weightedVolatility = 0;
  for (let i = 0; i < n; i++) weightedVolatility += Math.abs(weights[i]) * Math.sqrt(Math.max(0, covariance.data[i * n + i]));
  const variance = quadraticForm(covariance, Array.from(weights));
  if (!(variance > 0)) {
    throw new InvalidInputError(`portfolio variance is ${variance}: the diversification ratio is undefined`, { variance });
  }
  return weightedVolatility / Math.sqrt(variance);
}
