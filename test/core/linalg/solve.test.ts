import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matrix, symmetricFromRows, type Matrix, type SymmetricMatrix } from "../../../src/core/linalg/matrix.js";
import { inverseSymmetric, solveLinear, solveSymmetric } from "../../../src/core/linalg/solve.js";
import { NonFiniteValueError, NotSymmetricError, ShapeMismatchError, SingularMatrixError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { identityData, maxAbs, naiveProduct, randomMatrix, randomSpd, randomSymmetric, seededRandom } from "./random-matrices.js";

/**
 * |A·x − b| ≤ 1e-12·(n·‖A‖·‖x‖ + ‖b‖) entrywise: the backward error of a stable solve is a few n·ε
 * in these units (Golub & Van Loan, §3.3), so 1e-12 is loose for rounding and tight for a wrong answer.
 */
function checkResidual(a: Matrix | SymmetricMatrix, b: Float64Array, x: Float64Array, label: string): void {
  const n = b.length;
  const ax = naiveProduct(a.data, n, n, x, 1);
  const scale = n * maxAbs(a.data) * maxAbs(x) + maxAbs(b);
  expectClose(ax, b, { rtol: 0, atol: 1e-12 * scale }, label);
}

describe("solveLinear", () => {
  it("solves known systems, pivoting where the first pivot is zero", () => {
    // Small integer systems: exact up to the last bit or two of the divisions.
    const tol = { rtol: 1e-15, atol: 1e-15 };
    expectClose(solveLinear(matrix(2, 2, [0, 1, 2, 0]), Float64Array.of(3, 4)), [2, 3], tol, "needs a row swap");
    const a = matrix(3, 3, [2, 1, -1, -3, -1, 2, -2, 1, 2]);
    expectClose(solveLinear(a, Float64Array.of(8, -11, -3)), [2, 3, -1], { rtol: 1e-14, atol: 1e-14 }, "3×3");
    expectClose(solveLinear(matrix(1, 1, [4]), Float64Array.of(2)), [0.5], tol, "1×1");
  });

  it("leaves a small residual on random systems and modifies no input", () => {
    const random = seededRandom(51);
    for (const n of [2, 10, 100]) {
      const a = randomMatrix(n, n, random);
      const b = randomMatrix(n, 1, random).data;
      const aBefore = Float64Array.from(a.data);
      const bBefore = Float64Array.from(b);
      const x = solveLinear(a, b);
      checkResidual(a, b, x, `n=${n}`);
      assert.deepEqual(a.data, aBefore);
      assert.deepEqual(b, bBefore);
    }
  });

  it("solves a badly scaled but non-singular system", () => {
    // diag(1, 1e-20): the small pivot is the whole of its column, so it is not "numerically zero".
    const x = solveLinear(matrix(2, 2, [1, 0, 0, 1e-20]), Float64Array.of(1, 1e-20));
    expectClose(x, [1, 1], { rtol: 1e-15, atol: 0 }, "x");
  });

  it("names the column of a singular matrix", () => {
    assert.throws(() => solveLinear(matrix(2, 2, [1, 2, 2, 4]), Float64Array.of(1, 1)), (e: unknown) => {
      assert.ok(e instanceof SingularMatrixError);
      assert.equal(e.code, "SINGULAR_MATRIX");
      assert.equal(e.details.column, 1);
      assert.match(e.message, /singular: column 1/);
      return true;
    });
    const zeroColumn = matrix(3, 3, [1, 0, 3, 2, 0, 4, 5, 0, 6]);
    assert.throws(() => solveLinear(zeroColumn, Float64Array.of(1, 1, 1)), (e: unknown) => {
      assert.ok(e instanceof SingularMatrixError);
      assert.equal(e.details.column, 1);
      return true;
    });
    // Singular only after rounding: rows 1 + 2 = row 3 in decimal, not quite in binary.
    const nearly = matrix(3, 3, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.5, 0.7, 0.9]);
    assert.throws(() => solveLinear(nearly, Float64Array.of(1, 1, 1)), SingularMatrixError);
  });

  it("rejects bad shapes and non-finite values", () => {
    assert.throws(() => solveLinear(matrix(2, 3, [1, 2, 3, 4, 5, 6]), Float64Array.of(1, 2)), ShapeMismatchError);
    assert.throws(() => solveLinear(matrix(2, 2, [1, 0, 0, 1]), Float64Array.of(1, 2, 3)), ShapeMismatchError);
    assert.throws(() => solveLinear(matrix(2, 2, [1, Number.NaN, 0, 1]), Float64Array.of(1, 2)), NonFiniteValueError);
    assert.throws(() => solveLinear(matrix(2, 2, [1, 0, 0, 1]), Float64Array.of(1, Number.POSITIVE_INFINITY)), NonFiniteValueError);
  });
});

describe("solveSymmetric", () => {
  it("solves a known positive definite system (Cholesky path)", () => {
    const x = solveSymmetric(symmetricFromRows([[4, 2], [2, 5]]), Float64Array.of(6, 7));
    expectClose(x, [1, 1], { rtol: 0, atol: 1e-15 }, "x");
  });

  it("solves an indefinite system (LU fallback)", () => {
    // [[1, 2], [2, 1]] has eigenvalues −1 and 3: Cholesky fails at pivot 1, LU solves it.
    expectClose(solveSymmetric(symmetricFromRows([[1, 2], [2, 1]]), Float64Array.of(3, 3)), [1, 1], { rtol: 1e-15, atol: 1e-15 }, "x");
    // A KKT system of min ½xᵀx s.t. x₁ + x₂ = 1: [[I, 1], [1ᵀ, 0]]·[x; λ] = [0; 1] → x = (½, ½), λ = −½.
    const kkt = symmetricFromRows([
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 0],
    ]);
    expectClose(solveSymmetric(kkt, Float64Array.of(0, 0, 1)), [0.5, 0.5, -0.5], { rtol: 1e-15, atol: 1e-15 }, "KKT");
  });

  it("leaves a small residual on random SPD and indefinite systems", () => {
    const random = seededRandom(52);
    for (const n of [3, 40]) {
      const spd = randomSpd(n, random);
      const indefinite = randomSymmetric(n, random);
      const b = randomMatrix(n, 1, random).data;
      checkResidual(spd, b, solveSymmetric(spd, b), `SPD n=${n}`);
      checkResidual(indefinite, b, solveSymmetric(indefinite, b), `indefinite n=${n}`);
    }
  });

  it("reports a singular symmetric matrix and rejects asymmetric input", () => {
    assert.throws(() => solveSymmetric(symmetricFromRows([[1, 1], [1, 1]]), Float64Array.of(1, 2)), SingularMatrixError);
    assert.throws(() => solveSymmetric(symmetricFromRows([[1, 1], [0, 1]]), Float64Array.of(1, 2)), NotSymmetricError);
    assert.throws(() => solveSymmetric(symmetricFromRows([[1, 0], [0, 1]]), Float64Array.of(1)), ShapeMismatchError);
  });
});

describe("inverseSymmetric", () => {
  it("inverts known matrices", () => {
    // Through Cholesky, 1/2 is computed as (1/√2)/√2: one ulp off, hence rtol 1e-15.
    expectClose(inverseSymmetric(symmetricFromRows([[2, 0], [0, 4]])).data, [0.5, 0, 0, 0.25], { rtol: 1e-15, atol: 0 }, "diagonal");
    // [[4, 2], [2, 5]]⁻¹ = [[5, −2], [−2, 4]] / 16.
    expectClose(inverseSymmetric(symmetricFromRows([[4, 2], [2, 5]])).data, [5 / 16, -2 / 16, -2 / 16, 4 / 16], { rtol: 1e-15, atol: 1e-17 }, "2×2");
    // The exchange matrix is indefinite and its own inverse (LU path).
    expectClose(inverseSymmetric(symmetricFromRows([[0, 1], [1, 0]])).data, [0, 1, 1, 0], { rtol: 0, atol: 0 }, "exchange");
  });

  it("gives A·A⁻¹ = I and an exactly symmetric inverse", () => {
    const random = seededRandom(53);
    for (const a of [randomSpd(30, random), randomSymmetric(30, random)]) {
      const inv = inverseSymmetric(a);
      const n = a.size;
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) assert.equal(inv.data[i * n + j], inv.data[j * n + i]);
      }
      // The error of A·X − I is ~n·ε·κ(A); these random matrices have κ up to ~1e3, so 1e-10 is ample.
      expectClose(naiveProduct(a.data, n, n, inv.data, n), identityData(n), { rtol: 0, atol: 1e-10 }, "A·A⁻¹");
    }
  });

  it("reports a singular matrix", () => {
    assert.throws(() => inverseSymmetric(symmetricFromRows([[1, 2], [2, 4]])), SingularMatrixError);
  });
});
