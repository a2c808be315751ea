/**
 * The wide layout: a header `date,AAPL,MSFT,…` (the first column is the date whatever its name),
 * then one row per date with one price per ticker, blank (or NaN/NA) where missing.
 */
import type { DuplicateDatePolicy, PricePanelInput } from "../core/returns/index.js";
import { MalformedPriceFileError } from "./errors.js";
import { parseDateCell, parsePriceCell, type CsvRow } from "./price-cells.js";

/** Prices in row order (not yet sorted), ready for `pricePanel`. */
export function readWidePrices(
  header: CsvRow,
  body: readonly CsvRow[],
  file: string,
  duplicates: DuplicateDatePolicy,
): PricePanelInput {
  const names = header.fields;
  const dateName = names[0] === "" ? "date" : names[0];
  if (names.length < 2) {
    throw new MalformedPriceFileError({ file, line: header.line, column: 2 }, "no ticker columns after the date column");
  }
  const tickers = names.slice(1);
  const firstColumn = new Map<string, number>();
  tickers.forEach((ticker, k) => {
    const column = k + 2;
    if (ticker === "") throw new MalformedPriceFileError({ file, line: header.line, column }, "empty ticker name in the header");
    const first = firstColumn.get(ticker);
    if (first !== undefined) {
      throw new MalformedPriceFileError(
        { file, line: header.line, column, columnName: ticker },
        `duplicate ticker column (first at column ${first})`,
      );
    }
    firstColumn.set(ticker, column);
  });
  if (body.length === 0) {
    throw new MalformedPriceFileError({ file, line: header.line + 1, column: 1 }, "no price rows after the header");
  }

  const width = names.length;
  const dates: string[] = [];
  const prices = new Float64Array(body.length * tickers.length);
  const lineOfDate = new Map<string, number>();
  body.forEach((row, i) => {
    const { fields, line } = row;
    if (fields.length !== width) {
      // Point at the first surplus field, or at the first missing one.
      const column = fields.length > width ? width + 1 : fields.length + 1;
      throw new MalformedPriceFileError(
        { file, line, column },
        `${fields.length} fields where the header has ${width}`,
      );
    }
    const date = parseDateCell(fields[0], { file, line, column: 1, columnName: dateName });
    const seen = lineOfDate.get(date);
    if (seen !== undefined && duplicates === "error") {
      throw new MalformedPriceFileError(
        { file, line, column: 1, columnName: dateName },
        `duplicate date ${date} (first on line ${seen})`,
      );
    }
    lineOfDate.set(date, line);
    dates.push(date);
    for (let k = 0; k < tickers.length; k++) {
      prices[i * tickers.length + k] = parsePriceCell(fields[k + 1], { file, line, column: k + 2, columnName: tickers[k] });
    }
  });
  return { dates, tickers, prices: { rows: dates.length, cols: tickers.length, data: prices } };
}
