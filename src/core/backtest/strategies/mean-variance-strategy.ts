/**
 * A mean-variance model re-estimated and re-solved at every rebalance date: expected returns and a
 * covariance from the window (through the estimate cache, so strategies that share a window and an
 * estimator compute it once per date), the model solved over the eligible assets, and the previous
 * solution passed back as a warm start while the universe is unchanged.
 */
import { estimateExpectedReturns, type ExpectedReturnsSpec } from "../../moments/estimate-expected-returns.js";
import { estimateRiskModel, type RiskModelEstimate, type RiskModelSpec } from "../../moments/estimate-risk-model.js";
import type { PortfolioConstraints } from "../../optimizers/constraints/portfolio-constraints.js";
import type { MeanVarianceModel, MeanVarianceWarmStart } from "../../optimizers/mean-variance/mean-variance-model.js";
import { optimizeMeanVariance } from "../../optimizers/mean-variance/optimize-mean-variance.js";
import type { BacktestStrategy, RebalanceContext } from "../backtest-strategy.js";
import { rollingLedoitWolf, type RollingLedoitWolfState } from "../rolling-ledoit-wolf.js";
import { rollingMeanReturn, type RollingMeanReturnState } from "../rolling-mean-return.js";
import { constraintsForAssets, pickAssets } from "./constraints-for-assets.js";
import { sameAssets } from "../same-assets.js";

export interface MeanVarianceStrategySpec {
  readonly kind: "meanVariance";
  /** Default: the model's kind. */
  readonly name?: string;
  readonly model: MeanVarianceModel;
  /** Default `{ kind: "meanHistorical" }`; not estimated at all for models that do not use μ. */
  readonly expectedReturns?: ExpectedReturnsSpec;
  /**
   * Default `{ kind: "ledoitWolf" }`: a rolling window of 252 rows over hundreds of assets makes the
   * sample covariance singular or nearly so, and shrinkage keeps every rebalance well posed.
   */
  readonly riskModel?: RiskModelSpec;
  /** Against panel columns; restricted to the eligible assets at each date. */
  readonly constraints?: PortfolioConstraints;
  /** Annual; default 0.02 (the optimiser's default). */
  readonly riskFreeRate?: number;
  /** Return rows of history; default the backtest's `lookback`. */
  readonly lookback?: number;
}

/** Models whose weights do not depend on μ (it only feeds the reported performance). */
function usesExpectedReturns(model: MeanVarianceModel): boolean {
  return model.kind !== "minVolatility" && model.kind !== "minTrackingError";
}

/** The spec is scikit-learn's Ledoit-Wolf, which the rolling estimator reproduces. */
function isConstantVarianceLedoitWolf(spec: RiskModelSpec): boolean {
  return spec.kind === "ledoitWolf" && (spec.target === undefined || spec.target === "constantVariance");
}

/**
 * The covariance of the window under `spec`, computed once per date and window across strategies.
 * Ledoit-Wolf with the constant-variance target on a complete window is updated from the previous
 * date's cross-product sums (rolling-ledoit-wolf.ts: same estimate, within 1e-12).
 */
export function windowCovariance(ctx: RebalanceContext, spec: RiskModelSpec): RiskModelEstimate {
  return ctx.estimates.memo(`${ctx.windowKey}|risk|${JSON.stringify(spec)}`, () => {
    if (isConstantVarianceLedoitWolf(spec)) {
      const slot = ctx.estimates.keep(`${ctx.windowId}|rollingLedoitWolf`, () => ({ state: null as RollingLedoitWolfState | null }));
      const rolled = rollingLedoitWolf(slot.state, ctx.returns, ctx.windowFirstRow, ctx.assets, ctx.periodsPerYear);
      if (rolled !== null) {
        slot.state = rolled.state;
        const { covariance, shrinkage, observations } = rolled.estimate;
        return { covariance, shrinkage, observations, repaired: null };
      }
    }
    return estimateRiskModel(ctx.returns, spec, { periodsPerYear: ctx.periodsPerYear });
  });
}

/**
 * The expected returns of the window under `spec`, shared like `windowCovariance`. The historical
 * mean on a complete window is updated from the previous date's sums (rolling-mean-return.ts: same
 * estimate, within 1e-12).
 */
export function windowExpectedReturns(ctx: RebalanceContext, spec: ExpectedReturnsSpec): Float64Array {
  return ctx.estimates.memo(`${ctx.windowKey}|mu|${JSON.stringify(spec)}`, () => {
    if (spec.kind === "meanHistorical") {
      const compounding = spec.compounding ?? true;
      const slot = ctx.estimates.keep(`${ctx.windowId}|rollingMean|${compounding}`, () => ({ state: null as RollingMeanReturnState | null }));
      const rolled = rollingMeanReturn(slot.state, ctx.returns, ctx.windowFirstRow, ctx.assets, ctx.periodsPerYear, compounding);
      if (rolled !== null) {
        slot.state = rolled.state;
        return rolled.expectedReturns;
      }
    }
    return estimateExpectedReturns(ctx.returns, spec, { periodsPerYear: ctx.periodsPerYear, tickers: ctx.tickers }).expectedReturns;
  });
}

/**
 * A strategy that solves `spec.model` at each rebalance date (see `MeanVarianceStrategySpec`).
 * It keeps the last solution for a warm start, so give each run its own instance.
 *
 * @example meanVarianceStrategy({ kind: "meanVariance", model: { kind: "minVolatility" }, lookback: 252 })
 */
export function meanVarianceStrategy(spec: MeanVarianceStrategySpec): BacktestStrategy {
  const riskModel = spec.riskModel ?? { kind: "ledoitWolf" };
  const expectedReturns = spec.expectedReturns ?? { kind: "meanHistorical" };
  const needsMu = spec.expectedReturns !== undefined || usesExpectedReturns(spec.model);
  let previous: { readonly assets: readonly number[]; readonly warmStart: MeanVarianceWarmStart } | null = null;

  const modelFor = (assets: readonly number[]): MeanVarianceModel =>
    spec.model.kind === "minTrackingError" ? { ...spec.model, benchmark: pickAssets(spec.model.benchmark, assets) } : spec.model;

  return Object.freeze({
    name: spec.name ?? spec.model.kind,
    ...(spec.lookback === undefined ? {} : { lookback: spec.lookback }),
    allocate(ctx: RebalanceContext) {
      const covariance = windowCovariance(ctx, riskModel).covariance;
      const mu = needsMu ? windowExpectedReturns(ctx, expectedReturns) : new Float64Array(ctx.assets.length);
      const warmStart = previous !== null && sameAssets(previous.assets, ctx.assets) ? previous.warmStart : undefined;
      const optimum = optimizeMeanVariance({
        expectedReturns: mu,
        covariance,
        model: modelFor(ctx.assets),
        constraints: constraintsForAssets(spec.constraints ?? {}, ctx.assets, ctx.previousWeights),
        ...(spec.riskFreeRate === undefined ? {} : { riskFreeRate: spec.riskFreeRate }),
        ...(warmStart === undefined ? {} : { warmStart }),
      });
      previous = { assets: ctx.assets, warmStart: optimum.warmStart };
      return { weights: optimum.weights, riskContributions: optimum.riskContributions };
    },
  });
}
