/**
 * Seeded random matrices and slow, obvious matrix arithmetic for the linalg tests. The arithmetic
 * here is deliberately naive (triple loops, no reuse of the code under test) so that a test compares
 * the optimised routines against something that is easy to believe.
 */
import type { Matrix, SymmetricMatrix } from "../../../src/core/linalg/matrix.js";

/** mulberry32: a tiny seeded generator of uniform numbers in [0, 1), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A symmetric matrix with entries uniform in [−1, 1]: indefinite for n ≥ 2 with high probability. */
export function randomSymmetric(n: number, random: () => number): SymmetricMatrix {
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = 2 * random() - 1;
      data[i * n + j] = v;
      data[j * n + i] = v;
    }
  }
  return { size: n, data };
}

/** `G·Gᵀ/n + ridge·I` with G `n × (n + 3)` uniform in [−1, 1]: symmetric positive definite. */
export function randomSpd(n: number, random: () => number, ridge = 0.01): SymmetricMatrix {
  const k = n + 3;
  const g = new Float64Array(n * k);
  for (let i = 0; i < g.length; i++) g[i] = 2 * random() - 1;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += g[i * k + t] * g[j * k + t];
      const v = s / n + (i === j ? ridge : 0);
      data[i * n + j] = v;
      data[j * n + i] = v;
    }
  }
  return { size: n, data };
}

/** A random general `rows × cols` matrix, entries uniform in [−1, 1]. */
export function randomMatrix(rows: number, cols: number, random: () => number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = 2 * random() - 1;
  return { rows, cols, data };
}

/** The naive product of row-major `rows × inner` and `inner × cols` arrays. */
export function naiveProduct(a: ArrayLike<number>, rows: number, inner: number, b: ArrayLike<number>, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < inner; k++) s += a[i * inner + k] * b[k * cols + j];
      out[i * cols + j] = s;
    }
  }
  return out;
}

/** The naive transpose of a row-major `rows × cols` array. */
export function naiveTranspose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

/** Largest absolute entry. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** The `n × n` identity as a flat array. */
export function identityData(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method (Jacobi 1846; Golub & Van Loan,
 * "Matrix Computations", §8.5): rotate away one off-diagonal pair at a time until the off-diagonal
 * mass is negligible. Slow (many O(n) rotations per sweep) but obviously right, and unrelated to the
 * Householder + QL algorithm under test. Returns the eigenvalues ascending.
 */
export function jacobiEigenvalues(a: SymmetricMatrix): number[] {
  const n = a.size;
  const m = Float64Array.from(a.data);
  let total = 0;
  for (let i = 0; i < m.length; i++) total += m[i] * m[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] * m[p * n + q];
    if (off <= 1e-34 * total) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        // Rotation angle that zeroes (p, q): tan θ = t, the smaller root of t² + 2τt − 1 = 0.
        const tau = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
      }
    }
  }
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push(m[i * n + i]);
  return values.sort((x, y) => x - y);
}
