/**
 * The mean-variance optimiser's entry point: checks the moments and the model, compiles the
 * constraints, runs the model (through the holdings branch and bound when the constraints ask for it)
 * and reports the portfolio. Follows PyPortfolioOpt's `EfficientFrontier` in the models offered and in
 * their conventions (quadratic utility μᵀw − (δ/2)wᵀΣw, L2 term γ‖w‖² with no ½, efficient return
 * with μᵀw ≥ target), solved here by our own active-set QP, exactly rather than by a conic solver.
 */
import { CoreError } from "../../errors.js";
import { compileSplitConstraints } from "../constraints/index.js";
import { checkMoments } from "./check-moments.js";
import { searchHoldings } from "./holdings-search.js";
import type { FallbackRecord, MeanVarianceInput, MeanVarianceModel, PortfolioOptimum } from "./mean-variance-model.js";
import { finalizeOptimum } from "./model-outcome.js";
import { SolveLog } from "./solve-log.js";
import { checkModel, runModel } from "./run-model.js";

/**
 * Solves one mean-variance model.
 *
 * Inputs: `expectedReturns` μ (length n, annual decimals), `covariance` Σ (n × n, row-major, annual),
 * `model` (see `MeanVarianceModel`), `constraints` (default long only, fully invested), `riskFreeRate`
 * (annual, default 0.02), `warmStart` (a previous result's `warmStart`, same model and universe).
 *
 * Returns the raw weights (summing to the budget within 1e-10), their performance (μᵀw, √(wᵀΣw),
 * Sharpe at rf), each asset's share of the variance, and the solver's report: iterations, KKT
 * residuals of the last QP, the model's objective (variance for minVolatility / efficientReturn,
 * utility for maxQuadraticUtility, the ratio for maxSharpe, μᵀw − γ‖w‖² − costs for efficientRisk,
 * the squared tracking error for minTrackingError), the number of QPs and of branch-and-bound nodes.
 * `target` says whether a target bound.
 *
 * Throws (stable codes): `INVALID_INPUT` / `SHAPE_MISMATCH` / `NON_FINITE_VALUE` for bad inputs
 * (empty universe, NaN, sizes), `INFEASIBLE_CONSTRAINTS` with the constraints that clash,
 * `TARGET_OUT_OF_RANGE` for a target return above the attainable maximum or a target volatility /
 * tracking-error limit below the attainable minimum, `MAX_SHARPE_UNDEFINED` when no portfolio beats rf,
 * the budget is 0, or the ratio is not attained.
 *
 * @example
 * const result = optimizeMeanVariance({ expectedReturns: mu, covariance: sigma, model: { kind: "maxSharpe" } });
 * result.performance.sharpe; // the tangency portfolio's Sharpe ratio at rf = 0.02
 */
export function optimizeMeanVariance(input: MeanVarianceInput): PortfolioOptimum {
  return solveModel(input, undefined);
}

function solveModel(input: MeanVarianceInput, fallbackFrom: readonly FallbackRecord[] | undefined): PortfolioOptimum {
  const moments = checkMoments(input.expectedReturns, input.covariance, input.riskFreeRate);
  const { model } = input;
  checkModel(model, moments.n);
  const constraints = input.constraints ?? {};
  const compiled = compileSplitConstraints(constraints, moments.n);
  const log = new SolveLog();
  const ctx = { moments, compiled, log };
  const budget = constraints.budget ?? 1;
  const warm = input.warmStart?.solution;
  const settings = { budget, constraints, ...(warm === undefined ? {} : { warm }) };
  const mixedInteger = constraints.maxHoldings !== undefined || (constraints.minPosition ?? 0) > 0;
  let run;
  let search: { nodes: number; status: "optimal" | "nodeLimit"; gap: number } | undefined;
  if (mixedInteger) {
    const found = searchHoldings(model, ctx, { ...settings, warm: undefined });
    run = found.run;
    search = { nodes: found.nodes, status: found.status, gap: found.gap };
  } else {
    run = runModel(model, ctx, settings);
  }
  return finalizeOptimum({
    model,
    moments,
    budget,
    outcome: search === undefined ? run.outcome : { ...run.outcome, search },
    iterations: log.iterations,
    solves: log.solves,
    nVariables: run.nVariables,
    lowerBounds: compiled.lowerBounds,
    upperBounds: compiled.upperBounds,
    ...(fallbackFrom === undefined ? {} : { fallbackFrom }),
  });
}

/**
 * Tries `models` in order on the same inputs and returns the first that solves, with `fallbackFrom`
 * listing each model that failed before it and why (its error code and message), in the manner of
 * skfolio's fallback chain. Only the core's typed errors (infeasible, target out of range, undefined
 * max Sharpe…) move on to the next model; a programming error is thrown at once. When every model
 * fails, the last error is thrown.
 *
 * @example
 * optimizeWithFallback(input, [{ kind: "efficientReturn", targetReturn: 0.3 }, { kind: "minVolatility" }]);
 */
export function optimizeWithFallback(
  input: Omit<MeanVarianceInput, "model"> & { readonly model?: MeanVarianceModel },
  models: readonly MeanVarianceModel[]): PortfolioOptimum {
  const failed: FallbackRecord[] = [];
  let lastError: unknown = new CoreError("INVALID_INPUT", "optimizeWithFallback needs at least one model", {});
  for (const model of models) {
    try {
      return solveModel({ ...input, model }, failed.length === 0 ? undefined : Object.freeze([...failed]));
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      failed.push(Object.freeze({ model: model.kind, code: error.code, message: error.message }));
      lastError = error;
    }
  }
  throw lastError;
}
