export { equalWeightStrategy } from "./equal-weight-strategy.js";
export { fixedWeightsStrategy, type FixedWeights } from "./fixed-weights-strategy.js";
export {
  meanVarianceStrategy,
  windowCovariance,
  windowExpectedReturns,
  type MeanVarianceStrategySpec,
} from "./mean-variance-strategy.js";
export {
  strategyFromSpec,
  strategyKinds,
  type OpenStrategySpec,
  type StrategyFactory,
  type StrategySpec,
} from "./strategy-from-spec.js";
export { portfolioModelStrategy, type PortfolioModelStrategySpec } from "./portfolio-model-strategy.js";
