/**
 * Reading prices back as an aligned panel. One query returns one row per ticker: its dates and its
 * prices, aggregated in the database. At a million prices, handing rows to JavaScript one by one (a
 * JS array or object per row, through Kysely or even raw) costs several times the query itself; a
 * few hundred long values split in JavaScript cost little (bench/store.ts). Prices stay exact:
 * PostgreSQL sends the doubles' bytes; SQLite (3.53, bundled with better-sqlite3 12) prints each
 * REAL as text that reads back to the same double. test/store checks both engines against a
 * row-by-row read and against the reference file's own panel.
 */
import type { PricePanel } from "../core/returns/index.js";
import { withSqliteConnection, type Store } from "./database.js";
import { StoreError } from "./errors.js";
import type { PriceField } from "./price-repository.js";
import { isIsoDate } from "./price-rows.js";

export interface PanelQuery {
  readonly tickers: readonly string[];
  readonly start?: string;
  readonly end?: string;
  readonly field?: PriceField;
}

/** One ticker: its dates comma-joined, and its prices as text (SQLite) or IEEE-754 big-endian bytes (PostgreSQL). */
type TickerRow = [ticker: string, dates: string, prices: string | Buffer];

function checkQuery(query: PanelQuery): void {
  if (!Array.isArray(query.tickers) || query.tickers.length === 0) {
    throw new StoreError("INVALID_QUERY", "a price panel needs at least one ticker", {});
  }
  const seen = new Set<string>();
  for (const ticker of query.tickers) {
    if (seen.has(ticker)) throw new StoreError("INVALID_QUERY", `ticker ${ticker} is asked for twice`, { ticker });
    seen.add(ticker);
  }
  for (const [name, value] of [["start", query.start], ["end", query.end]] as const) {
    if (value !== undefined && !isIsoDate(value)) {
      throw new StoreError("INVALID_QUERY", `${name} ${JSON.stringify(value)} is not a valid YYYY-MM-DD date`, { [name]: value });
    }
  }
}

/** The query text and its parameters: PostgreSQL takes the tickers as one array, SQLite one `?` each. */
function sqlText(query: PanelQuery, dialect: Store["dialect"]): { text: string; values: unknown[] } {
  // Adjusted closes are what returns should be computed from; where a source gives none (an index,
  // a fund without distributions) the close is the adjusted close.
  const price = query.field === "close" ? "close" : "coalesce(adjusted_close, close)";
  const values: unknown[] = [];
  const param = (value: unknown): string => {
    values.push(value);
    return dialect === "postgres" ? `$${values.length}` : "?";
  };
  let where =
    dialect === "postgres"
      ? `ticker = any(${param([...query.tickers])}::text[])`
      : `ticker in (${query.tickers.map((t) => param(t)).join(", ")})`;
  if (query.start !== undefined) where += ` and date >= ${param(query.start)}`;
  if (query.end !== undefined) where += ` and date <= ${param(query.end)}`;
  // Both aggregates of a group see its rows in the same order, so dates and prices pair up; that
  // order is usually the key's, and is checked (and repaired) when the text is split, so the
  // aggregates need no ORDER BY, which made SQLite three times slower. PostgreSQL sends each price
  // as its 8 IEEE-754 bytes (float8send): no decimal formatting on the server nor parsing here.
  const aggregates =
    dialect === "postgres"
      ? `string_agg(date, ','), string_agg(float8send(${price}), ''::bytea)`
      : `group_concat(date, ','), group_concat(${price}, ',')`;
  return { text: `select ticker, ${aggregates} from prices where ${where} group by ticker`, values };
}

async function fetchTickerRows(store: Store, query: PanelQuery): Promise<TickerRow[]> {
  const { text, values } = sqlText(query, store.dialect);
  if (store.dialect === "postgres") {
    return (await store.pool.query<TickerRow>({ text, values, rowMode: "array" })).rows;
  }
  return withSqliteConnection(store, (native) => native.prepare(text).raw(true).all(...values) as TickerRow[]);
}

/** One ticker's dates and prices, dates ascending (sorted here if the database did not keep order). */
function splitSeries(datesText: string, pricesData: string | Buffer, splitDates: (text: string) => readonly string[]): Series {
  const dates = splitDates(datesText);
  let prices: number[];
  if (typeof pricesData === "string") {
    // JSON.parse reads a long list of numbers far faster than split + Number, and as exactly.
    prices = JSON.parse(`[${pricesData}]`) as number[];
  } else {
    const view = new DataView(pricesData.buffer, pricesData.byteOffset, pricesData.byteLength);
    prices = Array.from({ length: pricesData.byteLength / 8 }, (_, k) => view.getFloat64(8 * k, false));
  }
  for (let i = 1; i < dates.length; i++) {
    if (dates[i] <= dates[i - 1]) {
      const order = dates.map((_, k) => k).sort((a, b) => (dates[a] < dates[b] ? -1 : 1));
      return { dates: order.map((k) => dates[k]), prices: order.map((k) => prices[k]) };
    }
  }
  return { dates, prices };
}

interface Series {
  readonly dates: readonly string[];
  readonly prices: readonly number[];
}

/**
 * Dates ascending (every date on which at least one of `tickers` has a price in [start, end]) ×
 * `tickers` in the order given, `NaN` where a ticker has no price that day.
 */
export async function queryPanel(store: Store, query: PanelQuery): Promise<PricePanel> {
  checkQuery(query);
  // Tickers on one calendar share the same date text: split it once.
  const splitCache = new Map<string, readonly string[]>();
  const splitDates = (text: string): readonly string[] => {
    let dates = splitCache.get(text);
    if (dates === undefined) splitCache.set(text, (dates = text.split(",")));
    return dates;
  };
  const column = new Map(query.tickers.map((t, j) => [t, j]));
  const series = (await fetchTickerRows(store, query)).map(([ticker, dates, prices]) => ({
    column: column.get(ticker) as number,
    ...splitSeries(dates, prices, splitDates),
  }));
  const dateSet = new Set<string>();
  const seen = new Set<readonly string[]>();
  for (const s of series) {
    if (seen.has(s.dates)) continue;
    seen.add(s.dates);
    for (const date of s.dates) dateSet.add(date);
  }
  const dates = [...dateSet].sort();
  const rowOf = new Map(dates.map((d, i) => [d, i]));
  const rowsOf = new Map<readonly string[], Int32Array>();
  const cols = query.tickers.length;
  const data = new Float64Array(dates.length * cols).fill(NaN);
  for (const s of series) {
    let rows = rowsOf.get(s.dates);
    if (rows === undefined) rowsOf.set(s.dates, (rows = Int32Array.from(s.dates, (d) => rowOf.get(d) as number)));
    for (let k = 0; k < rows.length; k++) data[rows[k] * cols + s.column] = s.prices[k];
  }
  return Object.freeze({
    dates: Object.freeze(dates),
    tickers: Object.freeze([...query.tickers]),
    prices: Object.freeze({ rows: dates.length, cols, data }),
  });
}
