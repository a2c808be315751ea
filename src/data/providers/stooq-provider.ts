/**
 * Daily history from Stooq's public CSV download (`/q/d/l/?s=aapl.us&i=d&d1=YYYYMMDD&d2=YYYYMMDD`),
 * the fallback when Yahoo Finance cannot be reached. Its reply is `Date,Open,High,Low,Close,Volume`
 * (no Volume for indices), or the text `No data`.
 *
 * Stooq's closes are already adjusted for splits and dividends and it publishes no raw close, so
 * both `close` and `adjustedClose` of its bars carry that one adjusted value.
 */
import { parse } from "csv-parse/sync";
import { InvalidProviderResponseError } from "../errors.js";
import type { FetchDailyOptions, PriceProvider, ProviderBar } from "./price-provider.js";
import { HttpStatusError, requestWithRetry, type RetryPolicy } from "./request-with-retry.js";

export interface StooqProviderOptions extends RetryPolicy {
  /** Scheme and host. Default `https://stooq.com`. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
}

/**
 * Stooq's symbol for a ticker: lower case, US listings suffixed `.us` (AAPL → aapl.us, BRK-B →
 * brk-b.us); a ticker that already names its market (`vod.uk`) or an index (`^spx`) is kept.
 */
export function stooqSymbol(ticker: string): string {
  const t = ticker.toLowerCase();
  return t.includes(".") || t.startsWith("^") ? t : `${t}.us`;
}

function compact(date: string): string {
  return date.replaceAll("-", "");
}

/** Bars of a Stooq CSV reply; `[]` for its "No data" answer. */
export function barsOfStooqCsv(text: string, ticker: string, start: string, end: string): ProviderBar[] {
  const name = "Stooq";
  const body = text.trim();
  if (body === "" || /^no data/i.test(body)) return [];
  let records: string[][];
  try {
    records = parse(body, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InvalidProviderResponseError(name, ticker, `not CSV (${(error as Error).message})`, { cause: error });
  }
  const header = records[0].map((h) => h.toLowerCase());
  const dateAt = header.indexOf("date");
  const closeAt = header.indexOf("close");
  const volumeAt = header.indexOf("volume");
  if (dateAt < 0 || closeAt < 0) {
    // Stooq answers its quota and error pages as plain text with status 200.
    throw new InvalidProviderResponseError(name, ticker, `expected a Date,…,Close header, got '${body.slice(0, 80)}'`);
  }
  const bars: ProviderBar[] = [];
  records.slice(1).forEach((row, k) => {
    const date = row[dateAt] ?? "";
    const close = Number(row[closeAt]);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !(close > 0)) {
      throw new InvalidProviderResponseError(name, ticker, `line ${k + 2} '${row.join(",")}' is not a date and a price`);
    }
    if (date < start || date > end) return;
    const volume = volumeAt >= 0 && row[volumeAt] !== "" ? Number(row[volumeAt]) : NaN;
    bars.push({ date, close, adjustedClose: close, volume: Number.isFinite(volume) ? volume : null });
  });
  return bars.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function createStooqProvider(options: StooqProviderOptions = {}): PriceProvider {
  const name = "Stooq";
  const base = options.baseUrl ?? "https://stooq.com";
  return {
    id: "stooq",
    name,
    async fetchDaily(ticker: string, start: string, end: string, fetchOptions: FetchDailyOptions = {}) {
      const url = new URL("/q/d/l/", base);
      url.search = new URLSearchParams({ s: stooqSymbol(ticker), i: "d", d1: compact(start), d2: compact(end) }).toString();
      return requestWithRetry(
        async (signal) => {
          const response = await (options.fetch ?? globalThis.fetch)(url, { signal });
          if (!response.ok) {
            await response.body?.cancel();
            throw new HttpStatusError(response.status, `${url.origin}${url.pathname}`);
          }
          return barsOfStooqCsv(await response.text(), ticker, start, end);
        },
        { provider: name, ticker, signal: fetchOptions.signal },
        options,
      );
    },
  };
}
