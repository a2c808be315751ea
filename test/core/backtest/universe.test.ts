/**
 * Assets entering and leaving the panel: not yet listed assets are outside the universe until they
 * have the window's history, and a held asset that stops trading is sold at its last close — no price
 * is ever invented.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { equalWeightStrategy, runBacktest, type BacktestStrategy, type RebalanceContext } from "../../../src/core/backtest/index.js";
import { expectClose } from "../../support/expect-close.js";
import { handPanel, weekdays } from "./hand-panel.js";

const EXACT = { rtol: 1e-14, atol: 1e-15 };
const dates = weekdays("2024-03-04", 8);

describe("universe changes", () => {
  it("a delisted holding is sold at its last close into cash", () => {
    const prices = handPanel(dates, {
      A: [10, 11, 12, 13, 14, 15, 16, 17],
      B: [10, 10, 10, 10, 10, 10, 10, 10],
      C: [10, 12, 14, 16, NaN, NaN, NaN, NaN],
    });
    const run = runBacktest({ prices, periodsPerYear: 252, schedule: "never", strategy: equalWeightStrategy() }).runs[0];
    const third = 1 / 3;
    // Shares bought at row 0: 1/30 of each. C's last close is 16 (row 3), sold on row 4.
    const cash = (third / 10) * 16;
    expectClose(run.cash[4], cash, EXACT, "sale proceeds in cash");
    expectClose(run.values[4], (third / 10) * 14 + (third / 10) * 10 + cash, EXACT, "value on the first unpriced day");
    expectClose(run.values[7], (third / 10) * 17 + (third / 10) * 10 + cash, EXACT, "final value");
    assert.equal(run.events.length, 1);
    assert.equal(run.events[0].code, "DELISTED");
    assert.equal(run.events[0].date, dates[4]);
    assert.deepEqual({ ticker: run.events[0].details.ticker, price: run.events[0].details.price }, { ticker: "C", price: 16 });
  });

  it("after delisting, rebalances leave the asset out", () => {
    const prices = handPanel(dates, { A: [10, 11, 12, 13, 14, 15, 16, 17], C: [10, 12, 14, 16, NaN, NaN, NaN, NaN] });
    const run = runBacktest({ prices, periodsPerYear: 252, schedule: "daily", strategy: equalWeightStrategy() }).runs[0];
    const late = run.rebalances.filter((r) => r.date >= dates[4]);
    assert.ok(late.length > 0);
    for (const r of late) assert.deepEqual(Array.from(r.weights), [1, 0]);
  });

  it("a newly listed asset joins once it has the window's history, and the window ends before t", () => {
    const seen: { date: string; assets: readonly number[]; lastReturn: number[] }[] = [];
    const recorder: BacktestStrategy = {
      name: "recorder",
      lookback: 2,
      allocate(ctx: RebalanceContext) {
        const { rows, cols, data } = ctx.returns;
        seen.push({ date: ctx.date, assets: ctx.assets, lastReturn: Array.from(data.subarray((rows - 1) * cols, rows * cols)) });
        return new Float64Array(ctx.assets.length).fill(1 / ctx.assets.length);
      },
    };
    const prices = handPanel(dates, {
      A: [10, 11, 12, 13, 14, 15, 16, 17],
      B: [NaN, NaN, NaN, 20, 22, 24, 26, 28],
    });
    runBacktest({ prices, periodsPerYear: 252, schedule: "daily", strategy: recorder });
    // Two return rows are needed: rows 1 and 2 are before row 3, the first rebalance. B is priced from
    // row 3, so its returns exist from row 4 and it has two of them before row 6. Row 7 (the last) never trades.
    assert.deepEqual(seen.map((s) => s.date), dates.slice(3, 7));
    assert.deepEqual(seen.map((s) => s.assets.length), [1, 1, 1, 2]);
    expectClose(seen[0].lastReturn, [12 / 11 - 1], EXACT, "the return into row 2, not row 3");
    expectClose(seen[3].lastReturn, [15 / 14 - 1, 24 / 22 - 1], EXACT, "returns into row 5");
  });
});
