/**
 * Costs paid from the portfolio: the exact post-cost value (trade-to-target.ts) and, through the
 * engine, cases computed by hand where the cost's effect on the final value is known exactly.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { fixedWeightsStrategy, runBacktest, tradeToTarget, type RebalanceSchedule } from "../../../src/core/backtest/index.js";
import { expectClose } from "../../support/expect-close.js";
import { handPanel, weekdays } from "./hand-panel.js";

// Closed forms evaluated in floating point against the engine's own arithmetic: a few roundings apart.
const EXACT = { rtol: 1e-14, atol: 1e-15 };

describe("tradeToTarget", () => {
  it("buying from cash: V′ = V / (1 + c·Σw), cost = c × traded value", () => {
    const c = 0.0025;
    const out = tradeToTarget({ value: 1, positions: new Float64Array(2), targets: Float64Array.of(0.5, 0.5), rate: c, fixedCost: 0 });
    assert.ok(out !== null);
    expectClose(out.valueAfter, 1 / (1 + c), EXACT, "value after");
    expectClose(out.tradedValue, 1 / (1 + c), EXACT, "traded");
    expectClose(out.cost, (c * 1) / (1 + c), EXACT, "cost");
    assert.equal(out.trades, 2);
  });

  it("no costs leave the value unchanged exactly; no trade pays no fixed fee", () => {
    const positions = Float64Array.of(0.3, 0.7);
    const same = tradeToTarget({ value: 1, positions, targets: Float64Array.of(0.3, 0.7), rate: 0.01, fixedCost: 0.5 });
    assert.deepEqual(same, { valueAfter: 1, tradedValue: 0, cost: 0, trades: 0 });
    const free = tradeToTarget({ value: 1, positions, targets: Float64Array.of(0.5, 0.5), rate: 0, fixedCost: 0 });
    assert.equal(free?.valueAfter, 1);
  });

  it("returns null when the fees exceed the value", () => {
    assert.equal(tradeToTarget({ value: 1, positions: new Float64Array(2), targets: Float64Array.of(0.5, 0.5), rate: 0, fixedCost: 0.6 }), null);
  });

  it("satisfies V′ = V − c·Σ|wᵢV′ − xᵢ| − f·n for random portfolios (property)", () => {
    const position = fc.double({ min: 0, max: 10, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(position, fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0, max: 0.01, noNaN: true }),
        (assets, cash, rate, fixedCost) => {
          const positions = Float64Array.from(assets, ([x]) => x);
          const raw = assets.map(([, w]) => w);
          const total = raw.reduce((a, b) => a + b, 0) || 1;
          const targets = Float64Array.from(raw, (w) => w / total);
          const value = cash + positions.reduce((a, b) => a + b, 0);
          fc.pre(value > 0.1);
          const out = tradeToTarget({ value, positions, targets, rate, fixedCost });
          if (out === null) return;
          let traded = 0;
          let n = 0;
          for (let i = 0; i < targets.length; i++) {
            const d = Math.abs(targets[i] * out.valueAfter - positions[i]);
            traded += d;
            if (d > 1e-12 * value) n++;
          }
          expectClose(out.valueAfter + rate * traded + fixedCost * n, value, { rtol: 1e-12, atol: 1e-12 }, "budget");
          assert.equal(out.trades, n);
        },
      ),
    );
  });
});

describe("costs in a backtest", () => {
  const dates = weekdays("2024-01-01", 5);
  // Prices go up and come back: a buy-and-hold portfolio ends where it started (growth exactly 1).
  const roundTrip = handPanel(dates, { A: [10, 11, 12, 11, 10], B: [20, 18, 25, 22, 20] });
  const halfHalf = () => fixedWeightsStrategy([0.5, 0.5]);
  const final = (costBps: number, schedule: RebalanceSchedule = "never") => {
    const run = runBacktest({ prices: roundTrip, periodsPerYear: 252, schedule, costBps, strategy: halfHalf() }).runs[0];
    return { run, value: run.values[run.values.length - 1] };
  };

  it("one purchase then buy-and-hold: the final value falls by exactly traded value × rate", () => {
    const free = final(0);
    const costly = final(25);
    expectClose(free.value, 1, EXACT, "no-cost final");
    const purchase = costly.run.rebalances[0];
    expectClose(purchase.cost, purchase.tradedValue * 0.0025, EXACT, "cost = rate × traded");
    expectClose(free.value - costly.value, purchase.tradedValue * 0.0025, EXACT, "final value loss");
    expectClose(costly.run.totalCosts, purchase.cost, EXACT, "total costs");
    // The purchase's cost shows in the first return: values[0] is the start value.
    assert.equal(costly.run.values[0], 1);
  });

  it("a rebalance's cost, computed by hand", () => {
    // Rows: buy at row 0, A +10% at row 1 (B flat), rebalance at row 1, then flat prices.
    const panel = handPanel(weekdays("2024-01-01", 3), { A: [10, 11, 11], B: [20, 20, 20] });
    const c = 0.001;
    const run = runBacktest({ prices: panel, periodsPerYear: 252, schedule: "daily", costBps: 10, strategy: halfHalf() }).runs[0];
    const v0 = 1 / (1 + c); // after buying from cash
    // At row 1: positions 0.55·v0 and 0.5·v0, value 1.05·v0; half-half needs a sale and a purchase of
    // 0.025·v0 each (the signs are fixed, so V′ = V − c·0.05·v0 exactly).
    expectClose(run.rebalances[1].tradedValue, 0.05 * v0, EXACT, "traded");
    expectClose(run.rebalances[1].turnover, 0.05 / 1.05, EXACT, "turnover = traded / pre-trade value");
    expectClose(run.values[2], 1.05 * v0 - c * 0.05 * v0, EXACT, "final value");
  });

  it("fixed fees per asset traded", () => {
    const run = runBacktest({ prices: roundTrip, periodsPerYear: 252, schedule: "never", fixedCostPerTrade: 0.01, strategy: halfHalf() }).runs[0];
    expectClose(run.rebalances[0].cost, 0.02, EXACT, "two assets bought");
    expectClose(run.values[run.values.length - 1], 0.98, EXACT, "final value");
  });
});
