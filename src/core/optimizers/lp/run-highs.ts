/**
 * One solve of a `LinearProgram` by HiGHS (Huangfu & Hall 2018, "Parallelizing the dual revised
 * simplex method"; the WebAssembly build of the npm package `highs`), through its structured model API
 * rather than LP text, so that every coefficient reaches the solver bit for bit and nothing is parsed.
 * Statuses become typed errors here.
 */
import type { Highs, ModelData } from "highs";
import { ConvergenceError, InfeasibleProblemError, UnboundedProblemError } from "../../errors.js";
import type { LinearProgram, LinearProgramSolution, LinearSolveOptions } from "./linear-program.js";

// The reference LPs (SciPy's HiGHS) use 1e-10, the tightest HiGHS accepts, so objectives agree to ~1e-12.
const FEASIBILITY_TOLERANCE = 1e-10;

function clampInfinite(v: ArrayLike<number>, infinity: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] === Infinity ? infinity : v[i] === -Infinity ? -infinity : v[i];
  return out;
}

function modelData(highs: Highs, p: LinearProgram): ModelData {
  const nCols = p.objective.length;
  const nRows = p.rowLower.length;
  const integers = p.integers ?? [];
  let integrality: Int32Array | undefined;
  if (integers.length > 0) {
    integrality = new Int32Array(nCols);
    for (let k = 0; k < integers.length; k++) integrality[integers[k]] = highs.constants.variableType.integer;
  }
  return {
    numCols: nCols,
    numRows: nRows,
    sense: p.sense === "maximize" ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    offset: p.offset ?? 0,
    colCost: Float64Array.from(p.objective),
    colLower: clampInfinite(p.lower, highs.infinity),
    colUpper: clampInfinite(p.upper, highs.infinity),
    rowLower: clampInfinite(p.rowLower, highs.infinity),
    rowUpper: clampInfinite(p.rowUpper, highs.infinity),
    matrix: { format: "csr", numRows: nRows, numCols: nCols, starts: p.rows.starts, indices: p.rows.indices, values: p.rows.values },
    ...(integrality === undefined ? {} : { integrality }),
    ...(p.hessian === undefined ? {} : { hessian: { format: "triangular", dimension: nCols, ...p.hessian } }),
  };
}

function count(x: number | bigint): number {
  return typeof x === "bigint" ? Number(x) : x;
}

/** Solves `p` as given (no dualisation); throws on every outcome but an optimum or a MILP incumbent at a limit. */
export function runHighs(highs: Highs, p: LinearProgram, options: LinearSolveOptions = {}): LinearProgramSolution {
  const isMip = (p.integers?.length ?? 0) > 0;
  const model = highs.createModel(modelData(highs, p));
  try {
    model.options.set({
      output_flag: false,
      primal_feasibility_tolerance: FEASIBILITY_TOLERANCE,
      dual_feasibility_tolerance: FEASIBILITY_TOLERANCE,
      presolve: (options.presolve ?? isMip) ? "on" : "off",
      ...(options.timeLimit === undefined ? {} : { time_limit: options.timeLimit }),
      // HiGHS's QP solver adds ρ·‖x‖² to keep its reduced Hessian definite (default ρ = 1e-7, which moves
      // the answer by ~ρ/curvature); 1e-12 keeps it stable and the answer within rounding of the true one.
      ...(p.hessian === undefined ? {} : { qp_regularization_value: 1e-12 }),
      ...(isMip ? { mip_rel_gap: options.mipRelativeGap ?? 1e-9, mip_feasibility_tolerance: 1e-9 } : {}),
    });
    let run: { modelStatus: number };
    try {
      run = model.run();
    } catch (error) {
      // HiGHS throws (status −1, "run failed") on some programs its QP solver cannot handle; to callers
      // that is a solve that did not converge, not a bug of theirs.
      throw new ConvergenceError(`HiGHS failed to solve the program: ${(error as Error).message ?? String(error)}`, { solver: "highs" });
    }
    const { modelStatus } = run;
    const s = highs.constants.modelStatus;
    const solution = () => model.getSolution();
    const iterations = () =>
      count(model.info.get("simplex_iteration_count")) + count(model.info.get("ipm_iteration_count")) + count(model.info.get("qp_iteration_count"));
    const hasIncumbent = () => count(model.info.get("primal_solution_status")) === highs.constants.solutionStatus.feasible;

    if (modelStatus === s.optimal || (isMip && (modelStatus === s.timeLimit || modelStatus === s.iterationLimit || modelStatus === s.interrupted) && hasIncumbent())) {
      const sol = solution();
      const mip = isMip ? { nodes: count(model.info.get("mip_node_count")), mipGap: Number(model.info.get("mip_gap")) } : {};
      return Object.freeze({
        status: modelStatus === s.optimal ? ("optimal" as const) : ("timeLimit" as const),
        x: sol.colValue,
        objective: model.getObjectiveValue(),
        rowActivity: sol.rowValue,
        // HiGHS's row duals already are d objective / d row side, in the program's own sense.
        ...(isMip ? {} : { rowDuals: sol.rowDual }),
        iterations: iterations(),
        ...mip,
      });
    }
    if (modelStatus === s.infeasible) throw new InfeasibleProblemError("the linear program has no feasible point", { solver: "highs" });
    if (modelStatus === s.unbounded) throw new UnboundedProblemError("the linear program's objective is unbounded", { solver: "highs" });
    if (modelStatus === s.unboundedOrInfeasible) {
      // Presolve stops at "one or the other"; a solve without it tells which.
      if (options.presolve !== false) return runHighs(highs, p, { ...options, presolve: false });
      throw new InfeasibleProblemError("the linear program is infeasible or unbounded", { solver: "highs" });
    }
    throw new ConvergenceError(`HiGHS stopped without an optimum (model status ${modelStatus})`, { solver: "highs", modelStatus });
  } finally {
    model.dispose();
  }
}
