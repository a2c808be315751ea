import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as linalg from "../../../src/core/linalg/index.js";

describe("linalg index", () => {
  it("exports the public API and nothing private", () => {
    const expected = [
      "PSD_RTOL",
      "SYMMETRY_RTOL",
      "assertFiniteMatrix",
      "assertSymmetric",
      "cholesky",
      "choleskySolve",
      "clipEigenvalues",
      "diagonal",
      "eigenSymmetric",
      "eigenvaluesSymmetric",
      "identity",
      "inverseSymmetric",
      "matrix",
      "minEigenvalue",
      "multiply",
      "nearestCorrelation",
      "quadraticForm",
      "repairCovariance",
      "solveLinear",
      "solveSymmetric",
      "symmetricFromRows",
      "symmetricMatrix",
      "symmetricTimesVector",
      "symmetricToRows",
      "transpose",
      "tryCholesky",
    ];
    assert.deepEqual(Object.keys(linalg).sort(), expected.sort());
  });
});
