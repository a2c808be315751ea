/**
 * One risk-measure program: the constraints' rows, the measure's rows, and an objective — minimise the
 * risk (plus transaction costs), optionally with `μᵀw ≥ target`, or maximise `μᵀw` net of costs with
 * `risk ≤ cap` — then solved. The LP measures go to HiGHS, CVaR and MAD minimisations through the LP
 * dual (one row per asset instead of per scenario; see `lp/dual-program.ts`); the semivariance goes
 * to `minimizeSemivariance` (Newton's method over the shortfall set with our QP solver). An L2 penalty
 * `γ·Σw²` (`constraints.l2Gamma`, CVaR/CDaR/MAD only) makes the program a convex QP, which HiGHS's
 * active-set QP solver takes in its primal form.
 */
import type { CompiledConstraints } from "../constraints/index.js";
import { LinearProgramBuilder, type LinearSolver, type SparseHessian } from "../lp/index.js";
import type { Matrix } from "../../linalg/matrix.js";
import { minimizeSemivariance, type ExtraRow } from "./minimize-semivariance.js";
import { addCompiledConstraints } from "./portfolio-rows.js";
import { addScenarioRisk, type ScenarioMeasure } from "./scenario-risk.js";

export type RiskObjective =
  | { readonly kind: "minRisk"; readonly targetReturn?: number }
  | { readonly kind: "maxReturn"; readonly maxRisk: number };

export interface RiskProgramSpec {
  readonly scenarios: Matrix;
  readonly compiled: CompiledConstraints;
  readonly measure: ScenarioMeasure;
  readonly objective: RiskObjective;
  /** μ, needed for a target or for maxReturn. */
  readonly mu: Float64Array | null;
}

export interface RiskProgramSolution {
  /** The compiled variables (weights first). */
  readonly x: Float64Array;
  /**
   * The program's objective: risk plus costs plus `γ·Σw²` (semivariance: per period), or return net
   * of costs minus `γ·Σw²`.
   */
  readonly objective: number;
  /** The measure as the program sees it (per period; semivariance, not semideviation). */
  readonly risk: number;
  readonly iterations: number;
  readonly solves: number;
  readonly formulation: "primal" | "dual" | "newton";
  /** Distance of the target row from its side (≥ 0), when there is a target. */
  readonly targetSlack?: number;
}

/** `Q = 2γ` on the diagonal of the first `nWeights` of `nVariables` variables (lower triangle, by columns). */
function l2Hessian(nVariables: number, nWeights: number, gamma: number): SparseHessian {
  const starts = new Int32Array(nVariables + 1);
  for (let j = 0; j <= nVariables; j++) starts[j] = Math.min(j, nWeights);
  return { starts, indices: Int32Array.from({ length: nWeights }, (_, i) => i), values: new Float64Array(nWeights).fill(2 * gamma) };
}

/** Builds and solves the program of `spec`. Lets the solvers' typed errors through. */
export function solveRiskProgram(solver: LinearSolver, spec: RiskProgramSpec): RiskProgramSolution {
  const { compiled, measure, objective, mu } = spec;
  const n = compiled.nAssets;
  const nv = compiled.nVariables;
  if (measure.kind === "semivariance") {
    // Σ shortfall² = T·semivariance, so costs scale by T to stay in semivariance units.
    const T = spec.scenarios.rows;
    const extraRows: ExtraRow[] = [];
    const target = objective.kind === "minRisk" ? objective.targetReturn : undefined;
    if (target !== undefined) {
      const coefficients = new Float64Array(nv);
      coefficients.set(mu!);
      extraRows.push({ coefficients, lower: target, upper: Infinity });
    }
    const solved = minimizeSemivariance({
      compiled,
      extraRows,
      scenarios: spec.scenarios,
      benchmark: measure.benchmark,
      linearCost: compiled.linearCost.map((c) => T * c),
    });
    const x = solved.x;
    const slack = target === undefined ? undefined : mu!.reduce((s, m, i) => s + m * x[i], 0) - target;
    return {
      x,
      objective: solved.objective / T,
      risk: solved.sumOfSquares / T,
      iterations: solved.iterations,
      solves: solved.solves,
      formulation: "newton",
      ...(slack === undefined ? {} : { targetSlack: Math.max(0, slack) }),
    };
  }

  const lp = new LinearProgramBuilder();
  addCompiledConstraints(lp, compiled);
  const risk = addScenarioRisk(lp, spec.scenarios, measure);
  const weights = Array.from({ length: n }, (_, i) => i);
  let targetRow: number | undefined;
  let sense: "minimize" | "maximize" = "minimize";
  if (objective.kind === "minRisk") {
    for (let j = 0; j < nv; j++) if (compiled.linearCost[j] !== 0) lp.setCost(j, compiled.linearCost[j]);
    risk.indices.forEach((j, k) => lp.setCost(j, risk.values[k]));
    if (objective.targetReturn !== undefined) targetRow = lp.addRow(weights, mu!, objective.targetReturn, Infinity);
  } else {
    sense = "maximize";
    for (let j = 0; j < nv; j++) lp.setCost(j, (j < n ? mu![j] : 0) - compiled.linearCost[j]);
    targetRow = lp.addRow(risk.indices, risk.values, -Infinity, objective.maxRisk);
  }
  const gamma = compiled.l2Gamma ?? 0;
  let program = lp.build(sense);
  if (gamma > 0) {
    // γ·Σw² (PyPortfolioOpt's L2_reg, in the objective's own units) as HiGHS's ½xᵀQx with Q = 2γ·I on
    // the weights. HiGHS's QP solver minimises a convex objective, so the return maximisation under a
    // risk cap becomes the minimisation of −(μ − cost)ᵀw + γ·Σw², negated back below.
    if (sense === "maximize") program = { ...program, sense: "minimize", objective: Float64Array.from(program.objective, (c) => -c) };
    program = { ...program, hessian: l2Hessian(program.objective.length, n, gamma) };
  }
  // Through the dual when the measure's auxiliaries are single-row columns (CVaR's u, MAD's v); the
  // dual of a QP is no longer this small LP, so a penalised program is solved as it is.
  const formulation = gamma === 0 && objective.kind === "minRisk" && (measure.kind === "cvar" || measure.kind === "mad") ? "dual" : "primal";
  const solved = solver.solve(program, { formulation });
  const solution = gamma > 0 && sense === "maximize" ? { ...solved, objective: -solved.objective } : solved;
  let riskValue = 0;
  risk.indices.forEach((j, k) => (riskValue += risk.values[k] * solution.x[j]));
  let targetSlack: number | undefined;
  if (targetRow !== undefined) {
    const activity = solution.rowActivity[targetRow];
    targetSlack = Math.max(0, objective.kind === "maxReturn" ? program.rowUpper[targetRow] - activity : activity - program.rowLower[targetRow]);
  }
  return {
    x: solution.x.slice(0, nv),
    objective: solution.objective,
    risk: riskValue,
    iterations: solution.iterations,
    solves: 1,
    formulation,
    ...(targetSlack === undefined ? {} : { targetSlack }),
  };
}
