/**
 * Naive allocators (no expected returns, no optimiser): equal weight, inverse volatility and inverse
 * variance, and the projection every allocator without expected returns uses to honour the
 * portfolio constraints exactly.
 */
export { equalWeight } from "./equal-weight.js";
export { inverseVolatility, inverseVariance } from "./inverse-volatility.js";
export type { NaiveAllocation, NaiveModel } from "./naive-allocation.js";
export { projectToConstraints, type ProjectedWeights, type ProjectionMethod } from "./project-to-constraints.js";
export type { RelaxedLimit } from "./limit-violations.js";
