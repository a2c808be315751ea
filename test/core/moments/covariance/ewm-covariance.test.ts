import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InsufficientHistoryError, InvalidInputError } from "../../../../src/core/errors.js";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { ewmCovariance, sampleCovariance } from "../../../../src/core/moments/covariance/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { commonWindowReturns, factorPanel, fullHistoryReturns, referenceCovariance, table } from "./fixtures.js";

/**
 * PyPortfolioOpt's `_pair_exp_cov` done the way pandas does it: each asset's deviation from its own
 * mean, their product (NaN if either is missing), then pandas' recursive `ewm(adjust=True,
 * ignore_na=False).mean()`: the old weight decays on every row, missing or not, and each observation
 * enters with weight 1.
 */
function slowEwm(x: Matrix, span: number): number[][] {
  const alpha = 2 / (span + 1);
  const n = x.cols;
  const col = (j: number) => Array.from({ length: x.rows }, (_, t) => x.data[t * n + j]);
  const dev = Array.from({ length: n }, (_, j) => {
    const c = col(j);
    const present = c.filter((v) => !Number.isNaN(v));
    const mean = present.reduce((a, v) => a + v, 0) / present.length;
    return c.map((v) => v - mean);
  });
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let weighted = NaN;
      let oldWeight = 1;
      for (let t = 0; t < x.rows; t++) {
        const cur = dev[i][t] * dev[j][t];
        const observed = !Number.isNaN(cur);
        if (Number.isNaN(weighted)) {
          if (observed) weighted = cur;
          continue;
        }
        oldWeight *= 1 - alpha;
        if (observed) {
          weighted = (oldWeight * weighted + cur) / (oldWeight + 1);
          oldWeight += 1;
        }
      }
      return weighted;
    }),
  );
}

describe("ewmCovariance", () => {
  it("common window, span 180: matches ewm_common_window_span180", () => {
    const ref = referenceCovariance("ewm_common_window_span180");
    const result = ewmCovariance(commonWindowReturns(), { periodsPerYear: 252 });
    // Closed form vs pandas' recursion: ~4e-15 relative here; the estimator tolerance is 1e-10.
    expectClose(result.covariance.data, ref.matrix.data, { rtol: 1e-10, atol: 1e-14 }, "covariance");
    assert.equal(result.repaired, null);
  });

  it("complete synthetic panel, spans 10 and 60: closed form = pandas' recursion", () => {
    const x = factorPanel(250, 5, 41);
    for (const span of [10, 60]) {
      const result = ewmCovariance(x, { periodsPerYear: 1, span });
      // The recursion rounds at every step (T = 250): 1e-12 relative leaves room for that.
      expectClose(result.covariance.data, slowEwm(x, span), { rtol: 1e-12, atol: 1e-18 }, `span ${span}`);
    }
  });

  it("ragged panel, pairwise: pandas' ignore_na=False rule", () => {
    const x = factorPanel(300, 4, 42);
    const data = Float64Array.from(x.data);
    for (let t = 0; t < 120; t++) data[t * 4 + 2] = NaN;
    for (let k = 7; k < data.length; k += 53) data[k] = NaN;
    const ragged = { ...x, data };
    const result = ewmCovariance(ragged, { periodsPerYear: 1, span: 30 });
    expectClose(result.covariance.data, slowEwm(ragged, 30), { rtol: 1e-12, atol: 1e-18 }, "pairwise");
  });

  it("full history runs pairwise and reports whether it repaired", () => {
    const result = ewmCovariance(fullHistoryReturns(), { periodsPerYear: 252 });
    assert.ok(result.repaired === null || result.repaired === "clipEigenvalues");
    assert.equal(result.observations, 7125);
  });

  it("a very long span tends to the sample covariance with divisor T", () => {
    const x = factorPanel(100, 3, 43);
    const ewm = ewmCovariance(x, { periodsPerYear: 1, span: 1e12 }).covariance.data;
    const sample = sampleCovariance(x, { periodsPerYear: 1, ddof: 0 }).covariance.data;
    // Weights differ from 1 by ~T·2/span = 2e-10: the estimates agree to about that.
    expectClose(ewm, sample, { rtol: 1e-8, atol: 1e-18 }, "limit");
  });

  it("bad span, one observation, a pair without two shared rows: errors", () => {
    const x = factorPanel(10, 2, 1);
    assert.throws(() => ewmCovariance(x, { periodsPerYear: 252, span: 0.5 }), InvalidInputError);
    assert.throws(() => ewmCovariance(table([[0.01, 0.02]]), { periodsPerYear: 252 }), InsufficientHistoryError);
    const disjoint = table([
      [0.01, NaN],
      [0.02, NaN],
      [NaN, 0.01],
      [NaN, 0.02],
    ]);
    assert.throws(() => ewmCovariance(disjoint, { periodsPerYear: 252 }), InsufficientHistoryError);
  });
});
