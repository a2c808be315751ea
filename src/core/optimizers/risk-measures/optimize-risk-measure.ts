/**
 * The risk-measure models' entry point: validate, compile the constraints, build the measure's
 * program, solve it with HiGHS, and report the weights with the risk recomputed by its definition.
 */
import { InfeasibleProblemError } from "../../errors.js";
import type { CompiledConstraints, PortfolioConstraints } from "../constraints/index.js";
import { loadLinearSolver, type LinearSolver } from "../lp/index.js";
import { checkRiskInput, confidenceOf, type CheckedRiskInput } from "./check-risk-input.js";
import { diagnoseInfeasibility } from "./diagnose-infeasibility.js";
import { solveMaxSortino } from "./max-sortino.js";
import { measurePortfolio, removeBudgetDrift } from "./measure-portfolio.js";
import { compileLinearConstraints } from "./portfolio-rows.js";
import type { RiskMeasureInput, RiskMeasureModel, RiskMeasureOptimum } from "./risk-measure-model.js";
import { solveRiskProgram, type RiskObjective, type RiskProgramSpec } from "./risk-program.js";
import type { ScenarioMeasure } from "./scenario-risk.js";

type MinRiskModel = Exclude<RiskMeasureModel, { kind: "maxSortino" }>;

/** The scenario measure of a min-risk model. */
export function measureOf(model: MinRiskModel): ScenarioMeasure {
  switch (model.kind) {
    case "minCvar":
      return { kind: "cvar", confidence: confidenceOf(model) };
    case "minCdar":
      return { kind: "cdar", confidence: confidenceOf(model) };
    case "minMad":
      return { kind: "mad" };
    case "minSemivariance":
      return { kind: "semivariance", benchmark: model.benchmark ?? 0 };
  }
}

function objectiveOf(model: MinRiskModel): RiskObjective {
  const maxRisk = (model as { maxRisk?: number }).maxRisk;
  if (maxRisk !== undefined) return { kind: "maxReturn", maxRisk };
  return model.targetReturn === undefined ? { kind: "minRisk" } : { kind: "minRisk", targetReturn: model.targetReturn };
}

/** Solves a min-risk model on checked input and compiled constraints (shared with the frontier). */
export function solveMinRiskModel(solver: LinearSolver, ck: CheckedRiskInput, compiled: CompiledConstraints, budget: number, model: MinRiskModel): RiskMeasureOptimum {
  const measure = measureOf(model);
  const objective = objectiveOf(model);
  const spec: RiskProgramSpec = { scenarios: ck.scenarios, compiled, measure, objective, mu: ck.mu };
  let solved;
  try {
    solved = solveRiskProgram(solver, spec);
  } catch (error) {
    if (error instanceof InfeasibleProblemError) diagnoseInfeasibility(solver, spec, error);
    throw error;
  }
  const n = ck.nAssets;
  const weights = solved.x.slice(0, n);
  removeBudgetDrift(weights, budget, compiled.lowerBounds, compiled.upperBounds);
  const measured = measurePortfolio(ck.scenarios, weights, measure, ck.periodsPerYear);
  const expectedReturn = ck.mu === null ? null : ck.mu.reduce((s, m, i) => s + m * weights[i], 0);
  let target: RiskMeasureOptimum["target"];
  if (solved.targetSlack !== undefined) {
    const value = objective.kind === "maxReturn" ? objective.maxRisk : objective.targetReturn!;
    // Binding: the row sits on its side within the solvers' feasibility tolerance (1e-9, scaled).
    const binding = solved.targetSlack <= 1e-9 * Math.max(1, Math.abs(value));
    target = { kind: objective.kind === "maxReturn" ? "maxRisk" : "targetReturn", value, binding };
  }
  const sortino =
    measure.kind === "semivariance" && expectedReturn !== null ? (measured.risk > 0 ? (expectedReturn - ck.riskFreeRate) / measured.risk : null) : undefined;
  return Object.freeze({
    model,
    weights,
    expectedReturn,
    riskMeasure: measured.riskMeasure,
    risk: measured.risk,
    ...(measured.quantile === undefined ? {} : { quantile: measured.quantile }),
    ...(sortino === undefined ? {} : { sortino }),
    solver: Object.freeze({ status: "optimal" as const, iterations: solved.iterations, objective: solved.objective, solves: solved.solves, formulation: solved.formulation }),
    ...(target === undefined ? {} : { target: Object.freeze(target) }),
  });
}

/**
 * Optimises a risk-measure model (see `RiskMeasureModel`) on historical scenarios under linear
 * portfolio constraints. Async because the HiGHS WebAssembly module loads on first use (once per
 * process); the solve itself is synchronous.
 *
 * Input: `scenarios` `nObservations × nAssets` per-period returns (complete rows), `expectedReturns`
 * annual (needed for targets and max Sortino). Output: raw weights, `expectedReturn = μᵀw`, `risk` in
 * the measure's units (CVaR/CDaR/MAD per period, positive; semideviation annual), the solver report.
 *
 * Throws INVALID_INPUT (bad confidence, an unknown model, a non-linear constraint such as
 * `trackingError`, `maxRisk` on the semivariance), NON_FINITE_VALUE (a NaN scenario, naming row and
 * asset), SHAPE_MISMATCH, INSUFFICIENT_HISTORY (fewer scenarios than the tail needs),
 * INFEASIBLE_CONSTRAINTS (naming the conflicting limits), TARGET_OUT_OF_RANGE (a target return above
 * the attainable maximum, a risk cap below the attainable minimum), UNBOUNDED_PROBLEM, and
 * MAX_SHARPE_UNDEFINED for max Sortino when no portfolio beats the risk-free rate.
 *
 * References: Rockafellar & Uryasev (2000), "Optimization of conditional value-at-risk"; Chekhlov,
 * Uryasev & Zabarankin (2005), "Drawdown measure in portfolio optimization"; Konno & Yamazaki (1991);
 * Markowitz (1959), ch. 9 (semivariance). Formulations follow PyPortfolioOpt's EfficientCVaR,
 * EfficientCDaR and EfficientSemivariance, so their numbers agree.
 *
 * @example
 * const result = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind: "minCvar", confidence: 0.95 } });
 * result.risk; // daily CVaR at 95 %, a positive loss
 */
export async function optimizeRiskMeasure(input: RiskMeasureInput): Promise<RiskMeasureOptimum> {
  return optimizeRiskMeasureWith(await loadLinearSolver(), input);
}

/**
 * `optimizeRiskMeasure` with a solver already loaded (`await loadLinearSolver()`): synchronous, for
 * callers that solve many times in a loop they cannot make async (a backtest's rebalances).
 */
export function optimizeRiskMeasureWith(solver: LinearSolver, input: RiskMeasureInput): RiskMeasureOptimum {
  const model = input.model;
  const needsReturns =
    model?.kind === "maxSortino" ||
    (model as { targetReturn?: number })?.targetReturn !== undefined ||
    (model as { maxRisk?: number })?.maxRisk !== undefined;
  const ck = checkRiskInput(input, needsReturns);
  const constraints: PortfolioConstraints = input.constraints ?? {};
  if (model.kind === "maxSortino") return solveMaxSortino(solver, ck, constraints, model);
  const compiled = compileLinearConstraints(constraints, ck.nAssets, model.kind);
  return solveMinRiskModel(solver, ck, compiled, constraints.budget ?? 1, model);
}
