/**
 * Runs the QP solver for a model and keeps count: a model may solve several QPs (a root search, a
 * frontier), and its result reports the total iterations and the last solve's KKT residuals. An
 * infeasible constraint set is re-thrown with the constraint compiler's plain-language explanation.
 */
import { InfeasibleProblemError } from "../../errors.js";
import { solveQuadraticProgram, type QpSolution, type QuadraticProgram, type WarmStart } from "../qp/index.js";
import { explainInfeasibility, type CompiledConstraints } from "../constraints/index.js";
import { eliminateDefinitions } from "./eliminate-definitions.js";

export class SolveLog {
  iterations = 0;
  solves = 0;
  last: QpSolution | undefined;

  /** Solves `program`; when the solver finds no feasible point, throws the explained error. */
  solve(program: QuadraticProgram, compiled: CompiledConstraints, warm?: WarmStart): QpSolution {
    try {
      return this.solveRaw(program, warm);
    } catch (error) {
      if (error instanceof InfeasibleProblemError) throw explained(error, compiled);
      throw error;
    }
  }

  /** Solves `program` and lets the solver's errors through unchanged (the caller diagnoses them). */
  solveRaw(program: QuadraticProgram, warm?: WarmStart): QpSolution {
    // A warm start from another problem shape (another model's variables) is ignored, not an error.
    const usable = warm !== undefined && warm.x !== undefined && warm.x.length === program.P.size;
    // Weights defined by split trades (`compileSplitConstraints`) are substituted out: rows cost the
    // active-set solver far more than the bounds the trades carry.
    const substitution = eliminateDefinitions(program);
    let solution: QpSolution;
    if (substitution === null) solution = solveQuadraticProgram(program, usable ? { warmStart: warm } : {});
    else {
      const reducedWarm = usable ? substitution.warmStart(warm) : undefined;
      solution = substitution.solution(solveQuadraticProgram(substitution.program, reducedWarm === undefined ? {} : { warmStart: reducedWarm }));
    }
    this.iterations += solution.iterations;
    this.solves += 1;
    this.last = solution;
    return solution;
  }
}

/** The infeasibility in the constraint compiler's words (it knows the rows' labels). */
export function explained(error: InfeasibleProblemError, compiled: CompiledConstraints): Error {
  const explanation: unknown = explainInfeasibility(error, compiled);
  if (explanation instanceof Error) return explanation;
  if (typeof explanation === "string") return new InfeasibleProblemError(explanation, { ...error.details });
  return error;
}
