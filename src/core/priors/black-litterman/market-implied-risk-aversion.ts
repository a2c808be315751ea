/**
 * The market's price of risk, δ = (E[R_m] − r_f) / σ²_m: how much excess return the market portfolio
 * pays per unit of variance. It is the risk aversion of the representative investor who holds the
 * market, the δ of the reverse optimisation Π = δ·Σ·w_mkt (Black & Litterman 1992; He & Litterman 1999).
 * Follows PyPortfolioOpt's `market_implied_risk_aversion` (arithmetic mean and ddof-1 variance of
 * simple returns, both annualised by `periodsPerYear`).
 */
import { InsufficientHistoryError, InvalidInputError, NonFiniteValueError } from "../../errors.js";

export interface MarketRiskAversionOptions {
  /** Return periods in a year (252 for daily data); annualises the mean and the variance. */
  readonly periodsPerYear: number;
  /** Annual risk-free rate as a decimal (default 0). */
  readonly riskFreeRate?: number;
}

function checkOptions(options: MarketRiskAversionOptions): number {
  const { periodsPerYear, riskFreeRate = 0 } = options;
  if (!(Number.isFinite(periodsPerYear) && periodsPerYear > 0)) {
    throw new InvalidInputError(`periodsPerYear must be a positive number, got ${periodsPerYear}`, { periodsPerYear });
  }
  if (!Number.isFinite(riskFreeRate)) {
    throw new NonFiniteValueError(`the risk-free rate is ${riskFreeRate}`, { riskFreeRate });
  }
  return riskFreeRate;
}

/**
 * Market-implied risk aversion from the market portfolio's periodic simple returns.
 *
 * @param marketReturns - one decimal return per period (e.g. daily SPY returns), oldest first, ≥ 2 of them.
 * @param options - `periodsPerYear` (required), `riskFreeRate` (annual, default 0).
 * @returns δ = (mean(r)·ppy − r_f) / (var(r)·ppy), var with divisor n − 1. Negative when the market
 *   earned less than the risk-free rate (returned as it is: the caller decides whether to use it).
 * @throws NonFiniteValueError for a NaN return (naming the period), InsufficientHistoryError for fewer
 *   than 2 returns, InvalidInputError for returns with zero variance.
 * @example marketImpliedRiskAversion(spyDailyReturns, { periodsPerYear: 252, riskFreeRate: 0.02 }) // ≈ 2.685
 */
export function marketImpliedRiskAversion(
  marketReturns: ArrayLike<number>,
  options: MarketRiskAversionOptions,
): number {
  const riskFreeRate = checkOptions(options);
  const n = marketReturns.length;
  if (n < 2) {
    throw new InsufficientHistoryError(`market-implied risk aversion needs at least 2 returns, got ${n}`, {
      observations: n,
    });
  }
  let sum = 0;
  for (let t = 0; t < n; t++) {
    const r = marketReturns[t];
    if (!Number.isFinite(r)) throw new NonFiniteValueError(`market return ${t} is ${r}`, { period: t, value: r });
    sum += r;
  }
  const mean = sum / n;
  let squares = 0;
  for (let t = 0; t < n; t++) squares += (marketReturns[t] - mean) ** 2;
  const variance = squares / (n - 1);
  if (!(variance > 0)) {
    throw new InvalidInputError("market returns have zero variance: the price of risk is undefined", { variance });
  }
  const { periodsPerYear } = options;
  return (mean * periodsPerYear - riskFreeRate) / (variance * periodsPerYear);
}

/**
 * Market-implied risk aversion from the market portfolio's prices (e.g. an index ETF's adjusted
 * closes): the simple returns `P_t / P_{t−1} − 1` go to `marketImpliedRiskAversion`.
 *
 * @param marketPrices - positive prices, oldest first, ≥ 3 of them.
 * @throws NonFiniteValueError / InvalidInputError naming the first missing or non-positive price.
 * @example marketImpliedRiskAversionFromPrices(spyCloses, { periodsPerYear: 252, riskFreeRate: 0.02 })
 */
export function marketImpliedRiskAversionFromPrices(
  marketPrices: ArrayLike<number>,
  options: MarketRiskAversionOptions,
): number {
  for (let t = 0; t < marketPrices.length; t++) {
    const p = marketPrices[t];
    if (!Number.isFinite(p)) throw new NonFiniteValueError(`market price ${t} is ${p}`, { period: t, value: p });
    if (!(p > 0)) throw new InvalidInputError(`market price ${t} is ${p}; prices must be positive`, { period: t, value: p });
  }
  const returns = new Float64Array(Math.max(0, marketPrices.length - 1));
  for (let t = 1; t < marketPrices.length; t++) returns[t - 1] = marketPrices[t] / marketPrices[t - 1] - 1;
  return marketImpliedRiskAversion(returns, options);
}
