/**
 * Drawdown measures on hand-computed series: where the peak, trough and recovery fall (ties included),
 * an unrecovered drawdown, a monotone series, the longest episode and the Ulcer index.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { drawdownSeries, longestDrawdown, maxDrawdown, ulcerIndex } from "../../../src/core/measures/drawdown.js";
import { expectClose } from "../../support/expect-close.js";
import { expectCoreError } from "../optimizers/constraints/expect-core-error.js";

// One division and one subtraction per value: only rounding separates us from the hand values.
const EXACT = { rtol: 1e-15, atol: 1e-16 };

describe("drawdownSeries", () => {
  it("is 1 − V / running high, zero at new highs", () => {
    expectClose(drawdownSeries([1, 2, 1.5, 3, 2.4, 3]), [0, 0, 0.25, 0, 0.2, 0], EXACT);
  });

  it("does not write into the caller's array", () => {
    const values = [2, 1, 3];
    drawdownSeries(values);
    assert.deepEqual(values, [2, 1, 3]);
  });

  it("rejects empty, non-finite and non-positive values with typed errors", () => {
    expectCoreError(() => drawdownSeries([]), "INVALID_INPUT");
    expectCoreError(() => drawdownSeries([1, Number.NaN]), "NON_FINITE_VALUE");
    expectCoreError(() => drawdownSeries([1, Infinity]), "NON_FINITE_VALUE");
    expectCoreError(() => drawdownSeries([1, 0]), "INVALID_INPUT");
    expectCoreError(() => maxDrawdown([1, -1]), "INVALID_INPUT");
  });
});

describe("maxDrawdown", () => {
  it("finds peak, trough and the first index back at the peak", () => {
    // highs 100 (0) then 120 (2); the deepest fall is 120 → 84 (−30 %), back to 120 at index 6.
    const result = maxDrawdown([100, 90, 120, 96, 84, 110, 120, 130]);
    expectClose(result.maxDrawdown, 0.3, EXACT);
    assert.deepEqual({ ...result, maxDrawdown: 0 }, { maxDrawdown: 0, peakIndex: 2, troughIndex: 4, recoveryIndex: 6 });
  });

  it("reports a drawdown that never recovers with recoveryIndex null", () => {
    const result = maxDrawdown([1, 1.2, 0.9, 1.1, 1.19]);
    expectClose(result.maxDrawdown, 0.25, EXACT);
    assert.equal(result.peakIndex, 1);
    assert.equal(result.troughIndex, 2);
    assert.equal(result.recoveryIndex, null);
  });

  it("takes the first occurrence of a repeated high and of a repeated trough", () => {
    // The high 2 is reached at 1 and again at 2; the low 1 at 3 and again at 5.
    const result = maxDrawdown([1, 2, 2, 1, 1.5, 1, 2.5]);
    assert.deepEqual(result, { maxDrawdown: 0.5, peakIndex: 1, troughIndex: 3, recoveryIndex: 6 });
  });

  it("is zero with no indices for a series that never falls", () => {
    assert.deepEqual(maxDrawdown([1, 1, 2, 3, 3, 4]), { maxDrawdown: 0, peakIndex: null, troughIndex: null, recoveryIndex: null });
    assert.deepEqual(maxDrawdown([5]), { maxDrawdown: 0, peakIndex: null, troughIndex: null, recoveryIndex: null });
  });

  it("agrees with the maximum of drawdownSeries on a random walk", () => {
    let v = 1;
    let seed = 7;
    const values = Array.from({ length: 500 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      v *= 1 + (seed / 2147483648 - 0.5) * 0.06;
      return v;
    });
    const series = drawdownSeries(values);
    const result = maxDrawdown(values);
    assert.equal(result.maxDrawdown, Math.max(...series));
    assert.equal(series[result.troughIndex ?? -1], result.maxDrawdown);
    assert.equal(values[result.peakIndex ?? -1], Math.max(...values.slice(0, (result.troughIndex ?? 0) + 1)));
  });
});

describe("longestDrawdown", () => {
  it("measures from the high to the first index back at it", () => {
    // Episodes: 0 → 3 (3 periods, recovered), 4 → 6 (2 periods, recovered).
    assert.deepEqual(longestDrawdown([1, 0.9, 0.95, 1, 1.1, 1.0, 1.1]), { periods: 3, peakIndex: 0, recoveryIndex: 3 });
  });

  it("counts an open drawdown to the last index and prefers it when longer", () => {
    assert.deepEqual(longestDrawdown([1, 0.9, 1, 2, 1.5, 1.6, 1.7, 1.8]), { periods: 4, peakIndex: 3, recoveryIndex: null });
  });

  it("keeps the earlier episode on a tie", () => {
    assert.deepEqual(longestDrawdown([1, 0.9, 1, 0.8, 0.95]), { periods: 2, peakIndex: 0, recoveryIndex: 2 });
  });

  it("is zero for a series that never falls", () => {
    assert.deepEqual(longestDrawdown([1, 1, 1.5]), { periods: 0, peakIndex: null, recoveryIndex: null });
  });
});

describe("ulcerIndex", () => {
  it("is the root mean square drawdown over all values", () => {
    // Drawdowns 0, 0, 0.25, 0, 0.2: mean square (0.0625 + 0.04) / 5.
    expectClose(ulcerIndex([1, 2, 1.5, 3, 2.4]), Math.sqrt((0.0625 + 0.04) / 5), EXACT);
    assert.equal(ulcerIndex([1, 2, 3]), 0);
  });
});
