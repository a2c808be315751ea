/**
 * Covariance estimators: each takes a returns table (`nObservations × nAssets`, row-major
 * `Float64Array`, `NaN` = missing) and `periodsPerYear`, and returns a readonly result with the
 * annualised covariance and what the estimate has to report (observations, shrinkage, repairs).
 * Post-processors (denoising, detoning) and the covariance ⇄ correlation conversions take a matrix.
 */
export {
  sampleCovariance,
  type SampleCovariance,
  type SampleCovarianceOptions,
  type CovarianceRepair,
} from "./sample-covariance.js";
export { semicovariance, type Semicovariance, type SemicovarianceOptions } from "./semicovariance.js";
export { ewmCovariance, type EwmCovariance, type EwmCovarianceOptions } from "./ewm-covariance.js";
export { ledoitWolf, type LedoitWolf, type LedoitWolfOptions, type LedoitWolfTarget } from "./ledoit-wolf.js";
export {
  oracleApproximatingShrinkage,
  type OracleApproximatingShrinkage,
  type OracleApproximatingShrinkageOptions,
} from "./oracle-approximating-shrinkage.js";
export { denoiseCovariance, type DenoisedCovariance, type DenoiseCovarianceOptions } from "./denoise-covariance.js";
export { detoneCovariance, type DetonedCovariance, type DetoneCovarianceOptions } from "./detone-covariance.js";
export { gerberCovariance, type GerberCovariance, type GerberCovarianceOptions } from "./gerber-covariance.js";
export { covarianceToCorrelation, type CorrelationAndStdDevs } from "./covariance-to-correlation.js";
export { correlationToCovariance } from "./correlation-to-covariance.js";
export { pairwiseCorrelation } from "./pairwise-correlation.js";
export { completeRows } from "./returns-table.js";
