/**
 * Day arithmetic on ISO `YYYY-MM-DD` dates for date ranges of daily prices. Through `Date.UTC`, which
 * reads years 0–99 as 1900–1999: harmless for market data, which starts long after.
 */

function utc(date: string): Date {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
}

/** `date` moved by `days` (negative: earlier). */
export function addDays(date: string, days: number): string {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** True for Saturday and Sunday, when no exchange we read from trades. */
export function isWeekend(date: string): boolean {
  const day = utc(date).getUTCDay();
  return day === 0 || day === 6;
}

/** Whether `start…end` (inclusive) holds at least one weekday. */
export function hasWeekday(start: string, end: string): boolean {
  for (let d = start, k = 0; d <= end && k < 7; d = addDays(d, 1), k++) if (!isWeekend(d)) return true;
  return false;
}

/** The UTC calendar date of an instant. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
