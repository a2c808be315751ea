/**
 * The reference backtest (`expected/backtest.json`): equal-weight buy-and-hold and equal weights
 * rebalanced every 21 rows over the common window of stock_prices.csv. Its `metric_definitions` are our
 * definitions; every metric it gives must match.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { performanceReport, type PerformanceReport } from "../../../../src/core/backtest/metrics/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { referenceJson } from "../../../support/reference.js";
import { equalWeightCurves, type EqualWeightCurves } from "./equal-weight-curves.js";

interface ReferenceMetrics {
  n_returns: number;
  final_value: number;
  total_return: number;
  cagr: number;
  annualised_arithmetic_mean_return: number;
  annualised_volatility: number;
  "sharpe_rf_0.02": number;
  sharpe_rf_0: number;
  "sortino_rf_0.02": number;
  sortino_rf_0: number;
  max_drawdown: number;
  max_drawdown_peak_index: number;
  max_drawdown_trough_index: number;
  max_drawdown_peak_date: string;
  max_drawdown_trough_date: string;
  calmar: number;
}
interface ReferenceCurve {
  metrics: ReferenceMetrics;
  values_sample: Record<string, number>;
}
interface ReferenceBacktest {
  window: { start: string; end: string; n_prices: number };
  risk_free_rate: number;
  trading_days_per_year: number;
  equal_weight_buy_and_hold: ReferenceCurve;
  equal_weight_rebalanced_every_21_days: ReferenceCurve & { n_rebalances: number; first_rebalance_dates: string[] };
}

const reference = referenceJson<ReferenceBacktest>("expected", "backtest.json");
// The README's tolerance for backtest values and metrics: 1e-9 relative. The curves are sums and
// products of ~900 price ratios, so both sides agree to ~1e-14; atol guards nothing here (no metric is 0).
const BACKTEST = { rtol: 1e-9, atol: 0 };

let curves: EqualWeightCurves;
before(async () => {
  curves = await equalWeightCurves();
});

function checkCurve(name: string, values: Float64Array, ref: ReferenceCurve): void {
  const P = reference.trading_days_per_year;
  const report = (riskFreeRate: number): PerformanceReport =>
    performanceReport({ dates: curves.dates, values, periodsPerYear: P, riskFreeRate });
  const { metrics } = report(reference.risk_free_rate);
  const atZero = report(0).metrics;
  const m = ref.metrics;

  // The rebuilt curve passes through every sampled reference value.
  const sampled = Object.entries(ref.values_sample);
  assert.ok(sampled.length > 30);
  for (const [date, value] of sampled) {
    const t = curves.dates.indexOf(date);
    assert.ok(t >= 0, `${name}: sampled date ${date} not in the window`);
    expectClose(values[t], value, BACKTEST, `${name} value on ${date}`);
  }

  assert.equal(metrics.periods, m.n_returns);
  assert.equal(metrics.startDate, reference.window.start);
  assert.equal(metrics.endDate, reference.window.end);
  const pairs: [string, number | null, number][] = [
    ["finalValue", metrics.finalValue, m.final_value],
    ["totalReturn", metrics.totalReturn, m.total_return],
    ["cagr", metrics.cagr, m.cagr],
    ["annualisedMeanReturn", metrics.annualisedMeanReturn, m.annualised_arithmetic_mean_return],
    ["volatility", metrics.volatility, m.annualised_volatility],
    ["sharpe rf 0.02", metrics.sharpe, m["sharpe_rf_0.02"]],
    ["sharpe rf 0", atZero.sharpe, m.sharpe_rf_0],
    ["sortino rf 0.02", metrics.sortino, m["sortino_rf_0.02"]],
    ["sortino rf 0", atZero.sortino, m.sortino_rf_0],
    ["maxDrawdown", metrics.maxDrawdown, m.max_drawdown],
    ["calmar", metrics.calmar, m.calmar],
  ];
  for (const [label, actual, expected] of pairs) {
    assert.notEqual(actual, null, `${name} ${label} is null`);
    expectClose(actual as number, expected, BACKTEST, `${name} ${label}`);
  }
  assert.equal(metrics.maxDrawdownPeakDate, curves.dates[m.max_drawdown_peak_index]);
  assert.equal(metrics.maxDrawdownTroughDate, curves.dates[m.max_drawdown_trough_index]);
  assert.equal(metrics.maxDrawdownPeakDate, m.max_drawdown_peak_date);
  assert.equal(metrics.maxDrawdownTroughDate, m.max_drawdown_trough_date);
  // Invariants beside the reference: the drawdown curve's deepest point is the reported maximum.
  const report02 = report(reference.risk_free_rate);
  const deepest = Math.max(...report02.series.drawdown.map(([, d]) => d));
  assert.equal(deepest, metrics.maxDrawdown);
  assert.equal(report02.series.drawdown[m.max_drawdown_trough_index][1], metrics.maxDrawdown);
}

describe("reference backtest (expected/backtest.json)", () => {
  it("rebuilds the common window of stock_prices.csv", () => {
    assert.equal(curves.dates.length, reference.window.n_prices);
    assert.equal(curves.dates[0], reference.window.start);
    assert.equal(curves.dates.at(-1), reference.window.end);
  });

  it("equal-weight buy-and-hold: values and every metric to 1e-9", () => {
    checkCurve("buy-and-hold", curves.buyAndHold, reference.equal_weight_buy_and_hold);
  });

  it("equal weights rebalanced every 21 rows: rebalance dates, values and every metric to 1e-9", () => {
    const ref = reference.equal_weight_rebalanced_every_21_days;
    assert.equal(curves.rebalanceRows.length, ref.n_rebalances);
    assert.deepEqual(
      curves.rebalanceRows.slice(0, ref.first_rebalance_dates.length).map((t) => curves.dates[t]),
      ref.first_rebalance_dates,
    );
    checkCurve("rebalanced", curves.rebalanced, ref);
  });
});
