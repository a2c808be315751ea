import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matrix } from "../../../src/core/linalg/matrix.js";
import { multiply } from "../../../src/core/linalg/multiply.js";
import { ShapeMismatchError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { naiveProduct, randomMatrix, seededRandom } from "./random-matrices.js";

describe("multiply", () => {
  it("multiplies known matrices", () => {
    const a = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
    const b = matrix(3, 2, [7, 8, 9, 10, 11, 12]);
    const c = multiply(a, b);
    assert.equal(c.rows, 2);
    assert.equal(c.cols, 2);
    // Small integers: exact.
    expectClose(c.data, [58, 64, 139, 154], { rtol: 0, atol: 0 }, "A·B");
    expectClose(multiply(matrix(1, 2, [1, 2]), matrix(2, 1, [3, 4])).data, [11], { rtol: 0, atol: 0 }, "row·column");
  });

  it("matches the naive i–j–k product on random rectangular matrices", () => {
    const random = seededRandom(61);
    for (const [m, k, n] of [[1, 1, 1], [3, 7, 2], [40, 25, 33]]) {
      const a = randomMatrix(m, k, random);
      const b = randomMatrix(k, n, random);
      // Same terms summed in the same k order (zero terms skipped add nothing): equal to the ulp;
      // allow k·ε for the skipped-zero reordering that never happens with random entries anyway.
      expectClose(multiply(a, b).data, naiveProduct(a.data, m, k, b.data, n), { rtol: 0, atol: 1e-15 * k }, `${m}×${k}·${k}×${n}`);
    }
  });

  it("handles empty inner dimensions and rejects mismatched shapes", () => {
    const c = multiply(matrix(2, 0), matrix(0, 3));
    assert.equal(c.rows, 2);
    assert.equal(c.cols, 3);
    expectClose(c.data, [0, 0, 0, 0, 0, 0], { rtol: 0, atol: 0 }, "empty sum");
    assert.throws(() => multiply(matrix(2, 3), matrix(2, 3)), ShapeMismatchError);
  });
});
