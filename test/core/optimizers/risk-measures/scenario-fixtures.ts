/**
 * The reference scenarios: the 895 daily simple returns of the complete rows of stock_prices.csv
 * (2014-09-22 … 2018-04-11, PyPortfolioOpt's `returns_from_prices(df.dropna())`), and two expected
 * return vectors (annualised geometric means):
 * - `mu`: over each asset's full history, as the reference README and cvar.json define it and as
 *   PyPortfolioOpt's CVaR tests use it (`mean_historical_return(get_data())`);
 * - `muCommonWindow`: over the complete rows only, as PyPortfolioOpt's semivariance and CDaR tests
 *   use it (`setup_efficient_semivariance` / `setup_efficient_cdar` call `mean_historical_return` on
 *   `get_data().dropna()`; tests/utilities_for_tests.py at 65cabce). The README's remark that all
 *   three use the full history holds for CVaR only: with it the semivariance facts' returns are off
 *   by 0.08, with this vector they agree to 1e-4.
 */
import { readFileSync } from "node:fs";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { referenceJson, referencePath } from "../../../support/reference.js";
import { seededRandom } from "../../../support/seeded-random.js";

export interface ReferenceScenarios {
  readonly tickers: string[];
  readonly scenarios: Matrix;
  readonly mu: Float64Array;
  readonly muCommonWindow: Float64Array;
}

let cached: ReferenceScenarios | undefined;

export function referenceScenarios(): ReferenceScenarios {
  if (cached !== undefined) return cached;
  const lines = readFileSync(referencePath("data", "stock_prices.csv"), "utf8").trim().split(/\r?\n/);
  const tickers = lines[0].split(",").slice(1);
  const complete: number[][] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(",").slice(1);
    if (cells.length === tickers.length && cells.every((c) => c !== "")) complete.push(cells.map(Number));
  }
  const n = tickers.length;
  const T = complete.length - 1;
  const data = new Float64Array(T * n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) data[t * n + i] = complete[t + 1][i] / complete[t][i] - 1;
  const full = referenceJson<{ tickers: string[]; mu: Record<string, number> }>("expected", "optimizers_full_history.json");
  const common = referenceJson<{ mu: Record<string, number> }>("expected", "optimizers_common_window.json");
  cached = {
    tickers,
    scenarios: { rows: T, cols: n, data },
    mu: Float64Array.from(tickers, (t) => full.mu[t]),
    muCommonWindow: Float64Array.from(tickers, (t) => common.mu[t]),
  };
  return cached;
}

/** `T × n` seeded daily returns: a market factor, a drift rising with the asset index, and noise; μ annualised. */
export function randomScenarios(seed: number, T: number, n: number): { scenarios: Matrix; mu: Float64Array } {
  const rand = seededRandom(seed);
  const data = new Float64Array(T * n);
  for (let t = 0; t < T; t++) {
    const market = (rand() - 0.5) * 0.02;
    for (let i = 0; i < n; i++) data[t * n + i] = 0.0003 * (i + 1) + market * (0.5 + i / n) + (rand() - 0.5) * 0.03;
  }
  const mu = new Float64Array(n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) mu[i] += (252 * data[t * n + i]) / T;
  return { scenarios: { rows: T, cols: n, data }, mu };
}
