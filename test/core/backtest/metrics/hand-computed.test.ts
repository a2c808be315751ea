/**
 * Metrics on small series whose answers are worked out by hand in the comments: drawdown dates,
 * win rates, best and worst day and month across a year boundary, calendar tables and their partial
 * flags, VaR/CVaR, skew and kurtosis, rolling ratios.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { excessKurtosis, performanceReport, skewness } from "../../../../src/core/backtest/metrics/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { assertFiniteReport } from "./assert-finite-report.js";

// Hand values are exact decimals; the code divides values into returns and back, so only a few
// roundings (~1e-16 each) separate them. 1e-12 leaves room and still catches any formula slip.
const HAND = { rtol: 1e-12, atol: 1e-14 };

const WEEK = ["2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07", "2021-01-08", "2021-01-11"];

/** Values V_0 = 1, V_t = V_{t−1}(1 + r_t). */
function compound(returns: readonly number[]): number[] {
  const values = [1];
  for (const r of returns) values.push(values[values.length - 1] * (1 + r));
  return values;
}

describe("drawdown metrics through the report", () => {
  it("dates the peak, trough and recovery; longest drawdown in periods and calendar days", () => {
    // High 110 on Jan 5, low 88 on Jan 7 (−20 %), 105 on Jan 8 is still below, 121 on Jan 11 recovers.
    const { metrics } = performanceReport({ dates: WEEK, values: [100, 110, 99, 88, 105, 121], periodsPerYear: 252 });
    expectClose(metrics.maxDrawdown, 0.2, HAND);
    assert.equal(metrics.maxDrawdownPeakDate, "2021-01-05");
    assert.equal(metrics.maxDrawdownTroughDate, "2021-01-07");
    assert.equal(metrics.maxDrawdownRecoveryDate, "2021-01-11");
    assert.equal(metrics.longestDrawdownPeriods, 4);
    assert.equal(metrics.longestDrawdownCalendarDays, 6); // Jan 5 → Jan 11 across a weekend
    assert.equal(metrics.longestDrawdownStartDate, "2021-01-05");
    assert.equal(metrics.longestDrawdownRecoveryDate, "2021-01-11");
    // CAGR over 5 returns: 1.21^(252/5) − 1; Calmar divides it by 0.2.
    expectClose(metrics.calmar ?? NaN, (1.21 ** (252 / 5) - 1) / 0.2, HAND);
  });

  it("leaves recovery dates null when the curve never gets back", () => {
    const { metrics } = performanceReport({ dates: WEEK.slice(0, 5), values: [100, 110, 99, 88, 105], periodsPerYear: 252 });
    assert.equal(metrics.maxDrawdownRecoveryDate, null);
    assert.equal(metrics.longestDrawdownRecoveryDate, null);
    assert.equal(metrics.longestDrawdownPeriods, 3); // open from Jan 5 to the last date, Jan 8
    assert.equal(metrics.longestDrawdownCalendarDays, 3);
  });

  it("a curve that only rises: no drawdown, null Calmar and dates, no downside for Sortino", () => {
    const report = performanceReport({ dates: WEEK, values: [1, 1.01, 1.03, 1.04, 1.08, 1.1], periodsPerYear: 252 });
    const { metrics } = report;
    assert.equal(metrics.maxDrawdown, 0);
    assert.equal(metrics.calmar, null);
    assert.equal(metrics.maxDrawdownPeakDate, null);
    assert.equal(metrics.maxDrawdownTroughDate, null);
    assert.equal(metrics.maxDrawdownRecoveryDate, null);
    assert.equal(metrics.longestDrawdownPeriods, 0);
    assert.equal(metrics.longestDrawdownCalendarDays, 0);
    assert.equal(metrics.ulcerIndex, 0);
    // Every daily return (≥ 0.96 %) beats the daily risk-free rate 0.02/252.
    assert.equal(metrics.sortino, null);
    assert.equal(metrics.winRate, 1);
    assert.ok(report.series.drawdown.every(([, d]) => d === 0));
    assertFiniteReport(report);
  });
});

describe("win rates, best and worst periods, calendar returns", () => {
  // Nov 30 2020 (Mon) and Jan 29 2021 (Fri) are the last weekdays of their months, Feb 26 2021 (Fri)
  // too: December, January and February are whole months.
  const dates = ["2020-11-30", "2020-12-15", "2020-12-31", "2021-01-15", "2021-01-29", "2021-02-12", "2021-02-26"];
  const values = [100, 104, 110, 99, 88, 88, 92.4];
  const report = performanceReport({ dates, values, periodsPerYear: 252 });
  const { metrics, series } = report;

  it("counts winning periods and months (a flat period is not a win)", () => {
    // Returns +4 %, +5.77 %, −10 %, −11.1 %, 0, +5 %: 3 wins of 6.
    assert.equal(metrics.winRate, 0.5);
    // Dec +10 %, Jan −20 %, Feb +5 %: 2 wins of 3.
    expectClose(metrics.monthlyWinRate, 2 / 3, HAND);
  });

  it("finds the best and worst day with their dates", () => {
    expectClose(metrics.bestDay, 110 / 104 - 1, HAND);
    assert.equal(metrics.bestDayDate, "2020-12-31");
    expectClose(metrics.worstDay, 88 / 99 - 1, HAND);
    assert.equal(metrics.worstDayDate, "2021-01-29");
  });

  it("finds the best and worst month across the year boundary", () => {
    expectClose(metrics.bestMonth, 0.1, HAND);
    assert.equal(metrics.bestMonthPeriod, "2020-12");
    expectClose(metrics.worstMonth, -0.2, HAND);
    assert.equal(metrics.worstMonthPeriod, "2021-01");
  });

  it("lays out monthly and yearly returns with partial years flagged", () => {
    assert.deepEqual(
      series.monthlyReturns.map((m) => [m.period, m.partial]),
      [["2020-12", false], ["2021-01", false], ["2021-02", false]],
    );
    expectClose(series.monthlyReturns.map((m) => m.return), [0.1, -0.2, 0.05], HAND);
    // 2020 starts on Nov 30 (its December is whole, the year is not); 2021 stops in February.
    assert.deepEqual(series.yearlyReturns.map((y) => [y.period, y.partial]), [["2020", true], ["2021", true]]);
    expectClose(series.yearlyReturns.map((y) => y.return), [0.1, 92.4 / 110 - 1], HAND);
    assert.equal(series.monthlyReturnsTable.length, 2);
    assert.deepEqual(series.monthlyReturnsTable.map((row) => row.year), [2020, 2021]);
    assert.deepEqual(series.monthlyReturnsTable[0].months.slice(0, 11), new Array(11).fill(null));
    assert.deepEqual(series.monthlyReturnsTable[1].months.slice(2), new Array(10).fill(null));
    expectClose([series.monthlyReturnsTable[0].months[11] ?? NaN, ...series.monthlyReturnsTable[1].months.slice(0, 2).map((m) => m ?? NaN)], [0.1, -0.2, 0.05], HAND);
  });

  it("flags a first month that starts mid-month and a last month that stops early", () => {
    // Mar 10 2021 is a Wednesday; May 12 2021 a Wednesday. April is interior and whole.
    const r = performanceReport({
      dates: ["2021-03-10", "2021-03-31", "2021-04-30", "2021-05-12"],
      values: [1, 1.1, 1.21, 1.331],
      periodsPerYear: 252,
    });
    assert.deepEqual(r.series.monthlyReturns.map((m) => [m.period, m.partial]), [["2021-03", true], ["2021-04", false], ["2021-05", true]]);
    assert.deepEqual(r.series.yearlyReturns.map((y) => [y.period, y.partial]), [["2021", true]]);
  });

  it("a start on the last weekday of a month contributes no return to that month", () => {
    // Jul 30 2021 is a Friday (Jul 31 a Saturday): August is the first, whole month.
    const r = performanceReport({ dates: ["2021-07-30", "2021-08-16", "2021-08-31"], values: [1, 1.05, 1.1], periodsPerYear: 252 });
    assert.deepEqual(r.series.monthlyReturns.map((m) => [m.period, m.partial]), [["2021-08", false]]);
    expectClose(r.series.monthlyReturns[0].return, 0.1, HAND);
  });
});

describe("tail risk, skew and kurtosis", () => {
  it("VaR and CVaR 95 % of 40 evenly spaced returns", () => {
    // Returns (k − 20)/1000, k = 0..39, shuffled. Losses −r run −0.019 … 0.020; 5 % of 40 is the 2
    // worst: VaR is the next loss (0.018), CVaR the mean of the two worst, (0.020 + 0.019)/2.
    const returns = Array.from({ length: 40 }, (_, k) => (((k * 17) % 40) - 20) / 1000);
    const dates = Array.from({ length: 41 }, (_, t) => `2021-${String(1 + Math.floor(t / 28)).padStart(2, "0")}-${String(1 + (t % 28)).padStart(2, "0")}`);
    const { metrics } = performanceReport({ dates, values: compound(returns), periodsPerYear: 252 });
    assert.equal(metrics.tailConfidence, 0.95);
    expectClose(metrics.valueAtRisk, 0.018, HAND);
    expectClose(metrics.conditionalValueAtRisk, 0.0195, HAND);
  });

  it("skewness and excess kurtosis of 0, 0, 0, 1 are pandas' 2 and 4", () => {
    // m2 = 0.1875, m3 = 0.09375: g1 = 2/√3, G1 = g1·√12/2 = 2. Σd² = 0.75, Σd⁴ = 0.328125:
    // G2 = 4·5·3·0.328125 / (2·1·0.5625) − 3·9/(2·1) = 17.5 − 13.5 = 4.
    expectClose(skewness([0, 0, 0, 1]) ?? NaN, 2, HAND);
    expectClose(excessKurtosis([0, 0, 0, 1]) ?? NaN, 4, HAND);
    assert.equal(skewness([1, 2]), null);
    assert.equal(excessKurtosis([1, 2, 3]), null);
  });
});

describe("rolling volatility and Sharpe", () => {
  it("are null until the window fills, then the plain formulas over the trailing window", () => {
    const returns = [0.01, -0.02, 0.03, 0.005, -0.01];
    const dates = ["2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07", "2021-01-08", "2021-01-11"];
    const { series } = performanceReport({ dates, values: compound(returns), periodsPerYear: 252, riskFreeRate: 0.0252, rollingWindow: 3 });
    assert.equal(series.rollingWindow, 3);
    assert.deepEqual(series.rollingVolatility.map(([d]) => d), dates);
    assert.deepEqual(series.rollingVolatility.slice(0, 3).map(([, v]) => v), [null, null, null]);
    for (let end = 2; end < returns.length; end++) {
      const w = returns.slice(end - 2, end + 1);
      const m = (w[0] + w[1] + w[2]) / 3;
      const sd = Math.sqrt(((w[0] - m) ** 2 + (w[1] - m) ** 2 + (w[2] - m) ** 2) / 2);
      expectClose(series.rollingVolatility[end + 1][1] ?? NaN, sd * Math.sqrt(252), HAND, `vol ending ${dates[end + 1]}`);
      expectClose(series.rollingSharpe[end + 1][1] ?? NaN, ((m - 0.0001) / sd) * Math.sqrt(252), HAND, `sharpe ending ${dates[end + 1]}`);
    }
  });

  it("a flat stretch inside a moving series has zero rolling volatility and no rolling Sharpe", () => {
    // 10 moving days, then 15 days in cash (returns exactly 0): windows of 5 inside the cash stretch.
    const returns = [0.03, -0.02, 0.05, -0.04, 0.01, 0.02, -0.03, 0.04, -0.01, 0.02, ...new Array<number>(15).fill(0)];
    const dates = Array.from({ length: 26 }, (_, t) => `2021-03-${String(t + 1).padStart(2, "0")}`);
    const { series } = performanceReport({ dates, values: compound(returns), periodsPerYear: 252, rollingWindow: 5 });
    for (let t = 16; t <= 25; t++) {
      assert.equal(series.rollingVolatility[t][1], 0, `volatility on ${dates[t]}`);
      assert.equal(series.rollingSharpe[t][1], null, `Sharpe on ${dates[t]}`);
    }
  });

  it("are all null when the window is longer than the series", () => {
    const { series } = performanceReport({ dates: WEEK, values: [1, 1.1, 1, 1.2, 1.1, 1.3], periodsPerYear: 252 });
    assert.equal(series.rollingWindow, 252);
    assert.ok(series.rollingSharpe.every(([, v]) => v === null));
    assert.ok(series.rollingVolatility.every(([, v]) => v === null));
  });
});

describe("turnover and costs", () => {
  it("averages the turnover per rebalance and passes total costs through", () => {
    const { metrics } = performanceReport({ dates: WEEK, values: [1, 1.1, 1, 1.2, 1.1, 1.3], periodsPerYear: 252, turnover: [1, 0.2, 0.3], totalCosts: 0.0015 });
    expectClose(metrics.averageTurnover ?? NaN, 0.5, HAND);
    assert.equal(metrics.totalCosts, 0.0015);
    const bare = performanceReport({ dates: WEEK, values: [1, 1.1, 1, 1.2, 1.1, 1.3], periodsPerYear: 252 }).metrics;
    assert.equal(bare.averageTurnover, null);
    assert.equal(bare.totalCosts, null);
  });
});
