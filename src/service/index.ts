export { estimateMoments, type EstimateMomentsRequest, type MomentsEstimate } from "./estimate-moments.js";
export { ServiceError, UnknownAssetError, EmptySelectionError, InvalidRequestError } from "./errors.js";
export {
  optimizePortfolio,
  frontierOfPortfolio,
  type OptimizeRequest,
  type OptimizationResult,
  type FrontierRequest,
  type FrontierResult,
  type ModelRequest,
  type EstimateSummary,
} from "./optimize-portfolio.js";
export { resolveConstraints, type ConstraintsRequest, type GroupLimit } from "./resolve-constraints.js";
