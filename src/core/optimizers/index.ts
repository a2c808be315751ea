/**
 * Optimisers: the QP solver, the portfolio constraints, the holdings branch and bound, and the
 * mean-variance family built on them.
 */
export * from "./qp/index.js";
export * from "./constraints/index.js";
export * from "./cardinality/index.js";
export * from "./mean-variance/index.js";
export * from "./naive/index.js";
export * from "./risk-budgeting/index.js";
export * from "./hierarchical/index.js";
export * from "./lp/index.js";
export * from "./risk-measures/index.js";
export * from "./portfolio-model.js";
