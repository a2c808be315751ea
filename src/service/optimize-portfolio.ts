/**
 * Use cases: optimal weights for a universe under a model and constraints, and the efficient frontier.
 * Prices → moments (estimate-moments) → core optimizer → weights keyed by ticker, cleaned of dust.
 */
import {
  cleanWeights,
  efficientFrontier,
  optimizeWithFallback,
  type MeanVarianceModel,
} from "../core/optimizers/index.js";
import { riskContributions } from "../core/measures/index.js";
import { estimateMoments, type EstimateMomentsRequest, type MomentsEstimate } from "./estimate-moments.js";
import { resolveConstraints, tickerVector, type ConstraintsRequest } from "./resolve-constraints.js";

/** A model as a request names it: like the core's, but a benchmark is keyed by ticker. */
export type ModelRequest =
  | Exclude<MeanVarianceModel, { kind: "minTrackingError" }>
  | { readonly kind: "minTrackingError"; readonly benchmark: Readonly<Record<string, number>> };

export interface OptimizeRequest extends EstimateMomentsRequest {
  readonly model: ModelRequest;
  /** Models to try, in order, when `model` fails (e.g. max Sharpe → min volatility). */
  readonly fallback?: readonly ModelRequest[];
  readonly constraints?: ConstraintsRequest;
  /** Annual risk-free rate for Sharpe ratios and max Sharpe (default 0.02). */
  readonly riskFreeRate?: number;
}

export interface EstimateSummary {
  readonly start: string;
  readonly end: string;
  readonly observations: number;
  readonly periodsPerYear: number;
  readonly shrinkage: number | null;
  readonly repaired: string | null;
}

export interface OptimizationResult {
  /** The model that produced the weights (after any fallback). */
  readonly model: MeanVarianceModel["kind"];
  readonly tickers: readonly string[];
  readonly weights: Readonly<Record<string, number>>;
  readonly performance: { readonly expectedReturn: number; readonly volatility: number; readonly sharpe: number | null };
  /** Each asset's share of the portfolio variance; null for a riskless portfolio. */
  readonly riskContributions: Readonly<Record<string, number>> | null;
  readonly solver: Readonly<Record<string, unknown>>;
  readonly fallbackFrom: readonly { readonly model: string; readonly code: string; readonly message: string }[];
  readonly estimate: EstimateSummary;
}

function summary(m: MomentsEstimate): EstimateSummary {
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

function coreModel(model: ModelRequest, tickers: readonly string[], known: readonly string[]): MeanVarianceModel {
  if (model.kind !== "minTrackingError") return model;
  return { kind: "minTrackingError", benchmark: tickerVector(model.benchmark, tickers, known, "the benchmark") };
}

export function optimizePortfolio(request: OptimizeRequest): OptimizationResult {
  const moments = estimateMoments(request);
  const { tickers } = moments;
  const known = request.prices.tickers;
  const constraints = resolveConstraints(request.constraints ?? {}, tickers, known);
  const models = [request.model, ...(request.fallback ?? [])].map((m) => coreModel(m, tickers, known));
  const optimum = optimizeWithFallback(
    {
      expectedReturns: moments.expectedReturns,
      covariance: moments.covariance,
      constraints,
      riskFreeRate: request.riskFreeRate ?? 0.02,
      model: models[0],
    },
    models,
  );
  const weights = cleanWeights(optimum.weights, { budget: constraints.budget ?? 1 });
  let contributions: Record<string, number> | null = null;
  try {
    contributions = byTicker(tickers, riskContributions(weights, moments.covariance).percentage);
  } catch {
    contributions = null; // a riskless portfolio has no risk to share out
  }
  return {
    model: optimum.model.kind,
    tickers,
    weights: byTicker(tickers, weights),
    performance: optimum.performance,
    riskContributions: contributions,
    solver: optimum.solver as unknown as Record<string, unknown>,
    fallbackFrom: optimum.fallbackFrom ?? [],
    estimate: summary(moments),
  };
}

export interface FrontierRequest extends EstimateMomentsRequest {
  readonly points?: number;
  readonly constraints?: ConstraintsRequest;
  readonly riskFreeRate?: number;
}

export interface FrontierResult {
  readonly tickers: readonly string[];
  readonly points: readonly {
    readonly expectedReturn: number;
    readonly volatility: number;
    readonly sharpe: number | null;
    readonly weights: Readonly<Record<string, number>>;
  }[];
  readonly estimate: EstimateSummary;
}

export function frontierOfPortfolio(request: FrontierRequest): FrontierResult {
  const moments = estimateMoments(request);
  const { tickers } = moments;
  const constraints = resolveConstraints(request.constraints ?? {}, tickers, request.prices.tickers);
  const points = efficientFrontier({
    expectedReturns: moments.expectedReturns,
    covariance: moments.covariance,
    constraints,
    riskFreeRate: request.riskFreeRate ?? 0.02,
    points: request.points ?? 20,
  });
  return {
    tickers,
    points: points.map((p) => ({
      expectedReturn: p.expectedReturn,
      volatility: p.volatility,
      sharpe: p.sharpe,
      weights: byTicker(tickers, cleanWeights(p.weights, { budget: constraints.budget ?? 1 })),
    })),
    estimate: summary(moments),
  };
}
