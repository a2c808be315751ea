/**
 * Moments and risk-adjusted ratios of a per-period return series, with the reference definitions
 * (`../shared/reference/expected/backtest.json`, `metric_definitions`):
 * - Sharpe: `mean(r − rf/P) / std(r − rf/P, ddof 1) · √P`;
 * - Sortino: `mean(r − rf/P) / √(mean(min(r − rf/P, 0)²)) · √P`, the downside deviation taken over all
 *   periods with divisor n and the per-period risk-free rate as target;
 * where P is the number of periods per year and rf the annual risk-free rate (per period rf/P).
 * Skew and kurtosis are pandas' bias-corrected estimators (`Series.skew()`, `Series.kurt()`).
 * A ratio whose denominator is zero is `null`, never ±∞ or NaN.
 */

/**
 * Dispersion at or below this is treated as none. Returns are dimensionless and `V_t/V_{t−1} − 1`
 * carries an absolute rounding error of a few 1e-16 whatever the level of V, so a steadily compounding
 * curve (every return "equal") shows a standard deviation of ~1e-17 that is pure rounding; dividing by
 * it would report a Sharpe ratio of 1e15. No real return series has a per-period spread below 1e-14.
 */
export const ZERO_DISPERSION = 1e-14;

export function mean(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  return sum / x.length;
}

/** Sample standard deviation (ddof 1), two-pass for accuracy; `null` with fewer than two values. */
export function sampleStd(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  const m = mean(x);
  let sumSquares = 0;
  for (let i = 0; i < n; i++) sumSquares += (x[i] - m) * (x[i] - m);
  return Math.sqrt(sumSquares / (n - 1));
}

function excessOf(returns: ArrayLike<number>, riskFreePerPeriod: number): Float64Array {
  return Float64Array.from(returns, (r) => r - riskFreePerPeriod);
}

/**
 * Annualised Sharpe ratio of per-period returns, `mean(r − rf/P) / std(r − rf/P, ddof 1) · √P`.
 *
 * @param returns - simple per-period returns (decimals).
 * @param periodsPerYear - P, 252 for daily returns.
 * @param riskFreeRate - annual rate; the per-period rate is `riskFreeRate / P`.
 * @returns the ratio, or `null` with fewer than two returns or no dispersion.
 * @example sharpeRatio([0.01, -0.005, 0.002], 252, 0.02)
 */
export function sharpeRatio(returns: ArrayLike<number>, periodsPerYear: number, riskFreeRate: number): number | null {
  const excess = excessOf(returns, riskFreeRate / periodsPerYear);
  const std = sampleStd(excess);
  if (std === null || std <= ZERO_DISPERSION) return null;
  return (mean(excess) / std) * Math.sqrt(periodsPerYear);
}

/**
 * Annualised Sortino ratio, `mean(r − rf/P) / √(mean(min(r − rf/P, 0)²)) · √P` (Sortino and Price,
 * 1994, with the target at the risk-free rate and the downside deviation over all n periods).
 *
 * @returns the ratio, or `null` when no period falls short of the target (no downside).
 * @example sortinoRatio([0.01, -0.005, 0.002], 252, 0)
 */
export function sortinoRatio(returns: ArrayLike<number>, periodsPerYear: number, riskFreeRate: number): number | null {
  const excess = excessOf(returns, riskFreeRate / periodsPerYear);
  if (excess.length === 0) return null;
  let shortfallSquares = 0;
  for (let i = 0; i < excess.length; i++) if (excess[i] < 0) shortfallSquares += excess[i] * excess[i];
  const downsideDeviation = Math.sqrt(shortfallSquares / excess.length);
  if (downsideDeviation <= ZERO_DISPERSION) return null;
  return (mean(excess) / downsideDeviation) * Math.sqrt(periodsPerYear);
}

/** Sums of squared and higher central powers, the raw material of both shape estimators. */
function centralPowerSums(x: ArrayLike<number>): { s2: number; s3: number; s4: number } {
  const m = mean(x);
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { s2, s3, s4 };
}

function hasDispersion(s2: number, n: number): boolean {
  return Math.sqrt(s2 / n) > ZERO_DISPERSION;
}

/**
 * Sample skewness, the adjusted Fisher–Pearson coefficient `G1 = g1 · √(n(n−1)) / (n−2)` with
 * `g1 = m3 / m2^{3/2}` from population central moments — pandas' `Series.skew()` (and Excel's SKEW).
 *
 * @returns `null` with fewer than 3 values or no dispersion (pandas returns 0 there; we say "undefined").
 * @example skewness([0.01, 0.02, -0.05, 0.0])
 */
export function skewness(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 3) return null;
  const { s2, s3 } = centralPowerSums(x);
  if (!hasDispersion(s2, n)) return null;
  const m2 = s2 / n;
  const m3 = s3 / n;
  return ((m3 / m2 ** 1.5) * Math.sqrt(n * (n - 1))) / (n - 2);
}

/**
 * Sample excess kurtosis, the bias-corrected Fisher estimator
 * `G2 = n(n+1)(n−1) Σd⁴ / ((n−2)(n−3) (Σd²)²) − 3(n−1)² / ((n−2)(n−3))` — pandas' `Series.kurt()`
 * (and Excel's KURT); 0 for a normal sample in expectation.
 *
 * @returns `null` with fewer than 4 values or no dispersion.
 * @example excessKurtosis([0.01, 0.02, -0.05, 0.0, 0.03])
 */
export function excessKurtosis(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 4) return null;
  const { s2, s4 } = centralPowerSums(x);
  if (!hasDispersion(s2, n)) return null;
  const scale = (n - 2) * (n - 3);
  return (n * (n + 1) * (n - 1) * s4) / (scale * s2 * s2) - (3 * (n - 1) * (n - 1)) / scale;
}
