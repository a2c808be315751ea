/**
 * Linear (and mixed-integer, and convex quadratic) programs solved by HiGHS: the program as plain data,
 * a builder, and the process-wide solver.
 */
export { loadLinearSolver, type LinearSolver } from "./load-linear-solver.js";
export { LinearProgramBuilder } from "./linear-program-builder.js";
export {
  validateLinearProgram,
  type LinearProgram,
  type LinearProgramSolution,
  type LinearSolveOptions,
  type ProgramShape,
  type SparseHessian,
  type SparseRows,
} from "./linear-program.js";
