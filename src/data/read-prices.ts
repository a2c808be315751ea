/**
 * Price files from disk: CSV, plain or gzip-compressed (recognised by its magic bytes 1f 8b, not by
 * the file name, so `prices.csv.gz` renamed `prices.csv` still reads).
 */
import type { DuplicateDatePolicy } from "../core/returns/index.js";
import { parsePriceCsv, type PriceFile } from "./parse-price-csv.js";
import { readPriceText } from "./read-price-text.js";

export interface ReadPriceFileOptions {
  /** A date given twice: `"error"` (default) or `"keepLast"`. */
  readonly duplicates?: DuplicateDatePolicy;
}

/**
 * Reads a wide or long price CSV (see `parsePriceCsv`), gzipped or not, into a validated panel.
 *
 * @param path - the file; error messages name it as given.
 * @returns the panel (dates ascending × tickers, `NaN` missing) and its `report`.
 * @throws FileNotFoundError (`FILE_NOT_FOUND`), FileUnreadableError (`FILE_UNREADABLE`),
 *   MalformedPriceFileError (`MALFORMED_PRICE_FILE`, with line and column for content errors).
 * @example const prices = await readPriceFile("data/stock_prices.csv"); prices.dates.length // 7126
 */
export async function readPriceFile(path: string, options: ReadPriceFileOptions = {}): Promise<PriceFile> {
  const { text, compressed } = await readPriceText(path);
  const parsed = parsePriceCsv(text, { source: path, duplicates: options.duplicates });
  return Object.freeze({ ...parsed, report: Object.freeze({ ...parsed.report, compressed }) });
}
