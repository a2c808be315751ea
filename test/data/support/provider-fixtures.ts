/**
 * Provider replies built from real prices (`../shared/reference/data/stock_prices.csv`, adjusted
 * closes from PyPortfolioOpt's test data), shaped as Yahoo Finance's chart JSON and Stooq's CSV.
 *
 * The reference file has one price per day. To see raw and adjusted closes kept apart, the Yahoo
 * reply's `close` is that price and its `adjclose` is the price times `ADJUSTMENT` (as if a dividend
 * paid after the range scaled history down by 2%). Volume is a made-up, date-derived integer.
 * Bars are stamped 14:30 UTC (09:30 in New York in winter), with `gmtoffset` −18000, as Yahoo does
 * for a US stock; the replay answers only the bars inside the request's `period1…period2` window.
 */
import { readFileSync } from "node:fs";
import { referencePath } from "../../support/reference.js";
import type { ReplayHandler, ReplayRequest } from "./replay-server.js";

export const ADJUSTMENT = 0.98;

export interface DailyPrice {
  readonly date: string;
  readonly price: number;
}

/** One ticker's non-missing prices from stock_prices.csv, `from…to` inclusive. */
export function referencePrices(ticker: string, from: string, to: string): DailyPrice[] {
  const [header, ...lines] = readFileSync(referencePath("data", "stock_prices.csv"), "utf8").trim().split("\n");
  const column = header.split(",").indexOf(ticker);
  if (column < 0) throw new Error(`no ${ticker} in stock_prices.csv`);
  return lines
    .map((line) => line.split(","))
    .filter((f) => f[0] >= from && f[0] <= to && f[column] !== "")
    .map((f) => ({ date: f[0], price: Number(f[column]) }));
}

export function barTimestamp(date: string): number {
  return Date.parse(`${date}T14:30:00Z`) / 1000;
}

export function volumeOf(date: string): number {
  return 1_000_000 + Number(date.replaceAll("-", "")) % 977;
}

/** Yahoo's chart JSON for `symbol` with the given days (all fields the yahoo-finance2 schema requires). */
export function yahooChartJson(symbol: string, days: readonly DailyPrice[]): string {
  const timestamps = days.map((d) => barTimestamp(d.date));
  const close = days.map((d) => d.price);
  const last = timestamps[timestamps.length - 1] ?? barTimestamp("2018-04-11");
  const period = (start: number, end: number) => ({ timezone: "EST", start, end, gmtoffset: -18000 });
  const meta = {
    currency: "USD",
    symbol,
    exchangeName: "NMS",
    fullExchangeName: "NasdaqGS",
    instrumentType: "EQUITY",
    firstTradeDate: 345479400,
    regularMarketTime: last + 23400,
    hasPrePostMarketData: true,
    gmtoffset: -18000,
    timezone: "EST",
    exchangeTimezoneName: "America/New_York",
    regularMarketPrice: close[close.length - 1] ?? 1,
    chartPreviousClose: close[0] ?? 1,
    priceHint: 2,
    currentTradingPeriod: { pre: period(last - 19800, last), regular: period(last, last + 23400), post: period(last + 23400, last + 37800) },
    dataGranularity: "1d",
    range: "",
    validRanges: ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
  };
  // Yahoo sends no timestamp and an empty quote object for a window without trading days.
  const result =
    days.length === 0
      ? { meta, indicators: { quote: [{}], adjclose: [{}] } }
      : {
          meta,
          timestamp: timestamps,
          indicators: {
            quote: [{ open: close, high: close, low: close, close, volume: days.map((d) => volumeOf(d.date)) }],
            adjclose: [{ adjclose: close.map((p) => p * ADJUSTMENT) }],
          },
        };
  return JSON.stringify({ chart: { result: [result], error: null } });
}

/** Yahoo's reply for a symbol it does not know (HTTP 404). */
export const yahooNotFound = JSON.stringify({
  chart: { result: null, error: { code: "Not Found", description: "No data found, symbol may be delisted" } },
});

/** The days of `history` whose bar falls in the request's [period1, period2) window. */
export function daysInWindow(history: readonly DailyPrice[], request: ReplayRequest): DailyPrice[] {
  const p1 = Number(request.query.period1);
  const p2 = Number(request.query.period2);
  return history.filter((d) => barTimestamp(d.date) >= p1 && barTimestamp(d.date) < p2);
}

/** A handler answering `/v8/finance/chart/{symbol}` from `histories`, 404 for other symbols. */
export function yahooChartHandler(histories: Readonly<Record<string, readonly DailyPrice[]>>): ReplayHandler {
  return (request) => {
    const m = /^\/v8\/finance\/chart\/([^/]+)$/.exec(request.path);
    if (m === null) return { status: 404, body: "not a chart URL" };
    const symbol = decodeURIComponent(m[1]);
    const history = histories[symbol];
    if (history === undefined) return { status: 404, body: yahooNotFound };
    return { status: 200, body: yahooChartJson(symbol, daysInWindow(history, request)) };
  };
}

/** A handler answering Stooq's `/q/d/l/?s=aapl.us&d1=…&d2=…` CSV from `histories` (by ticker). */
export function stooqCsvHandler(histories: Readonly<Record<string, readonly DailyPrice[]>>): ReplayHandler {
  return (request) => {
    if (request.path !== "/q/d/l/") return { status: 404, body: "" };
    const ticker = (request.query.s ?? "").replace(/\.us$/, "").toUpperCase();
    const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    const from = iso(request.query.d1 ?? "");
    const to = iso(request.query.d2 ?? "");
    const days = (histories[ticker] ?? []).filter((d) => d.date >= from && d.date <= to);
    if (days.length === 0) return { status: 200, body: "No data", contentType: "text/csv" };
    const rows = days.map((d) => `${d.date},${d.price},${d.price},${d.price},${d.price},${volumeOf(d.date)}`);
    return { status: 200, body: ["Date,Open,High,Low,Close,Volume", ...rows].join("\r\n") + "\r\n", contentType: "text/csv" };
  };
}
