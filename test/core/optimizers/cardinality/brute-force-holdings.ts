/**
 * The slow, obvious answer: enumerate every set S of at most K assets and, when short positions are
 * allowed with a threshold, every side pattern on S; solve the minimum-variance QP on S alone with each
 * held weight beyond the threshold; keep the least variance. The union of these convex pieces is exactly
 * the feasible set of the mixed-integer problem (a portfolio holding fewer assets than S is found at its
 * own smaller S), so the least of their optima is the optimum. Exponential: n ≤ 10 (or C(20, 5)).
 */
import { solveOrNull, subsetMinVariance, type MinVarianceModel } from "./min-variance-relaxation.js";

export interface BruteForceOptimum {
  readonly objective: number;
  readonly weights: Float64Array;
  /** Sub-problems solved. */
  readonly solves: number;
}

/** Calls `visit` with every subset of {0, …, n−1} of size 1..k, in lexicographic order. */
export function forEachSubset(n: number, k: number, visit: (subset: readonly number[]) => void): void {
  const subset: number[] = [];
  const extend = (from: number) => {
    if (subset.length > 0) visit(subset);
    if (subset.length === k) return;
    for (let i = from; i < n; i++) {
      subset.push(i);
      extend(i + 1);
      subset.pop();
    }
  };
  extend(0);
}

export function bruteForceHoldings(model: MinVarianceModel, maxHoldings: number, allowShort: boolean): BruteForceOptimum | null {
  const m = model.minPosition;
  let best: BruteForceOptimum | null = null;
  let solves = 0;
  forEachSubset(model.n, maxHoldings, (subset) => {
    const patterns = allowShort && m > 0 ? 1 << subset.length : 1;
    for (let pattern = 0; pattern < patterns; pattern++) {
      // Bit a of the pattern set: asset subset[a] is short (w ≤ −m); clear: long (w ≥ m, or free when m = 0).
      const short = (a: number) => allowShort && m > 0 && ((pattern >> a) & 1) === 1;
      const lb = subset.map((i, a) => (short(a) ? model.lower[i] : m > 0 ? Math.max(model.lower[i], m) : model.lower[i]));
      const ub = subset.map((i, a) => (short(a) ? Math.min(model.upper[i], -m) : model.upper[i]));
      solves++;
      const solution = solveOrNull(subsetMinVariance(model, subset, lb, ub));
      if (solution === null || (best !== null && solution.objective >= best.objective)) continue;
      const weights = new Float64Array(model.n);
      subset.forEach((i, a) => (weights[i] = solution.x[a]));
      best = { objective: solution.objective, weights, solves: 0 };
    }
  });
  return best === null ? null : { ...(best as BruteForceOptimum), solves };
}
