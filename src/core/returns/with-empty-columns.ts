/**
 * A price panel with extra tickers that have no prices (NaN columns): names a request may use in its
 * constraints or benchmarks without the assets entering any estimate (they are never eligible).
 */
import type { PricePanel } from "./price-panel.js";

export function withEmptyColumns(panel: PricePanel, tickers: readonly string[]): PricePanel {
  if (tickers.length === 0) return panel;
  const { rows, cols } = panel.prices;
  const width = cols + tickers.length;
  const data = new Float64Array(rows * width).fill(NaN);
  for (let i = 0; i < rows; i++) data.set(panel.prices.data.subarray(i * cols, (i + 1) * cols), i * width);
  return { dates: panel.dates, tickers: [...panel.tickers, ...tickers], prices: { rows, cols: width, data } };
}
