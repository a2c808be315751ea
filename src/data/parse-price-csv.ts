/**
 * CSV text → a validated price panel. Two layouts are recognised from the header:
 * - long: the header has `date`, `ticker` and `close` (or `adjclose` / `Adj Close`, preferred when
 *   present) in any case and order; other columns are ignored;
 * - wide: anything else; the first column is the date (any header, even blank), then one column
 *   per ticker.
 * Either way the whole text is checked before anything is returned: a malformed file throws a
 * `MalformedPriceFileError` naming the source, the 1-based line and column, and the value.
 */
import { parse } from "csv-parse/sync";
import { pricePanel, type DuplicateDatePolicy, type PricePanel, type PricePanelReport } from "../core/returns/index.js";
import { MalformedPriceFileError } from "./errors.js";
import { longLayout, readLongPrices } from "./long-price-table.js";
import type { CsvRow } from "./price-cells.js";
import { readWidePrices } from "./wide-price-table.js";

export interface ParsePriceCsvOptions {
  /** Name used in error messages and the report (a file path, "upload.csv"…). */
  readonly source: string;
  /** A date given twice (long: a date and ticker given twice): `"error"` (default) or `"keepLast"`. */
  readonly duplicates?: DuplicateDatePolicy;
}

export interface PriceFileReport extends PricePanelReport {
  readonly source: string;
  readonly format: "wide" | "long";
  /** The header of the column the prices came from (long layout only). */
  readonly priceColumn?: string;
  /** Price rows read from the file (after the header). */
  readonly rowsRead: number;
  /** The input was gzip-compressed (set by `readPriceFile`). */
  readonly compressed: boolean;
}

/** A price panel with the report of how it was read. `sorted` is about wide files' row order only. */
export interface PriceFile extends PricePanel {
  readonly report: PriceFileReport;
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

function csvRows(text: string, source: string): CsvRow[] {
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true, // column counts are checked below, with our own messages
      skip_empty_lines: true,
      trim: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const e = error as { code?: string; message?: string; lines?: number; column?: number };
    const line = typeof e.lines === "number" ? e.lines : undefined;
    const column = typeof e.column === "number" ? e.column + 1 : undefined;
    throw new MalformedPriceFileError({ file: source, line, column }, `CSV syntax error: ${e.message ?? String(error)}`, {
      cause: error,
    });
  }
  // csv-parse reports the line a record ends on; a quoted field may span lines, so step back over
  // the line breaks inside the fields to get the line the record starts on.
  return records.map(({ record, info }) => {
    let breaks = 0;
    for (const field of record) for (const ch of field) if (ch === "\n") breaks++;
    return { fields: record, line: info.lines - breaks };
  });
}

/**
 * Parses price CSV text (wide or long layout, see the file header) into a validated, date-sorted
 * price panel, through `pricePanel`. Dates are `YYYY-MM-DD`, optionally followed by a time, which is
 * dropped; missing prices are blank, `NaN`, `NA`, `N/A`, `#N/A` or `null`; prices must be plain
 * decimal numbers > 0.
 *
 * @param text - the CSV content (UTF-8 decoded; a byte-order mark is ignored).
 * @param options - `source` (for messages), `duplicates` (`"error"` by default).
 * @returns the panel (dates × tickers) with a report: layout, rows read, sorting, duplicates, missing prices.
 * @throws MalformedPriceFileError (code `MALFORMED_PRICE_FILE`) for an empty file, a bad header, a
 *   bad date, a non-numeric or non-positive price, a wrong field count or a duplicate date.
 * @example parsePriceCsv("date,A\n2024-01-02,10\n2024-01-03,11\n", { source: "inline.csv" }).tickers // ["A"]
 */
export function parsePriceCsv(text: string, options: ParsePriceCsvOptions): PriceFile {
  const { source } = options;
  const duplicates = options.duplicates ?? "error";
  const rows = csvRows(text, source);
  if (rows.length === 0) {
    throw new MalformedPriceFileError({ file: source, line: 1, column: 1 }, "the file is empty (no header row)");
  }
  const [header, ...body] = rows;
  const layout = longLayout(header, source);
  const long = layout === undefined ? undefined : readLongPrices(header, body, layout, source, duplicates);
  const input = long === undefined ? readWidePrices(header, body, source, duplicates) : long.input;
  // Everything pricePanel checks has been checked cell by cell above (with line numbers), so it
  // only sorts and, under "keepLast", drops the earlier duplicates (a long file has none left).
  const { panel, report } = pricePanel(input, { duplicates });
  return Object.freeze({
    ...panel,
    report: Object.freeze({
      ...report,
      ...(long === undefined ? {} : { duplicatesDropped: long.duplicatesDropped, rowsDropped: long.rowsDropped }),
      source,
      format: layout === undefined ? "wide" : "long",
      ...(layout === undefined ? {} : { priceColumn: header.fields[layout.price] }),
      rowsRead: body.length,
      compressed: false,
    }),
  });
}
