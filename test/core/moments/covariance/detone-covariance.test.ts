import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidInputError } from "../../../../src/core/errors.js";
import { eigenvaluesSymmetric } from "../../../../src/core/linalg/index.js";
import type { SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import { covarianceToCorrelation, detoneCovariance } from "../../../../src/core/moments/covariance/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { referenceCovariance } from "./fixtures.js";

/** Top eigenpair by power iteration, independent of the eigen-solver under test. */
function topEigenpair(c: SymmetricMatrix): { value: number; vector: number[] } {
  const n = c.size;
  let v = Array.from({ length: n }, () => 1);
  let value = 0;
  for (let it = 0; it < 1000; it++) {
    const w = v.map((_, i) => v.reduce((a, vj, j) => a + c.data[i * n + j] * vj, 0));
    const norm = Math.hypot(...w);
    value = w.reduce((a, wi, i) => a + wi * v[i], 0);
    v = w.map((wi) => wi / norm);
  }
  return { value, vector: v };
}

describe("detoneCovariance", () => {
  const cov = referenceCovariance("sample_common_window").matrix;

  it("removes the market mode: = slow power-iteration construction", () => {
    const { correlation, stdDevs } = covarianceToCorrelation(cov);
    const { value, vector } = topEigenpair(correlation);
    const n = 20;
    const c1 = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => correlation.data[i * n + j] - value * vector[i] * vector[j]),
    );
    const slow = c1.map((row, i) => row.map((v, j) => (v / Math.sqrt(c1[i][i] * c1[j][j])) * stdDevs[i] * stdDevs[j]));
    const result = detoneCovariance(cov);
    // λ₁/λ₂ ≈ 4 here, so 1000 power steps converge to rounding; two eigen-solvers agree to ~1e-14.
    expectClose(result.covariance.data, slow, { rtol: 1e-10, atol: 1e-15 }, "detoned");
    expectClose(result.marketEigenvalues, [value], { rtol: 1e-12, atol: 0 }, "market eigenvalue");
  });

  it("is singular by construction: nMarkets eigenvalues vanish; variances are kept", () => {
    for (const nMarkets of [1, 2, 3]) {
      const result = detoneCovariance(cov, { nMarkets });
      const values = eigenvaluesSymmetric(result.covariance);
      const scale = values[values.length - 1];
      // A zero eigenvalue comes out within ~n·ε·‖Σ‖ of 0; 1e-12·‖Σ‖ is above that noise.
      assert.equal(values.filter((v) => Math.abs(v) < 1e-12 * scale).length, nMarkets, `nMarkets ${nMarkets}`);
      for (let i = 0; i < 20; i++) expectClose(result.covariance.data[i * 21], cov.data[i * 21], { rtol: 1e-14, atol: 0 }, `var ${i}`);
    }
  });

  it("nMarkets = 0 leaves the covariance as it was", () => {
    // Split into ρ and σ and back: a few roundings.
    expectClose(detoneCovariance(cov, { nMarkets: 0 }).covariance.data, cov.data, { rtol: 1e-14, atol: 1e-18 }, "identity");
  });

  it("errors: nMarkets out of range or fractional; an asset explained entirely by the market", () => {
    assert.throws(() => detoneCovariance(cov, { nMarkets: 20 }), InvalidInputError);
    assert.throws(() => detoneCovariance(cov, { nMarkets: 1.5 }), InvalidInputError);
    // Two perfectly correlated assets: the market mode is all there is.
    const twin: SymmetricMatrix = { size: 2, data: Float64Array.of(0.04, 0.06, 0.06, 0.09) };
    assert.throws(() => detoneCovariance(twin), (e: unknown) => e instanceof InvalidInputError && e.details.asset === 0);
  });
});
