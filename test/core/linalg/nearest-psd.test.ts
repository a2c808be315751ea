import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { cholesky } from "../../../src/core/linalg/cholesky.js";
import { eigenvaluesSymmetric } from "../../../src/core/linalg/eigen-symmetric.js";
import { symmetricFromRows, type SymmetricMatrix } from "../../../src/core/linalg/matrix.js";
import { clipEigenvalues } from "../../../src/core/linalg/nearest-psd.js";
import { InvalidInputError, NotSymmetricError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { maxAbs, randomSpd, randomSymmetric, seededRandom } from "./random-matrices.js";

function frobeniusDistance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s);
}

function assertExactlySymmetric(m: SymmetricMatrix, label: string): void {
  const n = m.size;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) assert.equal(m.data[i * n + j], m.data[j * n + i], `${label}: (${i}, ${j})`);
  }
}

describe("clipEigenvalues", () => {
  it("clips a known 2 × 2 matrix", () => {
    // Eigenvalues −1 and 3 with vectors (1, ∓1)/√2: clipping −1 to 0 leaves 3·vvᵀ = 1.5·ones.
    const result = clipEigenvalues(symmetricFromRows([[1, 2], [2, 1]]));
    assert.equal(result.repaired, true);
    assert.equal(result.clippedCount, 1);
    // A few ulps from one rotation and the rank-one update.
    expectClose(result.minEigenvalueBefore, -1, { rtol: 1e-15, atol: 0 }, "minEigenvalueBefore");
    expectClose(result.matrix.data, [1.5, 1.5, 1.5, 1.5], { rtol: 1e-15, atol: 0 }, "matrix");
  });

  it("leaves a positive semidefinite input untouched (the same object, same values)", () => {
    const a = randomSpd(10, seededRandom(21));
    const before = Float64Array.from(a.data);
    const result = clipEigenvalues(a);
    assert.equal(result.matrix, a);
    assert.equal(result.repaired, false);
    assert.equal(result.clippedCount, 0);
    assert.deepEqual(a.data, before);
    expectClose(result.minEigenvalueBefore, eigenvaluesSymmetric(a)[0], { rtol: 0, atol: 0 }, "minEigenvalueBefore");
  });

  it("raises exactly the eigenvalues below the floor, to the floor, and keeps the others", () => {
    const random = seededRandom(22);
    for (const n of [2, 5, 30]) {
      const a = randomSymmetric(n, random);
      const before = eigenvaluesSymmetric(a);
      for (const floor of [0, 0.1]) {
        const result = clipEigenvalues(a, { minEigenvalue: floor });
        const expected = before.map((x) => Math.max(x, floor));
        const after = eigenvaluesSymmetric(result.matrix);
        // Two eigen decompositions and a rank-k update, each backward stable: ~n·ε·‖A‖.
        const tol = { rtol: 0, atol: 1e-12 * maxAbs(before) };
        expectClose(after, expected, tol, `n=${n}, floor=${floor}: eigenvalues after`);
        assert.ok(after[0] >= floor - 1e-12 * maxAbs(before), `n=${n}: min eigenvalue ≥ floor`);
        assert.equal(result.clippedCount, before.filter((x) => x < floor).length);
        assert.equal(result.repaired, result.clippedCount > 0);
        assert.equal(result.minEigenvalueBefore, before[0]);
        assertExactlySymmetric(result.matrix, `n=${n}`);
        // Higham (1988), Thm 2.1: the distance to the nearest such matrix is ‖(floor − λ)₊‖₂.
        const distance = Math.sqrt(before.reduce((s, x) => s + Math.max(floor - x, 0) ** 2, 0));
        expectClose(frobeniusDistance(result.matrix.data, a.data), distance, { rtol: 1e-10, atol: 1e-14 }, `n=${n}: distance`);
      }
    }
  });

  it("handles degenerate inputs: 1 × 1, zero matrix, empty matrix", () => {
    const one = clipEigenvalues(symmetricFromRows([[-2]]), { minEigenvalue: 0.5 });
    expectClose(one.matrix.data, [0.5], { rtol: 1e-15, atol: 0 }, "1×1");
    assert.equal(one.clippedCount, 1);
    const zero = clipEigenvalues(symmetricFromRows([[0, 0], [0, 0]]));
    assert.equal(zero.repaired, false, "the zero matrix is positive semidefinite");
    const lifted = clipEigenvalues(symmetricFromRows([[0, 0], [0, 0]]), { minEigenvalue: 1e-3 });
    expectClose(lifted.matrix.data, [1e-3, 0, 0, 1e-3], { rtol: 1e-14, atol: 1e-18 }, "zero lifted");
    const empty = clipEigenvalues({ size: 0, data: new Float64Array(0) });
    assert.equal(empty.repaired, false);
    assert.ok(Number.isNaN(empty.minEigenvalueBefore));
  });

  it("does not modify its input when repairing", () => {
    const a = randomSymmetric(7, seededRandom(23));
    const before = Float64Array.from(a.data);
    const result = clipEigenvalues(a);
    assert.equal(result.repaired, true);
    assert.deepEqual(a.data, before);
  });

  it("rejects a non-finite floor and asymmetric input", () => {
    const a = symmetricFromRows([[1, 0], [0, 1]]);
    assert.throws(() => clipEigenvalues(a, { minEigenvalue: Number.NaN }), InvalidInputError);
    assert.throws(() => clipEigenvalues(symmetricFromRows([[1, 0.5], [0.4, 1]])), NotSymmetricError);
  });

  it("property: after clipping at a small positive floor, Cholesky succeeds", () => {
    const symmetric = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc
        .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n })
        .map((values): SymmetricMatrix => {
          const data = new Float64Array(n * n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) {
              data[i * n + j] = values[i * n + j];
              data[j * n + i] = values[i * n + j];
            }
          }
          return { size: n, data };
        }),
    );
    fc.assert(
      fc.property(symmetric, (a) => {
        // 1e-6 is ~1e8 times the rounding left by the clip (≤ 12·ε·12 for these entries), so the
        // repaired matrix is definite beyond doubt, as Cholesky must confirm.
        const floor = 1e-6;
        const { matrix } = clipEigenvalues(a, { minEigenvalue: floor });
        cholesky(matrix);
        assert.ok(eigenvaluesSymmetric(matrix)[0] >= floor * (1 - 1e-6));
      }),
      { numRuns: 200, seed: 20240602 },
    );
  });
});
