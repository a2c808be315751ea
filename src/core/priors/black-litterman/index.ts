/**
 * Black-Litterman: market-implied priors, investor views with their uncertainty (proportional or by
 * Idzorek confidence), the posterior returns and covariance, and the weights they imply.
 */
export {
  marketImpliedRiskAversion,
  marketImpliedRiskAversionFromPrices,
  type MarketRiskAversionOptions,
} from "./market-implied-risk-aversion.js";
export { marketImpliedPriorReturns, marketWeights, type MarketImpliedPriorOptions } from "./market-implied-prior-returns.js";
export {
  viewMatrices,
  type AbsoluteView,
  type InvestorView,
  type PortfolioView,
  type RelativeView,
  type ViewMatrices,
} from "./investor-views.js";
export { ZERO_CONFIDENCE_VARIANCE, viewUncertainty, type ViewUncertaintySpec } from "./view-uncertainty.js";
export { blackLitterman, type BlackLittermanInputs, type BlackLittermanPosterior } from "./black-litterman.js";
export { blackLittermanWeights } from "./black-litterman-weights.js";
