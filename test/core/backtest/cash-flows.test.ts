/**
 * Periodic contributions and withdrawals: dated on the first trading day of each period, invested
 * pro rata, visible in `flows`, and never producing negative holdings.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixedWeightsStrategy, runBacktest } from "../../../src/core/backtest/index.js";
import { expectClose } from "../../support/expect-close.js";
import { handPanel, weekdays } from "./hand-panel.js";

// Hand arithmetic on a few prices: rounding only.
const EXACT = { rtol: 1e-13, atol: 1e-15 };

// 2024-01-29 … 2024-04-05: month starts on Thu 2024-02-01, Fri 2024-03-01, Mon 2024-04-01.
const dates = weekdays("2024-01-29", 50);
const a = dates.map((_, t) => 10 + 0.1 * t);
const b = dates.map((_, t) => 20 + 2 * Math.sin(t / 3));
const prices = handPanel(dates, { A: a, B: b });

describe("cash flows", () => {
  it("contributions land on the first trading day of each month, pro rata, and leave time-weighted returns unchanged", () => {
    const base = { prices, periodsPerYear: 252, schedule: "never" as const, strategy: fixedWeightsStrategy([0.6, 0.3]), recordDailyWeights: true };
    const plain = runBacktest(base).runs[0];
    const funded = runBacktest({ ...base, cashFlows: { amount: 0.5, frequency: "monthly" } }).runs[0];
    const flowDates = funded.dates.filter((_, k) => funded.flows[k] !== 0);
    assert.deepEqual(flowDates, ["2024-02-01", "2024-03-01", "2024-04-01"]);
    for (let k = 0; k < funded.dates.length; k++) {
      if (funded.flows[k] !== 0) expectClose(funded.flows[k], 0.5, EXACT, "flow");
    }
    // Pro rata (10% cash included) at no cost: the weights and the time-weighted returns are those of
    // the unfunded portfolio.
    expectClose(funded.dailyWeights!.data, plain.dailyWeights!.data, EXACT, "weights");
    for (let k = 0; k + 1 < funded.values.length; k++) {
      const twr = funded.values[k + 1] / (funded.values[k] + funded.flows[k]);
      expectClose(twr, plain.values[k + 1] / plain.values[k], EXACT, `return ${k + 1}`);
    }
    const k = funded.dates.indexOf("2024-02-01");
    // Cash earns nothing here, so its weight just before the flow is cash[k − 1] / values[k].
    expectClose(funded.cash[k], (funded.cash[k - 1] / funded.values[k]) * (funded.values[k] + 0.5), EXACT, "cash share kept");
    assert.equal(funded.rebalances.length, 1, "pro-rata investing is not a rebalance");
  });

  it("a withdrawal larger than the value empties the portfolio once, with an event", () => {
    const run = runBacktest({
      prices,
      periodsPerYear: 252,
      schedule: "never",
      strategy: fixedWeightsStrategy([0.5, 0.5]),
      cashFlows: { amount: -0.7, frequency: "monthly" },
      recordDailyWeights: true,
    }).runs[0];
    const feb = run.dates.indexOf("2024-02-01");
    const mar = run.dates.indexOf("2024-03-01");
    expectClose(run.flows[feb], -0.7, EXACT, "first withdrawal in full");
    const left = run.values[mar];
    assert.ok(left > 0 && left < 0.7);
    expectClose(run.flows[mar], -left, EXACT, "what was left is withdrawn");
    const depleted = run.events.filter((e) => e.code === "DEPLETED");
    assert.equal(depleted.length, 1);
    assert.equal(depleted[0].date, "2024-03-01");
    assert.equal(depleted[0].action, "emptied");
    for (let k = mar + 1; k < run.values.length; k++) assert.equal(run.values[k], 0);
    for (const w of run.dailyWeights!.data) assert.ok(w >= 0, "no negative holdings");
    for (const c of run.cash) assert.ok(c >= 0, "no negative cash");
  });
});
