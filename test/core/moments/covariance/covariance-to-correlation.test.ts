import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../../../src/core/errors.js";
import { symmetricFromRows } from "../../../../src/core/linalg/matrix.js";
import { correlationToCovariance, covarianceToCorrelation } from "../../../../src/core/moments/covariance/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { referenceCovariance } from "./fixtures.js";

describe("covarianceToCorrelation / correlationToCovariance", () => {
  it("a hand-worked 2 × 2", () => {
    const { correlation, stdDevs } = covarianceToCorrelation(symmetricFromRows([[0.04, 0.006], [0.006, 0.09]]));
    // σ = 0.2, 0.3; ρ = 0.006 / 0.06 = 0.1. Exact up to one rounding per operation.
    expectClose(stdDevs, [0.2, 0.3], { rtol: 1e-15, atol: 0 }, "stdDevs");
    expectClose(correlation.data, [1, 0.1, 0.1, 1], { rtol: 1e-14, atol: 0 }, "correlation");
  });

  it("round trip on the reference sample covariance", () => {
    const cov = referenceCovariance("sample_full_history_pairwise").matrix;
    const { correlation, stdDevs } = covarianceToCorrelation(cov);
    for (let i = 0; i < 20; i++) assert.equal(correlation.data[i * 21], 1);
    // Divide then multiply by the same σᵢσⱼ: a few ulps.
    expectClose(correlationToCovariance(correlation, stdDevs).data, cov.data, { rtol: 1e-14, atol: 0 }, "round trip");
  });

  it("zero or negative variance: InvalidInputError naming the asset", () => {
    for (const bad of [0, -0.01]) {
      assert.throws(
        () => covarianceToCorrelation(symmetricFromRows([[0.04, 0], [0, bad]])),
        (e: unknown) => e instanceof InvalidInputError && e.details.asset === 1 && /asset 1/.test(e.message),
      );
    }
  });

  it("NaN entries, wrong sizes and negative standard deviations are errors", () => {
    assert.throws(() => covarianceToCorrelation(symmetricFromRows([[0.04, NaN], [NaN, 0.09]])), NonFiniteValueError);
    const corr = symmetricFromRows([[1, 0.5], [0.5, 1]]);
    assert.throws(() => correlationToCovariance(corr, [0.1]), ShapeMismatchError);
    assert.throws(() => correlationToCovariance(corr, [0.1, -0.2]), InvalidInputError);
  });
});
