/**
 * Use cases: optimal weights for a universe under any portfolio model and constraints, and the
 * efficient frontier (variance or a historical risk measure). Prices → inputs (model-inputs: moments,
 * optional Black-Litterman posterior, scenarios) → core optimizer → weights keyed by ticker, cleaned
 * of dust.
 */
import {
  cleanWeights,
  efficientFrontier,
  isMeanVarianceModel,
  loadLinearSolver,
  needsLinearSolver,
  optimizePortfolioModel,
  optimizeWithFallback,
  riskMeasureFrontier,
  type MeanVarianceModel,
  type PortfolioModel,
  type PortfolioModelResult,
} from "../core/optimizers/index.js";
import { CoreError } from "../core/errors.js";
import { portfolioPerformance, riskContributions } from "../core/measures/index.js";
import type { SymmetricMatrix } from "../core/linalg/matrix.js";
import type { MomentsEstimate } from "./estimate-moments.js";
import { InvalidRequestError } from "./errors.js";
import { modelInputs, type ModelInputs, type ModelInputsRequest } from "./model-inputs.js";
import { coreModel, type ModelKind, type ModelRequest } from "./model-request.js";
import { resolveConstraints, type ConstraintsRequest } from "./resolve-constraints.js";
import type { BlackLittermanSummary } from "./black-litterman-prior.js";

export type { ModelRequest } from "./model-request.js";

export interface OptimizeRequest extends ModelInputsRequest {
  readonly model: ModelRequest;
  /** Models to try, in order, when `model` fails (e.g. max Sharpe → min volatility). */
  readonly fallback?: readonly ModelRequest[];
  readonly constraints?: ConstraintsRequest;
}

export interface EstimateSummary {
  readonly start: string;
  readonly end: string;
  readonly observations: number;
  readonly periodsPerYear: number;
  readonly shrinkage: number | null;
  readonly repaired: string | null;
}

export interface RiskMeasureReport {
  /** `cvar`, `cdar`, `meanAbsoluteDeviation` or `semideviation` (see the core's `RiskMeasureName`). */
  readonly name: string;
  readonly value: number;
  /** CVaR: the loss quantile (VaR); CDaR: the drawdown quantile. */
  readonly quantile?: number;
}

export interface OptimizationResult {
  /** The model that produced the weights (after any fallback). */
  readonly model: ModelKind;
  readonly tickers: readonly string[];
  readonly weights: Readonly<Record<string, number>>;
  /** μᵀw, √(wᵀΣw) and the Sharpe ratio, for every model (μ and Σ of the request, or their posterior). */
  readonly performance: { readonly expectedReturn: number; readonly volatility: number; readonly sharpe: number | null };
  /** Each asset's share of the portfolio variance; null for a riskless portfolio. */
  readonly riskContributions: Readonly<Record<string, number>> | null;
  /** The risk-measure models' own risk (per period, or the annual semideviation); null for the others. */
  readonly riskMeasure: RiskMeasureReport | null;
  /** The optimizer's report: the solver's (status, iterations, objective…) or the allocator's details. */
  readonly solver: Readonly<Record<string, unknown>>;
  readonly fallbackFrom: readonly { readonly model: string; readonly code: string; readonly message: string }[];
  readonly estimate: EstimateSummary;
  readonly blackLitterman: BlackLittermanSummary | null;
}

export function summary(m: MomentsEstimate): EstimateSummary {
  return {
    start: m.start,
    end: m.end,
    observations: m.observations,
    periodsPerYear: m.periodsPerYear,
    shrinkage: m.shrinkage,
    repaired: m.repaired,
  };
}

function byTicker(tickers: readonly string[], values: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(tickers.map((t, i) => [t, values[i]]));
}

function contributionsOf(tickers: readonly string[], weights: Float64Array, covariance: SymmetricMatrix): Record<string, number> | null {
  try {
    return byTicker(tickers, riskContributions(weights, covariance).percentage);
  } catch {
    return null; // a riskless portfolio has no risk to share out
  }
}

/** The allocators report assets by index ("upper bound of asset 3", a leaf order): name them. */
function namedDetails(result: PortfolioModelResult, tickers: readonly string[]): Record<string, unknown> {
  const { solver, ...rest } = result.details as Record<string, unknown> & { solver?: Record<string, unknown> };
  const details: Record<string, unknown> = { ...(solver ?? {}), ...rest };
  if (Array.isArray(details.leafOrder)) details.leafOrder = (details.leafOrder as number[]).map((i) => tickers[i]);
  if (result.relaxed !== undefined) {
    details.relaxed = result.relaxed.map((r) => ({ limit: r.limit.replace(/asset (\d+)/g, (_, i: string) => tickers[Number(i)] ?? `asset ${i}`), by: r.by }));
  }
  return details;
}

interface Optimum {
  readonly model: PortfolioModel;
  readonly weights: Float64Array;
  readonly performance: OptimizationResult["performance"];
  readonly riskMeasure: RiskMeasureReport | null;
  readonly solver: Record<string, unknown>;
  readonly fallbackFrom: OptimizationResult["fallbackFrom"];
}

/** Tries each model in order (any family), recording why each failed, as `optimizeWithFallback` does. */
async function optimizeModels(models: readonly PortfolioModel[], inputs: ModelInputs, request: OptimizeRequest): Promise<Optimum> {
  const constraints = resolveConstraints(request.constraints ?? {}, inputs.tickers, request.prices.tickers);
  const riskFreeRate = inputs.riskFreeRate;
  if (models.every(isMeanVarianceModel)) {
    const mv = models as MeanVarianceModel[];
    const optimum = optimizeWithFallback(
      { expectedReturns: inputs.expectedReturns, covariance: inputs.covariance, constraints, riskFreeRate, model: mv[0] },
      mv,
    );
    return { ...optimum, riskMeasure: null, solver: optimum.solver as unknown as Record<string, unknown>, fallbackFrom: optimum.fallbackFrom ?? [] };
  }
  const linearSolver = models.some(needsLinearSolver) ? await loadLinearSolver() : undefined;
  const failed: { model: string; code: string; message: string }[] = [];
  let lastError: unknown;
  for (const model of models) {
    try {
      const result = optimizePortfolioModel({
        model,
        expectedReturns: inputs.expectedReturns,
        covariance: inputs.covariance,
        correlation: model.kind.startsWith("hierarchical") || model.kind === "nestedClusteredOptimization" ? inputs.correlation() : undefined,
        scenarios: needsLinearSolver(model) ? inputs.scenarios() : undefined,
        constraints,
        riskFreeRate,
        periodsPerYear: inputs.moments.periodsPerYear,
        linearSolver,
      });
      return {
        model,
        weights: result.weights,
        performance: portfolioPerformance(result.weights, inputs.expectedReturns, inputs.covariance, { riskFreeRate }),
        riskMeasure: result.riskMeasure === undefined ? null : { ...result.riskMeasure },
        solver: namedDetails(result, inputs.tickers),
        fallbackFrom: failed,
      };
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      failed.push({ model: model.kind, code: error.code, message: error.message });
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Optimal weights for `request.model` (any `ModelRequest`), trying `request.fallback` in order when it
 * fails. Async: the risk-measure models load the LP solver (HiGHS) on first use.
 */
export async function optimizePortfolio(request: OptimizeRequest): Promise<OptimizationResult> {
  const inputs = modelInputs(request);
  const { tickers } = inputs;
  const known = request.prices.tickers;
  // Every model is checked before any is tried: a bad request is an error, not a fallback.
  const models = [request.model, ...(request.fallback ?? [])].map((m) => coreModel(m, tickers, known));
  const optimum = await optimizeModels(models, inputs, request);
  const weights = cleanWeights(optimum.weights, { budget: request.constraints?.budget ?? 1 });
  return {
    model: optimum.model.kind,
    tickers,
    weights: byTicker(tickers, weights),
    performance: optimum.performance,
    riskContributions: contributionsOf(tickers, weights, inputs.covariance),
    riskMeasure: optimum.riskMeasure,
    solver: optimum.solver,
    fallbackFrom: optimum.fallbackFrom,
    estimate: summary(inputs.moments),
    blackLitterman: inputs.blackLitterman,
  };
}

/** The risk a frontier is traced in: variance (the classic frontier) or a historical risk measure. */
export type FrontierRiskMeasure = "variance" | "cvar" | "cdar" | "mad" | "semivariance";

export interface FrontierRequest extends ModelInputsRequest {
  readonly points?: number;
  readonly constraints?: ConstraintsRequest;
  /** Default "variance". */
  readonly riskMeasure?: FrontierRiskMeasure;
  /** CVaR / CDaR confidence β ∈ (0, 1), default 0.95. */
  readonly confidence?: number;
}

export interface FrontierResult {
  readonly tickers: readonly string[];
  /** What each point's `risk` is: `volatility` (annual), `cvar`, `cdar`, `meanAbsoluteDeviation` (per period) or `semideviation` (annual). */
  readonly riskMeasure: "volatility" | "cvar" | "cdar" | "meanAbsoluteDeviation" | "semideviation";
  readonly points: readonly {
    readonly expectedReturn: number;
    readonly volatility: number;
    readonly sharpe: number | null;
    readonly risk: number;
    readonly weights: Readonly<Record<string, number>>;
  }[];
  readonly estimate: EstimateSummary;
}

const FRONTIER_MODELS = {
  cvar: { kind: "minCvar", riskMeasure: "cvar" },
  cdar: { kind: "minCdar", riskMeasure: "cdar" },
  mad: { kind: "minMad", riskMeasure: "meanAbsoluteDeviation" },
  semivariance: { kind: "minSemivariance", riskMeasure: "semideviation" },
} as const;

export async function frontierOfPortfolio(request: FrontierRequest): Promise<FrontierResult> {
  const measure = request.riskMeasure ?? "variance";
  if (measure !== "variance" && !(measure in FRONTIER_MODELS)) {
    throw new InvalidRequestError(`unknown risk measure '${String(measure)}'; expected variance, cvar, cdar, mad or semivariance`, { riskMeasure: measure });
  }
  if (request.confidence !== undefined && measure !== "cvar" && measure !== "cdar") {
    throw new InvalidRequestError(`a confidence applies to the cvar and cdar frontiers, not to ${measure}`, { riskMeasure: measure });
  }
  const inputs = modelInputs(request);
  const { tickers, expectedReturns, covariance, riskFreeRate } = inputs;
  const constraints = resolveConstraints(request.constraints ?? {}, tickers, request.prices.tickers);
  const budget = constraints.budget ?? 1;
  const cleaned = (weights: Float64Array) => byTicker(tickers, cleanWeights(weights, { budget }));
  if (measure === "variance") {
    const points = efficientFrontier({ expectedReturns, covariance, constraints, riskFreeRate, points: request.points ?? 20 });
    return {
      tickers,
      riskMeasure: "volatility",
      points: points.map((p) => ({ expectedReturn: p.expectedReturn, volatility: p.volatility, sharpe: p.sharpe, risk: p.volatility, weights: cleaned(p.weights) })),
      estimate: summary(inputs.moments),
    };
  }
  const spec = FRONTIER_MODELS[measure];
  const model = spec.kind === "minCvar" || spec.kind === "minCdar" ? { kind: spec.kind, confidence: request.confidence } : { kind: spec.kind };
  const points = await riskMeasureFrontier(
    { scenarios: inputs.scenarios(), expectedReturns, model, constraints, riskFreeRate, periodsPerYear: inputs.moments.periodsPerYear },
    request.points ?? 20,
  );
  return {
    tickers,
    riskMeasure: spec.riskMeasure,
    points: points.map((p) => {
      const { volatility, sharpe } = portfolioPerformance(p.weights, expectedReturns, covariance, { riskFreeRate });
      return { expectedReturn: p.expectedReturn, volatility, sharpe, risk: p.risk, weights: cleaned(p.weights) };
    }),
    estimate: summary(inputs.moments),
  };
}
