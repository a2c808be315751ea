/**
 * Ledoit-Wolf (constant-variance target, scikit-learn's `LedoitWolf`) on a moving window, updating
 * the cross-product sums between rebalances instead of recomputing them: when the window moves by k
 * rows, k rows leave and k enter, so the O(T·N²) cross-product becomes O(k·N²). The shrinkage formula
 * is the one of src/core/moments/covariance/ledoit-wolf.ts (Ledoit & Wolf 2004), fed from the sums.
 *
 * Accuracy: the sums are kept about a fixed centre c (the first window's means), so the centring
 * identity G = Σ(x−c)(x−c)ᵀ − T·(m−c)(m−c)ᵀ subtracts only a tiny term (no cancellation), and the sums
 * are rebuilt from scratch every REFRESH updates so rounding cannot accumulate. Results agree with the
 * direct estimate to ~1e-14 relative (tested at 1e-12).
 */
import { centeredCrossProduct } from "../kernels/cross-product.js";
import type { Matrix, SymmetricMatrix } from "../linalg/matrix.js";
import { sameAssets } from "./same-assets.js";

export interface RollingLedoitWolfState {
  assets: readonly number[];
  /** Panel return rows summed: [first, end). */
  first: number;
  end: number;
  center: Float64Array;
  /** Σ (x − c) per asset. */
  sums: Float64Array;
  /** Σ (x − c)(x − c)ᵀ, both triangles. */
  gram: Float64Array;
  /** The window the sums describe (needed to remove its rows later). */
  window: Matrix;
  updates: number;
}

export interface RollingLedoitWolfEstimate {
  /** Annualised shrunk covariance. */
  readonly covariance: SymmetricMatrix;
  readonly shrinkage: number;
  readonly observations: number;
}

/** Incremental updates before the sums are rebuilt from the window. */
const REFRESH = 64;

function hasMissing(data: Float64Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (Number.isNaN(data[k])) return true;
  return false;
}

function rowsOf(x: Matrix, from: number, to: number): Matrix {
  return { rows: to - from, cols: x.cols, data: x.data.subarray(from * x.cols, to * x.cols) };
}

/** Adds (sign 1) or removes (sign −1) rows [from, to) of `x` to the sums. */
function accumulate(state: RollingLedoitWolfState, x: Matrix, from: number, to: number, sign: number): void {
  if (to <= from) return;
  const n = x.cols;
  const block = centeredCrossProduct(rowsOf(x, from, to), state.center).data;
  for (let k = 0; k < n * n; k++) state.gram[k] += sign * block[k];
  for (let r = from; r < to; r++) for (let i = 0; i < n; i++) state.sums[i] += sign * (x.data[r * n + i] - state.center[i]);
}

function rebuild(window: Matrix, first: number, assets: readonly number[]): RollingLedoitWolfState {
  const { rows, cols, data } = window;
  const center = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let i = 0; i < cols; i++) center[i] += data[r * cols + i];
  for (let i = 0; i < cols; i++) center[i] /= rows;
  const state: RollingLedoitWolfState = {
    assets,
    first,
    end: first + rows,
    center,
    sums: new Float64Array(cols),
    gram: new Float64Array(cols * cols),
    window,
    updates: 0,
  };
  accumulate(state, window, 0, rows, 1);
  return state;
}

/**
 * Moves `state` to `window` (panel return rows [first, first + rows), columns `assets`) and returns
 * the annualised Ledoit-Wolf estimate, or null when the window has a missing return (the caller then
 * uses the direct estimator, whose missing-data rule applies). `state` null or unusable (other assets,
 * no overlap, a window moving backwards) is rebuilt.
 */
export function rollingLedoitWolf(
  previous: RollingLedoitWolfState | null,
  window: Matrix,
  first: number,
  assets: readonly number[],
  periodsPerYear: number,
): { readonly estimate: RollingLedoitWolfEstimate; readonly state: RollingLedoitWolfState } | null {
  const { rows: t, cols: n } = window;
  if (t < 2 || n < 1) return null;
  const end = first + t;
  let state = previous;
  const reusable =
    state !== null &&
    sameAssets(state.assets, assets) &&
    first >= state.first &&
    end >= state.end &&
    first < state.end &&
    state.updates < REFRESH;
  if (reusable && state !== null) {
    if (hasMissing(window.data, (state.end - first) * n, t * n)) return null;
    accumulate(state, state.window, 0, first - state.first, -1);
    accumulate(state, window, state.end - first, t, 1);
    state.first = first;
    state.end = end;
    state.window = window;
    state.updates++;
  } else {
    if (hasMissing(window.data, 0, t * n)) return null;
    state = rebuild(window, first, assets);
  }
  return { estimate: shrink(state, periodsPerYear), state };
}

/** scikit-learn's intensity (see ledoit-wolf.ts) from the sums about the centre. */
function shrink(state: RollingLedoitWolfState, periodsPerYear: number): RollingLedoitWolfEstimate {
  const { window, center, sums, gram } = state;
  const { rows: t, cols: n, data } = window;
  const shift = Float64Array.from(sums, (s) => s / t); // m − c
  const means = Float64Array.from(center, (c, i) => c + shift[i]);
  // Centred Gram G = Σ(x − m)(x − m)ᵀ = Σ(x − c)(x − c)ᵀ − T·(m − c)(m − c)ᵀ.
  const out = new Float64Array(n * n);
  let trace = 0;
  let deltaSum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const g = gram[i * n + j] - t * shift[i] * shift[j];
      out[i * n + j] = g;
      deltaSum += g * g;
    }
    trace += out[i * n + i] / t;
  }
  if (n === 1) {
    out[0] = (out[0] / t) * periodsPerYear;
    return { covariance: { size: 1, data: out }, shrinkage: 0, observations: t };
  }
  deltaSum /= t * t;
  const mu = trace / n;
  let betaSum = 0;
  for (let r = 0; r < t; r++) {
    let rowSquares = 0;
    for (let i = 0; i < n; i++) {
      const d = data[r * n + i] - means[i];
      rowSquares += d * d;
    }
    betaSum += rowSquares * rowSquares;
  }
  const delta = (deltaSum - 2 * mu * trace + n * mu * mu) / n;
  const beta = Math.min((betaSum / t - deltaSum) / (n * t), delta);
  const shrinkage = beta > 0 ? beta / delta : 0;
  const scale = ((1 - shrinkage) / t) * periodsPerYear;
  for (let k = 0; k < n * n; k++) out[k] *= scale;
  for (let i = 0; i < n; i++) out[i * n + i] += shrinkage * mu * periodsPerYear;
  return { covariance: { size: n, data: out }, shrinkage, observations: t };
}
