/**
 * Rebalance calendars on real trading dates. A period (week, month, quarter, year) is read from the
 * dates themselves, so "the first trading day of the month" is the first date of the panel in that
 * month, whatever the weekends and holidays were. Only the calendar is used, never a price.
 */
import { InvalidInputError } from "../errors.js";
import { isoDayNumber } from "../returns/iso-date.js";

/** ISO weekday: 1 = Monday … 5 = Friday (6, 7 for calendars that trade at weekends). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * When the portfolio is brought back to its targets (the first rebalance always happens):
 * - `"never"`: buy once, then hold;
 * - `"daily"`: every date;
 * - `{ kind: "everyKDays", k }`: every k-th row after the first rebalance (rows s+k, s+2k, …);
 * - `"weekly"` / `{ kind: "weekly", weekday }`: the first trading day of each week, or the trading day
 *   of each week on the given weekday — the next trading day of that week when it is a holiday, or the
 *   week's last trading day before it when none follows;
 * - `"monthly"`, `"quarterly"`, `"yearly"` / `{ kind, on }`: the first (default) or last trading day
 *   of each period.
 * The final date of the backtest is never a rebalance: a trade there would only pay costs.
 */
export type RebalanceSchedule =
  | "never"
  | "daily"
  | "weekly"
  | "monthly"
  | "quarterly"
  | "yearly"
  | { readonly kind: "everyKDays"; readonly k: number }
  | { readonly kind: "weekly"; readonly weekday?: Weekday }
  | { readonly kind: "monthly" | "quarterly" | "yearly"; readonly on?: "first" | "last" };

export type CalendarPeriod = "week" | "month" | "quarter" | "year";

/** A number that changes exactly when the date enters a new period. */
export function periodKey(date: string, period: CalendarPeriod): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (period) {
    case "year":
      return year;
    case "quarter":
      return year * 4 + Math.floor((month - 1) / 3);
    case "month":
      return year * 12 + month - 1;
    case "week":
      // 1970-01-01 (day 0) was a Thursday: shifting by 3 makes weeks run Monday to Sunday.
      return Math.floor((isoDayNumber(date) + 3) / 7);
  }
}

/** ISO weekday of a date, 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return ((((isoDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** Flags the rows that open a period (row 0 opens one by definition). */
export function periodStarts(dates: readonly string[], period: CalendarPeriod): Uint8Array {
  const flags = new Uint8Array(dates.length);
  for (let t = 0; t < dates.length; t++) {
    flags[t] = t === 0 || periodKey(dates[t], period) !== periodKey(dates[t - 1], period) ? 1 : 0;
  }
  return flags;
}

function periodEnds(dates: readonly string[], period: CalendarPeriod): Uint8Array {
  const flags = new Uint8Array(dates.length);
  const n = dates.length;
  for (let t = 0; t < n; t++) {
    flags[t] = t === n - 1 || periodKey(dates[t], period) !== periodKey(dates[t + 1], period) ? 1 : 0;
  }
  return flags;
}

function weekdayRows(dates: readonly string[], weekday: number): Uint8Array {
  const flags = new Uint8Array(dates.length);
  let t = 0;
  while (t < dates.length) {
    const week = periodKey(dates[t], "week");
    let end = t;
    while (end + 1 < dates.length && periodKey(dates[end + 1], "week") === week) end++;
    let chosen = -1;
    for (let r = t; r <= end && chosen < 0; r++) if (weekdayOf(dates[r]) >= weekday) chosen = r;
    flags[chosen < 0 ? end : chosen] = 1;
    t = end + 1;
  }
  return flags;
}

function invalid(schedule: unknown): never {
  throw new InvalidInputError(
    `unknown rebalance schedule ${JSON.stringify(schedule)}; use "never", "daily", "weekly", "monthly", ` +
      `"quarterly", "yearly", { kind: "everyKDays", k } or { kind, on / weekday }`,
    { schedule },
  );
}

/**
 * The rows on which `schedule` calls for a rebalance, given the row `start` of the first rebalance:
 * a flag per row of `dates` (rows ≤ `start` and the last row are never flagged; `start` itself is the
 * first rebalance, handled by the engine).
 *
 * @param dates - the panel's ascending ISO dates.
 * @throws InvalidInputError for an unknown schedule, `k` not a positive integer, or a bad weekday.
 * @example scheduledRows(dates, { kind: "everyKDays", k: 21 }, 0) // rows 21, 42, …
 */
export function scheduledRows(dates: readonly string[], schedule: RebalanceSchedule, start: number): Uint8Array {
  const n = dates.length;
  let flags: Uint8Array;
  const spec = typeof schedule === "string" ? { kind: schedule } : schedule;
  if (spec === null || typeof spec !== "object") invalid(schedule);
  switch (spec.kind) {
    case "never":
      flags = new Uint8Array(n);
      break;
    case "daily":
      flags = new Uint8Array(n).fill(1);
      break;
    case "everyKDays": {
      const k = (spec as { k?: unknown }).k;
      if (typeof k !== "number" || !Number.isInteger(k) || k < 1) {
        throw new InvalidInputError(`everyKDays needs a whole number of rows k ≥ 1, got ${String(k)}`, { k });
      }
      flags = new Uint8Array(n);
      for (let t = start + k; t < n; t += k) flags[t] = 1;
      break;
    }
    case "weekly": {
      const weekday = (spec as { weekday?: unknown }).weekday;
      if (weekday === undefined) {
        flags = periodStarts(dates, "week");
      } else {
        if (typeof weekday !== "number" || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
          throw new InvalidInputError(`weekday must be 1 (Monday) … 7 (Sunday), got ${String(weekday)}`, { weekday });
        }
        flags = weekdayRows(dates, weekday);
      }
      break;
    }
    case "monthly":
    case "quarterly":
    case "yearly": {
      const on = (spec as { on?: unknown }).on ?? "first";
      if (on !== "first" && on !== "last") {
        throw new InvalidInputError(`"on" must be "first" or "last", got ${JSON.stringify(on)}`, { on });
      }
      const period = spec.kind === "monthly" ? "month" : spec.kind === "quarterly" ? "quarter" : "year";
      flags = on === "first" ? periodStarts(dates, period) : periodEnds(dates, period);
      break;
    }
    default:
      invalid(schedule);
  }
  for (let t = 0; t <= Math.min(start, n - 1); t++) flags[t] = 0;
  if (n > 0) flags[n - 1] = 0;
  return flags;
}

/**
 * The dates on which `schedule` rebalances a portfolio first bought on `dates[start]`, that date
 * included: a readable form of `scheduledRows` (tolerance bands may still skip some of them).
 * @example rebalanceDates(dates, "monthly", 0)
 */
export function rebalanceDates(dates: readonly string[], schedule: RebalanceSchedule, start = 0): string[] {
  const flags = scheduledRows(dates, schedule, start);
  const out = start < dates.length ? [dates[start]] : [];
  for (let t = start + 1; t < dates.length; t++) if (flags[t] === 1) out.push(dates[t]);
  return out;
}
