/**
 * Rebalance calendars on hand-made trading calendars (weekends, holidays, months starting on a
 * weekend), and tolerance bands.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixedWeightsStrategy, rebalanceDates, runBacktest } from "../../../src/core/backtest/index.js";
import { handPanel, weekdays } from "./hand-panel.js";

// 2021-12-20 … 2022-06-07; 2022-01-01 is a Saturday, 2022-05-01 a Sunday.
const days = weekdays("2021-12-20", 120);
const firsts = (dates: string[]) => dates.map((d) => d.slice(0, 10));

describe("rebalanceDates", () => {
  it("monthly on the first trading day, across a month that starts on a weekend", () => {
    assert.deepEqual(firsts(rebalanceDates(days, "monthly")), ["2021-12-20", "2022-01-03", "2022-02-01", "2022-03-01", "2022-04-01", "2022-05-02", "2022-06-01"]);
  });

  it("monthly on the last trading day; the final date never trades", () => {
    assert.deepEqual(rebalanceDates(days, { kind: "monthly", on: "last" }), ["2021-12-20", "2021-12-31", "2022-01-31", "2022-02-28", "2022-03-31", "2022-04-29", "2022-05-31"]);
    const toMonthEnd = days.slice(0, days.indexOf("2022-05-31") + 1);
    assert.ok(!rebalanceDates(toMonthEnd, { kind: "monthly", on: "last" }).includes("2022-05-31"));
  });

  it("quarterly and yearly", () => {
    assert.deepEqual(rebalanceDates(days, "quarterly"), ["2021-12-20", "2022-01-03", "2022-04-01"]);
    assert.deepEqual(rebalanceDates(days, { kind: "quarterly", on: "last" }), ["2021-12-20", "2021-12-31", "2022-03-31"]);
    const twoYears = weekdays("2021-06-01", 450);
    assert.deepEqual(rebalanceDates(twoYears, "yearly"), ["2021-06-01", "2022-01-03", "2023-01-02"]);
    assert.deepEqual(rebalanceDates(twoYears, { kind: "yearly", on: "last" }), ["2021-06-01", "2021-12-31", "2022-12-30"]);
  });

  it("weekly: first trading day, a weekday, holidays moving it within the week", () => {
    // Three weeks without Monday 2022-01-17 (a holiday), Wednesday 2022-01-26 and Friday 2022-02-04.
    const holidays = new Set(["2022-01-17", "2022-01-26", "2022-02-04"]);
    const cal = weekdays("2022-01-10", 25).filter((d) => !holidays.has(d));
    assert.deepEqual(rebalanceDates(cal, "weekly"), ["2022-01-10", "2022-01-18", "2022-01-24", "2022-01-31", "2022-02-07"]);
    assert.deepEqual(rebalanceDates(cal, { kind: "weekly", weekday: 3 }), ["2022-01-10", "2022-01-12", "2022-01-19", "2022-01-27", "2022-02-02", "2022-02-09"]);
    assert.deepEqual(rebalanceDates(cal, { kind: "weekly", weekday: 5 }).slice(0, 5), ["2022-01-10", "2022-01-14", "2022-01-21", "2022-01-28", "2022-02-03"]);
  });

  it("every k rows after the start, the last row excluded; never; daily", () => {
    const cal = days.slice(0, 12);
    assert.deepEqual(rebalanceDates(cal, { kind: "everyKDays", k: 3 }, 2), [cal[2], cal[5], cal[8]]);
    assert.deepEqual(rebalanceDates(cal, { kind: "everyKDays", k: 3 }, 2).length, 3, "row 11 is the last row");
    assert.deepEqual(rebalanceDates(cal, "never", 4), [cal[4]]);
    assert.deepEqual(rebalanceDates(cal, "daily", 9), [cal[9], cal[10]]);
  });
});

describe("tolerance bands", () => {
  const dates = weekdays("2024-03-04", 8);
  // B drifts up slowly, then jumps at row 4, then is flat.
  const prices = handPanel(dates, { A: [10, 10, 10, 10, 10, 10, 10, 10], B: [10, 10.5, 11, 11.5, 13, 13, 13, 13] });
  const run = (bands: { absolute?: number; relative?: number }) =>
    runBacktest({ prices, periodsPerYear: 252, schedule: "daily", bands, strategy: fixedWeightsStrategy([0.5, 0.5]) }).runs[0];

  it("absolute band: rebalance only when a weight drifts past it", () => {
    // B's weight: 0.512, 0.524, 0.535, then 13/23 = 0.565 at row 4 (> 0.05 away from 0.5).
    assert.deepEqual(run({ absolute: 0.05 }).rebalances.map((r) => r.date), [dates[0], dates[4]]);
  });

  it("relative band: |w − target| > relative × target", () => {
    // 0.06 × 0.5 = 0.03: breached at row 3 (0.535), then B's jump at row 4 (from 0.5 again: 13/11.5 drift).
    assert.deepEqual(run({ relative: 0.06 }).rebalances.map((r) => r.date), [dates[0], dates[3], dates[4]]);
  });
});
