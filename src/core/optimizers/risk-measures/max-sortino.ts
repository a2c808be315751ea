/**
 * Maximum Sortino ratio `(μᵀw − rf) / semideviation(w)`, a ratio of a linear and a convex function,
 * made a convex QP by the change of variables of max Sharpe (Charnes & Cooper 1962; Cornuejols &
 * Tütüncü 2007, §8.2): y = κ·w with κ ≥ 0 and the normaliser μᵀy − rf·κ = 1, so the ratio is
 * 1/semideviation(y) and maximising it is minimising Σₜ max(0, b·κ − Rₜy)² (by `minimizeSemivariance`).
 * The constraints become a cone in (y, κ) by `homogenize`.
 */
import { ConvergenceError, InfeasibleProblemError, MaxSharpeUndefinedError } from "../../errors.js";
import { homogenize, type PortfolioConstraints } from "../constraints/index.js";
import type { LinearSolver } from "../lp/index.js";
import type { CheckedRiskInput } from "./check-risk-input.js";
import { diagnoseInfeasibility, maxAttainableReturn } from "./diagnose-infeasibility.js";
import { measurePortfolio, removeBudgetDrift } from "./measure-portfolio.js";
import { minimizeSemivariance } from "./minimize-semivariance.js";
import { compileLinearConstraints } from "./portfolio-rows.js";
import type { RiskMeasureModel, RiskMeasureOptimum } from "./risk-measure-model.js";
import type { ScenarioMeasure } from "./scenario-risk.js";

export function solveMaxSortino(
  solver: LinearSolver,
  ck: CheckedRiskInput,
  constraints: PortfolioConstraints,
  model: Extract<RiskMeasureModel, { kind: "maxSortino" }>,
): RiskMeasureOptimum {
  const budget = constraints.budget ?? 1;
  if (!(budget > 0)) {
    throw new MaxSharpeUndefinedError(`the maximum Sortino ratio needs a positive budget (got ${budget}): a market-neutral portfolio has no return per unit invested`, {
      reason: "marketNeutral",
    });
  }
  const n = ck.nAssets;
  const mu = ck.mu!;
  const rf = ck.riskFreeRate;
  const compiled = compileLinearConstraints(constraints, n, "maxSortino");
  const measure: ScenarioMeasure = { kind: "semivariance", benchmark: model.benchmark ?? 0 };
  let best: number;
  try {
    best = maxAttainableReturn(solver, compiled, mu).value;
  } catch (error) {
    if (error instanceof InfeasibleProblemError) {
      diagnoseInfeasibility(solver, { scenarios: ck.scenarios, compiled, measure, objective: { kind: "minRisk" }, mu }, error);
    }
    throw error;
  }
  if (!(best > rf)) {
    throw new MaxSharpeUndefinedError(`no portfolio under these constraints earns more than the risk-free rate ${rf} (best ${best}): the maximum Sortino ratio is undefined`, {
      reason: "noExcessReturn",
    });
  }

  const cone = homogenize(compiled);
  const kappa = cone.scaleVariable;
  // Normaliser: excess return net of transaction costs, μᵀy − costᵀy − rf·κ = 1.
  const normaliser = new Float64Array(cone.nVariables);
  for (let j = 0; j < cone.nVariables; j++) normaliser[j] = (j < n ? mu[j] : 0) - cone.linearCost[j] - (j === kappa ? rf : 0);
  let solution;
  try {
    solution = minimizeSemivariance({
      compiled: cone,
      extraRows: [{ coefficients: normaliser, lower: 1, upper: 1 }],
      scenarios: ck.scenarios,
      benchmark: measure.benchmark,
      scaleVariable: kappa,
      linearCost: new Float64Array(cone.nVariables),
    });
  } catch (error) {
    if (error instanceof InfeasibleProblemError) {
      throw new MaxSharpeUndefinedError(`no portfolio earns more than the risk-free rate net of transaction costs: the maximum Sortino ratio is undefined`, {
        reason: "noExcessReturn",
      });
    }
    throw error;
  }
  const scale = solution.x[kappa];
  if (!(scale > 0)) throw new ConvergenceError(`max Sortino ended at κ = ${scale}; the ratio is not attained`, { kappa: scale });
  const weights = Float64Array.from(solution.x.subarray(0, n), (y) => y / scale);
  removeBudgetDrift(weights, budget, compiled.lowerBounds, compiled.upperBounds);
  const measured = measurePortfolio(ck.scenarios, weights, measure, ck.periodsPerYear);
  const expectedReturn = mu.reduce((s, m, i) => s + m * weights[i], 0);
  if (!(measured.risk > 0)) {
    throw new MaxSharpeUndefinedError("a portfolio with no shortfall in any scenario exists: the Sortino ratio is unbounded", { reason: "notAttained" });
  }
  return Object.freeze({
    model,
    weights,
    expectedReturn,
    riskMeasure: measured.riskMeasure,
    risk: measured.risk,
    sortino: (expectedReturn - rf) / measured.risk,
    solver: Object.freeze({
      status: "optimal" as const,
      iterations: solution.iterations,
      // The QP's Σn² in y: 1/(T·objective) is the per-period Sortino² before annualising.
      objective: solution.objective,
      solves: solution.solves + 1,
      formulation: "newton" as const,
    }),
  });
}
