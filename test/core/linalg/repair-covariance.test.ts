import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { eigenvaluesSymmetric } from "../../../src/core/linalg/eigen-symmetric.js";
import { symmetricFromRows, type SymmetricMatrix } from "../../../src/core/linalg/matrix.js";
import { nearestCorrelation } from "../../../src/core/linalg/nearest-correlation.js";
import { PSD_RTOL, repairCovariance, type CovarianceRepairMethod } from "../../../src/core/linalg/repair-covariance.js";
import { InvalidInputError, NonFiniteValueError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { referenceJson, referencePath } from "../../support/reference.js";
import { maxAbs, seededRandom } from "./random-matrices.js";

/** D·C·D for standard deviations `sigma` and a correlation `c`. */
function covarianceFrom(sigma: readonly number[], c: readonly (readonly number[])[]): SymmetricMatrix {
  return symmetricFromRows(c.map((row, i) => row.map((x, j) => sigma[i] * sigma[j] * x)));
}

/** Higham's 3 × 3 example, indefinite (eigenvalues 1 − √2, 1, 1 + √2). */
const HIGHAM_3 = [
  [1, 1, 0],
  [1, 1, 1],
  [0, 1, 1],
];

function assertPsd(m: SymmetricMatrix, label: string): void {
  const values = eigenvaluesSymmetric(m);
  // The repaired matrix is PSD up to the rounding of one decomposition: the same test repairCovariance uses.
  assert.ok(values[0] >= -PSD_RTOL * maxAbs(values), `${label}: PSD (min eigenvalue ${values[0]})`);
}

describe("repairCovariance", () => {
  it("returns the reference covariances unchanged, with numpy's smallest eigenvalue", () => {
    type CovarianceFile = { matrices: Record<string, { min_eigenvalue?: number; matrix: number[][] }> };
    const entry = referenceJson<CovarianceFile>("expected", "covariance.json").matrices.sample_common_window;
    const cov = symmetricFromRows(entry.matrix);
    for (const method of ["clipEigenvalues", "nearestCorrelation"] as const) {
      const result = repairCovariance(cov, method);
      assert.equal(result.repaired, null);
      assert.equal(result.covariance, cov, "the input object itself");
      // Backward-stable eigenvalues of a well-conditioned 20 × 20 matrix: 1e-10 as for estimators.
      expectClose(result.minEigenvalueBefore, entry.min_eigenvalue as number, { rtol: 1e-10, atol: 0 }, method);
    }
    const lines = readFileSync(referencePath("data", "cov_matrix.csv"), "utf8").trim().split("\n").slice(1);
    const big = symmetricFromRows(lines.map((line) => line.split(",").slice(1).map(Number)));
    assert.equal(repairCovariance(big).repaired, null, "cov_matrix.csv (95 × 95) is PSD");
  });

  it("does not repair a rank-deficient sample covariance for rounding noise", () => {
    // 4 observations of 12 assets: rank ≤ 3, nine eigenvalues that are 0 in exact arithmetic and
    // ±1e-17-ish in floating point. PSD_RTOL exists for exactly this case.
    const random = seededRandom(41);
    const t = 4;
    const n = 12;
    const x = Array.from({ length: t }, () => Array.from({ length: n }, () => 0.02 * (2 * random() - 1)));
    const mean = Array.from({ length: n }, (_, j) => x.reduce((s, row) => s + row[j], 0) / t);
    const rows = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => x.reduce((s, row) => s + (row[i] - mean[i]) * (row[j] - mean[j]), 0) / (t - 1)),
    );
    const cov = symmetricFromRows(rows);
    const result = repairCovariance(cov);
    assert.ok(result.minEigenvalueBefore < 0, "rounding made the smallest eigenvalue negative");
    assert.equal(result.repaired, null);
    assert.equal(result.covariance, cov);
  });

  it("clips an indefinite covariance and reports it", () => {
    const cov = covarianceFrom([0.1, 0.2, 0.3], HIGHAM_3);
    const result = repairCovariance(cov);
    assert.equal(result.repaired, "clipEigenvalues");
    assert.ok(result.minEigenvalueBefore < 0);
    expectClose(result.minEigenvalueBefore, eigenvaluesSymmetric(cov)[0], { rtol: 0, atol: 0 }, "minEigenvalueBefore");
    assertPsd(result.covariance, "clipped");
    // Idempotent: the repaired matrix passes the PSD test and is returned as is.
    const again = repairCovariance(result.covariance);
    assert.equal(again.repaired, null);
    assert.equal(again.covariance, result.covariance);
  });

  it("repairs through the nearest correlation matrix, keeping the variances exactly", () => {
    const sigma = [0.1, 0.2, 0.3];
    const cov = covarianceFrom(sigma, HIGHAM_3);
    const result = repairCovariance(cov, "nearestCorrelation");
    assert.equal(result.repaired, "nearestCorrelation");
    assertPsd(result.covariance, "nearestCorrelation");
    for (let i = 0; i < 3; i++) assert.equal(result.covariance.data[i * 3 + i], cov.data[i * 3 + i], `variance ${i}`);
    // Higham's published nearest correlation for this matrix, scaled back by the standard deviations;
    // printed to 8 decimals, so allow 1e-8 in correlation units times σ_i·σ_j ≤ 0.09.
    const x = [
      [1, 0.76068985, 0.15729811],
      [0.76068985, 1, 0.76068985],
      [0.15729811, 0.76068985, 1],
    ];
    expectClose(result.covariance.data, covarianceFrom(sigma, x).data, { rtol: 0, atol: 1e-9 }, "covariance");
    // And exactly nearestCorrelation of the correlation, rescaled (same code path, 1 ulp of rescaling).
    const c = nearestCorrelation(symmetricFromRows(HIGHAM_3)).matrix.data;
    expectClose(result.covariance.data, covarianceFrom(sigma, [[...c.slice(0, 3)], [...c.slice(3, 6)], [...c.slice(6, 9)]]).data, { rtol: 1e-15, atol: 0 }, "vs nearestCorrelation");
  });

  it("keeps a zero-variance asset uncorrelated under nearestCorrelation", () => {
    // Asset 1 has zero variance but non-zero covariances: impossible for a PSD matrix.
    const cov = symmetricFromRows([
      [0.04, 0.01, 0.02],
      [0.01, 0, 0.01],
      [0.02, 0.01, 0.09],
    ]);
    const result = repairCovariance(cov, "nearestCorrelation");
    assert.equal(result.repaired, "nearestCorrelation");
    // The other pair's correlation (0.02 / (0.2·0.3) = 1/3) was valid, so it is kept.
    expectClose(result.covariance.data, [0.04, 0, 0.02, 0, 0, 0, 0.02, 0, 0.09], { rtol: 1e-12, atol: 1e-15 }, "covariance");
  });

  it("refuses a negative variance for nearestCorrelation but clips it", () => {
    const cov = symmetricFromRows([
      [0.04, 0.01],
      [0.01, -0.01],
    ]);
    assert.throws(() => repairCovariance(cov, "nearestCorrelation"), (e: unknown) => {
      assert.ok(e instanceof InvalidInputError);
      assert.equal(e.details.asset, 1);
      assert.match(e.message, /variance of asset 1 is -0\.01/);
      return true;
    });
    const clipped = repairCovariance(cov);
    assert.equal(clipped.repaired, "clipEigenvalues");
    assertPsd(clipped.covariance, "clipped");
  });

  it("handles 1 × 1, zero and empty covariances", () => {
    const negative = repairCovariance(symmetricFromRows([[-1]]));
    assert.equal(negative.repaired, "clipEigenvalues");
    expectClose(negative.covariance.data, [0], { rtol: 0, atol: 1e-16 }, "[[−1]] clipped");
    const zero = symmetricFromRows([
      [0, 0],
      [0, 0],
    ]);
    assert.equal(repairCovariance(zero, "nearestCorrelation").repaired, null);
    assert.equal(repairCovariance({ size: 0, data: new Float64Array(0) }).repaired, null);
  });

  it("rejects an unknown method and non-finite input", () => {
    const cov = symmetricFromRows([[1]]);
    assert.throws(() => repairCovariance(cov, "shrink" as CovarianceRepairMethod), InvalidInputError);
    assert.throws(() => repairCovariance(symmetricFromRows([[Number.NaN]])), NonFiniteValueError);
  });
});
