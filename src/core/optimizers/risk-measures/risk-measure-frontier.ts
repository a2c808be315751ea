/**
 * The mean-risk efficient frontier of a risk measure: target returns evenly spaced from the
 * minimum-risk portfolio's return to the highest return the constraints allow, each point the
 * minimum risk at `μᵀw ≥ target` (as PyPortfolioOpt's `efficient_return` over a grid).
 */
import { InvalidInputError, TargetOutOfRangeError } from "../../errors.js";
import { loadLinearSolver } from "../lp/index.js";
import { checkRiskInput } from "./check-risk-input.js";
import { maxAttainableReturn } from "./diagnose-infeasibility.js";
import { solveMinRiskModel } from "./optimize-risk-measure.js";
import { compileLinearConstraints } from "./portfolio-rows.js";
import type { RiskFrontierPoint, RiskMeasureInput, RiskMeasureModel } from "./risk-measure-model.js";

/**
 * `points` portfolios (default 20, both ends included) on the frontier of `input.model`'s measure
 * (`minCvar`, `minCdar`, `minMad` or `minSemivariance`, without a target of its own), from the
 * minimum-risk portfolio to the highest-return one. Each point reports `expectedReturn`, `risk` (in
 * the measure's units, see `RiskMeasureOptimum.risk`) and the weights; risk rises with return.
 * Needs `expectedReturns`. Throws INVALID_INPUT when the highest return is unbounded (no weight
 * bounds), and the errors of `optimizeRiskMeasure`.
 *
 * @example
 * const frontier = await riskMeasureFrontier({ scenarios, expectedReturns: mu, model: { kind: "minCvar" } }, 30);
 * frontier.map((p) => [p.risk, p.expectedReturn]); // a chart's line
 */
export async function riskMeasureFrontier(input: RiskMeasureInput, points = 20): Promise<RiskFrontierPoint[]> {
  const model = input.model;
  if (!Number.isInteger(points) || points < 2) throw new InvalidInputError(`a frontier needs an integer number of points ≥ 2, got ${points}`, { points });
  if (model?.kind === "maxSortino") throw new InvalidInputError("maxSortino is a single portfolio, not a frontier; use minSemivariance", { kind: model.kind });
  const targets = model as { targetReturn?: number; maxRisk?: number };
  if (targets?.targetReturn !== undefined || targets?.maxRisk !== undefined) {
    throw new InvalidInputError("a frontier model takes no targetReturn or maxRisk: the frontier chooses its own targets", { name: "targetReturn" });
  }
  const ck = checkRiskInput(input, true);
  const constraints = input.constraints ?? {};
  const budget = constraints.budget ?? 1;
  const minRiskModel = model as Exclude<RiskMeasureModel, { kind: "maxSortino" }>;
  const compiled = compileLinearConstraints(constraints, ck.nAssets, minRiskModel.kind);
  const solver = await loadLinearSolver();

  const lowest = solveMinRiskModel(solver, ck, compiled, budget, minRiskModel);
  let top: number;
  try {
    top = maxAttainableReturn(solver, compiled, ck.mu!).value;
  } catch (error) {
    if ((error as { code?: string }).code === "UNBOUNDED_PROBLEM") {
      throw new InvalidInputError("the highest return is unbounded under these constraints (no weight bounds): the frontier has no end", {});
    }
    throw error;
  }
  const rMin = lowest.expectedReturn!;
  const rMax = Math.max(top, rMin);
  const out: RiskFrontierPoint[] = [];
  for (let k = 0; k < points; k++) {
    const target = k === points - 1 ? rMax : rMin + (k * (rMax - rMin)) / (points - 1);
    const point = k === 0 ? lowest : solveAt(target);
    out.push(Object.freeze({ expectedReturn: point.expectedReturn!, risk: point.risk, weights: point.weights }));
  }
  return out;

  function solveAt(target: number) {
    try {
      return solveMinRiskModel(solver, ck, compiled, budget, { ...minRiskModel, targetReturn: target } as typeof minRiskModel);
    } catch (error) {
      if (error instanceof TargetOutOfRangeError) {
        throw new TargetOutOfRangeError(`frontier target return ${target} could not be reached (highest ${rMax})`, { target, maximum: rMax, cause: error.message });
      }
      throw error;
    }
  }
}
