/**
 * Daily history from Yahoo Finance's chart endpoint (`/v8/finance/chart/{ticker}`) through the
 * yahoo-finance2 package (v3: v4 needs Node 22), which also validates the reply against its schema.
 *
 * The chart endpoint needs no crumb or cookie, so only that one URL is ever requested. Every request
 * goes through our own `fetch` (the package's per-call `moduleOptions.fetch`): it moves the URL to
 * `baseUrl` (tests point it at a local replay server; the package's `YF_QUERY_HOST` option cannot
 * change the https scheme), applies the per-attempt timeout, and turns a non-2xx reply into
 * `HttpStatusError` before the package sees it, so retries can tell 404 from 503.
 *
 * The package is loaded on the first request (it takes a few hundred ms to load), so commands that
 * never fetch do not pay for it.
 */
import { addDays } from "../calendar-days.js";
import { InvalidProviderResponseError, MarketDataError } from "../errors.js";
import type { FetchDailyOptions, PriceProvider, ProviderBar } from "./price-provider.js";
import { HttpStatusError, isNetworkError, requestWithRetry, type RetryPolicy } from "./request-with-retry.js";

export interface YahooProviderOptions extends RetryPolicy {
  /** Scheme and host to send requests to. Default `https://query2.finance.yahoo.com`. */
  readonly baseUrl?: string;
  /** The fetch to use (default: the global one). */
  readonly fetch?: typeof fetch;
}

interface ChartQuote {
  readonly date: Date;
  readonly close: number | null;
  readonly adjclose?: number | null;
  readonly volume: number | null;
}

interface ChartArray {
  readonly meta: { readonly gmtoffset: number };
  readonly quotes: readonly ChartQuote[];
}

/** The one method we use, typed as we read its `return: "array"` result. */
interface ChartClient {
  chart(ticker: string, query: Record<string, unknown>, moduleOptions: { fetch: typeof fetch }): Promise<ChartArray>;
}

// The package logs to the console (a Node 22 warning at construction, validation details); its
// failures reach us as thrown errors, which we translate, so its log is dropped.
const quiet = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, dir: () => {} };

/** The exchange's calendar date of a bar: Yahoo stamps daily bars with the session's open in UTC. */
function exchangeDate(instant: Date, gmtoffsetSeconds: number): string {
  return new Date(instant.getTime() + gmtoffsetSeconds * 1000).toISOString().slice(0, 10);
}

/** Bars of `chart` dated `start…end`, ascending, one per date (a later bar for a date wins). */
export function barsOfChart(chart: ChartArray, start: string, end: string): ProviderBar[] {
  const byDate = new Map<string, ProviderBar>();
  const offset = chart.meta.gmtoffset ?? 0;
  for (const q of chart.quotes) {
    if (typeof q.close !== "number" || !(q.close > 0)) continue; // a day without a trade
    const date = exchangeDate(q.date, offset);
    if (date < start || date > end) continue;
    const adjusted = typeof q.adjclose === "number" && q.adjclose > 0 ? q.adjclose : null;
    const volume = typeof q.volume === "number" && Number.isFinite(q.volume) ? q.volume : null;
    byDate.set(date, { date, close: q.close, adjustedClose: adjusted, volume });
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function createYahooProvider(options: YahooProviderOptions = {}): PriceProvider {
  const name = "Yahoo Finance";
  const base = options.baseUrl === undefined ? undefined : new URL(options.baseUrl);
  let client: Promise<ChartClient> | undefined;
  const chartClient = (): Promise<ChartClient> =>
    (client ??= import("yahoo-finance2").then(
      ({ default: YahooFinance }) => new YahooFinance({ logger: quiet, versionCheck: false, validation: { logErrors: false } }) as unknown as ChartClient,
    ));

  const fetchVia =
    (signal: AbortSignal): typeof fetch =>
    async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (base !== undefined) {
        url.protocol = base.protocol;
        url.host = base.host;
      }
      const doFetch = options.fetch ?? globalThis.fetch;
      const response = await doFetch(url, { ...init, signal });
      if (!response.ok) {
        await response.body?.cancel();
        throw new HttpStatusError(response.status, `${url.origin}${url.pathname}`);
      }
      return response;
    };

  return {
    id: "yahoo",
    name,
    async fetchDaily(ticker: string, start: string, end: string, fetchOptions: FetchDailyOptions = {}) {
      // A day either side: bars are stamped at the session's open in UTC, which for an exchange
      // east of Greenwich falls on the previous UTC day. barsOfChart trims to start…end by the
      // exchange's date.
      const query = { period1: addDays(start, -1), period2: addDays(end, 2), interval: "1d" as const, events: "div|split" };
      return requestWithRetry(
        async (signal) => {
          let chart: ChartArray;
          try {
            chart = await (await chartClient()).chart(ticker, query, { fetch: fetchVia(signal) });
          } catch (error) {
            if (error instanceof HttpStatusError || error instanceof MarketDataError || isNetworkError(error)) throw error;
            // The package's own errors: a reply that fails its schema, or JSON it cannot parse.
            throw new InvalidProviderResponseError(name, ticker, (error as Error).message ?? String(error), { cause: error });
          }
          return barsOfChart(chart, start, end);
        },
        { provider: name, ticker, signal: fetchOptions.signal },
        options,
      );
    },
  };
}
