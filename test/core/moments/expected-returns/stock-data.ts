/**
 * Test fixture: the reference stock prices and their returns, full history and common window (the
 * rows where all 20 prices exist), read once per test file.
 */
import { pricePanel, simpleReturns, type PricePanel, type ReturnsPanel } from "../../../../src/core/returns/index.js";
import { readPriceFile } from "../../../../src/data/index.js";
import { referencePath } from "../../../support/reference.js";

export interface StockData {
  readonly prices: PricePanel;
  readonly fullHistory: ReturnsPanel;
  readonly commonWindow: ReturnsPanel;
}

export async function loadStockData(): Promise<StockData> {
  const prices = await readPriceFile(referencePath("data", "stock_prices.csv"));
  const { rows, cols, data } = prices.prices;
  const complete: number[] = [];
  for (let i = 0; i < rows; i++) {
    let all = true;
    for (let j = 0; j < cols; j++) if (Number.isNaN(data[i * cols + j])) all = false;
    if (all) complete.push(i);
  }
  const { panel: window } = pricePanel({
    dates: complete.map((i) => prices.dates[i]),
    tickers: prices.tickers,
    prices: complete.map((i) => Array.from(data.subarray(i * cols, (i + 1) * cols))),
  });
  return { prices, fullHistory: simpleReturns(prices), commonWindow: simpleReturns(window) };
}

/** A reference object keyed by ticker, as an array in `tickers` order. */
export function byTicker(values: Record<string, number>, tickers: readonly string[]): number[] {
  return tickers.map((t) => {
    if (!(t in values)) throw new Error(`no reference value for ${t}`);
    return values[t];
  });
}
