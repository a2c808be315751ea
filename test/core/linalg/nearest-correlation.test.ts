import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eigenvaluesSymmetric } from "../../../src/core/linalg/eigen-symmetric.js";
import { symmetricFromRows, type SymmetricMatrix } from "../../../src/core/linalg/matrix.js";
import { nearestCorrelation } from "../../../src/core/linalg/nearest-correlation.js";
import { clipEigenvalues } from "../../../src/core/linalg/nearest-psd.js";
import { ConvergenceError, InvalidInputError, NonFiniteValueError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { naiveProduct, seededRandom } from "./random-matrices.js";

function frobeniusDistance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s);
}

/** A "correlation" with unit diagonal and independent uniform off-diagonals: usually indefinite. */
function brokenCorrelation(n: number, random: () => number): SymmetricMatrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    data[i * n + i] = 1;
    for (let j = 0; j < i; j++) {
      const v = 2 * random() - 1;
      data[i * n + j] = v;
      data[j * n + i] = v;
    }
  }
  return { size: n, data };
}

/** Clip negative eigenvalues, then rescale to unit diagonal: the simple repair Higham improves on. */
function clipAndRescale(a: SymmetricMatrix): Float64Array {
  const clipped = clipEigenvalues(a).matrix.data;
  const n = a.size;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = clipped[i * n + j] / Math.sqrt(clipped[i * n + i] * clipped[j * n + j]);
    }
  }
  return out;
}

/**
 * The optimality (KKT) condition of min ‖A − X‖_F over correlation matrices (Higham 2002, Thm 3.4
 * restated with a multiplier): X is optimal iff Z = X − A − diag(θ) is positive semidefinite with
 * Z·X = 0 for some θ. Off the diagonal Z equals X − A; the diagonal of Z·X = 0 then fixes
 * Z_ii = −Σ_{j≠i} (X − A)_ij·X_ij (as X_ii = 1). Returns min eigenvalue of Z and max |Z·X|.
 */
function optimalityResiduals(a: SymmetricMatrix, x: Float64Array): { minEigenZ: number; maxZX: number } {
  const n = a.size;
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let diag = 0;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const g = x[i * n + j] - a.data[i * n + j];
      z[i * n + j] = g;
      diag -= g * x[i * n + j];
    }
    z[i * n + i] = diag;
  }
  const zx = naiveProduct(z, n, n, x, n);
  return { minEigenZ: eigenvaluesSymmetric({ size: n, data: z })[0], maxZX: Math.max(...zx.map(Math.abs)) };
}

function assertCorrelationMatrix(x: SymmetricMatrix, label: string): void {
  const n = x.size;
  for (let i = 0; i < n; i++) {
    assert.equal(x.data[i * n + i], 1, `${label}: unit diagonal at ${i}`);
    for (let j = i + 1; j < n; j++) assert.equal(x.data[i * n + j], x.data[j * n + i], `${label}: symmetric (${i}, ${j})`);
  }
  // Positive semidefinite up to the rounding of one eigen decomposition (~n·ε).
  assert.ok(eigenvaluesSymmetric(x)[0] >= -1e-13 * n, `${label}: positive semidefinite`);
}

describe("nearestCorrelation", () => {
  // Published values are printed to 8 decimals (Higham 2002; NAG g02aa documentation, as quoted in
  // the tests of Croucher's nearest_correlation package): rounding ≤ 5e-9, our tolerance 1e-10.
  const published = { rtol: 0, atol: 1e-8 };

  it("reproduces Higham's 3 × 3 example", () => {
    const a = symmetricFromRows([
      [1, 1, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
    const result = nearestCorrelation(a);
    assert.equal(result.converged, true);
    const expected = [
      [1, 0.76068985, 0.15729811],
      [0.76068985, 1, 0.76068985],
      [0.15729811, 0.76068985, 1],
    ];
    expectClose(result.matrix.data, expected, published, "X");
    assertCorrelationMatrix(result.matrix, "3×3");
  });

  it("reproduces the 4 × 4 tridiagonal example (Higham 2002; NAG g02aa)", () => {
    const a = symmetricFromRows([
      [2, -1, 0, 0],
      [-1, 2, -1, 0],
      [0, -1, 2, -1],
      [0, 0, -1, 2],
    ]);
    const expected = [
      [1, -0.8084125, 0.1915875, 0.10677505],
      [-0.8084125, 1, -0.65623269, 0.1915875],
      [0.1915875, -0.65623269, 1, -0.8084125],
      [0.10677505, 0.1915875, -0.8084125, 1],
    ];
    const result = nearestCorrelation(a);
    expectClose(result.matrix.data, expected, published, "X");
    assertCorrelationMatrix(result.matrix, "4×4");
  });

  it("meets the optimality condition and beats clipping + rescaling on random broken correlations", () => {
    const random = seededRandom(31);
    for (const n of [5, 10, 30]) {
      const a = brokenCorrelation(n, random);
      assert.ok(eigenvaluesSymmetric(a)[0] < 0, "the input is indefinite");
      const result = nearestCorrelation(a, { tolerance: 1e-12 });
      assertCorrelationMatrix(result.matrix, `n=${n}`);
      const { minEigenZ, maxZX } = optimalityResiduals(a, result.matrix.data);
      // Alternating projections converge linearly, so the iterate is within ~tolerance·‖A‖ (times a
      // modest factor) of the optimum, and the KKT residuals are of that size (measured: 1e-13 to
      // 3e-12 here). 1e-8 is far above that and far below the residuals of a merely feasible
      // matrix such as clip + rescale (checked below, so this test can fail).
      assert.ok(minEigenZ >= -1e-8, `n=${n}: Z positive semidefinite (min eigenvalue ${minEigenZ})`);
      assert.ok(maxZX <= 1e-8, `n=${n}: Z·X = 0 (max |entry| ${maxZX})`);
      const simple = clipAndRescale(a);
      const ours = frobeniusDistance(result.matrix.data, a.data);
      assert.ok(ours <= frobeniusDistance(simple, a.data), `n=${n}: nearer than clip + rescale`);
      const simpleResiduals = optimalityResiduals(a, simple);
      assert.ok(simpleResiduals.maxZX > 1e-4 || simpleResiduals.minEigenZ < -1e-4, "the check can fail");
    }
  });

  it("returns a correlation matrix unchanged, in two iterations", () => {
    const a = symmetricFromRows([
      [1, 0.5, 0.2],
      [0.5, 1, 0.3],
      [0.2, 0.3, 1],
    ]);
    const result = nearestCorrelation(a);
    // Nothing is clipped, so every iterate is the input bit for bit.
    expectClose(result.matrix.data, a.data, { rtol: 0, atol: 0 }, "X");
    assert.equal(result.iterations, 2);
  });

  it("handles 1 × 1 and rank-deficient inputs", () => {
    expectClose(nearestCorrelation(symmetricFromRows([[5]])).matrix.data, [1], { rtol: 0, atol: 0 }, "1×1");
    // The all-ones matrix is already a (singular) correlation matrix.
    const ones = symmetricFromRows([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expectClose(nearestCorrelation(ones).matrix.data, ones.data, { rtol: 0, atol: 1e-12 }, "ones");
  });

  it("throws ConvergenceError when the iteration limit is too small", () => {
    const a = symmetricFromRows([
      [1, 1, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
    assert.throws(() => nearestCorrelation(a, { maxIterations: 3 }), (e: unknown) => {
      assert.ok(e instanceof ConvergenceError);
      assert.equal(e.code, "NO_CONVERGENCE");
      assert.equal(e.details.iterations, 3);
      assert.ok((e.details.residual as number) > 1e-10);
      return true;
    });
  });

  it("rejects bad options and bad input", () => {
    const a = symmetricFromRows([[1, 0], [0, 1]]);
    assert.throws(() => nearestCorrelation(a, { tolerance: 0 }), InvalidInputError);
    assert.throws(() => nearestCorrelation(a, { maxIterations: 0 }), InvalidInputError);
    assert.throws(() => nearestCorrelation(a, { maxIterations: 2.5 }), InvalidInputError);
    assert.throws(() => nearestCorrelation(symmetricFromRows([[1, Number.NaN], [Number.NaN, 1]])), NonFiniteValueError);
  });
});
