/**
 * Property tests over random return panels (fast-check): every estimator returns a symmetric positive
 * semidefinite matrix, shrinkage intensities lie in [0, 1], scaling the returns by c scales the
 * covariance by c² and leaves intensities and correlations alone, and permuting the assets permutes
 * the result.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Matrix, SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import {
  covarianceToCorrelation,
  ewmCovariance,
  gerberCovariance,
  ledoitWolf,
  oracleApproximatingShrinkage,
  sampleCovariance,
  semicovariance,
} from "../../../../src/core/moments/covariance/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { maxAbs, permuteColumns, permuteSymmetric, relativeMinEigenvalue, scaleTable } from "./fixtures.js";

interface Estimate {
  readonly covariance: SymmetricMatrix;
  readonly shrinkage?: number;
}

const PPY = 252;
const ESTIMATORS: Record<string, (x: Matrix) => Estimate> = {
  sampleCovariance: (x) => sampleCovariance(x, { periodsPerYear: PPY }),
  semicovariance: (x) => semicovariance(x, { periodsPerYear: PPY }),
  ewmCovariance: (x) => ewmCovariance(x, { periodsPerYear: PPY, span: 10 }),
  "ledoitWolf constantVariance": (x) => ledoitWolf(x, { periodsPerYear: PPY }),
  "ledoitWolf singleFactor": (x) => ledoitWolf(x, { periodsPerYear: PPY, target: "singleFactor" }),
  "ledoitWolf constantCorrelation": (x) => ledoitWolf(x, { periodsPerYear: PPY, target: "constantCorrelation" }),
  oracleApproximatingShrinkage: (x) => oracleApproximatingShrinkage(x, { periodsPerYear: PPY }),
  gerberCovariance: (x) => gerberCovariance(x, { periodsPerYear: PPY }),
};

/** Panels of 2–30 rows × 1–7 assets, returns on a 1e-4 grid in [−10%, 10%] (no subnormals). */
const panel = fc
  .tuple(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 1, max: 7 }))
  .chain(([rows, cols]) =>
    fc
      .array(fc.integer({ min: -1000, max: 1000 }), { minLength: rows * cols, maxLength: rows * cols })
      .map((ints): Matrix => ({ rows, cols, data: Float64Array.from(ints, (k) => k / 10000) })),
  );

/** Every column moves (the correlation-based estimators need positive variances). */
function allColumnsVary(x: Matrix): boolean {
  for (let j = 0; j < x.cols; j++) {
    let varies = false;
    for (let t = 1; t < x.rows && !varies; t++) varies = x.data[t * x.cols + j] !== x.data[j];
    if (!varies) return false;
  }
  return true;
}

const permutationOf = (n: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((keys) =>
    keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i),
  );

describe("covariance estimators: properties on random panels", () => {
  for (const [name, estimate] of Object.entries(ESTIMATORS)) {
    it(`${name}: symmetric, positive semidefinite, shrinkage in [0, 1]`, () => {
      fc.assert(
        fc.property(panel, (x) => {
          fc.pre(allColumnsVary(x));
          const { covariance, shrinkage } = estimate(x);
          const n = covariance.size;
          for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) assert.equal(covariance.data[i * n + j], covariance.data[j * n + i]);
          // A PSD matrix's computed eigenvalues are ≥ −(n·ε)·‖Σ‖; 1e-12 of the scale is above that noise.
          assert.ok(relativeMinEigenvalue(covariance) >= -1e-12, `min eigenvalue ${relativeMinEigenvalue(covariance)}`);
          if (shrinkage !== undefined) assert.ok(shrinkage >= 0 && shrinkage <= 1, `shrinkage ${shrinkage}`);
        }),
      );
    });

    it(`${name}: returns × c → covariance × c², same shrinkage`, () => {
      // Gerber compares returns with c·σ: a power of two scales exactly, so no borderline move flips.
      const factors = name === "gerberCovariance" ? fc.constantFrom(2 ** -7, 2 ** 3, 2 ** 10) : fc.constantFrom(1e-3, 0.37, 3.1, 250);
      fc.assert(
        fc.property(panel, factors, (x, c) => {
          fc.pre(allColumnsVary(x));
          const base = estimate(x);
          const scaled = estimate(scaleTable(x, c));
          const expected = Array.from(base.covariance.data, (v) => v * c * c);
          // Every step is homogeneous; rounding differs at ~1e-15 relative but sums can cancel, so the
          // absolute part follows the matrix scale.
          expectClose(scaled.covariance.data, expected, { rtol: 1e-9, atol: 1e-12 * maxAbs(expected) }, "c²·Σ");
          if (base.shrinkage !== undefined) expectClose(scaled.shrinkage ?? NaN, base.shrinkage, { rtol: 0, atol: 1e-9 }, "shrinkage");
        }),
      );
    });

    it(`${name}: permuting the assets permutes the result`, () => {
      fc.assert(
        fc.property(
          panel.chain((x) => fc.tuple(fc.constant(x), permutationOf(x.cols))),
          ([x, order]) => {
            fc.pre(allColumnsVary(x));
            const base = estimate(x);
            const permuted = estimate(permuteColumns(x, order));
            const expected = permuteSymmetric(base.covariance, order);
            // Only summation order changes (e.g. the single-factor market average).
            expectClose(permuted.covariance.data, expected, { rtol: 1e-9, atol: 1e-12 * maxAbs(expected) }, "PΣPᵀ");
            if (base.shrinkage !== undefined) expectClose(permuted.shrinkage ?? NaN, base.shrinkage, { rtol: 0, atol: 1e-9 }, "shrinkage");
          },
        ),
      );
    });
  }

  it("the correlation of the sample covariance does not change with the scale of the returns", () => {
    fc.assert(
      fc.property(panel, fc.constantFrom(1e-3, 0.37, 250), (x, c) => {
        fc.pre(x.rows >= 2 && allColumnsVary(x));
        const a = covarianceToCorrelation(sampleCovariance(x, { periodsPerYear: PPY }).covariance).correlation.data;
        const b = covarianceToCorrelation(sampleCovariance(scaleTable(x, c), { periodsPerYear: PPY }).covariance).correlation.data;
        // Correlations are O(1): an absolute 1e-12 is ~10⁴ ulps.
        expectClose(b, a, { rtol: 0, atol: 1e-12 }, "correlation");
      }),
    );
  });
});
