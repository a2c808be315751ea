/**
 * How a portfolio's returns relate to a benchmark's over the same periods: CAPM beta and alpha,
 * tracking error, information ratio and up/down capture. Every statistic is on simple per-period
 * returns, annualised with P periods per year the way the reference annualises (means × P, standard
 * deviations × √P); see each field for the formula.
 */
import { mean, sampleStd, ZERO_DISPERSION } from "./return-statistics.js";

export interface BenchmarkRelativeMetrics {
  /** `cov(r, b) / var(b)` (ddof 1 in both, so it cancels); `null` when the benchmark never moves. */
  readonly beta: number | null;
  /**
   * Annualised Jensen's alpha with the per-period risk-free rate `f = rf/P`:
   * `P · (mean(r − f) − β · mean(b − f))`; `null` when beta is.
   */
  readonly alpha: number | null;
  /** `std(r − b, ddof 1) · √P`; `null` with a single period. */
  readonly trackingError: number | null;
  /** `mean(r − b) · P / trackingError`; `null` when the active return has no dispersion. */
  readonly informationRatio: number | null;
  /**
   * Up capture: the portfolio's arithmetic mean return over the periods where the benchmark rose
   * (`b > 0`) divided by the benchmark's mean over the same periods; `null` if the benchmark never rose.
   * 1.1 means the portfolio gained 10 % more than the benchmark on its up periods, on average.
   */
  readonly upCapture: number | null;
  /**
   * Down capture: the same ratio over the periods where the benchmark fell (`b < 0`); below 1 means the
   * portfolio lost less than the benchmark on its down periods. `null` if the benchmark never fell.
   */
  readonly downCapture: number | null;
}

/** Ratio of the two conditional means over the periods where `select(b)` holds, or `null` if none does. */
function captureRatio(returns: ArrayLike<number>, benchmark: ArrayLike<number>, select: (b: number) => boolean): number | null {
  let portfolioSum = 0;
  let benchmarkSum = 0;
  let count = 0;
  for (let t = 0; t < benchmark.length; t++) {
    if (!select(benchmark[t])) continue;
    portfolioSum += returns[t];
    benchmarkSum += benchmark[t];
    count++;
  }
  // The counts cancel: the ratio of means is the ratio of sums, and benchmarkSum ≠ 0 by selection.
  return count === 0 ? null : portfolioSum / benchmarkSum;
}

/**
 * Benchmark-relative metrics of per-period returns `r` against benchmark returns `b` on the same periods.
 *
 * @param returns - the portfolio's simple returns, one per period.
 * @param benchmarkReturns - the benchmark's simple returns on the same periods (same length, checked by the caller).
 * @param periodsPerYear - P (252 for daily returns).
 * @param riskFreeRate - annual rate, used by alpha only.
 * @example benchmarkRelativeMetrics([0.02, -0.01], [0.01, -0.02], 252, 0).upCapture // 2
 */
export function benchmarkRelativeMetrics(
  returns: ArrayLike<number>,
  benchmarkReturns: ArrayLike<number>,
  periodsPerYear: number,
  riskFreeRate: number,
): BenchmarkRelativeMetrics {
  const n = returns.length;
  const riskFreePerPeriod = riskFreeRate / periodsPerYear;
  const meanReturn = mean(returns);
  const meanBenchmark = mean(benchmarkReturns);
  let covariance = 0;
  let benchmarkVariance = 0;
  const active = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const dr = returns[t] - meanReturn;
    const db = benchmarkReturns[t] - meanBenchmark;
    covariance += dr * db;
    benchmarkVariance += db * db;
    active[t] = returns[t] - benchmarkReturns[t];
  }
  const benchmarkMoves = n >= 2 && Math.sqrt(benchmarkVariance / (n - 1)) > ZERO_DISPERSION;
  const beta = benchmarkMoves ? covariance / benchmarkVariance : null;
  const alpha =
    beta === null ? null : periodsPerYear * (meanReturn - riskFreePerPeriod - beta * (meanBenchmark - riskFreePerPeriod));
  const activeStd = sampleStd(active);
  const trackingError = activeStd === null ? null : activeStd * Math.sqrt(periodsPerYear);
  const informationRatio =
    activeStd === null || activeStd <= ZERO_DISPERSION ? null : (mean(active) / activeStd) * Math.sqrt(periodsPerYear);
  return {
    beta,
    alpha,
    trackingError,
    informationRatio,
    upCapture: captureRatio(returns, benchmarkReturns, (b) => b > 0),
    downCapture: captureRatio(returns, benchmarkReturns, (b) => b < 0),
  };
}
