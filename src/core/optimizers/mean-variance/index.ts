/**
 * Mean-variance optimisation (Markowitz 1952): the model specs, one entry point per use, the efficient
 * frontier, and weight cleaning for display.
 */
export { optimizeMeanVariance, optimizeWithFallback } from "./optimize-mean-variance.js";
export { efficientFrontier, type EfficientFrontierInput } from "./efficient-frontier.js";
export { cleanWeights, type CleanWeightsOptions } from "./clean-weights.js";
export type {
  FallbackRecord,
  FrontierPoint,
  MeanVarianceInput,
  MeanVarianceModel,
  MeanVarianceWarmStart,
  PortfolioOptimum,
  SolverReport,
  TargetReport,
} from "./mean-variance-model.js";
