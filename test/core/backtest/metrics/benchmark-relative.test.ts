/**
 * Beta, alpha, tracking error, information ratio and up/down capture on a four-period series worked
 * out by hand, plus the two edge cases: the benchmark itself and a benchmark that never moves.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { performanceReport } from "../../../../src/core/backtest/metrics/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { assertFiniteReport } from "./assert-finite-report.js";

// Hand values are exact decimals; the returns are recovered from compounded values, so each carries
// a rounding of ~1e-16 and the statistics a few more. 1e-12 relative still catches any formula slip;
// atol covers the values that are exactly 0.
const HAND = { rtol: 1e-12, atol: 1e-14 };

const DATES = ["2021-01-04", "2021-01-05", "2021-01-06", "2021-01-07", "2021-01-08"];
const P = 252;

function compound(returns: readonly number[], start = 1): number[] {
  const values = [start];
  for (const r of returns) values.push(values[values.length - 1] * (1 + r));
  return values;
}

describe("benchmark-relative metrics", () => {
  // Portfolio r = 4 %, −1 %, 3 %, −1 %; benchmark b = 1 %, −2 %, 2 %, 1 % (started at 250, any level works).
  const r = [0.04, -0.01, 0.03, -0.01];
  const b = [0.01, -0.02, 0.02, 0.01];
  // rf 2.52 % a year: f = 0.0001 per period.
  const { metrics } = performanceReport({
    dates: DATES,
    values: compound(r),
    benchmarkValues: compound(b, 250),
    periodsPerYear: P,
    riskFreeRate: 0.0252,
  });

  it("beta = cov(r, b) / var(b)", () => {
    // mean r = 0.0125, mean b = 0.005; deviations (0.0275, −0.0225, 0.0175, −0.0225) and
    // (0.005, −0.025, 0.015, 0.005): Σ products 0.00085, Σ squares of b 0.0009 → 17/18.
    expectClose(metrics.beta ?? NaN, 17 / 18, HAND);
  });

  it("alpha = P·(mean(r − f) − β·mean(b − f))", () => {
    // 252·(0.0124 − (17/18)·0.0049) = 252·0.1399/18 = 14·0.1399.
    expectClose(metrics.alpha ?? NaN, 1.9586, HAND);
  });

  it("tracking error and information ratio of the active return r − b", () => {
    // a = 3 %, 1 %, 1 %, −2 %: mean 0.0075, Σ squared deviations 0.001275, sample variance 0.000425.
    expectClose(metrics.trackingError ?? NaN, Math.sqrt(0.000425 * P), HAND);
    expectClose(metrics.informationRatio ?? NaN, (0.0075 / Math.sqrt(0.000425)) * Math.sqrt(P), HAND);
  });

  it("up and down capture: ratios of mean returns where the benchmark rose or fell", () => {
    // Up periods 1, 3, 4: portfolio mean (4 + 3 − 1)/3 %, benchmark (1 + 2 + 1)/3 % → 1.5.
    expectClose(metrics.upCapture ?? NaN, 1.5, HAND);
    // Down period 2: −1 % against −2 % → 0.5.
    expectClose(metrics.downCapture ?? NaN, 0.5, HAND);
  });

  it("against itself: beta 1, alpha 0, tracking error 0, information ratio undefined, captures 1", () => {
    const values = compound(r);
    const self = performanceReport({ dates: DATES, values, benchmarkValues: values, periodsPerYear: P });
    expectClose(self.metrics.beta ?? NaN, 1, HAND);
    expectClose(self.metrics.alpha ?? NaN, 0, HAND);
    assert.equal(self.metrics.trackingError, 0);
    assert.equal(self.metrics.informationRatio, null);
    assert.equal(self.metrics.upCapture, 1);
    assert.equal(self.metrics.downCapture, 1);
    assertFiniteReport(self);
  });

  it("against a flat benchmark: beta, alpha and captures undefined, tracking error = volatility", () => {
    const flat = performanceReport({ dates: DATES, values: compound(r), benchmarkValues: [5, 5, 5, 5, 5], periodsPerYear: P });
    assert.equal(flat.metrics.beta, null);
    assert.equal(flat.metrics.alpha, null);
    assert.equal(flat.metrics.upCapture, null);
    assert.equal(flat.metrics.downCapture, null);
    expectClose(flat.metrics.trackingError ?? NaN, flat.metrics.volatility ?? NaN, HAND);
    assertFiniteReport(flat);
  });

  it("without a benchmark every relative metric is null", () => {
    const alone = performanceReport({ dates: DATES, values: compound(r), periodsPerYear: P }).metrics;
    for (const key of ["beta", "alpha", "trackingError", "informationRatio", "upCapture", "downCapture"] as const) {
      assert.equal(alone[key], null, key);
    }
  });
});
