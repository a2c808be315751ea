/**
 * The engine against backtest.json (../shared/reference/expected): equal weights over the 20 tickers of
 * stock_prices.csv from 2014-09-19 (the first date all 20 have a price) to 2018-04-11, start value 1, no
 * costs — bought and held, and rebalanced every 21 rows. The prices are read with the project's reader.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { runBacktest, strategyFromSpec, type BacktestRun, type RebalanceSchedule } from "../../../src/core/backtest/index.js";
import type { PricePanel } from "../../../src/core/returns/index.js";
import { readPriceFile } from "../../../src/data/index.js";
import { expectClose } from "../../support/expect-close.js";
import { referenceJson, referencePath } from "../../support/reference.js";

interface ReferenceCurve {
  readonly metrics: { readonly final_value: number; readonly n_returns: number };
  readonly values_sample: Record<string, number>;
  readonly first_rebalance_dates?: readonly string[];
  readonly n_rebalances?: number;
}
const reference = referenceJson<{
  window: { start: string; end: string; n_prices: number };
  equal_weight_buy_and_hold: ReferenceCurve;
  equal_weight_rebalanced_every_21_days: ReferenceCurve;
}>("expected", "backtest.json");

// Equity is a sum of 20 price ratios compounded over 895 days: rounding stays near 1e-15 relative, and
// the reference file asks for 1e-9 on backtest values.
const VALUE_TOLERANCE = { rtol: 1e-9, atol: 0 };

let prices: PricePanel;
before(async () => {
  prices = await readPriceFile(referencePath("data", "stock_prices.csv"));
});

function run(schedule: RebalanceSchedule): BacktestRun {
  const result = runBacktest({
    prices,
    periodsPerYear: 252,
    start: reference.window.start,
    schedule,
    strategy: strategyFromSpec({ kind: "equalWeight" }),
  });
  return result.runs[0];
}

function checkCurve(curve: BacktestRun, expected: ReferenceCurve): void {
  assert.equal(curve.dates[0], reference.window.start);
  assert.equal(curve.dates[curve.dates.length - 1], reference.window.end);
  assert.equal(curve.values.length, reference.window.n_prices);
  assert.equal(curve.values.length - 1, expected.metrics.n_returns);
  const sampled = Object.entries(expected.values_sample);
  assert.ok(sampled.length >= 40, "the reference samples about 40 values");
  const actual = sampled.map(([date]) => {
    const k = curve.dates.indexOf(date);
    assert.ok(k >= 0, `sampled date ${date} is a backtest date`);
    return curve.values[k];
  });
  expectClose(actual, sampled.map(([, v]) => v), VALUE_TOLERANCE, "sampled equity");
  expectClose(curve.values[curve.values.length - 1], expected.metrics.final_value, VALUE_TOLERANCE, "final value");
}

describe("equal weight against backtest.json", () => {
  it("buy-and-hold: the final value and the sampled equity curve", () => {
    const curve = run("never");
    checkCurve(curve, reference.equal_weight_buy_and_hold);
    assert.equal(curve.rebalances.length, 1, "one purchase, then hold");
    expectClose(curve.rebalances[0].weights, new Array(20).fill(1 / 20), { rtol: 0, atol: 1e-15 }, "weights");
    assert.equal(curve.events.length, 0);
    // Fully invested at the first close: no cash left, apart from rounding.
    expectClose(curve.cash[0], 0, { rtol: 0, atol: 1e-15 }, "cash");
  });

  it("rebalanced every 21 rows: final value, rebalance dates and the sampled equity curve", () => {
    const expected = reference.equal_weight_rebalanced_every_21_days;
    const curve = run({ kind: "everyKDays", k: 21 });
    checkCurve(curve, expected);
    // The reference counts the rebalances after the first purchase.
    assert.equal(curve.rebalances.length - 1, expected.n_rebalances);
    assert.deepEqual(
      curve.rebalances.slice(1, 4).map((r) => r.date),
      expected.first_rebalance_dates,
    );
    for (const r of curve.rebalances) expectClose(r.cost, 0, { rtol: 0, atol: 0 }, "no costs");
  });
});
