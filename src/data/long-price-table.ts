/**
 * The long (tidy) layout: one row per (date, ticker) with a `close` or an adjusted close, in any row
 * order, as databases and data vendors export it. Pivoted here into the wide panel form.
 */
import type { DuplicateDatePolicy, PricePanelInput } from "../core/returns/index.js";
import { MalformedPriceFileError } from "./errors.js";
import { parseDateCell, parsePriceCell, type CsvRow } from "./price-cells.js";

/** Header names compared without case, spaces or underscores: `Adj Close` = `adj_close` = `adjclose`. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, "");
}

export interface LongLayout {
  readonly date: number;
  readonly ticker: number;
  /** The price column: an adjusted close when there is one (returns need adjusted prices), else `close`. */
  readonly price: number;
}

/** The long layout's columns, or `undefined` when the header is not a long one. */
export function longLayout(header: CsvRow, file: string): LongLayout | undefined {
  const names = header.fields.map(normalise);
  const find = (...wanted: string[]): number | undefined => {
    const hits = names.flatMap((n, i) => (wanted.includes(n) ? [i] : []));
    if (hits.length > 1) {
      throw new MalformedPriceFileError(
        { file, line: header.line, column: hits[1] + 1, columnName: header.fields[hits[1]] },
        `duplicate column (first at column ${hits[0] + 1})`,
      );
    }
    return hits[0];
  };
  const date = find("date");
  const ticker = find("ticker");
  if (date === undefined || ticker === undefined) return undefined;
  const price = find("adjclose", "adjustedclose") ?? find("close");
  if (price === undefined) {
    throw new MalformedPriceFileError(
      { file, line: header.line, column: header.fields.length + 1 },
      "a long price file (date, ticker, …) needs a close or adjclose column",
    );
  }
  return { date, ticker, price };
}

export interface LongPrices {
  readonly input: PricePanelInput;
  /** Dates with a (date, ticker) row given more than once, under "keepLast" (once per date). */
  readonly duplicatesDropped: readonly string[];
  /** Rows overwritten by a later row for the same date and ticker. */
  readonly rowsDropped: number;
}

/** Prices pivoted to dates (ascending) × tickers (in order of first appearance). */
export function readLongPrices(
  header: CsvRow,
  body: readonly CsvRow[],
  layout: LongLayout,
  file: string,
  duplicates: DuplicateDatePolicy,
): LongPrices {
  if (body.length === 0) {
    throw new MalformedPriceFileError({ file, line: header.line + 1, column: 1 }, "no price rows after the header");
  }
  const width = header.fields.length;
  const names = header.fields;
  const tickerIndex = new Map<string, number>();
  const cells = new Map<string, { price: number; line: number }>();
  const dateSet = new Set<string>();
  const duplicateDates = new Set<string>();
  let rowsDropped = 0;
  for (const { fields, line } of body) {
    if (fields.length !== width) {
      const column = fields.length > width ? width + 1 : fields.length + 1;
      throw new MalformedPriceFileError({ file, line, column }, `${fields.length} fields where the header has ${width}`);
    }
    const date = parseDateCell(fields[layout.date], { file, line, column: layout.date + 1, columnName: names[layout.date] });
    const ticker = fields[layout.ticker];
    if (ticker === "") {
      throw new MalformedPriceFileError({ file, line, column: layout.ticker + 1, columnName: names[layout.ticker] }, "empty ticker");
    }
    const price = parsePriceCell(fields[layout.price], {
      file,
      line,
      column: layout.price + 1,
      columnName: `${names[layout.price]} of ${ticker}`,
    });
    const key = `${date}\u0000${ticker}`;
    const seen = cells.get(key);
    if (seen !== undefined && duplicates === "error") {
      throw new MalformedPriceFileError(
        { file, line, column: layout.date + 1, columnName: names[layout.date] },
        `duplicate row for ${ticker} on ${date} (first on line ${seen.line})`,
      );
    }
    // Under "keepLast" the later row overwrites the earlier one.
    if (seen !== undefined) {
      duplicateDates.add(date);
      rowsDropped++;
    }
    cells.set(key, { price, line });
    dateSet.add(date);
    if (!tickerIndex.has(ticker)) tickerIndex.set(ticker, tickerIndex.size);
  }
  // Row order means nothing in a long file, so sorting the dates here is part of pivoting, not a repair.
  const dates = [...dateSet].sort();
  const tickers = [...tickerIndex.keys()];
  const rowOf = new Map(dates.map((d, i) => [d, i] as const));
  const data = new Float64Array(dates.length * tickers.length).fill(NaN);
  for (const [key, { price }] of cells) {
    const [date, ticker] = key.split("\u0000");
    data[(rowOf.get(date) as number) * tickers.length + (tickerIndex.get(ticker) as number)] = price;
  }
  return {
    input: { dates, tickers, prices: { rows: dates.length, cols: tickers.length, data } },
    duplicatesDropped: [...duplicateDates].sort(),
    rowsDropped,
  };
}
