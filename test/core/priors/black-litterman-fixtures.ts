/**
 * Shared inputs of the Black-Litterman reference tests: stock_prices.csv's full-history returns,
 * PyPortfolioOpt's `sample_cov` (pairwise-complete, ddof 1, ×252), SPY's prices, and helpers that
 * turn the facts' ticker-keyed inputs into index-based views.
 */
import { readPriceFile } from "../../../src/data/index.js";
import type { SymmetricMatrix } from "../../../src/core/linalg/matrix.js";
import { sampleCovariance } from "../../../src/core/moments/index.js";
import type { InvestorView } from "../../../src/core/priors/index.js";
import { referencePath } from "../../support/reference.js";
import { loadStockData, type StockData } from "../moments/expected-returns/stock-data.js";

export interface BlackLittermanData {
  readonly stock: StockData;
  readonly tickers: readonly string[];
  /** PyPortfolioOpt's `sample_cov(prices)`. */
  readonly sampleCov: SymmetricMatrix;
  readonly spyPrices: Float64Array;
}

let cached: Promise<BlackLittermanData> | undefined;

export function loadBlackLittermanData(): Promise<BlackLittermanData> {
  cached ??= (async () => {
    const stock = await loadStockData();
    const sample = sampleCovariance(stock.fullHistory.returns, { periodsPerYear: 252, missing: "pairwise" });
    if (sample.repaired !== null) throw new Error("the reference sample covariance should need no repair");
    const spy = await readPriceFile(referencePath("data", "spy_prices.csv"));
    return { stock, tickers: stock.prices.tickers, sampleCov: sample.covariance, spyPrices: Float64Array.from(spy.prices.data) };
  })();
  return cached;
}

/** Absolute views keyed by ticker, in the object's key order (the order PyPortfolioOpt builds P in). */
export function absoluteViews(views: Record<string, number>, tickers: readonly string[]): InvestorView[] {
  return Object.entries(views).map(([ticker, value]) => {
    const asset = tickers.indexOf(ticker);
    if (asset < 0) throw new Error(`fact names unknown ticker ${ticker}`);
    return { asset, return: value };
  });
}

/** Market caps keyed by ticker, as an array in `tickers` order. */
export function capsInOrder(caps: Record<string, number>, tickers: readonly string[]): number[] {
  return tickers.map((t) => {
    if (!(t in caps)) throw new Error(`no market cap for ${t}`);
    return caps[t];
  });
}
