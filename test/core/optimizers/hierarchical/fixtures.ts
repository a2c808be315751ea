/**
 * Test support for the allocators without expected returns: the HRP inputs as PyPortfolioOpt builds
 * them from stock_prices.csv (pandas' pairwise-complete `cov()` and `corr()` of the simple returns:
 * the correlation of a pair uses the standard deviations over the rows that pair shares, so it is not
 * the correlation of the pairwise covariance), random positive definite covariances, and the reference
 * files' HRP and risk-parity entries.
 */
import type { Matrix, SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import { referenceJson } from "../../../support/reference.js";
import { seededRandom } from "../../../support/seeded-random.js";
import { completeRowsOf, readPriceCsv, simpleReturns } from "../../moments/covariance/fixtures.js";

export interface HrpReference {
  readonly description: string;
  readonly weights: Record<string, number>;
  readonly leaf_order: string[];
  readonly linkage_matrix: number[][];
  readonly performance_with_arithmetic_mean_x252_and_cov_of_same_returns: { expected_return: number; volatility: number; sharpe: number };
}

export interface RiskParityReference {
  readonly weights: Record<string, number>;
  readonly risk_contribution_fraction: Record<string, number>;
}

export interface OptimizerFile {
  readonly tickers: string[];
  readonly hrp: HrpReference;
  readonly risk_parity: RiskParityReference;
}

export type ViewName = "full_history" | "common_window";

export function optimizerFile(view: ViewName): OptimizerFile {
  return referenceJson<OptimizerFile>("expected", `optimizers_${view}.json`);
}

export function covarianceMatrix(name: string): SymmetricMatrix {
  const json = referenceJson<{ matrices: Record<string, { matrix: number[][] }> }>("expected", "covariance.json");
  const rows = json.matrices[name].matrix;
  return { size: rows.length, data: Float64Array.from(rows.flat()) };
}

export interface PairwiseMoments {
  readonly tickers: readonly string[];
  readonly returns: Matrix;
  /** Daily, ddof 1, pairwise complete (pandas `cov()`). */
  readonly covariance: SymmetricMatrix;
  /** Pairwise complete (pandas `corr()`): means and deviations over each pair's shared rows. */
  readonly correlation: SymmetricMatrix;
}

/** pandas' pairwise `cov()` and `corr()` of a returns table with NaN for missing values. */
export function pairwiseMoments(returns: Matrix, tickers: readonly string[]): PairwiseMoments {
  const n = returns.cols;
  const T = returns.rows;
  const cov = new Float64Array(n * n);
  const corr = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let count = 0;
      let sx = 0;
      let sy = 0;
      for (let t = 0; t < T; t++) {
        const a = returns.data[t * n + i];
        const b = returns.data[t * n + j];
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        count++;
        sx += a;
        sy += b;
      }
      const mx = sx / count;
      const my = sy / count;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let t = 0; t < T; t++) {
        const a = returns.data[t * n + i];
        const b = returns.data[t * n + j];
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
      }
      cov[i * n + j] = cov[j * n + i] = sxy / (count - 1);
      corr[i * n + j] = corr[j * n + i] = i === j ? 1 : sxy / Math.sqrt(sxx * syy);
    }
  }
  return { tickers, returns, covariance: { size: n, data: cov }, correlation: { size: n, data: corr } };
}

const cache = new Map<ViewName, PairwiseMoments>();

/** The daily returns of stock_prices.csv in one of the two views, with their pairwise moments. */
export function stockMoments(view: ViewName): PairwiseMoments {
  let m = cache.get(view);
  if (m === undefined) {
    const { tickers, prices } = readPriceCsv("stock_prices.csv");
    const all = simpleReturns(prices);
    m = pairwiseMoments(view === "full_history" ? all : completeRowsOf(all), tickers);
    cache.set(view, m);
  }
  return m;
}

/** A random covariance from a factor model plus specific risk (always positive definite), n × n. */
export function randomCovariance(n: number, seed: number): SymmetricMatrix {
  const rand = seededRandom(seed);
  const factors = 3;
  const loadings = Float64Array.from({ length: n * factors }, () => rand() * 2 - 0.5);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let f = 0; f < factors; f++) s += loadings[i * factors + f] * loadings[j * factors + f] * 0.01;
      if (i === j) s += 0.005 + 0.05 * rand();
      data[i * n + j] = data[j * n + i] = s;
    }
  }
  return { size: n, data };
}

export function sum(w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i];
  return s;
}
