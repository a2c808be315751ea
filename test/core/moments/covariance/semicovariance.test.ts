import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InsufficientHistoryError, InvalidInputError } from "../../../../src/core/errors.js";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { semicovariance } from "../../../../src/core/moments/covariance/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { commonWindowReturns, factorPanel, fullHistoryReturns, relativeMinEigenvalue, table } from "./fixtures.js";

/** PyPortfolioOpt's definition, one pair at a time: mean over rows of min(rᵢ − b, 0)·min(rⱼ − b, 0), NaN → 0. */
function slowSemicovariance(x: Matrix, benchmark: number, periodsPerYear: number): number[][] {
  const drop = (v: number) => (Number.isNaN(v) ? 0 : Math.min(v - benchmark, 0));
  return Array.from({ length: x.cols }, (_, i) =>
    Array.from({ length: x.cols }, (_, j) => {
      let s = 0;
      for (let t = 0; t < x.rows; t++) s += drop(x.data[t * x.cols + i]) * drop(x.data[t * x.cols + j]);
      return (s / x.rows) * periodsPerYear;
    }),
  );
}

// Same products summed in another order: ~1e-15 relative. atol for entries that are exactly 0.
const TOL = { rtol: 1e-12, atol: 1e-18 };

describe("semicovariance", () => {
  it("complete panel, benchmark 0 and a daily rate: = slow definition", () => {
    const x = factorPanel(250, 6, 51);
    for (const benchmark of [0, 0.000079]) {
      const result = semicovariance(x, { periodsPerYear: 252, benchmark });
      expectClose(result.covariance.data, slowSemicovariance(x, benchmark, 252), TOL, `benchmark ${benchmark}`);
    }
  });

  it("full history: missing returns are no drop and their rows count in T = 7125 (PyPortfolioOpt)", () => {
    const x = fullHistoryReturns();
    const result = semicovariance(x, { periodsPerYear: 252 });
    assert.equal(result.observations, 7125);
    expectClose(result.covariance.data, slowSemicovariance(x, 0, 252), TOL, "full history");
    assert.ok(relativeMinEigenvalue(result.covariance) >= -1e-12);
  });

  it('"complete" keeps the 895 common rows', () => {
    const result = semicovariance(fullHistoryReturns(), { periodsPerYear: 252, missing: "complete" });
    assert.equal(result.observations, 895);
    expectClose(result.covariance.data, slowSemicovariance(commonWindowReturns(), 0, 252), TOL, "complete");
  });

  it("a benchmark below every return gives a zero matrix (nothing falls short)", () => {
    const result = semicovariance(factorPanel(50, 3, 2), { periodsPerYear: 252, benchmark: -1 });
    assert.ok(result.covariance.data.every((v) => v === 0));
  });

  it("is not centred: constant negative returns give their square, not 0", () => {
    const result = semicovariance(table([[-0.01], [-0.01], [-0.01]]), { periodsPerYear: 1 });
    expectClose(result.covariance.data, [1e-4], { rtol: 1e-12, atol: 0 }, "semivariance");
  });

  it("one observation, non-finite benchmark: errors", () => {
    assert.throws(() => semicovariance(table([[0.01, 0.02]]), { periodsPerYear: 252 }), InsufficientHistoryError);
    assert.throws(() => semicovariance(factorPanel(5, 2, 1), { periodsPerYear: 252, benchmark: NaN }), InvalidInputError);
  });
});
