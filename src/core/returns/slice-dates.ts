/**
 * A date window of a price panel, the way a backtest or a "last five years" estimate needs one.
 */
import { InvalidInputError } from "../errors.js";
import { isIsoDate } from "./iso-date.js";
import type { PricePanel } from "./price-panel.js";

function checkBound(name: string, value: string | undefined): void {
  if (value !== undefined && !isIsoDate(value)) {
    throw new InvalidInputError(`${name} ${JSON.stringify(value)} is not a valid YYYY-MM-DD date`, { [name]: value });
  }
}

/**
 * The rows of `panel` with `start ≤ date ≤ end` (both inclusive; an omitted bound is open). The
 * bounds need not be dates of the panel. A window with no dates gives a panel with zero rows.
 *
 * @param panel - a validated price panel (dates ascending).
 * @param start - first date kept, `YYYY-MM-DD`.
 * @param end - last date kept, `YYYY-MM-DD`.
 * @throws InvalidInputError for a malformed bound or `start > end`.
 * @example sliceDates(panel, "2015-01-01", "2017-12-31")
 */
export function sliceDates(panel: PricePanel, start?: string, end?: string): PricePanel {
  checkBound("start", start);
  checkBound("end", end);
  if (start !== undefined && end !== undefined && start > end) {
    throw new InvalidInputError(`start ${start} is after end ${end}`, { start, end });
  }
  const { dates, prices } = panel;
  // Dates are ascending ISO strings, so string comparison finds the window's edges.
  let first = 0;
  while (first < dates.length && start !== undefined && dates[first] < start) first++;
  let last = dates.length;
  while (last > first && end !== undefined && dates[last - 1] > end) last--;
  const cols = prices.cols;
  return Object.freeze({
    dates: Object.freeze(dates.slice(first, last)),
    tickers: panel.tickers,
    prices: Object.freeze({ rows: last - first, cols, data: prices.data.slice(first * cols, last * cols) }),
  });
}
