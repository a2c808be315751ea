/**
 * Test fixture: the two equal-weight equity curves of the reference backtest, rebuilt from
 * stock_prices.csv over the common window (rows where all 20 tickers have a price), as
 * `expected/backtest.json` describes them. The reference stores only ~40 sampled points, so the tests
 * rebuild the whole curves here and check them against those points before using them.
 */
import { readPriceFile } from "../../../../src/data/index.js";
import { referencePath } from "../../../support/reference.js";

export interface EqualWeightCurves {
  readonly dates: string[];
  /** value_t = Σ (1/n) P_i,t / P_i,0. */
  readonly buyAndHold: Float64Array;
  /** Equal holdings at the first close, drifting, reset to equal weights at rows 21, 42, … (not the last row). */
  readonly rebalanced: Float64Array;
  /** Rows (after the start) where the rebalanced curve was reset. */
  readonly rebalanceRows: number[];
}

export const REBALANCE_EVERY = 21;

export async function equalWeightCurves(): Promise<EqualWeightCurves> {
  const file = await readPriceFile(referencePath("data", "stock_prices.csv"));
  const { rows, cols, data } = file.prices;
  const complete: number[] = [];
  for (let i = 0; i < rows; i++) {
    let all = true;
    for (let j = 0; j < cols; j++) if (Number.isNaN(data[i * cols + j])) all = false;
    if (all) complete.push(i);
  }
  const price = (t: number, j: number): number => data[complete[t] * cols + j];
  const T = complete.length;
  const buyAndHold = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let v = 0;
    for (let j = 0; j < cols; j++) v += price(t, j) / price(0, j) / cols;
    buyAndHold[t] = v;
  }
  const rebalanced = new Float64Array(T);
  const rebalanceRows: number[] = [];
  let shares = Array.from({ length: cols }, (_, j) => 1 / cols / price(0, j));
  rebalanced[0] = 1;
  for (let t = 1; t < T; t++) {
    let v = 0;
    for (let j = 0; j < cols; j++) v += shares[j] * price(t, j);
    rebalanced[t] = v;
    if (t % REBALANCE_EVERY === 0 && t < T - 1) {
      shares = Array.from({ length: cols }, (_, j) => v / cols / price(t, j));
      rebalanceRows.push(t);
    }
  }
  return { dates: complete.map((i) => file.dates[i]), buyAndHold, rebalanced, rebalanceRows };
}
