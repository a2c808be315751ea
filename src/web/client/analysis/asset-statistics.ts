/**
 * Per-asset annual return and volatility, and the correlation matrix, from closing prices, for the
 * frontier's asset markers and the correlation heatmap. Conventions as the server's defaults: simple
 * daily returns, compounded (geometric) mean return, sample volatility, pairwise-complete
 * correlation, both annualised with `periodsPerYear`.
 */
export interface PriceSeries {
  readonly ticker: string;
  readonly dates: readonly string[];
  readonly closes: readonly number[];
}

export interface AssetStatistics {
  readonly tickers: readonly string[];
  readonly expectedReturns: readonly number[];
  readonly volatilities: readonly number[];
  readonly correlation: readonly (readonly number[])[];
}

function returnsByDate(series: PriceSeries, start?: string, end?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 1; i < series.dates.length; i++) {
    const date = series.dates[i];
    if ((start && series.dates[i - 1] < start) || (end && date > end)) continue;
    const previous = series.closes[i - 1];
    const close = series.closes[i];
    if (previous > 0 && close > 0) out.set(date, close / previous - 1);
  }
  return out;
}

export function assetStatistics(series: readonly PriceSeries[], options: { readonly periodsPerYear?: number; readonly start?: string; readonly end?: string } = {}): AssetStatistics {
  const periods = options.periodsPerYear ?? 252;
  const returns = series.map((s) => returnsByDate(s, options.start, options.end));
  const expectedReturns = returns.map((r) => {
    const values = [...r.values()];
    if (values.length === 0) return NaN;
    const growth = values.reduce((g, x) => g * (1 + x), 1);
    return Math.pow(growth, periods / values.length) - 1;
  });
  const volatilities = returns.map((r) => {
    const values = [...r.values()];
    if (values.length < 2) return NaN;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    return Math.sqrt(variance * periods);
  });
  const correlation = returns.map((ri, i) =>
    returns.map((rj, j) => {
      if (i === j) return 1;
      const xs: number[] = [];
      const ys: number[] = [];
      for (const [date, x] of ri) {
        const y = rj.get(date);
        if (y !== undefined) {
          xs.push(x);
          ys.push(y);
        }
      }
      return pearson(xs, ys);
    }),
  );
  return { tickers: series.map((s) => s.ticker), expectedReturns, volatilities, correlation };
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    sxy += (xs[k] - mx) * (ys[k] - my);
    sxx += (xs[k] - mx) ** 2;
    syy += (ys[k] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Correlation from a covariance matrix (when the API returns the risk model itself). */
export function covarianceToCorrelation(covariance: readonly (readonly number[])[]): number[][] {
  const sd = covariance.map((row, i) => Math.sqrt(row[i]));
  return covariance.map((row, i) => row.map((c, j) => (sd[i] > 0 && sd[j] > 0 ? c / (sd[i] * sd[j]) : i === j ? 1 : 0)));
}
