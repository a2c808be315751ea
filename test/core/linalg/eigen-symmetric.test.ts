import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { eigenSymmetric, eigenvaluesSymmetric, minEigenvalue } from "../../../src/core/linalg/eigen-symmetric.js";
import { symmetricFromRows, type SymmetricMatrix } from "../../../src/core/linalg/matrix.js";
import { NonFiniteValueError, NotSymmetricError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { referenceJson, referencePath } from "../../support/reference.js";
import { identityData, jacobiEigenvalues, maxAbs, naiveProduct, naiveTranspose, randomSymmetric, seededRandom } from "./random-matrices.js";

/**
 * The invariants of a symmetric eigen decomposition: A·V = V·D, VᵀV = I, eigenvalues ascending.
 * Tolerance: the method is backward stable, so residual and orthogonality errors are ~n·ε in units
 * of ‖A‖ (about 1e-14 at n = 200, 3e-14 at 500, measured); 1e-12 fails any real mistake (a wrong
 * rotation or a missed reflector gives O(1) errors) while never failing on rounding.
 */
function checkDecomposition(a: SymmetricMatrix, label: string): void {
  const n = a.size;
  const { values, vectors } = eigenSymmetric(a);
  assert.equal(values.length, n);
  assert.equal(vectors.rows, n);
  assert.equal(vectors.cols, n);
  for (let k = 1; k < n; k++) assert.ok(values[k - 1] <= values[k], `${label}: ascending at ${k}`);
  const scale = Math.max(maxAbs(values), Number.MIN_VALUE);
  const av = naiveProduct(a.data, n, n, vectors.data, n);
  const vd = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) vd[i * n + k] = vectors.data[i * n + k] * values[k];
  expectClose(av, vd, { rtol: 0, atol: 1e-12 * scale }, `${label}: A·V = V·D`);
  const vtv = naiveProduct(naiveTranspose(vectors.data, n, n), n, n, vectors.data, n);
  expectClose(vtv, identityData(n), { rtol: 0, atol: 1e-12 }, `${label}: VᵀV = I`);
}

function readCsvMatrix(path: string): SymmetricMatrix {
  const lines = readFileSync(path, "utf8").trim().split("\n").slice(1);
  return symmetricFromRows(lines.map((line) => line.split(",").slice(1).map(Number)));
}

describe("eigenSymmetric", () => {
  it("satisfies A·V = V·D and VᵀV = I on random symmetric matrices", () => {
    const random = seededRandom(11);
    for (const n of [1, 2, 5, 50, 200]) checkDecomposition(randomSymmetric(n, random), `n=${n}`);
  });

  it("agrees with a naive Jacobi eigenvalue routine", () => {
    const random = seededRandom(12);
    for (const n of [1, 2, 5, 50, 200]) {
      const a = randomSymmetric(n, random);
      const values = eigenSymmetric(a).values;
      // Both methods are backward stable, so each is within ~n·ε·‖A‖ of the exact eigenvalues
      // (Weyl); 1e-12·‖A‖ allows for both errors with a wide margin.
      const expected = jacobiEigenvalues(a);
      expectClose(values, expected, { rtol: 0, atol: 1e-12 * maxAbs(expected) }, `n=${n}`);
    }
  });

  it("is accurate to 1e-12 of ‖A‖ on a 500 × 500 matrix", () => {
    checkDecomposition(randomSymmetric(500, seededRandom(13)), "n=500");
  });

  it("finds known eigenvalues of small matrices", () => {
    // Values like 2 − √2 are computed through sums and square roots: a few ulps, so rtol 1e-14
    // plus atol 1e-15 for the eigenvalues that are exactly 0.
    const tol = { rtol: 1e-14, atol: 1e-15 };
    expectClose(eigenSymmetric(symmetricFromRows([[2, 1], [1, 2]])).values, [1, 3], tol, "[[2,1],[1,2]]");
    const t3 = symmetricFromRows([
      [2, -1, 0],
      [-1, 2, -1],
      [0, -1, 2],
    ]);
    expectClose(eigenSymmetric(t3).values, [2 - Math.SQRT2, 2, 2 + Math.SQRT2], tol, "tridiag(−1, 2, −1), n=3");
    // The second-difference matrix of order n has eigenvalues 2 − 2·cos(kπ/(n + 1)), k = 1..n.
    const n = 10;
    const rows = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)),
    );
    const expected = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    expectClose(eigenSymmetric(symmetricFromRows(rows)).values, expected, { rtol: 1e-13, atol: 1e-15 }, "tridiag n=10");
  });

  it("handles a 1 × 1 matrix", () => {
    const { values, vectors } = eigenSymmetric(symmetricFromRows([[-7]]));
    expectClose(values, [-7], { rtol: 0, atol: 0 }, "value");
    expectClose(vectors.data.map(Math.abs), [1], { rtol: 0, atol: 0 }, "vector");
  });

  it("handles the zero matrix", () => {
    const a = symmetricFromRows(Array.from({ length: 4 }, () => [0, 0, 0, 0]));
    expectClose(eigenSymmetric(a).values, [0, 0, 0, 0], { rtol: 0, atol: 0 }, "values");
    const { vectors } = eigenSymmetric(a);
    expectClose(naiveProduct(naiveTranspose(vectors.data, 4, 4), 4, 4, vectors.data, 4), identityData(4), { rtol: 0, atol: 0 }, "VᵀV");
  });

  it("sorts the eigenvalues of a diagonal matrix and returns unit vectors", () => {
    const a = symmetricFromRows([
      [3, 0, 0],
      [0, -1, 0],
      [0, 0, 2],
    ]);
    const { values, vectors } = eigenSymmetric(a);
    // A diagonal matrix needs no reflector and no rotation: the result is exact.
    expectClose(values, [-1, 2, 3], { rtol: 0, atol: 0 }, "values");
    expectClose(vectors.data.map(Math.abs), [0, 0, 1, 1, 0, 0, 0, 1, 0], { rtol: 0, atol: 0 }, "|V|");
  });

  it("handles repeated eigenvalues", () => {
    // The all-ones matrix: eigenvalue n once and 0 with multiplicity n − 1.
    const n = 6;
    const ones = symmetricFromRows(Array.from({ length: n }, () => Array<number>(n).fill(1)));
    expectClose(eigenSymmetric(ones).values, [0, 0, 0, 0, 0, 6], { rtol: 1e-14, atol: 1e-14 }, "ones");
    checkDecomposition(ones, "ones");
    const identity = symmetricFromRows(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))));
    expectClose(eigenSymmetric(identity).values, Array<number>(n).fill(1), { rtol: 0, atol: 0 }, "identity");
    checkDecomposition(identity, "identity");
    // 2·I + the rank-one u·uᵀ: eigenvalue 2 four times, 2 + ‖u‖² once.
    const u = [1, -2, 0.5, 3, 1];
    const rankOne = symmetricFromRows(u.map((ui, i) => u.map((uj, j) => ui * uj + (i === j ? 2 : 0))));
    const norm2 = u.reduce((s, x) => s + x * x, 0);
    expectClose(eigenSymmetric(rankOne).values, [2, 2, 2, 2, 2 + norm2], { rtol: 1e-14, atol: 0 }, "2I + uuᵀ");
    checkDecomposition(rankOne, "2I + uuᵀ");
  });

  it("neither overflows nor underflows on extreme scales", () => {
    const a = randomSymmetric(20, seededRandom(14));
    const base = eigenSymmetric(a).values;
    for (const c of [1e-150, 1e150]) {
      const scaled: SymmetricMatrix = { size: a.size, data: a.data.map((x) => x * c) };
      const expected = base.map((x) => x * c);
      // Scaling by a power of ten is itself inexact, so allow a few ulps of ‖A‖ beyond the usual bound.
      expectClose(eigenSymmetric(scaled).values, expected, { rtol: 0, atol: 1e-13 * maxAbs(expected) }, `scale ${c}`);
    }
  });

  it("does not modify its input", () => {
    const a = randomSymmetric(8, seededRandom(15));
    const before = Float64Array.from(a.data);
    eigenSymmetric(a);
    eigenvaluesSymmetric(a);
    assert.deepEqual(a.data, before);
  });

  it("rejects NaN and asymmetric input", () => {
    assert.throws(() => eigenSymmetric(symmetricFromRows([[1, 0], [0, Number.NaN]])), NonFiniteValueError);
    assert.throws(() => eigenSymmetric(symmetricFromRows([[1, 2], [3, 1]])), NotSymmetricError);
  });
});

describe("eigenvaluesSymmetric and minEigenvalue", () => {
  it("match the eigenvalues of the full decomposition", () => {
    const random = seededRandom(16);
    for (const n of [1, 3, 40]) {
      const a = randomSymmetric(n, random);
      const full = eigenSymmetric(a).values;
      // The same reduction and the same QL recurrences on d and e: bit-identical.
      expectClose(eigenvaluesSymmetric(a), full, { rtol: 0, atol: 0 }, `n=${n}`);
      assert.equal(minEigenvalue(a), full[0]);
    }
    // −1 exactly in theory; one rotation and a shift leave a couple of ulps.
    expectClose(minEigenvalue(symmetricFromRows([[1, 2], [2, 1]])), -1, { rtol: 1e-15, atol: 0 }, "[[1,2],[2,1]]");
    assert.ok(Number.isNaN(minEigenvalue({ size: 0, data: new Float64Array(0) })));
  });

  it("reproduces numpy's smallest eigenvalues of the reference covariances", () => {
    type CovarianceFile = {
      matrices: Record<string, { min_eigenvalue?: number; matrix: number[][] }>;
    };
    const file = referenceJson<CovarianceFile>("expected", "covariance.json");
    let checked = 0;
    for (const [name, entry] of Object.entries(file.matrices)) {
      if (entry.min_eigenvalue === undefined) continue;
      const values = eigenvaluesSymmetric(symmetricFromRows(entry.matrix));
      // Both computations are backward stable on a 20 × 20 matrix whose smallest eigenvalue is
      // ~1e-2 of its largest, so they agree to ~1e-13 relative; 1e-10 is the reference README's
      // tolerance for estimators.
      expectClose(values[0], entry.min_eigenvalue, { rtol: 1e-10, atol: 0 }, name);
      checked++;
    }
    assert.ok(checked >= 2, "the reference file lists minimum eigenvalues");
  });

  it("decomposes the 95 × 95 reference covariance (cov_matrix.csv)", () => {
    const a = readCsvMatrix(referencePath("data", "cov_matrix.csv"));
    assert.equal(a.size, 95);
    checkDecomposition(a, "cov_matrix.csv");
    // Trace and Frobenius norm are preserved by an orthogonal similarity.
    const values = eigenvaluesSymmetric(a);
    let trace = 0;
    let frobenius2 = 0;
    for (let i = 0; i < 95; i++) trace += a.data[i * 95 + i];
    for (const x of a.data) frobenius2 += x * x;
    expectClose(values.reduce((s, x) => s + x, 0), trace, { rtol: 1e-13, atol: 0 }, "Σλ = trace");
    expectClose(values.reduce((s, x) => s + x * x, 0), frobenius2, { rtol: 1e-13, atol: 0 }, "Σλ² = ‖A‖²_F");
  });
});
