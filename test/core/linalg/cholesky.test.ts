import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { cholesky, choleskySolve, tryCholesky } from "../../../src/core/linalg/cholesky.js";
import { symmetricFromRows, type SymmetricMatrix } from "../../../src/core/linalg/matrix.js";
import { NonFiniteValueError, NotPositiveDefiniteError, NotSymmetricError, ShapeMismatchError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { maxAbs, naiveProduct, naiveTranspose, randomMatrix, randomSpd, seededRandom } from "./random-matrices.js";

/** L·Lᵀ for a factor, by the naive product. */
function reconstruct(lower: Float64Array, n: number): Float64Array {
  return naiveProduct(lower, n, n, naiveTranspose(lower, n, n), n);
}

describe("cholesky", () => {
  it("factors small matrices with exact integer factors", () => {
    // All pivots are perfect squares, so every operation is exact: no tolerance is needed.
    const exact = { rtol: 0, atol: 0 };
    expectClose(cholesky(symmetricFromRows([[4, 2], [2, 5]])).lower, [2, 0, 1, 2], exact, "2×2");
    const a = symmetricFromRows([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ]);
    expectClose(cholesky(a).lower, [2, 0, 0, 6, 1, 0, -8, 5, 3], exact, "3×3");
    expectClose(cholesky(symmetricFromRows([[9]])).lower, [3], exact, "1×1");
  });

  it("reconstructs random SPD matrices: L·Lᵀ = Σ to 1e-12 of max|Σ|", () => {
    const random = seededRandom(1);
    for (const n of [1, 2, 5, 50, 200]) {
      const a = randomSpd(n, random);
      const { size, lower } = cholesky(a);
      assert.equal(size, n);
      // Backward error of Cholesky is ≤ (n+1)·ε·max a_ii (Higham 2002, Thm 10.3): ~5e-14 at n = 200.
      expectClose(reconstruct(lower, n), a.data, { rtol: 0, atol: 1e-12 * maxAbs(a.data) }, `L·Lᵀ, n=${n}`);
      for (let i = 0; i < n; i++) {
        assert.ok(lower[i * n + i] > 0, `diagonal ${i} positive`);
        for (let j = i + 1; j < n; j++) assert.equal(lower[i * n + j], 0, `(${i}, ${j}) above the diagonal`);
      }
    }
  });

  it("does not modify its input", () => {
    const a = randomSpd(6, seededRandom(2));
    const before = Float64Array.from(a.data);
    cholesky(a);
    assert.deepEqual(a.data, before);
  });

  it("names the failing pivot of a matrix that is not positive definite", () => {
    assert.throws(
      () => cholesky(symmetricFromRows([[1, 2], [2, 1]])),
      (error: unknown) => {
        assert.ok(error instanceof NotPositiveDefiniteError);
        assert.equal(error.code, "NOT_POSITIVE_DEFINITE");
        assert.equal(error.details.pivot, 1);
        assert.equal(error.details.value, -3);
        assert.match(error.message, /not positive definite: pivot 1 is -3\.000e\+0/);
        return true;
      },
    );
    const d = symmetricFromRows([
      [1, 0, 0, 0, 0],
      [0, 2, 0, 0, 0],
      [0, 0, 3, 0, 0],
      [0, 0, 0, -1.2e-5, 0],
      [0, 0, 0, 0, 5],
    ]);
    assert.throws(() => cholesky(d), (error: unknown) => {
      assert.ok(error instanceof NotPositiveDefiniteError);
      assert.equal(error.details.pivot, 3);
      assert.equal(error.details.value, -1.2e-5);
      assert.match(error.message, /pivot 3 is -1\.200e-5/);
      return true;
    });
  });

  it("rejects semidefinite, zero and negative 1×1 matrices", () => {
    // [[1, 1], [1, 1]] is singular: its second pivot is exactly 1 − 1·1 = 0.
    assert.throws(() => cholesky(symmetricFromRows([[1, 1], [1, 1]])), { name: "NotPositiveDefiniteError" });
    assert.throws(() => cholesky(symmetricFromRows([[0]])), (e: unknown) => {
      assert.ok(e instanceof NotPositiveDefiniteError);
      assert.equal(e.details.pivot, 0);
      assert.equal(e.details.value, 0);
      return true;
    });
    assert.throws(() => cholesky(symmetricFromRows([[-4]])), { name: "NotPositiveDefiniteError" });
  });

  it("tryCholesky returns null instead of throwing for a non-PD matrix, and the factor otherwise", () => {
    assert.equal(tryCholesky(symmetricFromRows([[1, 2], [2, 1]])), null);
    const factor = tryCholesky(symmetricFromRows([[4, 2], [2, 5]]));
    assert.ok(factor !== null);
    expectClose(factor.lower, [2, 0, 1, 2], { rtol: 0, atol: 0 }, "factor");
  });

  it("still throws on invalid input, even from tryCholesky", () => {
    const nan = symmetricFromRows([[1, Number.NaN], [Number.NaN, 1]]);
    assert.throws(() => tryCholesky(nan), (e: unknown) => {
      assert.ok(e instanceof NonFiniteValueError);
      assert.deepEqual([e.details.row, e.details.col], [0, 1]);
      return true;
    });
    assert.throws(() => cholesky(symmetricFromRows([[1, Number.POSITIVE_INFINITY], [0, 1]])), NonFiniteValueError);
    const asymmetric = symmetricFromRows([
      [4, 1, 0.5],
      [1, 4, 1],
      [0.1, 1, 4],
    ]);
    assert.throws(() => cholesky(asymmetric), (e: unknown) => {
      assert.ok(e instanceof NotSymmetricError);
      assert.match(e.message, /\(0, 2\) is 0\.5 but \(2, 0\) is 0\.1/);
      assert.deepEqual([e.details.row, e.details.col], [0, 2]);
      return true;
    });
  });

  it("accepts rounding-level asymmetry and factors the symmetric part", () => {
    const a = symmetricFromRows([[4, 2 + 4e-15], [2, 5]]);
    const { lower } = cholesky(a);
    // The mean of the two triangles differs from 2 by 2e-15: the factor moves by as much.
    expectClose(lower, [2, 0, 1, 2], { rtol: 0, atol: 1e-14 }, "factor");
  });
});

describe("choleskySolve", () => {
  it("solves a known system", () => {
    const factor = cholesky(symmetricFromRows([[4, 2], [2, 5]]));
    // [[4, 2], [2, 5]]·[1, 1] = [6, 7]; the substitutions here are exact in binary.
    expectClose(choleskySolve(factor, Float64Array.of(6, 7)), [1, 1], { rtol: 0, atol: 1e-15 }, "x");
  });

  it("leaves a small residual on random SPD systems and does not modify b", () => {
    const random = seededRandom(3);
    for (const n of [1, 7, 60]) {
      const a = randomSpd(n, random);
      const b = randomMatrix(n, 1, random).data;
      const before = Float64Array.from(b);
      const x = choleskySolve(cholesky(a), b);
      assert.deepEqual(b, before);
      const ax = naiveProduct(a.data, n, n, x, 1);
      // Normwise backward error of a stable solve: |Ax − b| ≲ n·ε·(‖A‖·‖x‖ + ‖b‖); 1e-12 leaves room.
      const scale = maxAbs(a.data) * maxAbs(x) * n + maxAbs(b);
      expectClose(ax, b, { rtol: 0, atol: 1e-12 * scale }, `A·x, n=${n}`);
    }
  });

  it("solves several right-hand sides at once, as each column alone", () => {
    const random = seededRandom(4);
    const n = 12;
    const m = 3;
    const factor = cholesky(randomSpd(n, random));
    const b = randomMatrix(n, m, random);
    const x = choleskySolve(factor, b);
    assert.equal(x.rows, n);
    assert.equal(x.cols, m);
    for (let c = 0; c < m; c++) {
      const column = new Float64Array(n);
      for (let i = 0; i < n; i++) column[i] = b.data[i * m + c];
      const expected = choleskySolve(factor, column);
      const actual = Array.from({ length: n }, (_, i) => x.data[i * m + c]);
      // The same operations in the same order: identical to the last bit.
      expectClose(actual, expected, { rtol: 0, atol: 0 }, `column ${c}`);
    }
  });

  it("rejects a right-hand side of the wrong size", () => {
    const factor = cholesky(symmetricFromRows([[4, 2], [2, 5]]));
    assert.throws(() => choleskySolve(factor, Float64Array.of(1, 2, 3)), ShapeMismatchError);
    assert.throws(() => choleskySolve(factor, { rows: 3, cols: 1, data: new Float64Array(3) }), ShapeMismatchError);
  });
});

describe("cholesky property", () => {
  it("succeeds on any G·Gᵀ + 0.1·I and reconstructs it", () => {
    const spd = fc.integer({ min: 1, max: 10 }).chain((n) =>
      fc
        .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * (n + 1), maxLength: n * (n + 1) })
        .map((g): SymmetricMatrix => {
          // The ridge keeps every generated matrix, even G = 0, safely positive definite.
          const k = n + 1;
          const data = naiveProduct(g, n, k, naiveTranspose(g, n, k), n);
          for (let i = 0; i < n; i++) data[i * n + i] += 0.1;
          return { size: n, data };
        }),
    );
    fc.assert(
      fc.property(spd, (a) => {
        const { lower } = cholesky(a);
        // Same bound as the seeded test: (n+1)·ε·max|a| is far below 1e-12·max|a| for n ≤ 10.
        expectClose(reconstruct(lower, a.size), a.data, { rtol: 0, atol: 1e-12 * maxAbs(a.data) }, "L·Lᵀ");
      }),
      { numRuns: 200, seed: 20240601 },
    );
  });
});
