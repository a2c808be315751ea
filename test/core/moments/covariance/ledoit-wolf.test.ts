import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InsufficientHistoryError, InvalidInputError } from "../../../../src/core/errors.js";
import { tryCholesky } from "../../../../src/core/linalg/index.js";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { ledoitWolf, type LedoitWolfTarget } from "../../../../src/core/moments/covariance/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { commonWindowReturns, factorPanel, fullHistoryReturns, referenceCovariance, table } from "./fixtures.js";

// Closed-form estimator vs scikit-learn: same sums in another order, ~1e-15 relative; the project's
// estimator tolerance is 1e-10. atol 1e-14 for entries that can be ~0.
const REFERENCE_TOL = { rtol: 1e-10, atol: 1e-14 };
// Fast (cross-products) vs slow (per-observation loops) implementations of one formula: the intensity
// is a difference of nearly equal sums (π̂ − ρ̂), which can lose a few digits; 1e-10 still fails on
// any wrong term, whose effect is O(1) relative.
const SLOW_TOL = { rtol: 1e-10, atol: 1e-16 };

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

/** Centred columns as arrays x[t][i], and the divisor-T covariance, written out. */
function centredRows(x: Matrix): number[][] {
  const rows: number[][] = [];
  for (let t = 0; t < x.rows; t++) rows.push(Array.from(x.data.subarray(t * x.cols, (t + 1) * x.cols)));
  const means = rows[0].map((_, i) => rows.reduce((s, r) => s + r[i], 0) / rows.length);
  return rows.map((r) => r.map((v, i) => v - means[i]));
}

function covarianceOf(xc: number[][], divisor: number): number[][] {
  const n = xc[0].length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => xc.reduce((s, r) => s + r[i] * r[j], 0) / divisor),
  );
}

/**
 * Ledoit & Wolf (2004, JMVA), Lemmas 3.2–3.4, as scikit-learn applies them: m = tr(S)/p,
 * d² = ‖S − mI‖²/p, b̄² = (1/T²)·Σₜ ‖xₜxₜᵀ − S‖²/p, b² = min(b̄², d²), intensity b²/d².
 */
function slowConstantVariance(x: Matrix): { shrinkage: number; covariance: number[][] } {
  const xc = centredRows(x);
  const T = xc.length;
  const p = xc[0].length;
  const s = covarianceOf(xc, T);
  const m = s.reduce((acc, r, i) => acc + r[i], 0) / p;
  let d2 = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) d2 += (s[i][j] - (i === j ? m : 0)) ** 2 / p;
  let b2bar = 0;
  for (const r of xc) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) b2bar += (r[i] * r[j] - s[i][j]) ** 2 / p;
  b2bar /= T * T;
  const shrinkage = Math.min(b2bar, d2) / d2;
  return { shrinkage, covariance: s.map((r, i) => r.map((v, j) => (1 - shrinkage) * v + (i === j ? shrinkage * m : 0))) };
}

/**
 * Ledoit & Wolf (2003, JEF), with PyPortfolioOpt's conventions (divisor T, market = equal-weighted
 * centred returns): f_ij = s_i0·s_j0/s_00, π_ij = mean_t (x_ti x_tj − s_ij)², and for i ≠ j
 * ρ_ij = mean_t r_ijt, r_ijt = (s_j0·s_00·x_ti + s_i0·s_00·x_tj − s_i0·s_j0·m_t)·m_t·x_ti·x_tj/s_00² − f_ij·s_ij.
 */
function slowSingleFactor(x: Matrix): { shrinkage: number; covariance: number[][] } {
  const xc = centredRows(x);
  const T = xc.length;
  const n = xc[0].length;
  const market = xc.map((r) => r.reduce((a, v) => a + v, 0) / n);
  const s = covarianceOf(xc, T);
  const s0 = Array.from({ length: n }, (_, i) => xc.reduce((a, r, t) => a + r[i] * market[t], 0) / T);
  const s00 = market.reduce((a, v) => a + v * v, 0) / T;
  const f = s.map((r, i) => r.map((v, j) => (i === j ? v : (s0[i] * s0[j]) / s00)));
  let pi = 0;
  let rho = 0;
  let gamma = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let piIJ = 0;
      for (const r of xc) piIJ += (r[i] * r[j] - s[i][j]) ** 2 / T;
      pi += piIJ;
      gamma += (f[i][j] - s[i][j]) ** 2;
      if (i === j) {
        rho += piIJ;
        continue;
      }
      let rhoIJ = 0;
      xc.forEach((r, t) => {
        const m = market[t];
        rhoIJ += ((s0[j] * s00 * r[i] + s0[i] * s00 * r[j] - s0[i] * s0[j] * m) * m * r[i] * r[j]) / s00 ** 2 - f[i][j] * s[i][j];
      });
      rho += rhoIJ / T;
    }
  }
  const shrinkage = clamp01((pi - rho) / gamma / T);
  return { shrinkage, covariance: s.map((r, i) => r.map((v, j) => shrinkage * f[i][j] + (1 - shrinkage) * v)) };
}

/**
 * Ledoit & Wolf (2004, JPM), Appendix B, with PyPortfolioOpt's S (divisor T − 1, or the one given):
 * π_ij = mean_t (x_ti x_tj − s_ij)², θ_ii,ij = mean_t (x_ti² − s_ii)(x_ti x_tj − s_ij),
 * ρ = Σ π_ii + Σ_{i≠j} (r̄/2)(√(s_jj/s_ii)·θ_ii,ij + √(s_ii/s_jj)·θ_jj,ij), γ = ‖F − S‖².
 */
function slowConstantCorrelation(x: Matrix, given?: number[][]): { shrinkage: number; covariance: number[][] } {
  const xc = centredRows(x);
  const T = xc.length;
  const n = xc[0].length;
  const s = given ?? covarianceOf(xc, T - 1);
  const sd = s.map((r, i) => Math.sqrt(r[i]));
  let rbar = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) rbar += s[i][j] / (sd[i] * sd[j]) / (n * (n - 1));
  const f = s.map((r, i) => r.map((v, j) => (i === j ? v : rbar * sd[i] * sd[j])));
  const theta = (i: number, j: number) => xc.reduce((a, r) => a + (r[i] ** 2 - s[i][i]) * (r[i] * r[j] - s[i][j]), 0) / T;
  let pi = 0;
  let rho = 0;
  let gamma = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const piIJ = xc.reduce((a, r) => a + (r[i] * r[j] - s[i][j]) ** 2, 0) / T;
      pi += piIJ;
      gamma += (f[i][j] - s[i][j]) ** 2;
      if (i === j) rho += piIJ;
      else rho += (rbar / 2) * (Math.sqrt(s[j][j] / s[i][i]) * theta(i, j) + Math.sqrt(s[i][i] / s[j][j]) * theta(j, i));
    }
  }
  const shrinkage = clamp01((pi - rho) / gamma / T);
  return { shrinkage, covariance: s.map((r, i) => r.map((v, j) => shrinkage * f[i][j] + (1 - shrinkage) * v)) };
}

const SLOW: Record<LedoitWolfTarget, (x: Matrix) => { shrinkage: number; covariance: number[][] }> = {
  constantVariance: slowConstantVariance,
  singleFactor: slowSingleFactor,
  constantCorrelation: (x) => slowConstantCorrelation(x),
};
const TARGETS = Object.keys(SLOW) as LedoitWolfTarget[];

describe("ledoitWolf (constant variance) against scikit-learn (covariance.json)", () => {
  it("common window: ledoit_wolf_common_window and its shrinkage", () => {
    const ref = referenceCovariance("ledoit_wolf_common_window");
    const result = ledoitWolf(commonWindowReturns(), { periodsPerYear: 252, missing: "complete" });
    expectClose(result.shrinkage, ref.shrinkage ?? NaN, REFERENCE_TOL, "shrinkage");
    expectClose(result.covariance.data, ref.matrix.data, REFERENCE_TOL, "covariance");
    assert.equal(result.observations, 895);
  });

  it('full history, missing "zero": ledoit_wolf_full_history_nan_as_zero and its shrinkage', () => {
    const ref = referenceCovariance("ledoit_wolf_full_history_nan_as_zero");
    const result = ledoitWolf(fullHistoryReturns(), { periodsPerYear: 252 });
    expectClose(result.shrinkage, ref.shrinkage ?? NaN, REFERENCE_TOL, "shrinkage");
    expectClose(result.covariance.data, ref.matrix.data, REFERENCE_TOL, "covariance");
    assert.equal(result.observations, 7125);
  });
});

describe("ledoitWolf against slow transcriptions of the papers", () => {
  const panels: [string, Matrix][] = [
    ["synthetic 120 × 8", factorPanel(120, 8, 21)],
    ["synthetic 40 × 12 (few observations)", factorPanel(40, 12, 22)],
    ["stock common window 895 × 20", commonWindowReturns()],
  ];
  for (const target of TARGETS) {
    for (const [name, x] of panels) {
      it(`${target}: ${name}`, () => {
        const fast = ledoitWolf(x, { periodsPerYear: 1, target, missing: "complete" });
        const slow = SLOW[target](x);
        assert.ok(slow.shrinkage > 0 && slow.shrinkage < 1, `interior intensity expected, got ${slow.shrinkage}`);
        expectClose(fast.shrinkage, slow.shrinkage, SLOW_TOL, "shrinkage");
        expectClose(fast.covariance.data, slow.covariance, SLOW_TOL, "covariance");
      });
    }
  }

  it('constantCorrelation, "zero" with gaps: S is the pairwise covariance of the raw table (PyPortfolioOpt)', () => {
    const x = factorPanel(150, 5, 8);
    const raw = Float64Array.from(x.data);
    for (let t = 0; t < 40; t++) raw[t * 5 + 4] = NaN; // a late listing
    const ragged = { ...x, data: raw };
    const zero = { ...x, data: Float64Array.from(raw, (v) => (Number.isNaN(v) ? 0 : v)) };
    // pandas' pairwise cov of the raw table, ddof 1, written out.
    const pairwise = Array.from({ length: 5 }, (_, i) =>
      Array.from({ length: 5 }, (_, j) => {
        const rows = Array.from({ length: 150 }, (_, t) => t).filter((t) => !Number.isNaN(raw[t * 5 + i] + raw[t * 5 + j]));
        const mi = rows.reduce((a, t) => a + raw[t * 5 + i], 0) / rows.length;
        const mj = rows.reduce((a, t) => a + raw[t * 5 + j], 0) / rows.length;
        return rows.reduce((a, t) => a + (raw[t * 5 + i] - mi) * (raw[t * 5 + j] - mj), 0) / (rows.length - 1);
      }),
    );
    const slow = slowConstantCorrelation(zero, pairwise);
    const fast = ledoitWolf(ragged, { periodsPerYear: 1, target: "constantCorrelation", missing: "zero" });
    expectClose(fast.shrinkage, slow.shrinkage, SLOW_TOL, "shrinkage");
    expectClose(fast.covariance.data, slow.covariance, SLOW_TOL, "covariance");
  });

  it('"zero" equals "complete" on the zero-filled table for the other targets', () => {
    const x = factorPanel(100, 4, 9);
    const raw = Float64Array.from(x.data);
    for (let t = 0; t < 30; t++) raw[t * 4 + 1] = NaN;
    const filled = { ...x, data: Float64Array.from(raw, (v) => (Number.isNaN(v) ? 0 : v)) };
    for (const target of ["constantVariance", "singleFactor"] as const) {
      const a = ledoitWolf({ ...x, data: raw }, { periodsPerYear: 252, target });
      const b = ledoitWolf(filled, { periodsPerYear: 252, target, missing: "complete" });
      // Same arithmetic on the same numbers: equal to the last bit.
      assert.deepEqual(Array.from(a.covariance.data), Array.from(b.covariance.data));
      assert.equal(a.shrinkage, b.shrinkage);
    }
  });
});

describe("ledoitWolf edge cases", () => {
  it("one asset: intensity 0, the variance", () => {
    for (const target of TARGETS) {
      const result = ledoitWolf(table([[0.01], [0.03], [-0.01]]), { periodsPerYear: 1, target });
      assert.equal(result.shrinkage, 0, target);
      // constantCorrelation uses divisor T − 1 (0.0004), the others T (0.0008/3).
      const expected = target === "constantCorrelation" ? 0.0004 : 0.0008 / 3;
      expectClose(result.covariance.data, [expected], { rtol: 1e-12, atol: 0 }, target);
    }
  });

  it("two identical assets (singular S) beside a third: every target gives a positive definite matrix", () => {
    const base = factorPanel(60, 2, 4);
    const x = table(Array.from({ length: 60 }, (_, t) => [base.data[2 * t], base.data[2 * t], base.data[2 * t + 1]]));
    for (const target of TARGETS) {
      const result = ledoitWolf(x, { periodsPerYear: 252, target });
      assert.ok(result.shrinkage > 0, `${target}: shrinkage ${result.shrinkage}`);
      assert.notEqual(tryCholesky(result.covariance), null, `${target}: Cholesky must succeed`);
    }
  });

  it("more assets than observations (50 × 20): every target gives a positive definite matrix", () => {
    const x = factorPanel(20, 50, 12);
    for (const target of TARGETS) {
      const result = ledoitWolf(x, { periodsPerYear: 252, target });
      assert.ok(result.shrinkage > 0 && result.shrinkage <= 1, `${target}: shrinkage ${result.shrinkage}`);
      assert.notEqual(tryCholesky(result.covariance), null, `${target}: Cholesky must succeed`);
    }
  });

  it("constant prices (zero returns): zero matrix with intensity 0; constant correlation names the asset", () => {
    const zeros = table(Array.from({ length: 10 }, () => [0, 0, 0]));
    for (const target of ["constantVariance", "singleFactor"] as const) {
      const result = ledoitWolf(zeros, { periodsPerYear: 252, target });
      assert.equal(result.shrinkage, 0);
      assert.ok(result.covariance.data.every((v) => v === 0));
    }
    assert.throws(
      () => ledoitWolf(zeros, { periodsPerYear: 252, target: "constantCorrelation" }),
      (e: unknown) => e instanceof InvalidInputError && e.details.asset === 0,
    );
  });

  it("one observation: InsufficientHistoryError", () => {
    assert.throws(() => ledoitWolf(table([[0.01, 0.02]]), { periodsPerYear: 252 }), InsufficientHistoryError);
  });

  it("unknown target: InvalidInputError", () => {
    const x = factorPanel(10, 2, 1);
    assert.throws(() => ledoitWolf(x, { periodsPerYear: 252, target: "diagonal" as LedoitWolfTarget }), InvalidInputError);
  });
});
