/**
 * Bad requests give typed errors naming what is wrong; progress is reported and cancellation honoured.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { equalWeightStrategy, runBacktest, strategyFromSpec, type BacktestInput } from "../../../src/core/backtest/index.js";
import { CoreError } from "../../../src/core/errors.js";
import { handPanel, weekdays } from "./hand-panel.js";

const dates = weekdays("2024-01-01", 300);
const prices = handPanel(dates, {
  A: dates.map((_, t) => 10 + Math.sin(t / 7)),
  B: dates.map((_, t) => 20 + Math.cos(t / 5)),
  C: dates.map((_, t) => 30 + t / 10),
});
const base: BacktestInput = { prices, periodsPerYear: 252, strategy: equalWeightStrategy() };

function throwsCode(input: BacktestInput, code: string, text: RegExp): void {
  assert.throws(
    () => runBacktest(input),
    (error: unknown) => error instanceof CoreError && error.code === code && text.test(error.message),
  );
}

describe("bad requests", () => {
  it("a window longer than the data: INSUFFICIENT_HISTORY", () => {
    const minVol = strategyFromSpec({ kind: "meanVariance", model: { kind: "minVolatility" } });
    throwsCode({ ...base, strategy: minVol, lookback: 400 }, "INSUFFICIENT_HISTORY", /400 return rows/);
  });

  it("start after end, or no dates between them: INVALID_INPUT", () => {
    throwsCode({ ...base, start: "2024-06-01", end: "2024-03-01" }, "INVALID_INPUT", /start 2024-06-01 is after end 2024-03-01/);
    throwsCode({ ...base, start: "2030-01-01" }, "INVALID_INPUT", /no two trading dates/);
    throwsCode({ ...base, start: "2024-13-01" }, "INVALID_INPUT", /not a valid/);
  });

  it("an empty universe at the first rebalance: INSUFFICIENT_HISTORY naming the date", () => {
    const late = handPanel(dates.slice(0, 5), { A: [NaN, NaN, 10, 11, 12] });
    throwsCode({ ...base, prices: late }, "INSUFFICIENT_HISTORY", /no asset can be bought on 2024-01-01/);
  });

  it("an unknown benchmark ticker, a benchmark series with a missing date: INVALID_INPUT", () => {
    throwsCode({ ...base, benchmarks: [{ kind: "ticker", ticker: "SPY" }] }, "INVALID_INPUT", /unknown benchmark ticker "SPY"/);
    const series = { kind: "series" as const, name: "index", dates: dates.slice(1), values: dates.slice(1).map(() => 1) };
    throwsCode({ ...base, benchmarks: [series] }, "INVALID_INPUT", /index has no value on 2024-01-01/);
  });

  it("k ≤ 0 or not whole, and other bad options: INVALID_INPUT", () => {
    for (const k of [0, -3, 1.5]) throwsCode({ ...base, schedule: { kind: "everyKDays", k } }, "INVALID_INPUT", /everyKDays/);
    throwsCode({ ...base, costBps: -1 }, "INVALID_INPUT", /costBps/);
    throwsCode({ ...base, lookback: 2.5 }, "INVALID_INPUT", /lookback/);
    throwsCode({ ...base, schedule: "hourly" as never }, "INVALID_INPUT", /unknown rebalance schedule/);
    assert.throws(
      () => strategyFromSpec({ kind: "blackLitterman" }),
      (error: unknown) => error instanceof CoreError && error.code === "INVALID_INPUT" && /unknown strategy kind/.test(error.message),
    );
  });
});

describe("progress and cancellation", () => {
  it("progress is non-decreasing, reported at most ~100 times, and ends at 1", () => {
    const seen: number[] = [];
    runBacktest({ ...base, schedule: "daily", onProgress: (fraction) => seen.push(fraction) });
    assert.ok(seen.length >= 10 && seen.length <= 101, `${seen.length} calls`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1]);
    assert.equal(seen[seen.length - 1], 1);
  });

  it("an aborted signal stops the run with CANCELLED", () => {
    const controller = new AbortController();
    let calls = 0;
    assert.throws(
      () =>
        runBacktest({
          ...base,
          signal: controller.signal,
          onProgress: (fraction) => {
            calls++;
            if (fraction >= 0.5) controller.abort();
          },
        }),
      (error: unknown) => error instanceof CoreError && error.code === "CANCELLED" && /cancelled on/.test(error.message),
    );
    assert.ok(calls < 60, "stopped soon after the abort");
    const aborted = AbortSignal.abort();
    assert.throws(() => runBacktest({ ...base, signal: aborted }), (error: unknown) => (error as CoreError).code === "CANCELLED");
  });
});
