/**
 * Small hand-made price panels for the backtest tests: dates given or generated on weekdays, prices
 * given per ticker (NaN = no price), so every expected value can be computed by hand.
 */
import { pricePanel, type PricePanel } from "../../../src/core/returns/index.js";

/** `count` weekdays from `first` (YYYY-MM-DD), skipping Saturdays and Sundays. */
export function weekdays(first: string, count: number): string[] {
  const dates: string[] = [];
  const day = new Date(`${first}T00:00:00Z`);
  while (dates.length < count) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) dates.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return dates;
}

/** A panel from columns of prices, one per ticker. */
export function handPanel(dates: readonly string[], columns: Record<string, readonly number[]>): PricePanel {
  const tickers = Object.keys(columns);
  const rows = dates.map((_, t) => tickers.map((ticker) => columns[ticker][t]));
  return pricePanel({ dates, tickers, prices: rows.map((r) => r.map((v) => (Number.isNaN(v) ? null : v))) }).panel;
}
