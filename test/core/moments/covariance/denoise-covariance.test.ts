import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidInputError } from "../../../../src/core/errors.js";
import { eigenvaluesSymmetric, minEigenvalue } from "../../../../src/core/linalg/index.js";
import type { Matrix, SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import { symmetricFromRows } from "../../../../src/core/linalg/matrix.js";
import {
  covarianceToCorrelation,
  denoiseCovariance,
  sampleCovariance,
} from "../../../../src/core/moments/covariance/index.js";
import { goldenSectionMinimum } from "../../../../src/core/moments/covariance/golden-section-minimum.js";
import {
  SIGMA2_BOUNDS,
  gaussianKernelDensity,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
  marchenkoPasturFitError,
} from "../../../../src/core/moments/covariance/marchenko-pastur.js";
import { expectClose } from "../../../support/expect-close.js";
import { commonWindowReturns, normalSampler, seededRandom } from "./fixtures.js";

/** `x_tj = βⱼ·f_t + ε_tj` with i.i.d. standard normals: the textbook setting of the Marchenko-Pastur law. */
function gaussianFactorPanel(rows: number, cols: number, seed: number, nFactors: number): Matrix {
  const z = normalSampler(seededRandom(seed));
  const loadings = Array.from({ length: nFactors }, (_, k) => Array.from({ length: cols }, () => (k === 0 ? 1 : 0.8 * z())));
  const data = new Float64Array(rows * cols);
  for (let t = 0; t < rows; t++) {
    const f = loadings.map(() => z());
    for (let j = 0; j < cols; j++) data[t * cols + j] = 0.01 * (loadings.reduce((a, b, k) => a + b[j] * f[k], 0) + z());
  }
  return { rows, cols, data };
}

/** Top eigenpair by power iteration: independent of the eigen-solver under test. */
function topEigenpair(c: SymmetricMatrix): { value: number; vector: number[] } {
  const n = c.size;
  let v = Array.from({ length: n }, (_, i) => 1 + i / n);
  let value = 0;
  for (let it = 0; it < 2000; it++) {
    const w = v.map((_, i) => v.reduce((a, vj, j) => a + c.data[i * n + j] * vj, 0));
    const norm = Math.hypot(...w);
    value = w.reduce((a, wi, i) => a + wi * v[i], 0);
    v = w.map((wi) => wi / norm);
  }
  return { value, vector: v };
}

describe("the Marchenko-Pastur pieces", () => {
  it("the density integrates to 1 (q = 10 and q = 2)", () => {
    for (const q of [10, 2]) {
      const [lo, hi] = marchenkoPasturEdges(0.8, q);
      const m = 200000;
      let s = 0;
      for (let k = 0; k < m; k++) s += marchenkoPasturDensity(lo + ((k + 0.5) * (hi - lo)) / m, 0.8, q) * ((hi - lo) / m);
      // Midpoint rule on a density with square-root edges: error ~ m^(-3/2) ≈ 1e-8.
      expectClose(s, 1, { rtol: 0, atol: 1e-6 }, `∫ mp, q = ${q}`);
    }
  });

  it("the kernel density integrates to 1", () => {
    const points = [0.3, 0.9, 1.1, 4];
    let s = 0;
    for (let x = -1; x < 6; x += 1e-4) s += gaussianKernelDensity(x, points, 0.01) * 1e-4;
    // Riemann sum of Gaussians with h = 0.01 on a 1e-4 grid: exact to far below 1e-9.
    expectClose(s, 1, { rtol: 0, atol: 1e-9 }, "∫ kde");
  });

  it("golden-section search: smooth, kinked, bound and multimodal functions", () => {
    // Tolerance 1e-10 on the bracket: x is found to ~1e-10.
    expectClose(goldenSectionMinimum((x) => (x - 0.3) ** 2, 0, 1).x, 0.3, { rtol: 0, atol: 1e-9 }, "smooth");
    expectClose(goldenSectionMinimum((x) => Math.abs(x - 0.7123), 0, 1).x, 0.7123, { rtol: 0, atol: 1e-9 }, "kink");
    expectClose(goldenSectionMinimum((x) => x, 0.2, 1).x, 0.2, { rtol: 0, atol: 1e-9 }, "bound");
    // Local minima near every integer multiple of 2π/20 — the global one is at x ≈ 0.8 (quadratic bowl).
    const multimodal = (x: number) => (x - 0.8) ** 2 - 0.05 * Math.cos(20 * Math.PI * (x - 0.8));
    expectClose(goldenSectionMinimum(multimodal, 0, 1).x, 0.8, { rtol: 0, atol: 1e-8 }, "multimodal");
  });
});

describe("denoiseCovariance", () => {
  const panel = gaussianFactorPanel(1000, 50, 71, 1);
  const sample = sampleCovariance(panel, { periodsPerYear: 252 });
  const result = denoiseCovariance(sample.covariance, { nObservations: sample.observations });

  it("one strong factor in 50 assets × 1000 observations: one factor kept", () => {
    assert.equal(result.nFactors, 1);
    // λ₊ = σ²(1 + √(N/T))² by definition: one rounding per operation.
    expectClose(result.lambdaMax, result.sigma2 * (1 + Math.sqrt(50 / 1000)) ** 2, { rtol: 1e-14, atol: 0 }, "λ₊");
    assert.ok(result.sigma2 >= SIGMA2_BOUNDS[0] && result.sigma2 <= SIGMA2_BOUNDS[1]);
    // nFactors is the count of correlation eigenvalues ≥ λ₊.
    const values = eigenvaluesSymmetric(covarianceToCorrelation(sample.covariance).correlation);
    assert.equal(values.filter((v) => v >= result.lambdaMax).length, result.nFactors);
  });

  it("the fitted σ² is the best of a dense scan of the fitting error", () => {
    const { correlation } = covarianceToCorrelation(sample.covariance);
    const values = eigenvaluesSymmetric(correlation);
    const error = (s2: number) => marchenkoPasturFitError(s2, values, 1000 / 50, 0.01);
    let best = Infinity;
    for (let k = 0; k <= 2000; k++) best = Math.min(best, error(SIGMA2_BOUNDS[0] + (k / 2000) * (SIGMA2_BOUNDS[1] - SIGMA2_BOUNDS[0])));
    // The refined minimum can only be at or below the best of 2001 scan points (plus rounding).
    assert.ok(error(result.sigma2) <= best * (1 + 1e-12), `${error(result.sigma2)} > ${best}`);
  });

  it("keeps the variances and is positive definite", () => {
    for (let i = 0; i < 50; i++) {
      // Variances pass through σ → ρ·σσ with ρᵢᵢ = 1 exactly: a couple of roundings.
      expectClose(result.covariance.data[i * 51], sample.covariance.data[i * 51], { rtol: 1e-14, atol: 0 }, `variance ${i}`);
    }
    assert.ok(minEigenvalue(result.covariance) > 0);
  });

  it("equals the slow construction: factor part kept, noise part a multiple of its projector", () => {
    // C₁ = λ₁v₁v₁ᵀ + m·(I − v₁v₁ᵀ), m = (N − λ₁)/(N − 1), then rescaled to a unit diagonal.
    const { correlation, stdDevs } = covarianceToCorrelation(sample.covariance);
    const { value, vector } = topEigenpair(correlation);
    const n = 50;
    const m = (n - value) / (n - 1);
    const c1 = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => value * vector[i] * vector[j] + m * ((i === j ? 1 : 0) - vector[i] * vector[j])),
    );
    const slow = c1.map((row, i) => row.map((v, j) => (v / Math.sqrt(c1[i][i] * c1[j][j])) * stdDevs[i] * stdDevs[j]));
    // Power iteration vs Householder-QL eigenvectors: both accurate to ~1e-14; entries are O(1e-2).
    expectClose(result.covariance.data, slow, { rtol: 1e-9, atol: 1e-15 }, "denoised");
  });

  it("runs on the stock common window: variances kept, between 1 and 20 factors, positive definite", () => {
    const s = sampleCovariance(commonWindowReturns(), { periodsPerYear: 252 });
    const d = denoiseCovariance(s.covariance, { nObservations: s.observations });
    assert.ok(d.nFactors >= 1 && d.nFactors <= 20);
    for (let i = 0; i < 20; i++) expectClose(d.covariance.data[i * 21], s.covariance.data[i * 21], { rtol: 1e-14, atol: 0 }, `var ${i}`);
    assert.ok(minEigenvalue(d.covariance) > 0);
  });

  it("errors: bad nObservations, unknown method, zero variance", () => {
    const cov = symmetricFromRows([[0.04, 0.01], [0.01, 0.09]]);
    assert.throws(() => denoiseCovariance(cov, { nObservations: 1 }), InvalidInputError);
    assert.throws(() => denoiseCovariance(cov, { nObservations: 10.5 }), InvalidInputError);
    assert.throws(() => denoiseCovariance(cov, { nObservations: 100, method: "targetedShrinkage" as "constantResidual" }), InvalidInputError);
    assert.throws(
      () => denoiseCovariance(symmetricFromRows([[0.04, 0], [0, 0]]), { nObservations: 100 }),
      (e: unknown) => e instanceof InvalidInputError && e.details.asset === 1,
    );
  });
});
