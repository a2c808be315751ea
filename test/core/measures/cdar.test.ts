import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { conditionalDrawdownAtRisk, uncompoundedDrawdowns } from "../../../src/core/measures/cdar.js";
import { expectClose } from "../../support/expect-close.js";
import { expectCoreError } from "../optimizers/constraints/expect-core-error.js";
import { seededRandom } from "../../support/seeded-random.js";

/** The obvious version: running peak of the cumulative sum, starting from 0. */
function slowDrawdowns(r: number[]): number[] {
  let cumulative = 0;
  let peak = 0;
  return r.map((x) => {
    cumulative += x;
    peak = Math.max(peak, cumulative);
    return peak - cumulative;
  });
}

describe("drawdowns and CDaR", () => {
  it("drawdowns of the uncompounded cumulative return, the start counting as a peak", () => {
    expectClose(uncompoundedDrawdowns([0.1, -0.05, -0.05, 0.2]), [0, 0.05, 0.1, 0], { rtol: 1e-14, atol: 1e-17 }, "hand values");
    expectClose(uncompoundedDrawdowns([-0.02, 0.01]), [0.02, 0.01], { rtol: 1e-14, atol: 1e-17 }, "an early loss is a drawdown");
    const rand = seededRandom(3);
    const r = Array.from({ length: 300 }, () => (rand() - 0.5) * 0.05);
    // The recursion and the running peak round differently: 1e-15 absolute over 300 sums of ≤ 0.025.
    expectClose(uncompoundedDrawdowns(r), slowDrawdowns(r), { rtol: 0, atol: 1e-14 }, "recursion = running peak");
  });
  it("CDaR is the mean of the worst (1 − β) share of drawdowns, fractional at the boundary", () => {
    const risk = conditionalDrawdownAtRisk([0.1, -0.05, -0.05, 0.2], 0.5);
    expectClose(risk.conditionalDrawdownAtRisk, 0.075, { rtol: 1e-14, atol: 0 }, "mean of 0.1 and 0.05");
    assert.equal(risk.maxDrawdown, 0.1);
    // 10 drawdowns 0.01 … 0.10 at β = 0.85: the tail mass 1.5 holds 0.10 and half of 0.09.
    const r = [-0.01, ...new Array(9).fill(-0.01)];
    expectClose(conditionalDrawdownAtRisk(r, 0.85).conditionalDrawdownAtRisk, (0.1 + 0.5 * 0.09) / 1.5, { rtol: 1e-12, atol: 0 }, "fractional tail");
  });
  it("rejects bad input", () => {
    expectCoreError(() => conditionalDrawdownAtRisk([]), "INVALID_INPUT");
    expectCoreError(() => conditionalDrawdownAtRisk([0.1, NaN]), "NON_FINITE_VALUE");
    expectCoreError(() => conditionalDrawdownAtRisk([0.1], 1), "INVALID_INPUT");
  });
});
