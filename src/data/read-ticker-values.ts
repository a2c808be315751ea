/**
 * Side files of one number per ticker for allocation and Black-Litterman: risk budgets
 * (`ticker,budget`), holdings (`ticker,shares`), lot sizes (`ticker,lot`) and market caps
 * (`ticker,market_cap`). Like the other side files, a CSV with a header; a bad row is an error naming
 * the file, line and column. Given the price file's tickers, a ticker it lacks is refused at its line.
 */
import { MalformedFileError } from "./errors.js";
import { numberCell, readTable, rejectRepeat, type TableRow } from "./read-ticker-table.js";

export interface TickerFileOptions {
  /** The tickers of the price data: a row naming another ticker is an error at its line. */
  readonly tickers?: readonly string[];
}

/** Refuses a ticker the price data lacks, at its place in the file. */
export function checkKnownTicker(path: string, row: TableRow, column: number, ticker: string, options: TickerFileOptions): void {
  if (options.tickers !== undefined && !options.tickers.includes(ticker)) {
    throw new MalformedFileError({ file: path, line: row.line, column: column + 1 }, `unknown ticker '${ticker}': it is not in the price data`);
  }
}

type Sign = "positive" | "nonNegative";

async function readTickerValues(path: string, column: string, sign: Sign, options: TickerFileOptions): Promise<Record<string, number>> {
  const values: Record<string, number> = {};
  const seen = new Set<string>();
  for (const row of await readTable(path, ["ticker", column])) {
    rejectRepeat(path, row, seen);
    const ticker = row.cells[0];
    checkKnownTicker(path, row, 0, ticker, options);
    const value = numberCell(path, row, 1, column);
    if (sign === "positive" ? !(value > 0) : value < 0) {
      throw new MalformedFileError(
        { file: path, line: row.line, column: 2, columnName: column },
        `${column} ${value} of ${ticker} must be ${sign === "positive" ? "greater than 0" : "0 or more"}`,
      );
    }
    values[ticker] = value;
  }
  return values;
}

/** `ticker,budget` rows → risk budgets by ticker (each > 0; the service checks they sum to 1). */
export function readBudgetsFile(path: string, options: TickerFileOptions = {}): Promise<Record<string, number>> {
  return readTickerValues(path, "budget", "positive", options);
}

/** `ticker,shares` rows → shares held by ticker (≥ 0; fractional shares allowed). */
export function readHoldingsFile(path: string, options: TickerFileOptions = {}): Promise<Record<string, number>> {
  return readTickerValues(path, "shares", "nonNegative", options);
}

/** `ticker,lot` rows → shares per tradable lot by ticker (> 0: 100 for a round lot, 0.01 for hundredths). */
export function readLotsFile(path: string, options: TickerFileOptions = {}): Promise<Record<string, number>> {
  return readTickerValues(path, "lot", "positive", options);
}

/** `ticker,market_cap` rows → market capitalisations by ticker (≥ 0, any currency unit). */
export function readMarketCapsFile(path: string, options: TickerFileOptions = {}): Promise<Record<string, number>> {
  return readTickerValues(path, "market_cap", "nonNegative", options);
}
