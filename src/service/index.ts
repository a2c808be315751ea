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
export { TooManyAssetsError, AssetNotFoundError, ResultNotFoundError, ApiKeyNotFoundError, JobNotFinishedError } from "./errors.js";
export {
  createPriceService,
  type DateWindow,
  type LoadedPanel,
  type PriceHistory,
  type PriceInputRow,
  type PriceService,
  type PriceServiceOptions,
} from "./prices.js";
export {
  checkUniverseSize,
  createPortfolioService,
  type PortfolioInput,
  type PortfolioService,
  type PortfolioServiceOptions,
  type PortfolioUpdate,
} from "./portfolios.js";
export {
  createResultService,
  type FrontierSpec,
  type JobResult,
  type OptimizeSpec,
  type PortfolioRuns,
  type ResultService,
  type ResultServiceOptions,
  type RunComparison,
  type SavedFrontier,
  type SavedOptimization,
  type UniverseSpec,
} from "./results.js";
export { compareRuns, type RunDifferences } from "./run-differences.js";
export { createApiKeyService, type ApiKeyService, type ApiKeyServiceOptions, type CreatedApiKey, type KeyCheck } from "./api-keys.js";
export { createJobService, JOB_KINDS, type JobService, type JobServiceOptions } from "./jobs.js";
export { frontierRunMetrics } from "./results.js";
export { createFrontierJobHandler, type FrontierJobOptions, type FrontierJobPayload } from "./run-frontier-job.js";
export { coreModel, type ModelKind } from "./model-request.js";
export { modelInputs, type ModelInputs, type ModelInputsRequest } from "./model-inputs.js";
export { blackLittermanInputs, type BlackLittermanRequest, type BlackLittermanSummary, type ViewRequest } from "./black-litterman-prior.js";
export { type FrontierRiskMeasure, type RiskMeasureReport } from "./optimize-portfolio.js";
export {
  allocatePortfolio,
  type AllocateRequest,
  type AllocationResult,
  type AllocationSettings,
  type AllocationTrade,
} from "./allocate-portfolio.js";
export {
  backtestPortfolio,
  type BacktestModelRequest,
  type BacktestReport,
  type BacktestRequest,
  type BacktestRunReport,
  type BenchmarkReport,
  type RebalanceSummary,
} from "./backtest-portfolio.js";
export { backtestModelKinds, checkModelRequestConstraints, type BacktestModel, type FixedWeightsModel } from "./backtest-strategies.js";
export { createBacktestJobHandler, backtestRunRecord, type BacktestJobOptions } from "./run-backtest-job.js";
export {
  backtestJobPayloadSchema,
  canonicalBacktestPayload,
  parseBacktestJobPayload,
  type BacktestJobBody,
  type BacktestJobPayload,
} from "./backtest-job-payload.js";
export type { AllocateSpec, SavedAllocation } from "./results.js";
export type { PriceFetchRequest, PriceFetchResult } from "./prices.js";
