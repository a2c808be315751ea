/**
 * Calendar alignment: from a raw price panel (as the store returns it, `NaN` where a ticker has no
 * price on a date another has) to a clean panel for one ticker set and date range, with a report of
 * every ticker and date dropped and every price filled. The rules, applied in this order:
 *
 * 1. Window: only dates in `start…end` are kept.
 * 2. Tickers: dropped with reason `noData` when they have no price in the window;
 *    `listedAfterStart` when their first price comes more than `graceDays` calendar days after the
 *    window's first date (a later listing; a few days are allowed so that a window opening on one
 *    market's holidays does not drop that market); `stoppedBeforeEnd` when their last price is more
 *    than `graceDays` before the window's last date (a delisting: filling it would invent a flat price).
 * 3. Dates: dropped with reason `fewTickers` when fewer than `minTickersPerDate` (a share, default
 *    0.5) of the kept tickers have a price: a holiday of one market, a stray weekend row.
 * 4. Coverage: a ticker with prices on fewer than `minCoverage` (default 0.9) of the kept dates is
 *    dropped with reason `lowCoverage`; the rows where it was the only one trading stay.
 * 5. Fill: `"none"` leaves gaps as `NaN` (counted in `missing`); `"forwardFill"` carries each
 *    ticker's last price over its gaps (counted per ticker in `filled`) and drops the first dates on
 *    which a kept ticker has not priced yet (reason `beforeListing`), so the panel has no `NaN`.
 *    Forward filling is what a holder sees (no trade, same price), and it makes the day's return 0.
 */
import type { PricePanel } from "../core/returns/index.js";
import { isIsoDate, sliceDates } from "../core/returns/index.js";
import { addDays } from "./calendar-days.js";
import { InvalidDataRequestError } from "./errors.js";

export type FillPolicy = "none" | "forwardFill";

export interface AlignPanelOptions {
  /** Inclusive ISO dates; omitted: the panel's own first / last date. */
  readonly start?: string;
  readonly end?: string;
  /** Share of the kept dates a ticker must have a price on, in (0, 1]. Default 0.9. */
  readonly minCoverage?: number;
  /** Share of the kept tickers that must trade for a date to stay, in (0, 1]. Default 0.5. */
  readonly minTickersPerDate?: number;
  /** Calendar days a ticker may start late or stop early without being dropped. Default 5. */
  readonly graceDays?: number;
  /** Default `"none"`. */
  readonly fill?: FillPolicy;
}

export type DroppedTickerReason = "noData" | "listedAfterStart" | "stoppedBeforeEnd" | "lowCoverage";

export interface DroppedTicker {
  readonly ticker: string;
  readonly reason: DroppedTickerReason;
  /** First and last price in the window (`null` for `noData`). */
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  /** Share of kept dates priced (`lowCoverage` only). */
  readonly coverage?: number;
}

export interface DroppedDate {
  readonly date: string;
  readonly reason: "fewTickers" | "beforeListing";
  /** Kept tickers with a price that day. */
  readonly tickersTrading: number;
}

export interface AlignmentReport {
  readonly droppedTickers: readonly DroppedTicker[];
  readonly droppedDates: readonly DroppedDate[];
  /** Prices filled per kept ticker (0 for each under `"none"`). */
  readonly filled: Readonly<Record<string, number>>;
  /** `NaN` left in the result (always 0 under `"forwardFill"`). */
  readonly missing: number;
}

export interface AlignedPanel {
  readonly panel: PricePanel;
  readonly report: AlignmentReport;
}

function checkShare(name: string, value: number): void {
  if (!(value > 0 && value <= 1)) throw new InvalidDataRequestError(`${name} must be in (0, 1], got ${value}`);
}

/**
 * Aligns a raw price panel to a clean one by the rules in this file's header.
 *
 * @param panel - dates ascending × tickers, `NaN` where missing (e.g. `repo.loadPanel(…)`).
 * @returns `{ panel, report }`: the kept dates × kept tickers (in input order) and what was dropped
 *   or filled.
 * @throws InvalidDataRequestError for a bad option, a window with no dates, or no ticker left.
 * @example alignPanel(raw, { start: "2015-01-01", fill: "forwardFill" }).report.droppedTickers
 */
export function alignPanel(panel: PricePanel, options: AlignPanelOptions = {}): AlignedPanel {
  const minCoverage = options.minCoverage ?? 0.9;
  const minTickersPerDate = options.minTickersPerDate ?? 0.5;
  const graceDays = options.graceDays ?? 5;
  const fill = options.fill ?? "none";
  checkShare("minCoverage", minCoverage);
  checkShare("minTickersPerDate", minTickersPerDate);
  if (!(Number.isInteger(graceDays) && graceDays >= 0)) throw new InvalidDataRequestError(`graceDays must be an integer ≥ 0, got ${graceDays}`);
  if (fill !== "none" && fill !== "forwardFill") throw new InvalidDataRequestError(`fill must be "none" or "forwardFill", got ${String(fill)}`);
  for (const [name, value] of [["start", options.start], ["end", options.end]] as const) {
    if (value !== undefined && !isIsoDate(value)) throw new InvalidDataRequestError(`${name} '${value}' is not a date (expected YYYY-MM-DD)`);
  }
  if (options.start !== undefined && options.end !== undefined && options.start > options.end) {
    throw new InvalidDataRequestError(`start ${options.start} is after end ${options.end}`);
  }

  // 1. Window.
  const window = sliceDates(panel, options.start, options.end);
  const { dates, tickers } = window;
  const cols = tickers.length;
  const at = (i: number, j: number): number => window.prices.data[i * cols + j];
  if (dates.length === 0) {
    throw new InvalidDataRequestError(`no prices between ${options.start ?? "the start"} and ${options.end ?? "the end"}`);
  }

  // 2. Tickers by listing span.
  const dropped: DroppedTicker[] = [];
  const span = tickers.map((_, j) => {
    let first = -1;
    let last = -1;
    for (let i = 0; i < dates.length; i++) {
      if (Number.isNaN(at(i, j))) continue;
      if (first < 0) first = i;
      last = i;
    }
    return { first, last };
  });
  const latestStart = addDays(dates[0], graceDays);
  const earliestStop = addDays(dates[dates.length - 1], -graceDays);
  let kept: number[] = [];
  tickers.forEach((ticker, j) => {
    const { first, last } = span[j];
    const firstDate = first < 0 ? null : dates[first];
    const lastDate = last < 0 ? null : dates[last];
    if (firstDate === null) dropped.push({ ticker, reason: "noData", firstDate, lastDate });
    else if (firstDate > latestStart) dropped.push({ ticker, reason: "listedAfterStart", firstDate, lastDate });
    else if ((lastDate as string) < earliestStop) dropped.push({ ticker, reason: "stoppedBeforeEnd", firstDate, lastDate });
    else kept.push(j);
  });

  // 3. Dates on which too few of the kept tickers trade.
  const trading = (i: number, columns: readonly number[]): number => columns.reduce((n, j) => n + (Number.isNaN(at(i, j)) ? 0 : 1), 0);
  const droppedDates: DroppedDate[] = [];
  let rows: number[] = [];
  for (let i = 0; i < dates.length; i++) {
    const n = trading(i, kept);
    if (kept.length > 0 && n < minTickersPerDate * kept.length) droppedDates.push({ date: dates[i], reason: "fewTickers", tickersTrading: n });
    else rows.push(i);
  }

  // 4. Coverage over the kept dates.
  kept = kept.filter((j) => {
    const priced = rows.reduce((n, i) => n + (Number.isNaN(at(i, j)) ? 0 : 1), 0);
    const coverage = rows.length === 0 ? 0 : priced / rows.length;
    if (coverage >= minCoverage) return true;
    dropped.push({ ticker: tickers[j], reason: "lowCoverage", firstDate: dates[span[j].first], lastDate: dates[span[j].last], coverage });
    return false;
  });
  if (kept.length === 0) {
    const why = dropped.map((d) => `${d.ticker} ${d.reason}`).join(", ");
    throw new InvalidDataRequestError(`no ticker has enough prices in ${dates[0]}…${dates[dates.length - 1]} (${why})`);
  }

  // 5. Fill.
  const filled: Record<string, number> = Object.fromEntries(kept.map((j) => [tickers[j], 0]));
  if (fill === "forwardFill") {
    const found = rows.findIndex((i) => kept.every((j) => span[j].first <= i));
    const leading = found < 0 ? rows.length : found;
    rows.slice(0, leading).forEach((i) => droppedDates.push({ date: dates[i], reason: "beforeListing", tickersTrading: trading(i, kept) }));
    rows = rows.slice(leading);
  }
  const isRow = new Set(rows);
  const out = new Float64Array(rows.length * kept.length);
  let missing = 0;
  kept.forEach((j, k) => {
    // The last price is carried from every window date, dropped ones too: a price on a dropped
    // holiday is still the latest known price.
    let previous = NaN;
    let r = 0;
    for (let i = 0; i < dates.length; i++) {
      let value = at(i, j);
      if (!Number.isNaN(value)) previous = value;
      if (!isRow.has(i)) continue;
      if (Number.isNaN(value) && fill === "forwardFill" && !Number.isNaN(previous)) {
        value = previous;
        filled[tickers[j]]++;
      }
      if (Number.isNaN(value)) missing++;
      out[r++ * kept.length + k] = value;
    }
  });
  droppedDates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return Object.freeze({
    panel: Object.freeze({
      dates: Object.freeze(rows.map((i) => dates[i])),
      tickers: Object.freeze(kept.map((j) => tickers[j])),
      prices: Object.freeze({ rows: rows.length, cols: kept.length, data: out }),
    }),
    report: Object.freeze({
      droppedTickers: Object.freeze(dropped),
      droppedDates: Object.freeze(droppedDates),
      filled: Object.freeze(filled),
      missing,
    }),
  });
}
