/**
 * The LP/MILP solver: HiGHS compiled to WebAssembly (npm `highs`). Loading compiles the module
 * (≈ 40 ms), so it happens once per process and every later `loadLinearSolver()` returns the same
 * solver; `solve` itself is synchronous and creates a fresh HiGHS instance per call (no state is
 * shared between solves, and each instance is disposed before `solve` returns).
 */
import highsModule, { type Highs } from "highs";
import { CoreError } from "../../errors.js";
import { dualProgram } from "./dual-program.js";
import { validateLinearProgram, type LinearProgram, type LinearProgramSolution, type LinearSolveOptions } from "./linear-program.js";
import { runHighs } from "./run-highs.js";

export interface LinearSolver {
  /**
   * Solves `program` (see `LinearProgram`). Returns the optimum, or a MILP's incumbent when it stopped at
   * `options.timeLimit`. Throws `InvalidInputError` / `ShapeMismatchError` / `NonFiniteValueError` for a
   * malformed program, `InfeasibleProblemError` (INFEASIBLE_CONSTRAINTS), `UnboundedProblemError`
   * (UNBOUNDED_PROBLEM), or `ConvergenceError` (NO_CONVERGENCE) for a limit reached without a solution.
   *
   * @example
   * const solver = await loadLinearSolver();
   * const lp = new LinearProgramBuilder();
   * const x = lp.addVariable({ cost: 1, lower: 0, upper: Infinity });
   * lp.addRow([x], [2], 1, Infinity);
   * solver.solve(lp.build()).x; // Float64Array [0.5]
   */
  solve(program: LinearProgram, options?: LinearSolveOptions): LinearProgramSolution;
  /** The HiGHS version inside, e.g. "1.11.0". */
  readonly version: string;
}

// `highs` types its ES module as CommonJS, so TypeScript sees the default import as the whole module;
// at run time (the package's "import" entry) it is the loader function itself.
const highsLoader = highsModule as unknown as typeof highsModule.default;

let loading: Promise<LinearSolver> | undefined;

/** The process-wide solver, loaded on first use. */
export function loadLinearSolver(): Promise<LinearSolver> {
  loading ??= highsLoader().then(
    (highs: Highs) => createSolver(highs),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

function createSolver(highs: Highs): LinearSolver {
  return Object.freeze({
    version: highs.version.string,
    solve(program: LinearProgram, options: LinearSolveOptions = {}): LinearProgramSolution {
      validateLinearProgram(program);
      const plain = (program.integers?.length ?? 0) === 0 && program.hessian === undefined;
      if (options.formulation !== "dual" || !plain) return runHighs(highs, program, options);
      return solveThroughDual(highs, program, options);
    },
  });
}

function solveThroughDual(highs: Highs, program: LinearProgram, options: LinearSolveOptions): LinearProgramSolution {
  const dual = dualProgram(program);
  let solution: LinearProgramSolution;
  try {
    solution = runHighs(highs, dual.program, options);
  } catch (error) {
    // An unbounded or infeasible dual: the primal solve says which primal outcome it is.
    if (error instanceof CoreError) return runHighs(highs, program, options);
    throw error;
  }
  const { x, rowDuals, rowActivity } = dual.recover(solution);
  let objective = program.offset ?? 0;
  for (let j = 0; j < x.length; j++) objective += program.objective[j] * x[j];
  return Object.freeze({ status: "optimal" as const, x, objective, rowActivity, rowDuals, iterations: solution.iterations });
}
