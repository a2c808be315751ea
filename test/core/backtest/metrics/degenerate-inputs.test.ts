/**
 * Degenerate inputs: too little history, bad values, bad dates and mismatched lengths throw typed
 * errors naming the culprit; constant and two-point series give a report with no NaN anywhere.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CoreError } from "../../../../src/core/errors.js";
import { performanceReport } from "../../../../src/core/backtest/metrics/index.js";
import { expectCoreError } from "../../optimizers/constraints/expect-core-error.js";
import { assertFiniteReport } from "./assert-finite-report.js";

const DATES = ["2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07"];
const report = (values: ArrayLike<number>, extra: Record<string, unknown> = {}) =>
  performanceReport({ dates: DATES.slice(0, values.length), values, periodsPerYear: 252, ...extra });

describe("invalid input", () => {
  it("one value (no return) is INSUFFICIENT_HISTORY", () => {
    expectCoreError(() => report([1]), "INSUFFICIENT_HISTORY");
    expectCoreError(() => performanceReport({ dates: [], values: [], periodsPerYear: 252 }), "INSUFFICIENT_HISTORY");
  });

  it("non-finite and non-positive values name the date", () => {
    const nan = expectCoreError(() => report([1, Number.NaN, 1]), "NON_FINITE_VALUE");
    assert.equal(nan.details.date, "2021-01-05");
    expectCoreError(() => report([1, Infinity]), "NON_FINITE_VALUE");
    const zero = expectCoreError(() => report([1, 1.1, 0]), "INVALID_INPUT");
    assert.equal(zero.details.date, "2021-01-06");
    expectCoreError(() => report([1, -2]), "INVALID_INPUT");
  });

  it("dates must be real, strictly ascending calendar dates", () => {
    const descending = expectCoreError(
      () => performanceReport({ dates: ["2021-01-05", "2021-01-04"], values: [1, 2], periodsPerYear: 252 }),
      "INVALID_INPUT",
    );
    assert.equal(descending.details.date, "2021-01-04");
    expectCoreError(() => performanceReport({ dates: ["2021-01-05", "2021-01-05"], values: [1, 2], periodsPerYear: 252 }), "DUPLICATE_DATE");
    expectCoreError(() => performanceReport({ dates: ["2021-01-05", "2021-02-30"], values: [1, 2], periodsPerYear: 252 }), "INVALID_INPUT");
    expectCoreError(() => performanceReport({ dates: ["2021-01-05", "5/1/2021"], values: [1, 2], periodsPerYear: 252 }), "INVALID_INPUT");
  });

  it("lengths must agree: dates, values, benchmark", () => {
    expectCoreError(() => performanceReport({ dates: DATES.slice(0, 3), values: [1, 2], periodsPerYear: 252 }), "SHAPE_MISMATCH");
    expectCoreError(() => report([1, 1.1, 1.2], { benchmarkValues: [1, 1.1] }), "SHAPE_MISMATCH");
    expectCoreError(() => report([1, 1.1, 1.2], { benchmarkValues: [1, Number.NaN, 1] }), "NON_FINITE_VALUE");
  });

  it("options out of range", () => {
    expectCoreError(() => report([1, 1.1], { periodsPerYear: 0 }), "INVALID_INPUT");
    expectCoreError(() => report([1, 1.1], { periodsPerYear: 1e300 }), "INVALID_INPUT");
    expectCoreError(() => report([1, 1.1], { riskFreeRate: 1e300 }), "INVALID_INPUT");
    expectCoreError(() => report([1, 1.1], { riskFreeRate: Number.NaN }), "INVALID_INPUT");
    expectCoreError(() => report([1, 1.1], { confidence: 1 }), "INVALID_INPUT");
    expectCoreError(() => report([1, 1.1], { rollingWindow: 1 }), "INVALID_INPUT");
    expectCoreError(() => report([1, 1.1], { rollingWindow: 2.5 }), "INVALID_INPUT");
    expectCoreError(() => report([1, 1.1], { turnover: [0.1, -0.2] }), "INVALID_INPUT");
    expectCoreError(() => report([1, 1.1], { totalCosts: Infinity }), "INVALID_INPUT");
  });

  it("does not write into the caller's arrays", () => {
    const values = [1, 1.1, 1.05, 1.2];
    const benchmark = [3, 3.3, 3.1, 3.2];
    report(values, { benchmarkValues: benchmark });
    assert.deepEqual(values, [1, 1.1, 1.05, 1.2]);
    assert.deepEqual(benchmark, [3, 3.3, 3.1, 3.2]);
  });
});

describe("degenerate but valid series", () => {
  it("a constant series: zero volatility, undefined Sharpe and shape, no NaN anywhere", () => {
    for (const riskFreeRate of [0, 0.02]) {
      const r = report([2, 2, 2, 2], { riskFreeRate, benchmarkValues: [1, 1.1, 1.0, 1.2], turnover: [], totalCosts: 0 });
      assertFiniteReport(r);
      assert.equal(r.metrics.volatility, 0);
      assert.equal(r.metrics.sharpe, null);
      assert.equal(r.metrics.skew, null);
      assert.equal(r.metrics.kurtosis, null);
      assert.equal(r.metrics.calmar, null);
      assert.equal(r.metrics.maxDrawdown, 0);
      assert.equal(r.metrics.totalReturn, 0);
      assert.equal(r.metrics.cagr, 0);
      assert.equal(r.metrics.winRate, 0);
      assert.equal(r.metrics.averageTurnover, null);
      // Below a positive risk-free rate every period falls short, so Sortino is defined (and negative).
      if (riskFreeRate === 0) assert.equal(r.metrics.sortino, null);
      else assert.ok((r.metrics.sortino ?? 0) < 0);
      assert.equal(r.metrics.beta, 0);
    }
  });

  it("a steadily compounding series: rounding-level dispersion counts as none", () => {
    const values = Array.from({ length: 30 }, (_, t) => 1.001 ** t);
    const dates = Array.from({ length: 30 }, (_, t) => `2021-03-${String(t + 1).padStart(2, "0")}`);
    const r = performanceReport({ dates, values, periodsPerYear: 252, riskFreeRate: 0 });
    assertFiniteReport(r);
    assert.equal(r.metrics.sharpe, null);
    assert.equal(r.metrics.skew, null);
    assert.ok((r.metrics.volatility ?? 1) < 1e-12);
  });

  it("two values (one return): undefined dispersion statistics, the rest defined", () => {
    const r = report([1, 1.05], { benchmarkValues: [1, 1.02] });
    assertFiniteReport(r);
    assert.equal(r.metrics.periods, 1);
    assert.equal(r.metrics.volatility, null);
    assert.equal(r.metrics.sharpe, null);
    assert.equal(r.metrics.beta, null);
    assert.equal(r.metrics.trackingError, null);
    assert.equal(r.metrics.winRate, 1);
    assert.equal(r.metrics.bestDayDate, "2021-01-05");
    assert.equal(r.metrics.monthlyWinRate, 1);
  });
});

describe("extreme magnitudes", () => {
  it("a 20-fold gain in one day: CAGR overflows to null, the rest is finite", () => {
    const r = report([1, 20]);
    assertFiniteReport(r);
    assert.equal(r.metrics.cagr, null);
    assert.equal(r.metrics.totalReturn, 19);
  });

  it("values spanning more than the double range, or an absurd one-period return, are refused", () => {
    expectCoreError(() => report([1e-300, 1, 1e300]), "NON_FINITE_VALUE");
    const jump = expectCoreError(() => report([1e-100, 1, 1e-100]), "NON_FINITE_VALUE");
    assert.equal(jump.details.date, "2021-01-05");
    expectCoreError(() => report([1, 1.1, 1.2], { benchmarkValues: [1e-100, 1, 1] }), "NON_FINITE_VALUE");
  });

  it("any finite positive input either throws a CoreError or gives a report with no NaN or ±∞", () => {
    const magnitude = fc.double({ min: -300, max: 300, noNaN: true }).map((e) => 10 ** e);
    fc.assert(
      fc.property(
        fc.array(magnitude, { minLength: 2, maxLength: 4 }),
        fc.array(magnitude, { minLength: 4, maxLength: 4 }),
        fc.constantFrom(1, 12, 252, 1e6),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (values, benchmark, periodsPerYear, riskFreeRate) => {
          try {
            const r = performanceReport({
              dates: DATES.slice(0, values.length),
              values,
              benchmarkValues: benchmark.slice(0, values.length),
              periodsPerYear,
              riskFreeRate,
              rollingWindow: 2,
            });
            assertFiniteReport(r);
          } catch (error) {
            if (!(error instanceof CoreError)) throw error;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
