/**
 * Invariants on random equity curves: metrics depend on ratios of values only (scaling the curve
 * changes nothing), every number in a report is finite or null, and skew and kurtosis agree with the
 * textbook formulas written the slow way.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { excessKurtosis, performanceReport, skewness, type PerformanceReport } from "../../../../src/core/backtest/metrics/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { assertFiniteReport } from "./assert-finite-report.js";
import { equalWeightCurves } from "./equal-weight-curves.js";

/** Consecutive weekdays from Monday 2019-12-02, so curves cross months and a year end. */
function weekdays(count: number): string[] {
  const out: string[] = [];
  const day = new Date(Date.UTC(2019, 11, 2));
  while (out.length < count) {
    const w = day.getUTCDay();
    if (w !== 0 && w !== 6) out.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

// Distinct returns in basis points (−30 % … +30 %), so the best and worst day are never tied and
// a rounding difference cannot move them to another date.
const curves = fc
  .record({
    bps: fc.uniqueArray(fc.integer({ min: -3000, max: 3000 }), { minLength: 1, maxLength: 80 }),
    start: fc.double({ min: 0.01, max: 1e4, noNaN: true }),
    window: fc.integer({ min: 2, max: 30 }),
    benchmarkBps: fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 80, maxLength: 80 }),
  })
  .map(({ bps, start, window, benchmarkBps }) => {
    const values = [start];
    const benchmark = [100];
    bps.forEach((bp, t) => {
      values.push(values[t] * (1 + bp / 1e4));
      benchmark.push(benchmark[t] * (1 + benchmarkBps[t] / 1e4));
    });
    return { values, benchmark, window, dates: weekdays(values.length) };
  });

function reportOf(c: { values: number[]; benchmark: number[]; window: number; dates: string[] }, scale: number): PerformanceReport {
  return performanceReport({
    dates: c.dates,
    values: c.values.map((v) => v * scale),
    benchmarkValues: c.benchmark,
    periodsPerYear: 252,
    rollingWindow: c.window,
    turnover: [0.5, 0.25],
    totalCosts: 0.001,
  });
}

// Scaling by c changes each return V_t·c / (V_{t−1}·c) − 1 by a rounding (~1e-16); ratios of ~80 of
// them move by ~1e-13 relative at worst, far inside 1e-9. atol covers metrics that are 0.
const SCALED = { rtol: 1e-9, atol: 1e-12 };
const LEVELS = new Set(["startValue", "finalValue"]);

describe("performanceReport properties", () => {
  it("scaling the equity curve leaves every metric unchanged; every number is finite or null", () => {
    fc.assert(
      fc.property(curves, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (c, scale) => {
        const base = reportOf(c, 1);
        const scaled = reportOf(c, scale);
        assertFiniteReport(base);
        assertFiniteReport(scaled);
        for (const [key, value] of Object.entries(base.metrics)) {
          const other = (scaled.metrics as unknown as Record<string, unknown>)[key];
          if (LEVELS.has(key)) continue;
          if (typeof value === "number" && typeof other === "number") expectClose(other, value, SCALED, key);
          else assert.equal(other, value, key);
        }
        expectClose(scaled.series.drawdown.map(([, d]) => d), base.series.drawdown.map(([, d]) => d), SCALED, "drawdown");
        expectClose(scaled.series.monthlyReturns.map((m) => m.return), base.series.monthlyReturns.map((m) => m.return), SCALED, "monthly");
        assert.deepEqual(scaled.series.rollingSharpe.map(([, s]) => s === null), base.series.rollingSharpe.map(([, s]) => s === null));
      }),
      { numRuns: 150 },
    );
  });

  it("compounding the monthly returns gives the yearly ones and the total", () => {
    fc.assert(
      fc.property(curves, (c) => {
        const { metrics, series } = reportOf(c, 1);
        const compounded = (rs: readonly { return: number }[]) => rs.reduce((g, m) => g * (1 + m.return), 1) - 1;
        // Products of ≤ 80 ratios: rounding grows to ~1e-14 relative.
        expectClose(compounded(series.monthlyReturns), metrics.totalReturn, { rtol: 1e-12, atol: 1e-14 }, "months → total");
        expectClose(compounded(series.yearlyReturns), metrics.totalReturn, { rtol: 1e-12, atol: 1e-14 }, "years → total");
      }),
    );
  });
});

/** Textbook forms from population moments m_k = mean((x − x̄)^k), computed one loop per moment. */
function slowShape(x: readonly number[]): { skew: number; kurtosis: number } {
  const n = x.length;
  const avg = x.reduce((s, v) => s + v, 0) / n;
  const moment = (k: number) => x.reduce((s, v) => s + (v - avg) ** k, 0) / n;
  const m2 = moment(2);
  const g1 = moment(3) / m2 ** 1.5;
  const g2 = moment(4) / (m2 * m2) - 3;
  return {
    skew: (g1 * Math.sqrt(n * (n - 1))) / (n - 2),
    kurtosis: (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3)),
  };
}

// Closed-form moment estimators in two algebraic forms: they agree to rounding, ~1e-13 relative.
const MOMENTS = { rtol: 1e-10, atol: 1e-12 };

describe("skew and kurtosis against the slow formulas", () => {
  it("random samples", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 4, maxLength: 60 }), (ints) => {
        const x = ints.map((i) => i / 1000);
        if (new Set(x).size < 2) return;
        const slow = slowShape(x);
        expectClose(skewness(x) ?? NaN, slow.skew, MOMENTS, "skew");
        expectClose(excessKurtosis(x) ?? NaN, slow.kurtosis, MOMENTS, "kurtosis");
      }),
    );
  });

  it("the reference buy-and-hold curve's daily returns", async () => {
    const { dates, buyAndHold } = await equalWeightCurves();
    const { metrics } = performanceReport({ dates, values: buyAndHold, periodsPerYear: 252 });
    const returns = Array.from({ length: buyAndHold.length - 1 }, (_, t) => buyAndHold[t + 1] / buyAndHold[t] - 1);
    const slow = slowShape(returns);
    expectClose(metrics.skew ?? NaN, slow.skew, MOMENTS, "skew");
    expectClose(metrics.kurtosis ?? NaN, slow.kurtosis, MOMENTS, "kurtosis");
  });
});
