/**
 * Use cases on market data: import prices (CSV text in the wide or long layout `portfolio data
 * import` reads, or JSON rows), fetch daily history from a provider (Yahoo with Stooq as fallback,
 * only the dates the store lacks), list the assets, read one asset's history, and load the aligned
 * panel an optimization runs on.
 *
 * Panels are cached (LRU, with their panel hash, which costs a few milliseconds to compute on 20 ×
 * 8,000 prices): an API answering the same universe many times a second must not re-read and re-hash
 * a million numbers per request. An import through this service clears the cache at once; an import
 * by another process (the CLI, another API instance) is seen when the entry reaches `maxAgeMs`
 * (default 60 s: reloading 20 × 8,000 prices blocks SQLite's synchronous driver for ~0.1 s, so it
 * should happen rarely under load).
 */
import type { PricePanel } from "../core/returns/index.js";
import {
  fetchPrices,
  importPricePanel,
  parsePriceCsv,
  ProviderUnavailableError,
  UnknownTickerError,
  type ImportPricesResult,
  type PriceProvider,
  type TickerFetchResult,
} from "../data/index.js";
import { panelHash, type AssetSummary, type PriceField, type PriceRepository } from "../store/index.js";
import { AssetNotFoundError, UnknownAssetError } from "./errors.js";
import { LruCache } from "./lru-cache.js";

/** One price as a client sends it; `adjustedClose` defaults to `close`. */
export interface PriceInputRow {
  readonly ticker: string;
  readonly date: string;
  readonly close: number;
  readonly adjustedClose?: number | null;
  readonly volume?: number | null;
}

export interface DateWindow {
  /** Inclusive ISO dates. */
  readonly start?: string;
  readonly end?: string;
}

export interface PriceHistory {
  readonly ticker: string;
  readonly field: PriceField;
  readonly prices: readonly { readonly date: string; readonly price: number }[];
}

/** Tickers to bring up to date from the provider over `start…end` (inclusive ISO dates). */
export interface PriceFetchRequest extends DateWindow {
  readonly tickers: readonly string[];
}

/**
 * A fetch as an import summary (`tickers`: those fetched; `firstDate…lastDate`: the span now stored
 * for them) with the provider, the dates served, and the tickers the provider did not know.
 */
export interface PriceFetchResult extends ImportPricesResult {
  readonly provider: string;
  readonly start: string;
  readonly end: string;
  readonly failed: readonly { readonly ticker: string; readonly code: string; readonly message: string }[];
}

/** A panel with its `panelHash`, as runs record it. */
export interface LoadedPanel {
  readonly panel: PricePanel;
  readonly hash: string;
}

export interface PriceService {
  listAssets(): Promise<AssetSummary[]>;
  /** @throws ASSET_NOT_FOUND when the store has no price for `ticker`. */
  history(ticker: string, options?: DateWindow & { readonly field?: PriceField }): Promise<PriceHistory>;
  /** Parses and imports a whole CSV text atomically. @throws MALFORMED_PRICE_FILE naming line and column. */
  importCsv(text: string, options?: { readonly source?: string }): Promise<ImportPricesResult>;
  /**
   * Fetches what the store lacks of `tickers` (default start: five years before `end`); a ticker the
   * provider does not know is listed in `failed` while the others are stored.
   * @throws UNKNOWN_TICKER when no ticker is known; PROVIDER_UNAVAILABLE; INVALID_DATA_REQUEST.
   */
  fetch(request: PriceFetchRequest): Promise<PriceFetchResult>;
  /** Imports rows atomically. @throws INVALID_PRICE_ROW naming the row. */
  importRows(rows: readonly PriceInputRow[]): Promise<ImportPricesResult>;
  /**
   * Dates ascending × `tickers` in the order given (cached).
   * @throws UNKNOWN_ASSET for a ticker the store has no price for at all.
   */
  panel(tickers: readonly string[], window?: DateWindow): Promise<LoadedPanel>;
  /** Tickers with at least one stored price (cached like the panels). */
  knownTickers(): Promise<readonly string[]>;
  /** @throws UNKNOWN_ASSET naming the first of `tickers` without stored prices. */
  assertKnown(tickers: readonly string[]): Promise<void>;
  /** Forgets every cached panel (after a write the service did not make). */
  invalidate(): void;
}

export interface PriceServiceOptions {
  /** Panels kept (default 32). */
  readonly cacheSize?: number;
  /** How long a cached panel may be served (default 60 s); bounds staleness across processes. */
  readonly maxAgeMs?: number;
  /** Where `fetch` downloads from (the API passes Yahoo with Stooq as fallback); without one, fetch is unavailable. */
  readonly provider?: PriceProvider;
  /** "Today" for `fetch` (default: the system clock). */
  readonly now?: () => Date;
}

/** Five years of daily history: enough for the estimators' usual windows without a huge first download. */
const DEFAULT_FETCH_YEARS = 5;

function yearsBefore(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

function summary(source: string, rows: readonly PriceInputRow[], counts: { inserted: number; updated: number }): ImportPricesResult {
  const tickers: string[] = [];
  const seen = new Set<string>();
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  for (const row of rows) {
    if (!seen.has(row.ticker)) {
      seen.add(row.ticker);
      tickers.push(row.ticker);
    }
    if (firstDate === null || row.date < firstDate) firstDate = row.date;
    if (lastDate === null || row.date > lastDate) lastDate = row.date;
  }
  return Object.freeze({ source, tickers: Object.freeze(tickers), rows: rows.length, ...counts, firstDate, lastDate });
}

export function createPriceService(repo: PriceRepository, options: PriceServiceOptions = {}): PriceService {
  // Promises are cached, so concurrent requests for one universe share a single read.
  const panels = new LruCache<string, Promise<LoadedPanel>>({ maxEntries: options.cacheSize ?? 32, maxAgeMs: options.maxAgeMs ?? 60_000 });

  const known = new LruCache<"known", Promise<readonly string[]>>({ maxEntries: 1, maxAgeMs: options.maxAgeMs ?? 60_000 });

  function knownTickers(): Promise<readonly string[]> {
    let loading = known.get("known");
    if (loading === undefined) {
      loading = repo.listAssets().then((assets) => Object.freeze(assets.filter((a) => a.rows > 0).map((a) => a.ticker)));
      known.set("known", loading);
      loading.catch(() => known.clear());
    }
    return loading;
  }

  function clear(): void {
    panels.clear();
    known.clear();
  }

  async function load(tickers: readonly string[], window: DateWindow): Promise<LoadedPanel> {
    const panel = await repo.loadPanel({ tickers, start: window.start, end: window.end });
    const { rows, cols, data } = panel.prices;
    for (let j = 0; j < cols; j++) {
      let any = false;
      for (let i = 0; i < rows && !any; i++) any = !Number.isNaN(data[i * cols + j]);
      // A column with no price in the window: a ticker unknown altogether, or one outside the dates
      // (left for the estimator to report as too little history).
      if (!any && (await repo.dateRange(tickers[j])) === null) throw new UnknownAssetError(tickers[j], await knownTickers());
    }
    return Object.freeze({ panel, hash: panelHash(panel) });
  }

  return {
    listAssets: () => repo.listAssets(),

    async history(ticker, o = {}) {
      const field = o.field ?? "adjustedClose";
      const panel = await repo.loadPanel({ tickers: [ticker], start: o.start, end: o.end, field });
      if (panel.dates.length === 0 && (await repo.dateRange(ticker)) === null) throw new AssetNotFoundError(ticker);
      const prices = panel.dates.map((date, i) => ({ date, price: panel.prices.data[i] })).filter((p) => !Number.isNaN(p.price));
      return Object.freeze({ ticker, field, prices: Object.freeze(prices) });
    },

    async importCsv(text, o = {}) {
      const source = o.source ?? "upload.csv";
      const parsed = parsePriceCsv(text, { source });
      const result = await importPricePanel(repo, parsed, { source });
      clear();
      return result;
    },

    async fetch(request) {
      const provider = options.provider;
      if (provider === undefined) throw new ProviderUnavailableError([], "no market-data provider is configured", { attempts: 0 });
      const now = options.now?.() ?? new Date();
      const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
      const start = request.start ?? yearsBefore(request.end ?? yesterday, DEFAULT_FETCH_YEARS);
      let result;
      try {
        result = await fetchPrices(repo, provider, { tickers: request.tickers, start, end: request.end, now });
      } finally {
        // Tickers fetched before a failure are stored (the fetch is a cache, not a transaction).
        clear();
      }
      const fetched: TickerFetchResult[] = [];
      const failed: { ticker: string; code: string; message: string }[] = [];
      let firstDate: string | null = null;
      let lastDate: string | null = null;
      for (const t of result.tickers) {
        const range = t.error === undefined ? await repo.dateRange(t.ticker) : null;
        if (range === null) {
          // Stooq answers an unknown symbol with "No data", as it does a window without trading
          // days: a ticker still without a single stored price is one the providers do not know.
          const message = `${result.provider} sent no prices for ${t.ticker} from ${result.start} to ${result.end}`;
          failed.push({ ticker: t.ticker, ...(t.error ?? { code: "UNKNOWN_TICKER", message }) });
          continue;
        }
        fetched.push(t);
        if (firstDate === null || range.first < firstDate) firstDate = range.first;
        if (lastDate === null || range.last > lastDate) lastDate = range.last;
      }
      if (fetched.length === 0) throw new UnknownTickerError(result.provider, failed.map((f) => f.ticker).join(", "));
      const sum = (field: "rows" | "inserted" | "updated") => fetched.reduce((n, t) => n + t[field], 0);
      return Object.freeze({
        source: result.provider,
        provider: result.provider,
        start: result.start,
        end: result.end,
        tickers: Object.freeze(fetched.map((t) => t.ticker)),
        rows: sum("rows"),
        inserted: sum("inserted"),
        updated: sum("updated"),
        firstDate,
        lastDate,
        failed: Object.freeze(failed),
      });
    },

    async importRows(rows) {
      const counts = await repo.upsertPrices(
        rows.map((r) => ({ ticker: r.ticker, date: r.date, close: r.close, adjustedClose: r.adjustedClose ?? r.close, volume: r.volume ?? null })),
      );
      clear();
      return summary("request body", rows, counts);
    },

    panel(tickers, window = {}) {
      const key = JSON.stringify([tickers, window.start ?? null, window.end ?? null]);
      let loading = panels.get(key);
      if (loading === undefined) {
        loading = load(tickers, window);
        panels.set(key, loading);
        // A failed read is not remembered: the next request tries again.
        loading.catch(() => panels.delete(key));
      }
      return loading;
    },

    knownTickers,

    async assertKnown(tickers) {
      const all = await knownTickers();
      const set = new Set(all);
      const unknown = tickers.find((t) => !set.has(t));
      if (unknown !== undefined) throw new UnknownAssetError(unknown, all);
    },

    invalidate: clear,
  };
}
