/**
 * Price files into the store: the whole file is read and checked first, then written in one atomic
 * upsert, so a bad row rejects the file (naming its line) and leaves the store as it was. Importing
 * the same file again inserts nothing and rewrites the same values (idempotent).
 */
import { pricePanel, type PricePanel, type PricePanelInput } from "../core/returns/index.js";
import { parsePriceCsv } from "./parse-price-csv.js";
import type { PriceRow, PriceStore } from "./price-store.js";
import { readRawCloses } from "./raw-closes.js";
import { readPriceText } from "./read-price-text.js";

export interface ImportPricesResult {
  /** The file or the caller's name for the data. */
  readonly source: string;
  /** Tickers with at least one row written, in the panel's order. */
  readonly tickers: readonly string[];
  /** Rows written (inserted + updated). */
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  /** First and last date written; `null` when nothing was (a panel of missing prices only). */
  readonly firstDate: string | null;
  readonly lastDate: string | null;
}

export interface ImportPricePanelOptions {
  /** Named in the result (a path, "upload.csv", "sample data"). */
  readonly source: string;
  /**
   * Unadjusted closes on the same dates × tickers as `panel`, when the source has them apart (a long
   * file with both `close` and `adjclose`). Without it, each price is stored as both close and
   * adjusted close: a file with one price column does not say which it is, and returns need it as
   * the adjusted one.
   */
  readonly closes?: PricePanel;
}

/**
 * The store rows of a panel: one per (date, ticker) with a finite price. `adjustedClose` is the
 * panel's price; `close` is the raw close from `closes` where it is finite, else the same price. A
 * date where only the raw close is known is stored with `adjustedClose: null`. Volume is not read
 * from files (null).
 */
export function priceRowsOfPanel(panel: PricePanel, closes?: PricePanel): PriceRow[] {
  const { dates, tickers, prices } = panel;
  const cols = tickers.length;
  const rawColumn = tickers.map((t) => (closes === undefined ? -1 : closes.tickers.indexOf(t)));
  const rawRow = new Map((closes?.dates ?? []).map((d, i) => [d, i] as const));
  const rows: PriceRow[] = [];
  for (let i = 0; i < dates.length; i++) {
    const r = rawRow.get(dates[i]);
    for (let j = 0; j < cols; j++) {
      const adjusted = prices.data[i * cols + j];
      const raw = closes !== undefined && r !== undefined && rawColumn[j] >= 0 ? closes.prices.data[r * closes.prices.cols + rawColumn[j]] : NaN;
      if (!Number.isFinite(adjusted) && !Number.isFinite(raw)) continue;
      rows.push({
        ticker: tickers[j],
        date: dates[i],
        close: Number.isFinite(raw) ? raw : adjusted,
        adjustedClose: Number.isFinite(adjusted) ? adjusted : null,
        volume: null,
      });
    }
  }
  return rows;
}

/**
 * Writes a validated price panel to the store in one atomic upsert (see `priceRowsOfPanel` for
 * which price goes where).
 *
 * @returns tickers written, rows, inserted/updated counts and the first and last date.
 * @example await importPricePanel(repo, panel, { source: "upload.csv" })
 */
export async function importPricePanel(
  store: PriceStore,
  panel: PricePanel,
  options: ImportPricePanelOptions,
): Promise<ImportPricesResult> {
  const rows = priceRowsOfPanel(panel, options.closes);
  const { inserted, updated } = rows.length === 0 ? { inserted: 0, updated: 0 } : await store.upsertPrices(rows);
  const written = new Set(rows.map((r) => r.ticker));
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for (const { date } of rows) {
    if (firstDate === null || date < firstDate) firstDate = date;
    if (lastDate === null || date > lastDate) lastDate = date;
  }
  return Object.freeze({
    source: options.source,
    tickers: Object.freeze(panel.tickers.filter((t) => written.has(t))),
    rows: rows.length,
    inserted,
    updated,
    firstDate,
    lastDate,
  });
}

/**
 * Imports a wide or long price CSV (gzip or not; see `parsePriceCsv` for the layouts). A long file
 * with both `close` and `adjclose` keeps them apart; any other file stores its one price as both.
 *
 * @throws FileNotFoundError, FileUnreadableError, MalformedPriceFileError (with file, line and
 *   column) before anything is written; the store's own error if the write fails (nothing written).
 * @example await importPriceFile(repo, "prices.csv") // { tickers: ["AAPL", …], inserted: 7126, … }
 */
export async function importPriceFile(store: PriceStore, path: string): Promise<ImportPricesResult> {
  const { text } = await readPriceText(path);
  const panel = parsePriceCsv(text, { source: path });
  const raw: PricePanelInput | undefined = panel.report.format === "long" ? readRawCloses(text, path) : undefined;
  const closes = raw === undefined ? undefined : pricePanel(raw).panel;
  return importPricePanel(store, panel, { source: path, closes });
}
