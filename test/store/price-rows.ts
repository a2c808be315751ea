/**
 * Price rows for store tests: from a wide price panel (the reference files), or synthetic.
 */
import type { PricePanel } from "../../src/core/returns/index.js";
import type { PriceRow } from "../../src/store/price-repository.js";

/** One row per present (non-NaN) price; the price is both the close and the adjusted close. */
export function panelToRows(panel: PricePanel): PriceRow[] {
  const rows: PriceRow[] = [];
  const { dates, tickers, prices } = panel;
  for (let j = 0; j < tickers.length; j++) {
    for (let i = 0; i < dates.length; i++) {
      const value = prices.data[i * tickers.length + j];
      if (!Number.isNaN(value)) rows.push({ ticker: tickers[j], date: dates[i], close: value, adjustedClose: value, volume: null });
    }
  }
  return rows;
}

/** `count` consecutive calendar days from `start` (weekends included: the store does not care). */
export function days(start: string, count: number): string[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, k) => new Date(first + k * 86_400_000).toISOString().slice(0, 10));
}

export function row(ticker: string, date: string, close: number, extra: Partial<PriceRow> = {}): PriceRow {
  return { ticker, date, close, adjustedClose: null, volume: null, ...extra };
}
