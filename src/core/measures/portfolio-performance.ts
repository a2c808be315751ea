/**
 * Statistics of a given weight vector under given moments: the numbers every optimizer reports.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../errors.js";
import type { SymmetricMatrix } from "../linalg/matrix.js";
import { quadraticForm } from "../linalg/matrix.js";

export interface PortfolioPerformance {
  /** `μᵀw`, in the units of `expectedReturns` (annual when they are annual). */
  readonly expectedReturn: number;
  /** `√(wᵀΣw)`. */
  readonly volatility: number;
  /** `(μᵀw − rf) / σ`; `null` when the volatility is zero and the ratio is undefined. */
  readonly sharpe: number | null;
}

/** Checks that weights, expected returns and covariance agree in size and are finite. */
export function checkWeights(weights: ArrayLike<number>, covariance: SymmetricMatrix): void {
  if (weights.length !== covariance.size) {
    throw new ShapeMismatchError(
      `${weights.length} weights for a covariance of ${covariance.size} assets`,
      { weights: weights.length, assets: covariance.size },
    );
  }
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(weights[i])) {
      throw new NonFiniteValueError(`weight of asset ${i} is ${weights[i]}`, { asset: i });
    }
  }
}

/**
 * Expected return, volatility and Sharpe ratio of the weights `w`.
 *
 * @param weights - one weight per asset (any budget: long-only, long-short, market-neutral).
 * @param expectedReturns - `μ`, one per asset, annual decimals when `riskFreeRate` is annual.
 * @param covariance - `Σ`, same asset order and units (annualised for an annual Sharpe).
 * @param options.riskFreeRate - annual risk-free rate (default 0.02, PyPortfolioOpt's default).
 * @example portfolioPerformance([0.5, 0.5], mu, sigma).sharpe
 */
export function portfolioPerformance(
  weights: ArrayLike<number>,
  expectedReturns: ArrayLike<number>,
  covariance: SymmetricMatrix,
  options: { readonly riskFreeRate?: number } = {},
): PortfolioPerformance {
  const riskFreeRate = options.riskFreeRate ?? 0.02;
  if (!Number.isFinite(riskFreeRate)) throw new InvalidInputError(`risk-free rate ${riskFreeRate} is not a number`);
  checkWeights(weights, covariance);
  if (expectedReturns.length !== weights.length) {
    throw new ShapeMismatchError(`${expectedReturns.length} expected returns for ${weights.length} weights`);
  }
  let expectedReturn = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(expectedReturns[i])) {
      throw new NonFiniteValueError(`expected return of asset ${i} is ${expectedReturns[i]}`, { asset: i });
    }
    expectedReturn += weights[i] * expectedReturns[i];
  }
  // A covariance that is PSD up to rounding can give a variance of −1e-18 for a riskless mix.
  const volatility = Math.sqrt(Math.max(0, quadraticForm(covariance, Array.from(weights))));
  const sharpe = volatility > 0 ? (expectedReturn - riskFreeRate) / volatility : null;
  return { expectedReturn, volatility, sharpe };
}
