/**
 * Why a risk-measure program has no feasible point, in the person's words: the constraints
 * contradict each other (named by the constraint compiler's explanation), or a target lies outside
 * what they allow (TARGET_OUT_OF_RANGE with the attainable end).
 */
import { InfeasibleProblemError, TargetOutOfRangeError } from "../../errors.js";
import { explainInfeasibility, type CompiledConstraints } from "../constraints/index.js";
import { LinearProgramBuilder, type LinearSolver } from "../lp/index.js";
import { solveQuadraticProgram } from "../qp/index.js";
import { addCompiledConstraints } from "./portfolio-rows.js";
import { solveRiskProgram, type RiskProgramSpec } from "./risk-program.js";

function round(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** `max μᵀw` over the constraints alone. Throws UNBOUNDED_PROBLEM when it has no finite maximum. */
export function maxAttainableReturn(solver: LinearSolver, compiled: CompiledConstraints, mu: Float64Array): { value: number; weights: Float64Array } {
  const lp = new LinearProgramBuilder();
  addCompiledConstraints(lp, compiled);
  for (let i = 0; i < compiled.nAssets; i++) lp.setCost(i, mu[i]);
  const solution = solver.solve(lp.build("maximize"));
  return { value: solution.objective, weights: solution.x.slice(0, compiled.nAssets) };
}

/**
 * Throws the explained error for a program of `spec` that HiGHS found infeasible. The constraints
 * alone go to our QP solver's phase 1 first, whose certificate names the conflicting rows.
 */
export function diagnoseInfeasibility(solver: LinearSolver, spec: RiskProgramSpec, error: InfeasibleProblemError): never {
  const { compiled, objective } = spec;
  const nv = compiled.nVariables;
  try {
    solveQuadraticProgram({
      P: { size: nv, data: new Float64Array(nv * nv) },
      q: new Float64Array(nv),
      equalities: compiled.equalities,
      inequalities: compiled.inequalities,
      lowerBounds: compiled.lowerBounds,
      upperBounds: compiled.upperBounds,
    });
  } catch (conflict) {
    if (!(conflict instanceof InfeasibleProblemError)) throw conflict;
    throw new InfeasibleProblemError(explainInfeasibility(conflict, compiled), { ...conflict.details });
  }
  if (objective.kind === "minRisk" && objective.targetReturn !== undefined) {
    const { value } = maxAttainableReturn(solver, compiled, spec.mu!);
    throw new TargetOutOfRangeError(`target return ${objective.targetReturn} is above the highest achievable ${round(value)} under these constraints`, {
      target: objective.targetReturn,
      maximum: value,
    });
  }
  if (objective.kind === "maxReturn") {
    // The lowest risk itself, without an L2 penalty pulling the portfolio away from it.
    const minimum = solveRiskProgram(solver, { ...spec, compiled: { ...compiled, l2Gamma: 0 }, objective: { kind: "minRisk" } }).risk;
    throw new TargetOutOfRangeError(`maxRisk ${objective.maxRisk} is below the lowest achievable ${round(minimum)} under these constraints`, {
      target: objective.maxRisk,
      minimum,
    });
  }
  throw error;
}
