/**
 * How far a point is from satisfying compiled constraints: the check a model runs on its answer and
 * the measure `explainInfeasibility` quotes for the solver's closest point.
 */
import { ShapeMismatchError } from "../../errors.js";
import type { CompiledConstraints } from "./compile-constraints.js";

export interface ConstraintViolation {
  /** The largest violation of one row or bound, each in its own units (0 when all hold). */
  readonly worst: number;
  /** The label of that row or bound (`""` when nothing is violated). */
  readonly label: string;
  /** The sum of all violations. */
  readonly total: number;
}

/**
 * Violations of `compiled`'s equalities, rows and bounds at `x` (length `nVariables`: weights, then
 * auxiliaries). Bounds are labelled `lower bound of variable j` / `upper bound of variable j`.
 *
 * @example
 * const { worst, label } = constraintViolation(compiled, solution.x);
 * // worst ≤ 1e-9 at a solver's answer
 */
export function constraintViolation(compiled: CompiledConstraints, x: ArrayLike<number>): ConstraintViolation {
  const nv = compiled.nVariables;
  if (x.length !== nv) throw new ShapeMismatchError(`x has ${x.length} values for ${nv} variables`, { length: x.length, expected: nv });
  let worst = 0;
  let label = "";
  let total = 0;
  const record = (v: number, name: string) => {
    if (!(v > 0)) return;
    total += v;
    if (v > worst) {
      worst = v;
      label = name;
    }
  };
  const dot = (data: Float64Array, row: number) => {
    let s = 0;
    for (let j = 0; j < nv; j++) s += data[row * nv + j] * x[j];
    return s;
  };
  const { equalities: eq, inequalities: ineq } = compiled;
  for (let i = 0; i < eq.A.rows; i++) record(Math.abs(dot(eq.A.data, i) - eq.b[i]), eq.labels[i]);
  for (let i = 0; i < ineq.C.rows; i++) {
    const cx = dot(ineq.C.data, i);
    record(Math.max(ineq.lower[i] - cx, cx - ineq.upper[i]), ineq.labels[i]);
  }
  for (let j = 0; j < nv; j++) {
    record(compiled.lowerBounds[j] - x[j], `lower bound of variable ${j}`);
    record(x[j] - compiled.upperBounds[j], `upper bound of variable ${j}`);
  }
  return { worst, label, total };
}
