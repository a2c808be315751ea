/**
 * Benchmarks given as prices: a panel ticker, or the caller's own series aligned by date. Either is
 * bought at the first rebalance date's close and held, so its value is initialValue × P_t / P_first.
 * No price is invented: every backtest date needs one.
 */
import { InvalidInputError, NonFiniteValueError } from "../errors.js";
import type { PricePanel } from "../returns/price-panel.js";
import type { BenchmarkSpec } from "./backtest-input.js";
import type { BenchmarkSeries } from "./backtest-result.js";

type PriceBenchmark = Exclude<BenchmarkSpec, { kind: "equalWeight" }>;

function pricesOf(spec: PriceBenchmark, panel: PricePanel, firstRow: number, lastRow: number): Float64Array {
  const out = new Float64Array(lastRow - firstRow + 1);
  if (spec.kind === "ticker") {
    const column = panel.tickers.indexOf(spec.ticker);
    for (let t = firstRow; t <= lastRow; t++) out[t - firstRow] = panel.prices.data[t * panel.tickers.length + column];
  } else {
    const byDate = new Map<string, number>();
    spec.dates.forEach((date, i) => byDate.set(date, spec.values[i]));
    for (let t = firstRow; t <= lastRow; t++) out[t - firstRow] = byDate.get(panel.dates[t]) ?? NaN;
  }
  return out;
}

/** The value series of a ticker or series benchmark on rows firstRow..lastRow. */
export function priceBenchmark(
  spec: PriceBenchmark,
  panel: PricePanel,
  firstRow: number,
  lastRow: number,
  initialValue: number,
): BenchmarkSeries {
  const name = spec.kind === "ticker" ? spec.ticker : spec.name;
  const prices = pricesOf(spec, panel, firstRow, lastRow);
  for (let k = 0; k < prices.length; k++) {
    const p = prices[k];
    const date = panel.dates[firstRow + k];
    if (Number.isNaN(p)) {
      throw new InvalidInputError(`benchmark ${name} has no value on ${date}, a backtest date`, { benchmark: name, date });
    }
    if (!(Number.isFinite(p) && p > 0)) {
      throw new NonFiniteValueError(`benchmark ${name} on ${date} is ${p}; values must be finite and > 0`, { benchmark: name, date, value: p });
    }
  }
  const values = new Float64Array(prices.length);
  for (let k = 0; k < prices.length; k++) values[k] = (initialValue * prices[k]) / prices[0];
  return Object.freeze({ name, values });
}
