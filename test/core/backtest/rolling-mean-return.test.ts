/**
 * The incremental historical mean of the backtest against the direct estimator (`meanHistoricalReturn`,
 * the slow, obvious version): a window moved in steps of 1, 21 and 100 rows over 700 rows of synthetic
 * returns, geometric and arithmetic, rolling and expanding.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rollingMeanReturn, type RollingMeanReturnState } from "../../../src/core/backtest/rolling-mean-return.js";
import { meanHistoricalReturn } from "../../../src/core/moments/expected-returns/index.js";
import type { Matrix } from "../../../src/core/linalg/matrix.js";
import { expectClose } from "../../support/expect-close.js";
import { seededRandom } from "../../support/seeded-random.js";

const N = 30;
const T = 700;
const random = seededRandom(12);
const returns = Float64Array.from({ length: T * N }, () => 0.0004 + 0.03 * (random() - 0.5));
const assets = Array.from({ length: N }, (_, i) => i);
const window = (first: number, rows: number): Matrix => ({ rows, cols: N, data: returns.slice(first * N, (first + rows) * N) });

describe("rollingMeanReturn", () => {
  for (const compounding of [true, false]) {
    for (const step of [1, 21, 100]) {
      it(`equals meanHistoricalReturn within 1e-12 (${compounding ? "geometric" : "arithmetic"}, steps of ${step} rows)`, () => {
        let state: RollingMeanReturnState | null = null;
        let updates = 0;
        for (let first = 0; first + 252 <= T; first += step) {
          const x = window(first, 252);
          const rolled = rollingMeanReturn(state, x, first, assets, 252, compounding);
          assert.ok(rolled !== null);
          if (rolled.state.updates > 0) updates++;
          state = rolled.state;
          const direct = meanHistoricalReturn(x, { periodsPerYear: 252, compounding });
          // Sums updated row by row and rebuilt every 64 updates: a few roundings of Σ log1p(r).
          expectClose(rolled.expectedReturns, direct, { rtol: 1e-12, atol: 1e-14 }, `window at ${first}`);
        }
        assert.ok(updates > 0, "the incremental path was taken");
      });
    }
  }

  it("an expanding window adds rows only", () => {
    let state: RollingMeanReturnState | null = null;
    for (const rows of [100, 130, 400]) {
      const rolled = rollingMeanReturn(state, window(0, rows), 0, assets, 252, true);
      assert.ok(rolled !== null);
      state = rolled.state;
      expectClose(rolled.expectedReturns, meanHistoricalReturn(window(0, rows), { periodsPerYear: 252 }), { rtol: 1e-12, atol: 1e-14 }, `rows ${rows}`);
    }
  });

  it("declines a window with a missing return or a total loss, and restarts when the assets change", () => {
    const gap = window(0, 50);
    gap.data[7] = NaN;
    assert.equal(rollingMeanReturn(null, gap, 0, assets, 252, true), null);
    const wipedOut = window(0, 50);
    wipedOut.data[3] = -1;
    assert.equal(rollingMeanReturn(null, wipedOut, 0, assets, 252, true), null);
    const first = rollingMeanReturn(null, window(0, 50), 0, assets, 252, true);
    assert.ok(first !== null);
    const fewer = { rows: 50, cols: N - 1, data: Float64Array.from({ length: 50 * (N - 1) }, (_, k) => returns[Math.floor(k / (N - 1)) * N + 21 * N + (k % (N - 1))]) };
    const moved = rollingMeanReturn(first.state, fewer, 21, assets.slice(0, N - 1), 252, true);
    assert.ok(moved !== null);
    assert.equal(moved.state.updates, 0, "a new asset set is summed from scratch");
  });
});
