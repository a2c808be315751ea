import { describe, it } from "node:test";
import { meanAbsoluteDeviation } from "../../../src/core/measures/mean-absolute-deviation.js";
import { expectClose } from "../../support/expect-close.js";
import { expectCoreError } from "../optimizers/constraints/expect-core-error.js";
import { seededRandom } from "../../support/seeded-random.js";

describe("mean absolute deviation", () => {
  it("is the mean distance from the mean", () => {
    // Hand value: mean 0, distances 0.01, 0.01, 0.03, 0.03.
    expectClose(meanAbsoluteDeviation([0.01, -0.01, 0.03, -0.03]), 0.02, { rtol: 1e-14, atol: 1e-18 }, "hand value");
    // The mean of three 0.05s may miss 0.05 by one ulp (7e-18).
    expectClose(meanAbsoluteDeviation([0.05, 0.05, 0.05]), 0, { rtol: 0, atol: 1e-17 }, "constant series");
  });
  it("equals twice the mean shortfall below the mean (the identity the min-MAD LP uses)", () => {
    const rand = seededRandom(7);
    const r = Array.from({ length: 500 }, () => (rand() - 0.5) * 0.04);
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const shortfall = r.reduce((s, x) => s + Math.max(0, mean - x), 0) / r.length;
    // Summing 500 terms two ways: rounding of order 1e-16 relative per term.
    expectClose(meanAbsoluteDeviation(r), 2 * shortfall, { rtol: 1e-12, atol: 0 }, "2·mean shortfall");
  });
  it("rejects empty or non-finite input", () => {
    expectCoreError(() => meanAbsoluteDeviation([]), "INVALID_INPUT");
    expectCoreError(() => meanAbsoluteDeviation([Infinity]), "NON_FINITE_VALUE");
  });
});
