/**
 * Real prices for backtest jobs: ten stocks of the bundled S&P 500 sample (samples/, skfolio's data
 * set) and the S&P 500 index as a benchmark, 2016–2019, as store rows and as in-memory panels.
 */
import { readPriceFile } from "../../src/data/index.js";
import { priceRowsOfPanel } from "../../src/data/import-prices.js";
import { selectTickers, sliceDates, type PricePanel } from "../../src/core/returns/index.js";
import type { PriceRow } from "../../src/store/index.js";
import { projectPath } from "../support/reference.js";

export const SAMPLE_TICKERS = ["AAPL", "AMD", "BAC", "CVX", "JNJ", "JPM", "KO", "MSFT", "PG", "XOM"] as const;
export const SAMPLE_INDEX = "SP500";

export interface SamplePrices {
  readonly stocks: PricePanel;
  readonly index: PricePanel;
  readonly rows: PriceRow[];
}

export async function samplePrices(start = "2016-01-01", end = "2019-12-31"): Promise<SamplePrices> {
  const stocks = sliceDates(selectTickers(await readPriceFile(projectPath("samples/sp500_dataset.csv.gz")), SAMPLE_TICKERS), start, end);
  const index = sliceDates(await readPriceFile(projectPath("samples/sp500_index.csv.gz")), start, end);
  return { stocks, index, rows: [...priceRowsOfPanel(stocks), ...priceRowsOfPanel(index)] };
}
