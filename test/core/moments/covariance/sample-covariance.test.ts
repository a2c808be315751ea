import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InsufficientHistoryError, NonFiniteValueError } from "../../../../src/core/errors.js";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { minEigenvalue } from "../../../../src/core/linalg/index.js";
import { sampleCovariance } from "../../../../src/core/moments/covariance/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { pypfoptFact } from "../../../support/reference.js";
import {
  commonWindowReturns,
  factorPanel,
  fullHistoryReturns,
  logReturns,
  referenceCovariance,
  simpleReturns,
  table,
} from "./fixtures.js";

// Closed-form estimator against numpy/pandas: both sum the same products in double precision, so they
// agree to ~1e-14 relative; 1e-10 is the project's estimator tolerance. atol 1e-14 covers entries that
// could be ~0 (none are here, but a covariance may be).
const ESTIMATOR_TOL = { rtol: 1e-10, atol: 1e-14 };

/** pandas `DataFrame.cov()` written the obvious way: per pair, the shared rows, their means, ddof. */
function slowPairwiseCovariance(x: Matrix, ddof: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < x.cols; i++) {
    out.push([]);
    for (let j = 0; j < x.cols; j++) {
      const a: number[] = [];
      const b: number[] = [];
      for (let t = 0; t < x.rows; t++) {
        const u = x.data[t * x.cols + i];
        const v = x.data[t * x.cols + j];
        if (!Number.isNaN(u) && !Number.isNaN(v)) {
          a.push(u);
          b.push(v);
        }
      }
      const ma = a.reduce((s, v) => s + v, 0) / a.length;
      const mb = b.reduce((s, v) => s + v, 0) / b.length;
      out[i].push(a.reduce((s, v, k) => s + (v - ma) * (b[k] - mb), 0) / (a.length - ddof));
    }
  }
  return out;
}

describe("sampleCovariance on stock_prices.csv (covariance.json)", () => {
  it("full history, pairwise: matches sample_full_history_pairwise and is not repaired", () => {
    const ref = referenceCovariance("sample_full_history_pairwise");
    const result = sampleCovariance(fullHistoryReturns(), { periodsPerYear: 252 });
    expectClose(result.covariance.data, ref.matrix.data, ESTIMATOR_TOL, "covariance");
    assert.equal(result.repaired, null);
    assert.equal(result.observations, 7125);
    // Eigenvalues of the same matrix by two backward-stable solvers: ~1e-15·‖Σ‖/λmin ≈ 1e-14 relative.
    expectClose(result.minEigenvalueBefore ?? NaN, ref.min_eigenvalue ?? NaN, { rtol: 1e-10, atol: 0 }, "min eigenvalue");
  });

  it("common window: matches sample_common_window, its n_obs and min eigenvalue", () => {
    const ref = referenceCovariance("sample_common_window");
    const result = sampleCovariance(commonWindowReturns(), { periodsPerYear: 252 });
    expectClose(result.covariance.data, ref.matrix.data, ESTIMATOR_TOL, "covariance");
    assert.equal(result.observations, ref.n_obs);
    expectClose(minEigenvalue(result.covariance), ref.min_eigenvalue ?? NaN, { rtol: 1e-10, atol: 0 }, "min eigenvalue");
  });

  it('missing: "complete" on the full history is the common-window covariance', () => {
    const ref = referenceCovariance("sample_common_window");
    const result = sampleCovariance(fullHistoryReturns(), { periodsPerYear: 252, missing: "complete" });
    expectClose(result.covariance.data, ref.matrix.data, ESTIMATOR_TOL, "covariance");
    assert.equal(result.observations, 895);
  });

  it("pair counts: each pair shares the rows since the later listing", () => {
    const result = sampleCovariance(fullHistoryReturns(), { periodsPerYear: 252 });
    const n = 20;
    // AAPL (1) has every row; BABA (3) listed last: 895 returns.
    assert.equal(result.pairObservations.data[1 * n + 1], 7125);
    assert.equal(result.pairObservations.data[1 * n + 3], 895);
  });
});

describe("sampleCovariance on PyPortfolioOpt's dummy tables", () => {
  const prices = table(pypfoptFact("sample_cov_dummy").inputs?.prices_rows as number[][]);

  it("sample_cov_dummy (daily, simple returns) at the fact's tolerance", () => {
    const expected = pypfoptFact("sample_cov_dummy").value as number[][];
    const result = sampleCovariance(simpleReturns(prices), { periodsPerYear: 1 });
    // The fact's own tolerance: pandas assert_frame_equal defaults (rtol 1e-5, atol 1e-8).
    expectClose(result.covariance.data, expected, { rtol: 1e-5, atol: 1e-8 }, "dummy covariance");
  });

  it("sample_cov_log_dummy (log returns passed in) at the fact's tolerance", () => {
    const expected = pypfoptFact("sample_cov_log_dummy").value as number[][];
    const result = sampleCovariance(logReturns(prices), { periodsPerYear: 1 });
    // The fact's tolerance: atol 1e-5 (its values are rounded to 6 decimals).
    expectClose(result.covariance.data, expected, { rtol: 0, atol: 1e-5 }, "dummy log covariance");
  });
});

describe("sampleCovariance against the slow pairwise definition", () => {
  it("ragged panel with scattered gaps: fast pairwise = slow, ddof 1 and 0", () => {
    const x = factorPanel(300, 7, 11);
    const data = Float64Array.from(x.data);
    // Staggered listings plus holes.
    for (let j = 0; j < 7; j++) for (let t = 0; t < j * 20; t++) data[t * 7 + j] = NaN;
    for (let k = 5; k < data.length; k += 37) data[k] = NaN;
    const ragged = { ...x, data };
    for (const ddof of [1, 0]) {
      const result = sampleCovariance(ragged, { periodsPerYear: 1, ddof });
      // Same sums in a different order: ~1e-15 relative.
      expectClose(result.covariance.data, slowPairwiseCovariance(ragged, ddof), { rtol: 1e-12, atol: 1e-18 }, `ddof ${ddof}`);
    }
  });

  it("complete panel: the crossProduct fast path = slow definition", () => {
    const x = factorPanel(200, 9, 5);
    const result = sampleCovariance(x, { periodsPerYear: 252 });
    const slow = slowPairwiseCovariance(x, 1).map((row) => row.map((v) => v * 252));
    expectClose(result.covariance.data, slow, { rtol: 1e-12, atol: 1e-16 }, "complete");
    assert.equal(result.repaired, null);
  });

  it("an indefinite pairwise matrix is repaired and reported", () => {
    // A~B agree on rows 0–5, B~C agree on rows 6–11, A~C disagree on rows 12–17: no joint
    // distribution has those three correlations, so the pairwise matrix is indefinite.
    const rows: number[][] = [];
    const w = [0.01, -0.02, 0.015, -0.01, 0.02, -0.005];
    for (const v of w) rows.push([v, v * 1.01, NaN]);
    for (const v of w) rows.push([NaN, v, v * 0.99]);
    for (const v of w) rows.push([v, NaN, -v]);
    const result = sampleCovariance(table(rows), { periodsPerYear: 252 });
    assert.equal(result.repaired, "clipEigenvalues");
    assert.ok((result.minEigenvalueBefore ?? 0) < 0, "the raw matrix had a negative eigenvalue");
    // Clipping leaves eigenvalues ≥ 0 up to the eigen-solver's rounding, ~1e-16 of the matrix scale.
    assert.ok(minEigenvalue(result.covariance) > -1e-15);
  });
});

describe("sampleCovariance edge cases", () => {
  it("one asset: its variance", () => {
    const result = sampleCovariance(table([[0.01], [0.03], [-0.01]]), { periodsPerYear: 1 });
    // mean 0.01, deviations 0, 0.02, −0.02: variance 0.0008/2.
    expectClose(result.covariance.data, [0.0004], { rtol: 1e-12, atol: 0 }, "variance");
  });

  it("two identical assets: singular covariance returned as it is (no repair)", () => {
    const x = factorPanel(50, 1, 3);
    const twin = table(Array.from({ length: 50 }, (_, t) => [x.data[t], x.data[t]]));
    const result = sampleCovariance(twin, { periodsPerYear: 252 });
    const [a, b, , d] = result.covariance.data;
    assert.equal(a, b);
    assert.equal(a, d);
    assert.equal(result.repaired, null);
  });

  it("constant prices (zero returns): a zero matrix", () => {
    const result = sampleCovariance(table([[0, 0.01], [0, -0.01], [0, 0.02]]), { periodsPerYear: 252 });
    assert.deepEqual(Array.from(result.covariance.data).slice(0, 2), [0, 0]);
    assert.equal(result.covariance.data[2], 0);
  });

  it("one observation: InsufficientHistoryError", () => {
    assert.throws(() => sampleCovariance(table([[0.01, 0.02]]), { periodsPerYear: 252 }), InsufficientHistoryError);
  });

  it("an all-NaN column under pairwise: InsufficientHistoryError naming the asset", () => {
    const x = table([
      [0.01, NaN, 0.02],
      [0.02, NaN, 0.01],
      [0.03, NaN, -0.01],
    ]);
    assert.throws(
      () => sampleCovariance(x, { periodsPerYear: 252 }),
      (e: unknown) => e instanceof InsufficientHistoryError && e.details.asset === 1 && /asset 1/.test(e.message),
    );
  });

  it("two assets that never overlap: InsufficientHistoryError naming the pair", () => {
    const x = table([
      [0.01, NaN],
      [0.02, NaN],
      [NaN, 0.01],
      [NaN, 0.03],
    ]);
    assert.throws(
      () => sampleCovariance(x, { periodsPerYear: 252 }),
      (e: unknown) => e instanceof InsufficientHistoryError && JSON.stringify(e.details.assets) === "[0,1]",
    );
  });

  it("an infinite return: NonFiniteValueError naming row and asset", () => {
    const x = table([
      [0.01, 0.02],
      [0.02, Infinity],
    ]);
    assert.throws(
      () => sampleCovariance(x, { periodsPerYear: 252 }),
      (e: unknown) => e instanceof NonFiniteValueError && e.details.row === 1 && e.details.asset === 1,
    );
  });

  it('fewer than 2 complete rows under "complete": InsufficientHistoryError', () => {
    const x = table([
      [0.01, NaN],
      [0.02, 0.01],
      [NaN, 0.03],
    ]);
    assert.throws(() => sampleCovariance(x, { periodsPerYear: 252, missing: "complete" }), InsufficientHistoryError);
  });
});
