/**
 * The relaxation a minimum-variance model would hand to `branchAndBoundHoldings`, built on our QP solver:
 * minimise wᵀΣw (P = 2Σ, q = 0) subject to Σw = budget and per-asset bounds, with the node's fixings
 * applied as bounds — excluded → [0, 0], included long → lower bound max(lower, m), included short →
 * upper bound min(upper, −m). The tests drive the search through it, as the mean-variance models will.
 */
import type { HoldingsNode, Relaxation } from "../../../../src/core/optimizers/cardinality/index.js";
import { solveQuadraticProgram, type QpSolution, type QuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";
import { InfeasibleProblemError } from "../../../../src/core/errors.js";

export interface MinVarianceModel {
  readonly n: number;
  /** Σ, n × n row-major. */
  readonly covariance: Float64Array;
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  readonly budget: number;
  readonly minPosition: number;
}

/** The QP over the assets in `assets` only, with per-asset bounds [lb, ub] (lb > ub → no point). */
export function subsetMinVariance(model: MinVarianceModel, assets: readonly number[], lb: readonly number[], ub: readonly number[]): QuadraticProgram {
  const k = assets.length;
  const P = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) P[a * k + b] = 2 * model.covariance[assets[a] * model.n + assets[b]];
  return {
    P: { size: k, data: P },
    q: new Float64Array(k),
    equalities: { A: { rows: 1, cols: k, data: new Float64Array(k).fill(1) }, b: [model.budget] },
    lowerBounds: lb,
    upperBounds: ub,
  };
}

/** Solves, or null when the QP solver proves the constraints infeasible (any other error propagates). */
export function solveOrNull(problem: QuadraticProgram, warm?: QpSolution): QpSolution | null {
  for (let j = 0; j < problem.P.size; j++) if (problem.lowerBounds![j] > problem.upperBounds![j]) return null;
  try {
    return solveQuadraticProgram(problem, { warmStart: warm });
  } catch (error) {
    if (error instanceof InfeasibleProblemError) return null;
    throw error;
  }
}

export interface CountingRelax {
  readonly relax: (node: HoldingsNode) => Relaxation | null;
  /** Calls so far. */
  calls: number;
}

/** The node relaxation; `warm: false` ignores `parentWarmStart` (to check that warm starts change nothing). */
export function minVarianceRelaxation(model: MinVarianceModel, options: { warm?: boolean } = {}): CountingRelax {
  const all = Array.from({ length: model.n }, (_, i) => i);
  const counter: CountingRelax = {
    calls: 0,
    relax(node) {
      counter.calls++;
      const lb = model.lower.map((lo, i) =>
        node.excluded[i] === 1 ? 0 : node.included[i] === 1 && node.sign[i] > 0 ? Math.max(lo, model.minPosition) : lo,
      );
      const ub = model.upper.map((hi, i) =>
        node.excluded[i] === 1 ? 0 : node.included[i] === 1 && node.sign[i] < 0 ? Math.min(hi, -model.minPosition) : hi,
      );
      // An excluded asset whose own bounds exclude 0 cannot be excluded.
      if (model.lower.some((lo, i) => node.excluded[i] === 1 && (lo > 0 || model.upper[i] < 0))) return null;
      const warm = options.warm === false ? undefined : (node.parentWarmStart as QpSolution | undefined);
      const solution = solveOrNull(subsetMinVariance(model, all, lb, ub), warm);
      return solution === null ? null : { objective: solution.objective, weights: solution.x, warmStart: solution };
    },
  };
  return counter;
}

/** wᵀΣw, computed directly. */
export function varianceOf(model: MinVarianceModel, w: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < model.n; i++) for (let j = 0; j < model.n; j++) total += w[i] * model.covariance[i * model.n + j] * w[j];
  return total;
}
