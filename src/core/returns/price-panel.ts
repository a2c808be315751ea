/**
 * A validated table of prices: one row per date (ascending, unique), one column per ticker, `NaN`
 * where a price is missing. Everything downstream (returns, estimators, the backtester) may rely on
 * these invariants instead of re-checking them.
 */
import { DuplicateDateError, InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../errors.js";
import type { Matrix } from "../linalg/matrix.js";
import { isIsoDate } from "./iso-date.js";

export interface PricePanel {
  /** ISO `YYYY-MM-DD`, strictly ascending. */
  readonly dates: readonly string[];
  /** Non-empty, unique names, in column order. */
  readonly tickers: readonly string[];
  /** `dates.length × tickers.length`, row-major; each value is a price > 0 or `NaN` (missing). */
  readonly prices: Matrix;
}

/** What to do with a date that appears more than once. */
export type DuplicateDatePolicy = "error" | "keepLast";

export interface PricePanelInput {
  readonly dates: readonly string[];
  readonly tickers: readonly string[];
  /** Rows = dates, columns = tickers. In nested rows, `null` is read as missing (JSON has no NaN). */
  readonly prices: Matrix | readonly (readonly (number | null)[])[];
}

export interface PricePanelOptions {
  /** `"error"` (default) throws `DuplicateDateError`; `"keepLast"` keeps the row given last. */
  readonly duplicates?: DuplicateDatePolicy;
}

export interface PricePanelReport {
  /** True when the input dates were not ascending and the rows were reordered. */
  readonly sorted: boolean;
  /** Each date that had more than one row (once per date), under `duplicates: "keepLast"`. */
  readonly duplicatesDropped: readonly string[];
  /** Rows removed as duplicates (a date given three times drops two rows). */
  readonly rowsDropped: number;
  /** Missing (`NaN`) prices in the resulting panel. */
  readonly missingPrices: number;
}

export interface PricePanelResult {
  readonly panel: PricePanel;
  readonly report: PricePanelReport;
}

function checkTickers(tickers: readonly string[]): void {
  if (tickers.length === 0) throw new InvalidInputError("a price panel needs at least one ticker");
  const seen = new Map<string, number>();
  tickers.forEach((ticker, column) => {
    if (typeof ticker !== "string" || ticker.length === 0) {
      throw new InvalidInputError(`ticker ${column} has an empty name`, { column });
    }
    const first = seen.get(ticker);
    if (first !== undefined) {
      throw new InvalidInputError(`ticker ${ticker} appears twice (columns ${first} and ${column})`, {
        ticker,
        columns: [first, column],
      });
    }
    seen.set(ticker, column);
  });
}

/** The prices as one row-major array, checking the shape against dates × tickers. */
function priceValues(input: PricePanelInput): Float64Array {
  const rows = input.dates.length;
  const cols = input.tickers.length;
  const p = input.prices;
  if ("data" in p && "rows" in p) {
    if (p.rows !== rows || p.cols !== cols || p.data.length !== rows * cols) {
      throw new ShapeMismatchError(
        `prices are ${p.rows}×${p.cols}; ${rows} dates × ${cols} tickers need ${rows}×${cols}`,
        { rows: p.rows, cols: p.cols, dates: rows, tickers: cols },
      );
    }
    return p.data;
  }
  const nested = p as readonly (readonly (number | null)[])[];
  if (nested.length !== rows) {
    throw new ShapeMismatchError(`${nested.length} price rows for ${rows} dates`, { rows: nested.length, dates: rows });
  }
  const out = new Float64Array(rows * cols);
  nested.forEach((row, i) => {
    if (row.length !== cols) {
      throw new ShapeMismatchError(`price row ${i} (${input.dates[i]}) has ${row.length} values for ${cols} tickers`, {
        row: i,
        date: input.dates[i],
        length: row.length,
      });
    }
    for (let j = 0; j < cols; j++) out[i * cols + j] = row[j] === null ? NaN : (row[j] as number);
  });
  return out;
}

function checkPrice(value: number, ticker: string, date: string): void {
  if (Number.isNaN(value)) return;
  if (!Number.isFinite(value)) {
    throw new NonFiniteValueError(`price of ${ticker} on ${date} is ${value}; use NaN for a missing price`, {
      ticker,
      date,
      value,
    });
  }
  if (value <= 0) {
    throw new InvalidInputError(`price of ${ticker} on ${date} is ${value}; prices must be > 0`, {
      ticker,
      date,
      value,
    });
  }
}

/**
 * Validates prices and puts them in panel form: tickers non-empty and unique, dates real ISO
 * `YYYY-MM-DD`, every price finite and > 0 or `NaN` (missing). Unsorted dates are sorted ascending
 * (a stable sort, so among equal dates the input order is kept) and the report says so; a repeated
 * date is an error unless `duplicates: "keepLast"`, which keeps the row given last and lists the date.
 * The input is copied, never modified.
 *
 * @param input - `dates` (n), `tickers` (m) and `prices` (n × m, rows = dates, `NaN`/`null` missing).
 * @returns `{ panel, report }`: the panel (frozen arrays) and `{ sorted, duplicatesDropped, rowsDropped, missingPrices }`.
 * @throws InvalidInputError for a bad ticker, date or a price ≤ 0 (naming ticker and date);
 *   NonFiniteValueError for ±Infinity; ShapeMismatchError; DuplicateDateError naming the date.
 * @example
 * const { panel } = pricePanel({ dates: ["2024-01-02", "2024-01-03"], tickers: ["A"], prices: [[10], [11]] });
 */
export function pricePanel(input: PricePanelInput, options: PricePanelOptions = {}): PricePanelResult {
  const duplicates = options.duplicates ?? "error";
  if (duplicates !== "error" && duplicates !== "keepLast") {
    throw new InvalidInputError(`unknown duplicates policy ${String(duplicates)}; use "error" or "keepLast"`);
  }
  const { dates, tickers } = input;
  checkTickers(tickers);
  dates.forEach((date, row) => {
    if (!isIsoDate(date)) {
      throw new InvalidInputError(`date ${JSON.stringify(date)} (row ${row}) is not a valid YYYY-MM-DD date`, {
        row,
        date,
      });
    }
  });
  const values = priceValues(input);
  const cols = tickers.length;
  for (let i = 0; i < dates.length; i++) {
    for (let j = 0; j < cols; j++) checkPrice(values[i * cols + j], tickers[j], dates[i]);
  }

  let order = dates.map((_, i) => i);
  let sorted = false;
  for (let i = 1; i < dates.length; i++) {
    if (dates[i] < dates[i - 1]) {
      sorted = true;
      break;
    }
  }
  // Array.prototype.sort is stable (ES2019), which is what gives "keepLast" its meaning after sorting.
  if (sorted) order = order.sort((a, b) => (dates[a] < dates[b] ? -1 : dates[a] > dates[b] ? 1 : 0));

  const kept: number[] = [];
  const duplicatesDropped: string[] = [];
  for (let k = 0; k < order.length; k++) {
    const date = dates[order[k]];
    if (k + 1 < order.length && dates[order[k + 1]] === date) {
      if (duplicates === "error") {
        const rows = order.filter((i) => dates[i] === date);
        throw new DuplicateDateError(`date ${date} appears ${rows.length} times (rows ${rows.join(", ")})`, {
          date,
          rows,
        });
      }
      if (duplicatesDropped[duplicatesDropped.length - 1] !== date) duplicatesDropped.push(date);
      continue;
    }
    kept.push(order[k]);
  }

  const data = new Float64Array(kept.length * cols);
  let missingPrices = 0;
  kept.forEach((source, i) => {
    data.set(values.subarray(source * cols, (source + 1) * cols), i * cols);
  });
  for (let k = 0; k < data.length; k++) if (Number.isNaN(data[k])) missingPrices++;

  const panel: PricePanel = Object.freeze({
    dates: Object.freeze(kept.map((i) => dates[i])),
    tickers: Object.freeze([...tickers]),
    prices: Object.freeze({ rows: kept.length, cols, data }),
  });
  const report: PricePanelReport = Object.freeze({
    sorted,
    duplicatesDropped: Object.freeze(duplicatesDropped),
    rowsDropped: dates.length - kept.length,
    missingPrices,
  });
  return Object.freeze({ panel, report });
}
