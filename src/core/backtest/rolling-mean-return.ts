/**
 * The historical mean return (`meanHistoricalReturn`, geometric or arithmetic) on a moving window,
 * updated between rebalances instead of recomputed: when the window moves by k rows, k rows leave and
 * k enter, so each date costs O(k·N) `log1p`s instead of O(T·N). Several models of a comparison that
 * need μ (utility, max Sharpe, targets) then share an estimate that is nearly free.
 *
 * Accuracy: the per-asset sums are rebuilt from the window every REFRESH updates, so rounding from
 * adding and removing rows cannot accumulate; the result agrees with `meanHistoricalReturn` on the
 * same window to ~1e-14 relative (tested at 1e-12). Windows with a missing return fall back to the
 * direct estimate (the caller's job), as do changes of the asset set.
 */
import type { Matrix } from "../linalg/matrix.js";
import { sameAssets } from "./same-assets.js";

export interface RollingMeanReturnState {
  assets: readonly number[];
  compounding: boolean;
  /** Panel return rows summed: [first, end). */
  first: number;
  end: number;
  /** Σ log1p(r) (geometric) or Σ r (arithmetic) per asset over the rows. */
  sums: Float64Array;
  /** The window the sums describe (needed to remove its rows later). */
  window: Matrix;
  updates: number;
}

const REFRESH = 64;

function term(r: number, compounding: boolean): number {
  return compounding ? Math.log1p(r) : r;
}

function accumulate(sums: Float64Array, x: Matrix, from: number, to: number, sign: number, compounding: boolean): void {
  const n = x.cols;
  for (let t = from; t < to; t++) {
    const row = t * n;
    for (let j = 0; j < n; j++) sums[j] += sign * term(x.data[row + j], compounding);
  }
}

function complete(x: Matrix): boolean {
  for (let k = 0; k < x.data.length; k++) if (Number.isNaN(x.data[k]) || x.data[k] <= -1) return false;
  return true;
}

/**
 * The annualised mean return of `window` (rows = panel return rows [first, first + rows), columns =
 * `assets`), reusing `state` when the window only moved forward over the same assets. Returns null
 * when the window has a missing return or a total loss (the caller then uses the direct estimator,
 * which defines those cases).
 */
export function rollingMeanReturn(
  state: RollingMeanReturnState | null,
  window: Matrix,
  first: number,
  assets: readonly number[],
  periodsPerYear: number,
  compounding: boolean,
): { readonly state: RollingMeanReturnState; readonly expectedReturns: Float64Array } | null {
  if (window.rows === 0 || !complete(window)) return null;
  const end = first + window.rows;
  let next: RollingMeanReturnState;
  const reusable =
    state !== null &&
    state.compounding === compounding &&
    state.updates < REFRESH &&
    sameAssets(state.assets, assets) &&
    first >= state.first &&
    end >= state.end &&
    first < state.end;
  if (reusable) {
    const sums = Float64Array.from(state.sums);
    // Rows [state.first, first) leave (they are the old window's leading rows); [state.end, end) enter.
    accumulate(sums, state.window, 0, first - state.first, -1, compounding);
    accumulate(sums, window, window.rows - (end - state.end), window.rows, 1, compounding);
    next = { assets, compounding, first, end, sums, window, updates: state.updates + 1 };
  } else {
    const sums = new Float64Array(window.cols);
    accumulate(sums, window, 0, window.rows, 1, compounding);
    next = { assets, compounding, first, end, sums, window, updates: 0 };
  }
  const n = window.rows;
  const expectedReturns = Float64Array.from(next.sums, (s) => (compounding ? Math.expm1((periodsPerYear / n) * s) : (s / n) * periodsPerYear));
  return { state: next, expectedReturns };
}
