import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { semideviation, semivariance } from "../../../src/core/measures/semideviation.js";
import { expectClose } from "../../support/expect-close.js";
import { expectCoreError } from "../optimizers/constraints/expect-core-error.js";

// A sum of a handful of squares: only rounding separates it from the hand value.
const EXACT = { rtol: 1e-14, atol: 1e-18 };

describe("semivariance and semideviation", () => {
  it("counts only shortfalls below the benchmark, over all T periods (PyPortfolioOpt's definition)", () => {
    expectClose(semivariance([0.01, -0.02, 0.03, -0.01]), (0.0004 + 0.0001) / 4, EXACT, "benchmark 0");
    expectClose(semivariance([0.01, -0.02, 0.03, -0.01], 0.01), (0.0009 + 0.0004) / 4, EXACT, "benchmark 0.01");
    expectClose(semideviation([0.01, -0.02, 0.03, -0.01]), Math.sqrt(0.000125), EXACT, "square root");
  });
  it("is 0 without shortfalls and rejects empty or non-finite input", () => {
    assert.equal(semivariance([0.01, 0.02]), 0);
    expectCoreError(() => semivariance([]), "INVALID_INPUT");
    expectCoreError(() => semivariance([0.01, NaN]), "NON_FINITE_VALUE");
    expectCoreError(() => semivariance([0.01], NaN), "NON_FINITE_VALUE");
  });
});
