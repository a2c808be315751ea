/**
 * The numeric core: pure functions over Float64Array, no I/O. Matrices are row-major with explicit
 * sizes; a returns table is `nObservations × nAssets` with NaN for missing values.
 */
export * from "./errors.js";
export * from "./linalg/index.js";
export * from "./returns/index.js";
export * from "./moments/index.js";
export * from "./measures/index.js";
export { crossProduct } from "./kernels/index.js";
export * from "./optimizers/index.js";
export * from "./backtest/index.js";
export * from "./priors/index.js";
export * from "./allocation/index.js";
