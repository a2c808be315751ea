import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matrix } from "../../../src/core/linalg/matrix.js";
import { transpose } from "../../../src/core/linalg/transpose.js";
import { randomMatrix, seededRandom } from "./random-matrices.js";

describe("transpose", () => {
  it("transposes a known matrix", () => {
    const t = transpose(matrix(2, 3, [1, 2, 3, 4, 5, 6]));
    assert.equal(t.rows, 3);
    assert.equal(t.cols, 2);
    assert.deepEqual(Array.from(t.data), [1, 4, 2, 5, 3, 6]);
  });

  it("is an involution and does not alias its input", () => {
    const a = randomMatrix(7, 4, seededRandom(71));
    const back = transpose(transpose(a));
    assert.deepEqual(back, a);
    assert.notEqual(transpose(a).data, a.data);
  });

  it("handles vectors and empty matrices", () => {
    assert.deepEqual(Array.from(transpose(matrix(1, 3, [1, 2, 3])).data), [1, 2, 3]);
    const empty = transpose(matrix(0, 4));
    assert.equal(empty.rows, 4);
    assert.equal(empty.cols, 0);
  });
});
