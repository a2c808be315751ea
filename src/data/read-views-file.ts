/**
 * Black-Litterman views as a CSV with the header `long,short,return` and an optional `confidence`
 * column, one view per row:
 *
 *     long,short,return,confidence
 *     AAPL,,0.10,0.6         absolute: AAPL returns 10% a year
 *     GOOG FB,XOM,0.02,0.3   relative: an equal-weight GOOG + FB basket beats XOM by 2% a year
 *
 * A cell lists tickers separated by spaces or `+`. An empty `short` makes the view absolute (then
 * `long` names one ticker). `return` is an annual decimal; `confidence` (Idzorek, in [0, 1]) is given
 * for every row or the column is left out. Errors name the file, line and column.
 */
import { MalformedFileError } from "./errors.js";
import { numberCell, readTable, type TableRow } from "./read-ticker-table.js";
import { checkKnownTicker, type TickerFileOptions } from "./read-ticker-values.js";

export type FileView = (
  | { readonly ticker: string }
  | { readonly long: readonly string[]; readonly short: readonly string[] }
) & {
  readonly return: number;
  readonly confidence?: number;
  /** "views.csv line 3": where the view came from, for later error messages. */
  readonly label: string;
};

function tickersCell(path: string, row: TableRow, column: number, options: TickerFileOptions): string[] {
  const tickers = row.cells[column].split(/[\s+]+/).filter((t) => t !== "");
  const seen = new Set<string>();
  for (const ticker of tickers) {
    checkKnownTicker(path, row, column, ticker, options);
    if (seen.has(ticker)) throw new MalformedFileError({ file: path, line: row.line, column: column + 1 }, `ticker '${ticker}' is listed twice`);
    seen.add(ticker);
  }
  return tickers;
}

/** Reads a views file (see the file header for the format). */
export async function readViewsFile(path: string, options: TickerFileOptions = {}): Promise<FileView[]> {
  return (await readTable(path, ["long", "short", "return"], ["confidence"])).map((row) => {
    const long = tickersCell(path, row, 0, options);
    const short = tickersCell(path, row, 1, options);
    const value = numberCell(path, row, 2, "return");
    let confidence: number | undefined;
    if (row.cells.length > 3) {
      confidence = numberCell(path, row, 3, "confidence");
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new MalformedFileError({ file: path, line: row.line, column: 4, columnName: "confidence" }, `confidence ${confidence} is outside [0, 1]`);
      }
    }
    const label = `${path} line ${row.line}`;
    const extra = { return: value, label, ...(confidence === undefined ? {} : { confidence }) };
    if (short.length > 0) {
      const both = long.find((t) => short.includes(t));
      if (both !== undefined) throw new MalformedFileError({ file: path, line: row.line, column: 2 }, `ticker '${both}' is on both sides of the view`);
      return { long, short, ...extra };
    }
    if (long.length !== 1) {
      throw new MalformedFileError(
        { file: path, line: row.line, column: 1, columnName: "long" },
        `an absolute view (empty short) names one ticker, not ${long.length}; for a basket against others fill short`,
      );
    }
    return { ticker: long[0], ...extra };
  });
}
