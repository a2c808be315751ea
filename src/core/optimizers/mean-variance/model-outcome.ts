/**
 * From a model's solver outcome to the readonly `PortfolioOptimum` every model returns: the budget's
 * last rounding drift removed, finiteness asserted, performance and risk shares measured.
 */
import { ConvergenceError } from "../../errors.js";
import type { QpSolution } from "../qp/index.js";
import type { CheckedMoments } from "./check-moments.js";
import type { FallbackRecord, MeanVarianceModel, PortfolioOptimum, TargetReport } from "./mean-variance-model.js";
import { performanceOf, portfolioVariance } from "./portfolio-arithmetic.js";

/** What a model's solve hands to `finalizeOptimum`. */
export interface ModelOutcome {
  /** The last QP solved (its x holds the weights first, unless `weights` is given). */
  readonly solution: QpSolution;
  /** The model's objective in its own units (variance, utility, Sharpe, return). */
  readonly objective: number;
  /** Weights when they are not x's first entries (max Sharpe divides y by κ). */
  readonly weights?: Float64Array;
  readonly target?: TargetReport;
  /** Holdings search: nodes relaxed, its status and gap. */
  readonly search?: { readonly nodes: number; readonly status: "optimal" | "nodeLimit"; readonly gap: number };
}

/**
 * Largest budget drift removed silently: the solver holds equalities to 1e-9 relative, and what is
 * left after an exact active-set solve is rounding (≈1e-16 per asset). Anything larger is reported
 * by the KKT residuals and left as it is rather than hidden.
 */
const DRIFT_LIMIT = 1e-9;

/**
 * Puts the budget's rounding drift on the largest weight strictly inside its bounds (additive, so a
 * market-neutral budget of 0 is handled the same way, and bounds held at equality stay exact).
 */
export function removeBudgetDrift(weights: Float64Array, budget: number, free: (i: number) => boolean): void {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i];
  const drift = budget - sum;
  if (drift === 0 || Math.abs(drift) > DRIFT_LIMIT * Math.max(1, Math.abs(budget))) return;
  let pick = -1;
  for (let i = 0; i < weights.length; i++) {
    if (free(i) && (pick < 0 || Math.abs(weights[i]) > Math.abs(weights[pick]))) pick = i;
  }
  if (pick < 0) return;
  weights[pick] += drift;
}

export interface FinalizeInput {
  readonly model: MeanVarianceModel;
  readonly moments: CheckedMoments;
  readonly budget: number;
  readonly outcome: ModelOutcome;
  readonly iterations: number;
  readonly solves: number;
  readonly nVariables: number;
  /** The weights' bounds: the drift goes to a weight strictly inside them. */
  readonly lowerBounds: ArrayLike<number>;
  readonly upperBounds: ArrayLike<number>;
  readonly fallbackFrom?: readonly FallbackRecord[];
}

export function finalizeOptimum(input: FinalizeInput): PortfolioOptimum {
  const { moments, outcome } = input;
  const { n, mu, covariance, riskFreeRate } = moments;
  const weights = outcome.weights === undefined ? Float64Array.from(outcome.solution.x.subarray(0, n)) : Float64Array.from(outcome.weights);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(weights[i])) {
      throw new ConvergenceError(`the optimiser produced a non-finite weight for asset ${i} (${weights[i]})`, { asset: i });
    }
  }
  const { lowerBounds: lb, upperBounds: ub } = input;
  removeBudgetDrift(weights, input.budget, (i) => weights[i] > lb[i] + 1e-12 && weights[i] < ub[i] - 1e-12);
  const performance = performanceOf(mu, covariance, weights, riskFreeRate);
  const variance = portfolioVariance(covariance, weights);
  let riskContributions: Float64Array | null = null;
  if (variance > 0) {
    // wᵢ·(Σw)ᵢ / wᵀΣw (Euler's decomposition; the measures' `riskContributions`), over held assets only.
    const held: number[] = [];
    for (let i = 0; i < n; i++) if (weights[i] !== 0) held.push(i);
    riskContributions = new Float64Array(n);
    for (const i of held) {
      let row = 0;
      for (const j of held) row += covariance.data[i * n + j] * weights[j];
      riskContributions[i] = (weights[i] * row) / variance;
    }
  }
  const { solution } = outcome;
  return Object.freeze({
    model: input.model,
    weights,
    performance,
    riskContributions,
    solver: Object.freeze({
      status: outcome.search?.status ?? ("optimal" as const),
      iterations: input.iterations,
      kkt: solution.kkt,
      objective: outcome.objective,
      regularization: solution.regularization,
      solves: input.solves,
      ...(outcome.search === undefined ? {} : { nodes: outcome.search.nodes, gap: outcome.search.gap }),
    }),
    ...(outcome.target === undefined ? {} : { target: outcome.target }),
    ...(input.fallbackFrom === undefined ? {} : { fallbackFrom: input.fallbackFrom }),
    warmStart: { nVariables: input.nVariables, solution },
  });
}
