/**
 * Daily history through a provider, as a read-through cache over the store: for each ticker only the
 * dates the store lacks are requested (see `missingSpans`), and a range already stored makes no
 * request at all. What is fetched is written per ticker in one atomic upsert.
 */
import { isIsoDate } from "../core/returns/index.js";
import { addDays, utcDate } from "./calendar-days.js";
import { InvalidDataRequestError, UnknownTickerError } from "./errors.js";
import { missingSpans, type DateSpan } from "./missing-spans.js";
import type { PriceRow, PriceStore, StoredRange } from "./price-store.js";
import type { PriceProvider, ProviderBar } from "./providers/price-provider.js";

export interface FetchPricesOptions {
  readonly tickers: readonly string[];
  /** First date wanted, `YYYY-MM-DD`. */
  readonly start: string;
  /** Last date wanted (inclusive); default and upper limit: the day before `now`. */
  readonly end?: string;
  /** The clock, for "today" (default: the system clock). */
  readonly now?: Date;
  readonly signal?: AbortSignal;
}

export interface TickerFetchResult {
  readonly ticker: string;
  /** What the store held before, or `null`. */
  readonly cached: StoredRange | null;
  /** The spans asked of the provider; empty when the store already had the whole range. */
  readonly requested: readonly DateSpan[];
  /** Bars received and written. */
  readonly rows: number;
  readonly inserted: number;
  readonly updated: number;
  /** Set when the provider does not know the ticker; nothing was written for it. */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface FetchPricesResult {
  /** The provider's display name. */
  readonly provider: string;
  /** The range actually served: `end` capped to the last complete day. */
  readonly start: string;
  readonly end: string;
  readonly tickers: readonly TickerFetchResult[];
}

function checkRequest(options: FetchPricesOptions): void {
  if (options.tickers.length === 0) throw new InvalidDataRequestError("name at least one ticker to fetch");
  for (const ticker of options.tickers) {
    if (!/^[A-Za-z0-9^][A-Za-z0-9.^=_-]*$/.test(ticker)) {
      throw new InvalidDataRequestError(`'${ticker}' is not a ticker symbol`, { ticker });
    }
  }
  for (const [name, value] of [["start", options.start], ["end", options.end]] as const) {
    if (value !== undefined && !isIsoDate(value)) {
      throw new InvalidDataRequestError(`${name} '${value}' is not a date (expected YYYY-MM-DD)`);
    }
  }
  if (options.end !== undefined && options.start > options.end) {
    throw new InvalidDataRequestError(`start ${options.start} is after end ${options.end}`);
  }
}

function rowOfBar(ticker: string, bar: ProviderBar): PriceRow {
  return { ticker, date: bar.date, close: bar.close, adjustedClose: bar.adjustedClose, volume: bar.volume };
}

/**
 * Brings the store up to date for `tickers` over `start…end`, asking `provider` only for what is
 * missing. Today's bar is never stored (the day is not over, its close would be a live price): the
 * range ends at the day before `now` (UTC) at the latest.
 *
 * A ticker the provider does not know is reported in its result (`error`) and the others go on; a
 * provider that cannot be reached throws `ProviderUnavailableError` at once (tickers already done
 * stay stored: they are a cache, not a transaction).
 *
 * @throws InvalidDataRequestError for no tickers, a malformed ticker or date, or start after end;
 *   ProviderUnavailableError when the provider (all of them, for a fallback) cannot be reached.
 * @example await fetchPrices(repo, createYahooProvider(), { tickers: ["AAPL"], start: "2024-01-01" })
 */
export async function fetchPrices(store: PriceStore, provider: PriceProvider, options: FetchPricesOptions): Promise<FetchPricesResult> {
  checkRequest(options);
  const lastComplete = addDays(utcDate(options.now ?? new Date()), -1);
  const end = options.end === undefined || options.end > lastComplete ? lastComplete : options.end;
  const { start } = options;
  const results: TickerFetchResult[] = [];
  for (const ticker of options.tickers) {
    const cached = await store.dateRange(ticker);
    const requested = start <= end ? missingSpans({ start, end }, cached) : [];
    const bars: ProviderBar[] = [];
    try {
      for (const span of requested) bars.push(...(await provider.fetchDaily(ticker, span.start, span.end, { signal: options.signal })));
    } catch (error) {
      if (!(error instanceof UnknownTickerError)) throw error;
      results.push({ ticker, cached, requested, rows: 0, inserted: 0, updated: 0, error: { code: error.code, message: error.message } });
      continue;
    }
    const rows = bars.filter((b) => b.date <= lastComplete).map((b) => rowOfBar(ticker, b));
    const { inserted, updated } = rows.length === 0 ? { inserted: 0, updated: 0 } : await store.upsertPrices(rows);
    results.push({ ticker, cached, requested, rows: rows.length, inserted, updated });
  }
  return Object.freeze({ provider: provider.name, start, end, tickers: Object.freeze(results) });
}
