import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SYMMETRY_RTOL, assertFiniteMatrix, assertSymmetric, symmetrizedCopy } from "../../../src/core/linalg/assert-symmetric.js";
import { matrix, symmetricFromRows } from "../../../src/core/linalg/matrix.js";
import { NonFiniteValueError, NotSymmetricError, ShapeMismatchError } from "../../../src/core/errors.js";

describe("assertSymmetric", () => {
  it("accepts symmetric matrices and gaps within SYMMETRY_RTOL of the largest entry", () => {
    assertSymmetric(symmetricFromRows([[1, 2], [2, 1]]));
    assertSymmetric({ size: 0, data: new Float64Array(0) });
    // Near-zero entries may differ in sign: the tolerance is relative to the matrix, not the pair.
    assertSymmetric(symmetricFromRows([[1, 1e-18], [-1e-18, 1]]));
    const gap = 0.5 * SYMMETRY_RTOL * 4;
    assertSymmetric(symmetricFromRows([[4, 1 + gap], [1, 4]]));
  });

  it("names the worst pair of an asymmetric matrix", () => {
    const a = symmetricFromRows([
      [1, 0.3, 0.2],
      [0.3 + 1e-6, 1, 0.9],
      [0.2, 0.1, 1],
    ]);
    assert.throws(() => assertSymmetric(a, "covariance"), (e: unknown) => {
      assert.ok(e instanceof NotSymmetricError);
      assert.equal(e.code, "NOT_SYMMETRIC");
      assert.deepEqual([e.details.row, e.details.col, e.details.upper, e.details.lower], [1, 2, 0.9, 0.1]);
      assert.match(e.message, /^covariance is not symmetric: \(1, 2\) is 0\.9 but \(2, 1\) is 0\.1/);
      return true;
    });
    const justOver = 4 * SYMMETRY_RTOL * 4;
    assert.throws(() => assertSymmetric(symmetricFromRows([[4, 1 + justOver], [1, 4]])), NotSymmetricError);
  });

  it("names the first non-finite entry", () => {
    const a = symmetricFromRows([
      [1, 0, 0],
      [0, 1, Number.NEGATIVE_INFINITY],
      [0, Number.NaN, 1],
    ]);
    assert.throws(() => assertSymmetric(a), (e: unknown) => {
      assert.ok(e instanceof NonFiniteValueError);
      assert.deepEqual([e.details.row, e.details.col], [1, 2]);
      assert.match(e.message, /\(1, 2\): -Infinity/);
      return true;
    });
  });

  it("rejects a data length that does not match the size", () => {
    assert.throws(() => assertSymmetric({ size: 2, data: new Float64Array(3) }), ShapeMismatchError);
    assert.throws(() => assertFiniteMatrix({ rows: 2, cols: 2, data: new Float64Array(3) }), ShapeMismatchError);
  });
});

describe("assertFiniteMatrix", () => {
  it("accepts finite matrices and names a NaN", () => {
    assertFiniteMatrix(matrix(2, 3, [1, 2, 3, 4, 5, 6]));
    assert.throws(() => assertFiniteMatrix(matrix(2, 3, [1, 2, 3, 4, Number.NaN, 6])), (e: unknown) => {
      assert.ok(e instanceof NonFiniteValueError);
      assert.deepEqual([e.details.row, e.details.col], [1, 1]);
      return true;
    });
  });
});

describe("symmetrizedCopy", () => {
  it("averages the triangles into a new array", () => {
    const a = symmetricFromRows([[1, 2], [4, 5]]);
    const copy = symmetrizedCopy(a);
    assert.deepEqual(Array.from(copy), [1, 3, 3, 5]);
    assert.deepEqual(Array.from(a.data), [1, 2, 4, 5]);
  });
});
