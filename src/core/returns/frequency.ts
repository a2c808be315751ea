/**
 * The sampling frequency of a price or returns calendar, as the `periodsPerYear` that annualises
 * means (× periodsPerYear) and covariances. Estimators never guess it themselves: they take it as a
 * required option, and this is the helper a caller may use to fill it in.
 */
import { InvalidInputError } from "../errors.js";
import { isIsoDate, isoDayNumber } from "./iso-date.js";

/**
 * Median calendar-day gap → periods per year. Trading calendars skip weekends and holidays, so a
 * daily series has gaps of 1 (most), 3 (weekends) and 4 (long weekends), and a monthly one 28–31;
 * the bands below leave room for that and for holiday-shifted week or month ends, and nothing else.
 * 252 is the US trading-day convention used by PyPortfolioOpt and our reference data.
 */
const BANDS: readonly { readonly min: number; readonly max: number; readonly periodsPerYear: number }[] = [
  { min: 1, max: 4, periodsPerYear: 252 },
  { min: 5, max: 9, periodsPerYear: 52 },
  { min: 25, max: 35, periodsPerYear: 12 },
  { min: 85, max: 95, periodsPerYear: 4 },
  { min: 355, max: 375, periodsPerYear: 1 },
];

/**
 * Infers periods per year from dates: 252 (daily), 52 (weekly), 12 (monthly), 4 (quarterly) or 1
 * (yearly), from the median gap between consecutive dates in calendar days. The median makes the
 * answer robust to a few holidays or a missing week. A calendar that trades every day (crypto) still
 * reads as 252; such callers, and any with their own convention, pass their own number instead.
 *
 * @param dates - at least 2 ISO `YYYY-MM-DD` dates, strictly ascending.
 * @throws InvalidInputError for fewer than 2 dates, an invalid or non-ascending date, or a median gap
 *   in none of the bands (an irregular calendar).
 * @example inferPeriodsPerYear(["2024-01-31", "2024-02-29", "2024-03-29"]) // 12
 */
export function inferPeriodsPerYear(dates: readonly string[]): number {
  if (dates.length < 2) {
    throw new InvalidInputError(`need at least 2 dates to infer a frequency, got ${dates.length}`, {
      dates: dates.length,
    });
  }
  const gaps: number[] = [];
  for (let i = 0; i < dates.length; i++) {
    if (!isIsoDate(dates[i])) {
      throw new InvalidInputError(`date ${JSON.stringify(dates[i])} (row ${i}) is not a valid YYYY-MM-DD date`, {
        row: i,
      });
    }
    if (i === 0) continue;
    const gap = isoDayNumber(dates[i]) - isoDayNumber(dates[i - 1]);
    if (gap <= 0) {
      throw new InvalidInputError(`dates must be strictly ascending: ${dates[i - 1]} then ${dates[i]}`, { row: i });
    }
    gaps.push(gap);
  }
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 === 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  const band = BANDS.find((b) => median >= b.min && median <= b.max);
  if (band === undefined) {
    throw new InvalidInputError(
      `irregular calendar: the median gap between dates is ${median} days, which is not daily, weekly, ` +
        `monthly, quarterly or yearly; pass periodsPerYear explicitly`,
      { medianGapDays: median },
    );
  }
  return band.periodsPerYear;
}
