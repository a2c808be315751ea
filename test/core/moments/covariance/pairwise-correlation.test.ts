import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pairwiseCorrelation } from "../../../../src/core/moments/covariance/index.js";
import { InsufficientHistoryError } from "../../../../src/core/errors.js";
import { expectClose } from "../../../support/expect-close.js";
import { stockMoments } from "../../optimizers/hierarchical/fixtures.js";

describe("pairwiseCorrelation", () => {
  it("equals pandas' corr() on ragged histories (the obvious per-pair version in the HRP fixtures)", () => {
    const m = stockMoments("full_history");
    // Same sums in the same order: agreement to a few ulps.
    expectClose(pairwiseCorrelation(m.returns).data, m.correlation.data, { rtol: 1e-13, atol: 1e-15 });
  });

  it("differs from the correlation of the pairwise covariance when histories are ragged", () => {
    const m = stockMoments("full_history");
    const corr = pairwiseCorrelation(m.returns);
    const n = corr.size;
    let maxGap = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const viaCov = m.covariance.data[i * n + j] / Math.sqrt(m.covariance.data[i * n + i] * m.covariance.data[j * n + j]);
        maxGap = Math.max(maxGap, Math.abs(viaCov - corr.data[i * n + j]));
      }
    }
    assert.ok(maxGap > 1e-3, `expected a visible gap, got ${maxGap}`);
  });

  it("names a pair without two shared rows and a constant asset", () => {
    const nan = Number.NaN;
    assert.throws(() => pairwiseCorrelation({ rows: 3, cols: 2, data: Float64Array.from([0.1, nan, 0.2, nan, nan, 0.3]) }), InsufficientHistoryError);
    assert.throws(() => pairwiseCorrelation({ rows: 3, cols: 2, data: Float64Array.from([0.5, 0.01, 0.5, 0.02, 0.5, 0.03]) }), /does not vary/);
  });
});
