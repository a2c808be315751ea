/**
 * Monthly and yearly returns of a dated value series, by calendar month and year of the dates.
 * A period's return runs from the last value before the period (the previous month's last close) to
 * its last value, so the periods chain: compounding the months of a year gives the year.
 *
 * The first and last periods are usually partial: the series starts after the previous period closed
 * or stops before this one ends. Without an exchange calendar we flag by weekdays: the first period is
 * `partial` when a weekday follows the first date within that date's month (year), the last when a
 * weekday follows the last date within its month (year). A month ending on a holiday is therefore
 * flagged although complete, which errs on the side of caution. Interior periods are never flagged.
 */
import { isoDayNumber } from "../../returns/iso-date.js";

export interface CalendarReturn {
  /** `"YYYY-MM"` for a month, `"YYYY"` for a year. */
  readonly period: string;
  /** Simple return over the period, from the previous period's last value to this period's last value. */
  readonly return: number;
  /** The series does not cover the whole period (first or last period only; see the file header). */
  readonly partial: boolean;
}

/** One row of the year × month table: `months[0]` is January; `null` where the series has no return. */
export interface MonthlyReturnsRow {
  readonly year: number;
  readonly months: readonly (number | null)[];
}

export interface CalendarReturns {
  readonly monthly: readonly CalendarReturn[];
  readonly yearly: readonly CalendarReturn[];
  /** The monthly returns laid out year × month, every year from the first to the last. */
  readonly monthlyTable: readonly MonthlyReturnsRow[];
}

/** 0 = Sunday … 6 = Saturday; day 0 of `isoDayNumber` (1970-01-01) was a Thursday. */
function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Whether a Monday–Friday lies strictly after `date` and on or before `periodEnd` (both day numbers). */
function weekdayFollows(date: number, periodEnd: number): boolean {
  for (let d = date + 1; d <= periodEnd; d++) {
    const w = weekday(d);
    if (w !== 0 && w !== 6) return true;
  }
  return false;
}

function endOfMonth(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  return isoDayNumber(next) - 1;
}

function endOfYear(date: string): number {
  return isoDayNumber(`${date.slice(0, 4)}-12-31`);
}

/** Periods keyed by `key(date)`: contiguous runs of return dates (dates[1..]) sharing a key. */
function periodReturns(
  dates: readonly string[],
  values: ArrayLike<number>,
  key: (date: string) => string,
  periodEnd: (date: string) => number,
): CalendarReturn[] {
  const out: CalendarReturn[] = [];
  const last = dates.length - 1;
  const startsInside = weekdayFollows(isoDayNumber(dates[0]), periodEnd(dates[0]));
  const endsInside = weekdayFollows(isoDayNumber(dates[last]), periodEnd(dates[last]));
  let base = 0;
  for (let t = 1; t <= last; t++) {
    const period = key(dates[t]);
    if (t < last && key(dates[t + 1]) === period) continue;
    // `t` closes the period: its return runs from the close at `base`.
    const partial = (base === 0 && startsInside) || (t === last && endsInside);
    out.push({ period, return: values[t] / values[base] - 1, partial });
    base = t;
  }
  return out;
}

/**
 * Calendar-month and calendar-year returns of a value series, with the year × month table.
 *
 * @param dates - ISO `YYYY-MM-DD`, strictly ascending, one per value (checked by the caller).
 * @param values - the value series, > 0, at least two values.
 * @example calendarReturns(["2020-01-31", "2020-02-28"], [1, 1.1]).monthly // [{ period: "2020-02", return: 0.1…, partial: false }]
 */
export function calendarReturns(dates: readonly string[], values: ArrayLike<number>): CalendarReturns {
  const monthly = periodReturns(dates, values, (d) => d.slice(0, 7), endOfMonth);
  const yearly = periodReturns(dates, values, (d) => d.slice(0, 4), endOfYear);
  const monthlyTable: MonthlyReturnsRow[] = [];
  if (monthly.length > 0) {
    const firstYear = Number(monthly[0].period.slice(0, 4));
    const lastYear = Number(monthly[monthly.length - 1].period.slice(0, 4));
    const rows: (number | null)[][] = [];
    for (let y = firstYear; y <= lastYear; y++) rows.push(new Array<number | null>(12).fill(null));
    for (const m of monthly) rows[Number(m.period.slice(0, 4)) - firstYear][Number(m.period.slice(5, 7)) - 1] = m.return;
    rows.forEach((months, i) => monthlyTable.push({ year: firstYear + i, months }));
  }
  return { monthly, yearly, monthlyTable };
}
