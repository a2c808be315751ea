import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InsufficientHistoryError } from "../../../../src/core/errors.js";
import { tryCholesky } from "../../../../src/core/linalg/index.js";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { oracleApproximatingShrinkage } from "../../../../src/core/moments/covariance/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { commonWindowReturns, factorPanel, fullHistoryReturns, table } from "./fixtures.js";

/**
 * The OAS intensity written from Chen et al. (2010) Eq. (23) with matrix products: S = (1/T)Σₜ xₜxₜᵀ
 * (centred), tr(S²) as the trace of S·S. `paperTerms` keeps the 2/p terms that scikit-learn drops.
 */
function slowOas(x: Matrix, paperTerms = false): { shrinkage: number; covariance: number[][] } {
  const T = x.rows;
  const p = x.cols;
  const rows = Array.from({ length: T }, (_, t) => Array.from(x.data.subarray(t * p, (t + 1) * p)));
  const means = rows[0].map((_, i) => rows.reduce((a, r) => a + r[i], 0) / T);
  const xc = rows.map((r) => r.map((v, i) => v - means[i]));
  const s = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => xc.reduce((a, r) => a + r[i] * r[j], 0) / T));
  const ss = s.map((r) => s[0].map((_, j) => r.reduce((a, v, k) => a + v * s[k][j], 0)));
  const trS = s.reduce((a, r, i) => a + r[i], 0);
  const trS2 = ss.reduce((a, r, i) => a + r[i], 0);
  const c = paperTerms ? 2 / p : 0;
  const shrinkage = Math.min(1, ((1 - c) * trS2 + trS * trS) / ((T + 1 - c) * (trS2 - (trS * trS) / p)));
  const mu = trS / p;
  return { shrinkage, covariance: s.map((r, i) => r.map((v, j) => (1 - shrinkage) * v + (i === j ? shrinkage * mu : 0))) };
}

// Fast (one cross-product, Frobenius norm) vs slow (explicit S·S) evaluation of one formula: ~1e-14
// relative; 1e-10 is the estimator tolerance and still catches a wrong term.
const SLOW_TOL = { rtol: 1e-10, atol: 1e-16 };

describe("oracleApproximatingShrinkage against the slow formula", () => {
  for (const [name, x] of [
    ["synthetic 200 × 6", factorPanel(200, 6, 31)],
    ["synthetic 15 × 30 (more assets than observations)", factorPanel(15, 30, 32)],
    ["stock common window 895 × 20", commonWindowReturns()],
  ] as [string, Matrix][]) {
    it(name, () => {
      const fast = oracleApproximatingShrinkage(x, { periodsPerYear: 1, missing: "complete" });
      const slow = slowOas(x);
      expectClose(fast.shrinkage, slow.shrinkage, SLOW_TOL, "shrinkage");
      expectClose(fast.covariance.data, slow.covariance, SLOW_TOL, "covariance");
    });
  }

  it("uses scikit-learn's formula (without the paper's 2/p terms), which differs from Eq. (23)", () => {
    const x = factorPanel(200, 6, 31);
    const fast = oracleApproximatingShrinkage(x, { periodsPerYear: 1 }).shrinkage;
    const paper = slowOas(x, true).shrinkage;
    assert.ok(Math.abs(fast - paper) / paper > 1e-3, `expected the two formulas to differ: ${fast} vs ${paper}`);
  });

  it('full history with "zero" = the zero-filled table', () => {
    const raw = fullHistoryReturns();
    const filled = { ...raw, data: Float64Array.from(raw.data, (v) => (Number.isNaN(v) ? 0 : v)) };
    const a = oracleApproximatingShrinkage(raw, { periodsPerYear: 252 });
    const b = oracleApproximatingShrinkage(filled, { periodsPerYear: 252, missing: "complete" });
    assert.equal(a.shrinkage, b.shrinkage);
    assert.ok(a.shrinkage > 0 && a.shrinkage < 1);
  });
});

describe("oracleApproximatingShrinkage edge cases", () => {
  it("one asset: intensity 0 and the divisor-T variance", () => {
    const result = oracleApproximatingShrinkage(table([[0.01], [0.03], [-0.01]]), { periodsPerYear: 1 });
    assert.equal(result.shrinkage, 0);
    expectClose(result.covariance.data, [0.0008 / 3], { rtol: 1e-12, atol: 0 }, "variance");
  });

  it("two identical assets beside a third: positive definite (Cholesky succeeds)", () => {
    const base = factorPanel(60, 2, 4);
    const x = table(Array.from({ length: 60 }, (_, t) => [base.data[2 * t], base.data[2 * t], base.data[2 * t + 1]]));
    assert.notEqual(tryCholesky(oracleApproximatingShrinkage(x, { periodsPerYear: 252 }).covariance), null);
  });

  it("50 assets × 20 observations: positive definite", () => {
    const result = oracleApproximatingShrinkage(factorPanel(20, 50, 12), { periodsPerYear: 252 });
    assert.ok(result.shrinkage > 0 && result.shrinkage <= 1);
    assert.notEqual(tryCholesky(result.covariance), null);
  });

  it("constant prices (zero returns): intensity 1 (S = μI = 0), a zero matrix", () => {
    const result = oracleApproximatingShrinkage(table([[0, 0], [0, 0], [0, 0]]), { periodsPerYear: 252 });
    assert.equal(result.shrinkage, 1);
    assert.ok(result.covariance.data.every((v) => v === 0));
  });

  it("one observation: InsufficientHistoryError", () => {
    assert.throws(() => oracleApproximatingShrinkage(table([[0.01, 0.02]]), { periodsPerYear: 252 }), InsufficientHistoryError);
  });
});
