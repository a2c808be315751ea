/**
 * A failed rebalance is a value, not a crash: the strategy's typed error becomes an event and the
 * `onFailure` policy applies; only a non-domain exception (a bug) stops the backtest.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { equalWeightStrategy, runBacktest, type BacktestStrategy, type FailurePolicy } from "../../../src/core/backtest/index.js";
import { ConvergenceError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { handPanel, weekdays } from "./hand-panel.js";

const dates = weekdays("2024-03-04", 6);
const prices = handPanel(dates, { A: [10, 11, 12, 13, 14, 15], B: [10, 9, 8, 9, 10, 11] });

/** 80/20 every day, except that it fails on `failOn`. */
function flaky(failOn: string, error: () => Error = () => new ConvergenceError("did not converge")): BacktestStrategy {
  return { name: "flaky", lookback: 0, allocate: (ctx) => (ctx.date === failOn ? (() => { throw error(); })() : [0.8, 0.2]) };
}

function run(onFailure: FailurePolicy, failOn = dates[2]) {
  return runBacktest({ prices, periodsPerYear: 252, schedule: "daily", onFailure, strategy: flaky(failOn), recordDailyWeights: true }).runs[0];
}

describe("strategy failures", () => {
  it("hold: an event, no trade, the drifted holdings kept", () => {
    const out = run("hold");
    assert.equal(out.events.length, 1);
    const [event] = out.events;
    assert.deepEqual([event.date, event.code, event.action, event.details.errorCode], [dates[2], "STRATEGY_FAILED", "hold", "NO_CONVERGENCE"]);
    assert.ok(!out.rebalances.some((r) => r.date === dates[2]));
    // Weights after row 2's close are the row-1 holdings drifted to row-2 prices: 0.8·12/11 vs 0.2·8/9.
    const a = 0.8 * (12 / 11);
    const b = 0.2 * (8 / 9);
    expectClose([out.dailyWeights!.data[4], out.dailyWeights!.data[5]], [a / (a + b), b / (a + b)], { rtol: 1e-14, atol: 0 }, "held weights");
  });

  it("equalWeight fallback: a rebalance to 1/N marked as fallback", () => {
    const out = run("equalWeight");
    assert.equal(out.events[0].action, "equalWeight");
    const fallback = out.rebalances.find((r) => r.date === dates[2]);
    assert.equal(fallback?.source, "fallback");
    assert.deepEqual(Array.from(fallback!.weights), [0.5, 0.5]);
  });

  it("a failure at the first rebalance under hold stays in cash until the next one", () => {
    const out = run("hold", dates[0]);
    assert.equal(out.events[0].action, "cash");
    assert.equal(out.values[1], 1);
    assert.equal(out.rebalances[0].date, dates[1]);
  });

  it("a non-domain exception is a bug and stops the backtest", () => {
    assert.throws(
      () => runBacktest({ prices, periodsPerYear: 252, schedule: "daily", strategy: flaky(dates[2], () => new TypeError("bug")) }),
      TypeError,
    );
  });

  it("weights summing above 1 are recorded as a failure, not traded", () => {
    const greedy: BacktestStrategy = { name: "greedy", lookback: 0, allocate: (ctx) => (ctx.row === 2 ? [0.9, 0.9] : [0.5, 0.5]) };
    const out = runBacktest({ prices, periodsPerYear: 252, schedule: "daily", strategy: greedy }).runs[0];
    assert.equal(out.events[0].details.errorCode, "INVALID_INPUT");
  });

  it("an empty universe after the first rebalance is an event; holdings are kept", () => {
    const gappy = handPanel(dates, { A: [10, 11, NaN, NaN, 14, 15] });
    const out = runBacktest({ prices: gappy, periodsPerYear: 252, schedule: "daily", strategy: equalWeightStrategy() }).runs[0];
    const codes = out.events.map((e) => `${e.date} ${e.code}`);
    assert.deepEqual(codes, [`${dates[2]} DELISTED`, `${dates[2]} EMPTY_UNIVERSE`, `${dates[3]} EMPTY_UNIVERSE`]);
    // A is priced again on row 4 and bought back with the cash its sale left.
    assert.deepEqual(out.rebalances.map((r) => r.date), [dates[0], dates[1], dates[4]]);
  });
});
