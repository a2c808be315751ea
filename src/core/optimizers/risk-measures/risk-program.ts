/**
 * One risk-measure program: the constraints' rows, the measure's rows, and an objective — minimise the
 * risk (plus transaction costs), optionally with `μᵀw ≥ target`, or maximise `μᵀw` net of costs with
 * `risk ≤ cap` — then solved. The LP measures go to HiGHS, CVaR and MAD minimisations through the LP
 * dual (one row per asset instead of per scenario; see `lp/dual-program.ts`); the semivariance goes
 * to `minimizeSemivariance` (Newton's method over the shortfall set with our QP solver). With an L2
 * penalty the LP measures go to `solvePenalisedRiskProgram` (cutting planes over a QP master).
 */
import type { CompiledConstraints } from "../constraints/index.js";
import { LinearProgramBuilder, type LinearSolver } from "../lp/index.js";
import type { Matrix } from "../../linalg/matrix.js";
import { minimizeSemivariance, type ExtraRow } from "./minimize-semivariance.js";
import { solvePenalisedRiskProgram } from "./penalised-risk-program.js";
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
  /** The program's objective: risk plus costs (semivariance: per period), or return net of costs. */
  readonly objective: number;
  /** The measure as the program sees it (per period; semivariance, not semideviation). */
  readonly risk: number;
  readonly iterations: number;
  readonly solves: number;
  readonly formulation: "primal" | "dual" | "newton" | "cuttingPlane";
  /** Distance of the target row from its side (≥ 0), when there is a target. */
  readonly targetSlack?: number;
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
      weightPenalty: T * compiled.l2Gamma,
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

  if (compiled.l2Gamma > 0) return solvePenalisedRiskProgram({ ...spec, measure });

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
  const program = lp.build(sense);
  // Through the dual when the measure's auxiliaries are single-row columns (CVaR's u, MAD's v).
  const formulation = objective.kind === "minRisk" && (measure.kind === "cvar" || measure.kind === "mad") ? "dual" : "primal";
  const solution = solver.solve(program, { formulation });
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
