/**
 * The errors of a solve that does not finish: the active-set iteration limit and proximal outer
 * iterations that do not settle. Both name the limit, the caller's problem size (before presolve) and
 * the stage, so that a message in a log says what was being solved.
 */
import { ConvergenceError } from "../../errors.js";
import type { ProblemShape } from "./quadratic-program.js";

/** The caller's problem and the stage running. */
export interface SolveOrigin {
  readonly shape: ProblemShape;
  readonly stage: "phase 1" | "phase 2";
}

function describe({ shape, stage }: SolveOrigin): string {
  return `in ${stage} on a problem with ${shape.n} variables, ${shape.mEq} equality rows and ${shape.mIn} inequality rows`;
}

function sizeDetails({ shape, stage }: SolveOrigin): Record<string, unknown> {
  return { stage, variables: shape.n, equalityRows: shape.mEq, inequalityRows: shape.mIn };
}

export function iterationLimitError(origin: SolveOrigin, maxIterations: number, freeVariables: number): ConvergenceError {
  return new ConvergenceError(
    `the QP solver reached its iteration limit (maxIterations = ${maxIterations}) ${describe(origin)} ` +
      `(${freeVariables} variables free at the stop); raise options.maxIterations or rescale the problem`,
    { maxIterations, iterations: maxIterations, ...sizeDetails(origin), freeVariables },
  );
}

export function proximalLimitError(origin: SolveOrigin, outerIterations: number, residual: number): ConvergenceError {
  return new ConvergenceError(
    `proximal iterations did not settle after ${outerIterations} outer steps ${describe(origin)} (residual ${residual.toExponential(2)})`,
    { residual, outerIterations, ...sizeDetails(origin) },
  );
}
