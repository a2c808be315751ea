/**
 * Rolling annualised volatility and Sharpe ratio over a trailing window of returns, with the same
 * definitions as the whole-period metrics (`return-statistics.ts`).
 *
 * Each window is computed afresh with a two-pass mean and deviation rather than by sliding running
 * sums. Sliding sums lose digits to cancellation: a flat stretch (a year in cash) inside a moving
 * series would come out with a volatility of ~1e-10 instead of 0 and a Sharpe ratio of −1e8 instead
 * of null. The direct form costs n·w operations, about 2 ms for ten years of daily data.
 */
import { ZERO_DISPERSION } from "./return-statistics.js";

export interface RollingRatios {
  /** Per return index t: `std(r_{t−w+1..t}, ddof 1) · √P`, `null` for t < w − 1. */
  readonly volatility: readonly (number | null)[];
  /** Per return index t: the Sharpe ratio over the same window, `null` before it fills or with no dispersion. */
  readonly sharpe: readonly (number | null)[];
}

/**
 * Trailing-window volatility and Sharpe ratio of per-period returns.
 *
 * @param returns - simple per-period returns.
 * @param window - w, the number of returns per window (≥ 2; 252 is one year of daily data).
 * @param periodsPerYear - P, for annualising.
 * @param riskFreeRate - annual; the Sharpe ratio uses the excess over `riskFreeRate / P`.
 * @returns one entry per return; the first w − 1 are `null` (all are when w exceeds the series).
 * @example rollingRatios(dailyReturns, 252, 252, 0.02).sharpe.at(-1)
 */
export function rollingRatios(
  returns: ArrayLike<number>,
  window: number,
  periodsPerYear: number,
  riskFreeRate: number,
): RollingRatios {
  const n = returns.length;
  const volatility: (number | null)[] = new Array<number | null>(n).fill(null);
  const sharpe: (number | null)[] = new Array<number | null>(n).fill(null);
  const riskFreePerPeriod = riskFreeRate / periodsPerYear;
  const annualise = Math.sqrt(periodsPerYear);
  for (let end = window - 1; end < n; end++) {
    const start = end - window + 1;
    let sum = 0;
    for (let t = start; t <= end; t++) sum += returns[t];
    const m = sum / window;
    let sumSquares = 0;
    for (let t = start; t <= end; t++) sumSquares += (returns[t] - m) * (returns[t] - m);
    const std = Math.sqrt(sumSquares / (window - 1));
    volatility[end] = std * annualise;
    // The excess return's deviation equals the return's: subtracting a constant moves no point from the mean.
    sharpe[end] = std <= ZERO_DISPERSION ? null : ((m - riskFreePerPeriod) / std) * annualise;
  }
  return { volatility, sharpe };
}
