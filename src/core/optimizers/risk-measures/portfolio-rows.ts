/**
 * The portfolio constraints as rows of a linear program. The constraint compiler's split form
 * (`compileSplitConstraints`: turnover and gross leverage through buy/sell segments with bounds) is
 * used as it is; what a linear program cannot express is refused by name.
 */
import { InvalidInputError } from "../../errors.js";
import { compileSplitConstraints, type CompiledConstraints, type PortfolioConstraints } from "../constraints/index.js";
import type { LinearProgramBuilder } from "../lp/index.js";

/** Refuses the constraints the risk-measure programs cannot hold (non-linear ones; L2 on max Sortino). */
export function checkLinearConstraints(constraints: PortfolioConstraints, model: string): void {
  const refuse = (field: string, why: string) => {
    throw new InvalidInputError(`constraints.${field} is not supported by the ${model} model: ${why}`, { name: field, model });
  };
  if (constraints.trackingError !== undefined) refuse("trackingError", "a tracking-error limit is a quadratic cone, not a linear row");
  // The homogenised max Sortino program would penalise y = κw, not w (PyPortfolioOpt's max Sharpe quirk).
  if (model === "maxSortino" && (constraints.l2Gamma ?? 0) !== 0) refuse("l2Gamma", "the ratio is solved in scaled weights, where an L2 penalty would not be γ‖w‖²");
  if (constraints.maxHoldings !== undefined) refuse("maxHoldings", "a holdings limit needs integer variables; use a mean-variance model");
  if ((constraints.minPosition ?? 0) !== 0) refuse("minPosition", "a minimum position needs integer variables; use a mean-variance model");
}

/** Compiles `constraints` for `nAssets` after refusing the non-linear ones. */
export function compileLinearConstraints(constraints: PortfolioConstraints, nAssets: number, model: string): CompiledConstraints {
  checkLinearConstraints(constraints, model);
  return compileSplitConstraints(constraints, nAssets);
}

/**
 * Adds the compiled variables (weights first, then auxiliaries) with their bounds and every compiled
 * row to `lp`, which must be empty. Variable k of `compiled` becomes LP variable k.
 */
export function addCompiledConstraints(lp: LinearProgramBuilder, compiled: CompiledConstraints): void {
  const nv = compiled.nVariables;
  for (let j = 0; j < nv; j++) lp.addVariable({ lower: compiled.lowerBounds[j], upper: compiled.upperBounds[j] });
  const all = Array.from({ length: nv }, (_, j) => j);
  const { equalities: eq, inequalities: ineq } = compiled;
  for (let i = 0; i < eq.A.rows; i++) lp.addRow(all, eq.A.data.subarray(i * nv, (i + 1) * nv), eq.b[i], eq.b[i]);
  for (let i = 0; i < ineq.C.rows; i++) lp.addRow(all, ineq.C.data.subarray(i * nv, (i + 1) * nv), ineq.lower[i], ineq.upper[i]);
}
