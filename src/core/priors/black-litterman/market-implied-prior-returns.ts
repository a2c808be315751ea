/**
 * The equilibrium (market-implied) expected returns of Black & Litterman (1992): reverse optimisation
 * Π = δ·Σ·w_mkt, the returns under which the market-cap portfolio is the mean-variance optimum of an
 * investor with risk aversion δ. Π is an excess return, so the risk-free rate is added back, as
 * PyPortfolioOpt's `market_implied_prior_returns` does.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import { assertSymmetric } from "../../linalg/assert-symmetric.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";

export interface MarketImpliedPriorOptions {
  /** δ, the market's price of risk (see `marketImpliedRiskAversion`); must be positive. */
  readonly riskAversion: number;
  /** Risk-free rate in the units of the covariance (annual for an annual Σ), added to Π; default 0. */
  readonly riskFreeRate?: number;
}

/**
 * Market capitalisation weights `caps / Σ caps`. A cap of 0 is allowed (an asset outside the market
 * portfolio, such as a delisted one: it gets weight 0 but still a prior through its covariances).
 *
 * @throws InvalidInputError naming the first negative cap, or when every cap is 0;
 *   NonFiniteValueError for NaN or infinite caps.
 */
export function marketWeights(marketCaps: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < marketCaps.length; i++) {
    const cap = marketCaps[i];
    if (!Number.isFinite(cap)) throw new NonFiniteValueError(`market cap of asset ${i} is ${cap}`, { asset: i, value: cap });
    if (cap < 0) throw new InvalidInputError(`market cap of asset ${i} is negative (${cap})`, { asset: i, value: cap });
    total += cap;
  }
  if (!(total > 0)) {
    throw new InvalidInputError("market caps are all zero: the market portfolio is undefined", { assets: marketCaps.length });
  }
  return Float64Array.from(marketCaps, (cap) => cap / total);
}

/**
 * Market-implied prior returns Π = δ·Σ·w_mkt + r_f.
 *
 * @param marketCaps - one capitalisation per asset, ≥ 0, in the covariance's asset order.
 * @param covariance - Σ, `nAssets × nAssets`, annualised for annual returns.
 * @param options - `riskAversion` δ > 0 (required), `riskFreeRate` (default 0).
 * @returns a new vector of `nAssets` prior expected returns.
 * @throws ShapeMismatchError when sizes differ; InvalidInputError for negative caps or δ ≤ 0.
 * @example marketImpliedPriorReturns(caps, sigma, { riskAversion: 2.685, riskFreeRate: 0.02 })
 */
export function marketImpliedPriorReturns(
  marketCaps: ArrayLike<number>,
  covariance: SymmetricMatrix,
  options: MarketImpliedPriorOptions,
): Float64Array {
  const { riskAversion, riskFreeRate = 0 } = options;
  if (!(Number.isFinite(riskAversion) && riskAversion > 0)) {
    throw new InvalidInputError(`risk aversion must be a positive number, got ${riskAversion}`, { riskAversion });
  }
  if (!Number.isFinite(riskFreeRate)) throw new NonFiniteValueError(`the risk-free rate is ${riskFreeRate}`, { riskFreeRate });
  const n = covariance.size;
  if (marketCaps.length !== n) {
    throw new ShapeMismatchError(`${marketCaps.length} market caps for a covariance of ${n} assets`, {
      marketCaps: marketCaps.length,
      assets: n,
    });
  }
  assertSymmetric(covariance, "covariance");
  const w = marketWeights(marketCaps);
  const prior = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += covariance.data[i * n + j] * w[j];
    prior[i] = riskAversion * s + riskFreeRate;
  }
  return prior;
}
