/**
 * The unconstrained mean-variance portfolio implied by a vector of expected returns, as
 * PyPortfolioOpt's `bl_weights`: w ∝ (δΣ)⁻¹·μ, scaled to sum to 1. The risk aversion δ cancels in the
 * scaling, so it is not a parameter. Weights may be negative or above 1: there are no bounds.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import { solveSymmetric } from "../../linalg/solve.js";

/**
 * Weights `Σ⁻¹μ / Σᵢ(Σ⁻¹μ)ᵢ`.
 *
 * @param expectedReturns - μ, e.g. `blackLitterman(…).expectedReturns`, one per asset.
 * @param covariance - Σ (`nAssets × nAssets`), the prior covariance (PyPortfolioOpt uses the prior Σ,
 *   not the posterior, here); must be non-singular.
 * @returns new weights summing to 1.
 * @throws SingularMatrixError for a singular Σ; InvalidInputError when Σ⁻¹μ sums to 0 (no fully
 *   invested scaling exists); ShapeMismatchError / NonFiniteValueError for malformed input.
 * @example blackLittermanWeights(posterior.expectedReturns, sigma)
 */
export function blackLittermanWeights(expectedReturns: ArrayLike<number>, covariance: SymmetricMatrix): Float64Array {
  const n = covariance.size;
  if (expectedReturns.length !== n) {
    throw new ShapeMismatchError(`${expectedReturns.length} expected returns for a covariance of ${n} assets`, {
      expectedReturns: expectedReturns.length,
      assets: n,
    });
  }
  const mu = Float64Array.from(expectedReturns);
  mu.forEach((m, i) => {
    if (!Number.isFinite(m)) throw new NonFiniteValueError(`expected return of asset ${i} is ${m}`, { asset: i });
  });
  const raw = solveSymmetric(covariance, mu);
  let total = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    total += raw[i];
    scale += Math.abs(raw[i]);
  }
  // A sum that is zero up to rounding (relative to the gross position) leaves the scaling undefined.
  if (!(Math.abs(total) > 1e-12 * scale)) {
    throw new InvalidInputError("the implied portfolio Σ⁻¹μ sums to 0: it cannot be scaled to a budget of 1", {
      sum: total,
    });
  }
  return raw.map((w) => w / total);
}
