/**
 * Portfolio constraints: the spec as plain data, its compilation into the QP solver's rows and
 * bounds, the max-Sharpe change of variables, explanations of infeasible sets, and a parser for
 * constraints written as text (`"Tech <= 0.3"`).
 */
export type { AssetGroup, LinearConstraint, PortfolioConstraints } from "./portfolio-constraints.js";
export { compileConstraints, type AuxiliaryVariable, type CompiledConstraints } from "./compile-constraints.js";
export { compileSplitConstraints } from "./split-constraints.js";
export { constraintViolation, type ConstraintViolation } from "./constraint-violation.js";
export { explainInfeasibility } from "./explain-infeasibility.js";
export { homogenize, type HomogenizedConstraints } from "./homogenize.js";
export { parseLinearConstraint, type ConstraintUniverse } from "./parse-linear-constraint.js";
