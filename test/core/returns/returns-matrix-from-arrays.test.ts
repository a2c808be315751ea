import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NonFiniteValueError, ShapeMismatchError } from "../../../src/core/errors.js";
import { returnsMatrixFromArrays } from "../../../src/core/returns/index.js";

describe("returnsMatrixFromArrays", () => {
  it("builds a row-major matrix with null and NaN as missing", () => {
    const m = returnsMatrixFromArrays([
      [0.01, null],
      [-0.02, NaN],
    ]);
    assert.deepEqual([m.rows, m.cols], [2, 2]);
    assert.deepEqual(Array.from(m.data), [0.01, NaN, -0.02, NaN]);
  });

  it("rejects ragged rows and infinities, naming the place", () => {
    assert.throws(() => returnsMatrixFromArrays([[1, 2], [3]]), ShapeMismatchError);
    assert.throws(
      () => returnsMatrixFromArrays([[0, 0], [0, -Infinity]]),
      (e: unknown) => e instanceof NonFiniteValueError && e.details.row === 1 && e.details.asset === 1,
    );
  });
});
