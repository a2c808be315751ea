/**
 * The incremental Ledoit-Wolf of the backtest against the direct estimator (the slow, obvious version):
 * a window moved in steps of 1, 21 and 100 rows over 700 rows of synthetic returns.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rollingLedoitWolf, type RollingLedoitWolfState } from "../../../src/core/backtest/rolling-ledoit-wolf.js";
import { ledoitWolf } from "../../../src/core/moments/covariance/index.js";
import type { Matrix } from "../../../src/core/linalg/matrix.js";
import { expectClose } from "../../support/expect-close.js";
import { seededRandom } from "../../support/seeded-random.js";

const N = 30;
const T = 700;
const random = seededRandom(11);
const returns = new Float64Array(T * N);
for (let t = 0; t < T; t++) {
  const market = 0.01 * (random() - 0.5);
  for (let i = 0; i < N; i++) returns[t * N + i] = 0.0005 + (0.5 + i / N) * market + 0.02 * (random() - 0.5);
}
const assets = Array.from({ length: N }, (_, i) => i);
const window = (first: number, rows: number): Matrix => ({ rows, cols: N, data: returns.slice(first * N, (first + rows) * N) });

describe("rollingLedoitWolf", () => {
  for (const step of [1, 21, 100]) {
    it(`equals ledoitWolf within 1e-12 when the window moves by ${step} rows`, () => {
      let state: RollingLedoitWolfState | null = null;
      let updates = 0;
      for (let first = 0; first + 252 <= T; first += step) {
        const x = window(first, 252);
        const rolled = rollingLedoitWolf(state, x, first, assets, 252);
        assert.ok(rolled !== null);
        if (state !== null && rolled.state === state) updates++;
        state = rolled.state;
        const direct = ledoitWolf(x, { periodsPerYear: 252 });
        const scale = Math.max(...direct.covariance.data.map(Math.abs));
        // Sums about a fixed centre, updated by blocks: a few roundings of the largest entry.
        expectClose(rolled.estimate.covariance.data, direct.covariance.data, { rtol: 0, atol: 1e-12 * scale }, `covariance at ${first}`);
        expectClose(rolled.estimate.shrinkage, direct.shrinkage, { rtol: 1e-12, atol: 1e-15 }, "shrinkage");
      }
      assert.ok(updates > 0, "the incremental path was taken");
    });
  }

  it("an expanding window adds rows only", () => {
    let state: RollingLedoitWolfState | null = null;
    for (const rows of [100, 130, 400]) {
      const rolled = rollingLedoitWolf(state, window(0, rows), 0, assets, 252);
      assert.ok(rolled !== null);
      state = rolled.state;
      const direct = ledoitWolf(window(0, rows), { periodsPerYear: 252 });
      const scale = Math.max(...direct.covariance.data.map(Math.abs));
      expectClose(rolled.estimate.covariance.data, direct.covariance.data, { rtol: 0, atol: 1e-12 * scale }, `rows ${rows}`);
    }
  });

  it("declines a window with a missing return (the direct estimator's missing-data rule applies)", () => {
    const x = window(0, 50);
    x.data[7] = NaN;
    assert.equal(rollingLedoitWolf(null, x, 0, assets, 252), null);
  });
});
