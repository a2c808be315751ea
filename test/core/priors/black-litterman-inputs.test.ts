import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError, SingularMatrixError } from "../../../src/core/errors.js";
import { inverseSymmetric, symmetricFromRows, type SymmetricMatrix } from "../../../src/core/linalg/index.js";
import {
  blackLitterman,
  blackLittermanWeights,
  marketImpliedPriorReturns,
  marketImpliedRiskAversion,
  viewMatrices,
} from "../../../src/core/priors/index.js";
import { expectClose } from "../../support/expect-close.js";

const sigma = symmetricFromRows([
  [0.04, 0.006, 0.01],
  [0.006, 0.09, 0.012],
  [0.01, 0.012, 0.0625],
]);
const prior = [0.05, 0.07, 0.06];

/** The textbook form with Ω⁻¹ (He & Litterman 1999): M = [(τΣ)⁻¹ + PᵀΩ⁻¹P]⁻¹, μ = M[(τΣ)⁻¹π + PᵀΩ⁻¹Q]. */
function textbookPosterior(cov: SymmetricMatrix, pi: number[], p: number[][], q: number[], omega: number[], tau: number) {
  const n = cov.size;
  const tauSigmaInv = inverseSymmetric({ size: n, data: cov.data.map((v) => tau * v) });
  const precision = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => tauSigmaInv.data[i * n + j] + p.reduce((s, row, k) => s + (row[i] * row[j]) / omega[k], 0)),
  );
  const m = inverseSymmetric(symmetricFromRows(precision));
  const rhs = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += tauSigmaInv.data[i * n + j] * pi[j];
    return s + p.reduce((acc, row, k) => acc + (row[i] * q[k]) / omega[k], 0);
  });
  const mu = Array.from({ length: n }, (_, i) => rhs.reduce((s, r, j) => s + m.data[i * n + j] * r, 0));
  const post = Array.from({ length: n * n }, (_, k) => cov.data[k] + m.data[k]);
  return { mu, post };
}

describe("Black-Litterman: algebra and bad inputs", () => {
  it("equals the textbook precision-weighted form (Ω invertible), for absolute, relative and pick views", () => {
    const views = [
      { asset: 0, return: 0.08 },
      { long: [1], short: [2], return: 0.02 },
      { pick: [0.5, 0.25, 0.25], return: 0.065 },
    ];
    const variances = [0.001, 0.002, 0.0005];
    const post = blackLitterman({ prior, covariance: sigma, views, uncertainty: { kind: "variances", variances }, tau: 0.05 });
    const p = [
      [1, 0, 0],
      [0, 1, -1],
      [0.5, 0.25, 0.25],
    ];
    const ref = textbookPosterior(sigma, prior, p, [0.08, 0.02, 0.065], variances, 0.05);
    // Two algebraically equal closed forms through different inverses of 3×3 matrices: 1e-10 relative.
    expectClose(post.expectedReturns, ref.mu, { rtol: 1e-10, atol: 1e-14 }, "mean");
    expectClose(post.covariance.data, ref.post, { rtol: 1e-10, atol: 1e-14 }, "covariance");
  });

  it("with Ω = 0 the posterior meets every view exactly, relative ones included", () => {
    fc.assert(
      fc.property(fc.double({ min: -0.2, max: 0.3, noNaN: true }), fc.double({ min: -0.1, max: 0.1, noNaN: true }), (a, r) => {
        const views = [
          { asset: 0, return: a },
          { long: [1], short: [0, 2], return: r },
        ];
        const post = blackLitterman({ prior, covariance: sigma, views, uncertainty: { kind: "variances", variances: [0, 0] } });
        const { pick } = viewMatrices(views, 3);
        const achieved = [0, 1].map((k) => [0, 1, 2].reduce((s, j) => s + pick.data[k * 3 + j] * post.expectedReturns[j], 0));
        // A solve with a 2×2 system of O(1e-3) entries: rounding of O(1e-16) relative to the returns.
        expectClose(achieved, [a, r], { rtol: 0, atol: 1e-13 }, "P·μ = Q");
      }),
    );
  });

  it("the weights Σ⁻¹μ sum to 1", () => {
    const w = blackLittermanWeights(prior, sigma);
    expectClose(w.reduce((s, v) => s + v, 0), 1, { rtol: 0, atol: 1e-14 }, "sum");
  });

  it("bad inputs: unknown asset, negative caps, confidences outside [0, 1], dependent certain views, NaN", () => {
    const views = [{ asset: 3, return: 0.1 }];
    assert.throws(() => blackLitterman({ prior, covariance: sigma, views }), (e: unknown) => e instanceof InvalidInputError && e.details.view === 0 && e.details.asset === 3);
    assert.throws(
      () => blackLitterman({ prior, covariance: sigma, views: [{ asset: 0, return: 0.1 }, { long: [1], short: [7], return: 0 }] }),
      (e: unknown) => e instanceof InvalidInputError && e.details.view === 1 && e.details.asset === 7,
    );
    assert.throws(() => blackLitterman({ prior, covariance: sigma, views: [{ long: [1], short: [1], return: 0 }] }), InvalidInputError);
    assert.throws(() => marketImpliedPriorReturns([1, -2, 3], sigma, { riskAversion: 2 }), (e: unknown) => e instanceof InvalidInputError && e.details.asset === 1);
    assert.throws(() => marketImpliedPriorReturns([0, 0, 0], sigma, { riskAversion: 2 }), InvalidInputError);
    assert.throws(() => marketImpliedPriorReturns([1, 2, 3], sigma, { riskAversion: 0 }), InvalidInputError);
    assert.throws(
      () => blackLitterman({ prior, covariance: sigma, views: [{ asset: 0, return: 0.1 }], uncertainty: { kind: "idzorek", confidences: [1.2] } }),
      (e: unknown) => e instanceof InvalidInputError && e.details.view === 0,
    );
    assert.throws(
      () => blackLitterman({ prior, covariance: sigma, views: [{ asset: 0, return: 0.1 }], uncertainty: { kind: "idzorek", confidences: [0.5, 0.5] } }),
      ShapeMismatchError,
    );
    assert.throws(
      () =>
        blackLitterman({
          prior,
          covariance: sigma,
          views: [{ asset: 0, return: 0.1 }, { pick: [2, 0, 0], return: 0.3 }],
          uncertainty: { kind: "variances", variances: [0, 0] },
        }),
      (e: unknown) => e instanceof SingularMatrixError && e.details.view === 1,
    );
    assert.throws(() => blackLitterman({ prior: [0.1, NaN, 0.1], covariance: sigma, views: [{ asset: 0, return: 0.1 }] }), NonFiniteValueError);
    assert.throws(() => blackLitterman({ prior, covariance: sigma, views: [{ asset: 0, return: NaN }] }), NonFiniteValueError);
    assert.throws(() => blackLitterman({ prior, covariance: sigma, views: [] }), InvalidInputError);
    assert.throws(() => blackLitterman({ prior, covariance: sigma, views: [{ asset: 0, return: 0.1 }], tau: 0 }), InvalidInputError);
    assert.throws(() => marketImpliedRiskAversion([0.01, NaN, 0.02], { periodsPerYear: 252 }), (e: unknown) => e instanceof NonFiniteValueError && e.details.period === 1);
  });
});
