import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import fc from "fast-check";
import { InvalidInputError, ShapeMismatchError } from "../../../src/core/errors.js";
import { defaultCrossProductBlocking, type CrossProductBlocking } from "../../../src/core/kernels/cross-product-blocking.js";
import { typescriptCrossProduct } from "../../../src/core/kernels/typescript-cross-product.js";
import { wasmCrossProduct, wasmCrossProductAvailable } from "../../../src/core/kernels/wasm-cross-product.js";
import {
  centeredCrossProduct,
  crossProduct,
  crossProductKernel,
  setCrossProductKernel,
} from "../../../src/core/kernels/index.js";
import { matrix, type Matrix } from "../../../src/core/linalg/matrix.js";
import { expectClose } from "../../support/expect-close.js";
import { seededRandom } from "../../support/seeded-random.js";

/** The slow, obvious definition: C[i][j] = Σ_t (x[t][i] − c[i])·(x[t][j] − c[j]), every entry on its own. */
function obviousCrossProduct(x: Matrix, center: ArrayLike<number> = new Float64Array(x.cols)): Float64Array {
  const { rows, cols, data } = x;
  const out = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let t = 0; t < rows; t++) sum += (data[t * cols + i] - center[i]) * (data[t * cols + j] - center[j]);
      out[i * cols + j] = sum;
    }
  }
  return out;
}

/** Seeded uniform numbers in [−0.5, 0.5), so a failure can be replayed. */
function uniforms(seed: number): () => number {
  const next = seededRandom(seed);
  return () => next() - 0.5;
}

function randomMatrix(rows: number, cols: number, seed: number, offset = 0): Matrix {
  const next = uniforms(seed);
  return matrix(rows, cols, Float64Array.from({ length: rows * cols }, () => offset + next()));
}

/**
 * Summation order differs from the obvious loop (blocks of rows, then tiles), so entries agree to rounding:
 * |error| ≤ ~T·ε·Σ_t|x_ti·x_tj| ≤ T·ε·max_k C_kk (Cauchy–Schwarz). With T ≤ 2,520, T·ε ≈ 6e-13, so 1e-12
 * relative to the largest entry (the atol) bounds it; the rtol covers the large entries the same way.
 */
function toleranceFor(expected: Float64Array): { rtol: number; atol: number } {
  let largest = 0;
  for (const v of expected) largest = Math.max(largest, Math.abs(v));
  return { rtol: 1e-12, atol: 1e-12 * largest };
}

function assertIdentical(actual: Float64Array, expected: Float64Array, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) assert.fail(`${label}[${i}]: ${actual[i]} !== ${expected[i]} (should be bit-identical)`);
  }
}

// Block-boundary shapes for the default blocking (256 rows per block, 4-column panels in groups of 32):
// one short of, on, and one past each boundary, plus the awkward shapes.
const SHAPES: readonly (readonly [number, number])[] = [
  [1, 1], [1, 9], [9, 1], [2, 2], [7, 3], [3, 7], [5, 4], [5, 5], [13, 129], [2520, 37],
  [255, 8], [256, 8], [257, 8], [512, 3], [513, 6], [40, 127], [40, 128], [40, 129], [300, 131],
];

const zeros = (n: number): Float64Array => new Float64Array(n);

describe("crossProduct", () => {
  after(() => setCrossProductKernel("auto"));

  test("the WebAssembly SIMD kernel is available on the Node versions we support", () => {
    // Node ≥ 16.4 has WebAssembly SIMD; if this fails, the fast path has silently been lost.
    assert.equal(wasmCrossProductAvailable(), true);
    assert.equal(crossProductKernel(), "wasm");
  });

  test("the documented example", () => {
    assert.deepEqual(Array.from(crossProduct(matrix(2, 2, [1, 2, 3, 4])).data), [10, 14, 14, 20]);
  });

  for (const [rows, cols] of SHAPES) {
    test(`${rows}×${cols}: both kernels match the obvious triple loop, and each other bit for bit`, () => {
      const x = randomMatrix(rows, cols, rows * 1000 + cols);
      const expected = obviousCrossProduct(x);
      setCrossProductKernel("wasm");
      const viaWasm = crossProduct(x);
      setCrossProductKernel("typescript");
      const viaTypescript = crossProduct(x);
      setCrossProductKernel("auto");
      assert.equal(viaWasm.size, cols);
      expectClose(viaWasm.data, expected, toleranceFor(expected), "wasm");
      expectClose(viaTypescript.data, expected, toleranceFor(expected), "typescript");
      assertIdentical(viaWasm.data, viaTypescript.data, "wasm vs typescript");
    });
  }

  test("the result is exactly symmetric and the input is left untouched", () => {
    const x = randomMatrix(97, 23, 7);
    const before = Float64Array.from(x.data);
    const { data, size } = crossProduct(x);
    for (let i = 0; i < size; i++) for (let j = 0; j < i; j++) assert.equal(data[i * size + j], data[j * size + i]);
    assertIdentical(x.data, before, "input");
  });

  test("blocking knobs change rounding only, and the two kernels agree exactly under each", () => {
    const x = randomMatrix(301, 45, 11);
    const expected = obviousCrossProduct(x);
    const blockings: CrossProductBlocking[] = [
      defaultCrossProductBlocking,
      { blockRows: 1, panelGroup: 1 },
      { blockRows: 7, panelGroup: 2 },
      { blockRows: 300, panelGroup: 3 },
      { blockRows: 5000, panelGroup: 1000 },
    ];
    for (const blocking of blockings) {
      const label = `blockRows ${blocking.blockRows}, panelGroup ${blocking.panelGroup}`;
      const viaWasm = wasmCrossProduct(x, zeros(45), blocking);
      assert.ok(viaWasm !== undefined);
      const viaTypescript = typescriptCrossProduct(x, zeros(45), blocking);
      expectClose(viaWasm, expected, toleranceFor(expected), label);
      assertIdentical(viaWasm, viaTypescript, label);
    }
  });

  test("the SIMD kernel stays right as its memory grows, is let go after a large problem, and is reused", () => {
    // 2×2,900 needs 67 MB of tiles, past what is retained between calls; the calls around it reuse memory.
    for (const [rows, cols, seed] of [[13, 129, 1], [2, 2900, 2], [7, 3, 3], [60, 300, 4], [13, 129, 5]]) {
      const x = randomMatrix(rows, cols, seed);
      const expected = obviousCrossProduct(x);
      setCrossProductKernel("wasm");
      expectClose(crossProduct(x).data, expected, toleranceFor(expected), `${rows}×${cols}`);
    }
    setCrossProductKernel("auto");
  });

  test("random shapes (property): kernels agree exactly and match the obvious loop", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer(), (rows, cols, seed) => {
        const x = randomMatrix(rows, cols, seed);
        const expected = obviousCrossProduct(x);
        const blocking = { blockRows: 1 + (Math.abs(seed) % 17), panelGroup: 1 + (Math.abs(seed) % 5) };
        const viaWasm = wasmCrossProduct(x, zeros(cols), blocking);
        assert.ok(viaWasm !== undefined);
        expectClose(viaWasm, expected, toleranceFor(expected), `${rows}×${cols}`);
        assertIdentical(viaWasm, typescriptCrossProduct(x, zeros(cols), blocking), `${rows}×${cols}`);
      }),
      { numRuns: 200, seed: 20240601 },
    );
  });

  test("no observations: a zero matrix; no assets: an empty one", () => {
    assert.deepEqual(Array.from(crossProduct(matrix(0, 3)).data), new Array(9).fill(0));
    assert.deepEqual(crossProduct(matrix(4, 0)), { size: 0, data: new Float64Array(0) });
  });

  test("a single asset is the sum of squares; a zero column gives a zero row and column", () => {
    assert.deepEqual(Array.from(crossProduct(matrix(3, 1, [1, -2, 3])).data), [14]);
    const x = matrix(3, 2, [1, 0, 2, 0, 3, 0]);
    assert.deepEqual(Array.from(crossProduct(x).data), [14, 0, 0, 0]);
  });

  test("a data array of the wrong length is a shape mismatch", () => {
    assert.throws(() => crossProduct({ rows: 3, cols: 2, data: new Float64Array(5) }), ShapeMismatchError);
  });
});

describe("centeredCrossProduct", () => {
  test("the documented example", () => {
    assert.deepEqual(Array.from(centeredCrossProduct(matrix(2, 1, [1, 3]), [2]).data), [2]);
  });

  test("matches the obvious loop on centred data, with both kernels, including far-from-zero means", () => {
    // Returns around 1,000 with a spread of 1: XᵀX − T·x̄x̄ᵀ would lose ~6 digits here; centring first does not.
    for (const [rows, cols, offset] of [[2520, 37, 0], [300, 131, 1000], [13, 5, -3]] as const) {
      const x = randomMatrix(rows, cols, rows + cols, offset);
      const means = new Float64Array(cols);
      for (let t = 0; t < rows; t++) for (let j = 0; j < cols; j++) means[j] += x.data[t * cols + j] / rows;
      const expected = obviousCrossProduct(x, means);
      const tolerance = toleranceFor(expected);
      setCrossProductKernel("wasm");
      const viaWasm = centeredCrossProduct(x, means).data;
      setCrossProductKernel("typescript");
      const viaTypescript = centeredCrossProduct(x, Array.from(means)).data;
      setCrossProductKernel("auto");
      expectClose(viaWasm, expected, tolerance, `wasm ${rows}×${cols}`);
      assertIdentical(viaWasm, viaTypescript, `wasm vs typescript ${rows}×${cols}`);
    }
  });

  test("a center of the wrong length is a shape mismatch", () => {
    assert.throws(() => centeredCrossProduct(matrix(2, 3), [0, 0]), ShapeMismatchError);
  });
});

describe("setCrossProductKernel", () => {
  test("returns the previous choice and rejects an unknown kernel", () => {
    const previous = setCrossProductKernel("typescript");
    assert.equal(crossProductKernel(), "typescript");
    assert.equal(setCrossProductKernel(previous), "typescript");
    assert.throws(() => setCrossProductKernel("gpu" as never), InvalidInputError);
  });
});
