/**
 * Price histories for job tests: seeded random walks (daily returns 0.03 % ± 1.5 %), as price rows
 * for the store and as an in-memory panel, so a test can hand the same prices to a job and to a
 * direct computation.
 */
import type { PricePanel } from "../../src/core/returns/index.js";
import type { PriceRow } from "../../src/store/index.js";
import { seededRandom } from "../support/seeded-random.js";

export interface SyntheticPrices {
  readonly panel: PricePanel;
  readonly rows: PriceRow[];
}

export function syntheticPrices(nAssets: number, nDates: number, seed = 11): SyntheticPrices {
  const random = seededRandom(seed);
  const tickers = Array.from({ length: nAssets }, (_, i) => `T${String(i).padStart(4, "0")}`);
  const dates = Array.from({ length: nDates }, (_, k) => new Date(Date.UTC(2021, 0, 4) + k * 86_400_000).toISOString().slice(0, 10));
  const data = new Float64Array(nAssets * nDates);
  const rows: PriceRow[] = [];
  for (let i = 0; i < nAssets; i++) {
    const drift = 0.0001 + 0.0004 * random();
    const vol = 0.01 + 0.01 * random();
    let price = 50 + 100 * random();
    for (let k = 0; k < nDates; k++) {
      if (k > 0) price *= 1 + drift + vol * (2 * random() - 1) * Math.sqrt(3);
      data[k * nAssets + i] = price;
      rows.push({ ticker: tickers[i], date: dates[k], close: price, adjustedClose: price, volume: null });
    }
  }
  return { panel: { dates, tickers, prices: { rows: nDates, cols: nAssets, data } }, rows };
}
