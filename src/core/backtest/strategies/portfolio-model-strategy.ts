/**
 * Any portfolio model (risk measures, risk budgeting, hierarchical, naive — see `PortfolioModel`)
 * re-solved at every rebalance date from the window: the covariance and expected returns through the
 * estimate cache (shared with the other strategies of a comparison), the window's complete rows as
 * the risk-measure models' scenarios. Mean-variance models go to `meanVarianceStrategy`, which also
 * warm-starts its QPs.
 */
import { InvalidInputError } from "../../errors.js";
import type { ExpectedReturnsSpec } from "../../moments/estimate-expected-returns.js";
import type { RiskModelSpec } from "../../moments/estimate-risk-model.js";
import { completeRows } from "../../moments/covariance/returns-table.js";
import { riskContributions } from "../../measures/risk-contributions.js";
import type { PortfolioConstraints } from "../../optimizers/constraints/portfolio-constraints.js";
import type { LinearSolver } from "../../optimizers/lp/index.js";
import {
  isMeanVarianceModel,
  isRiskMeasureModel,
  needsLinearSolver,
  optimizePortfolioModel,
  type PortfolioModel,
} from "../../optimizers/portfolio-model.js";
import type { BacktestStrategy, RebalanceContext } from "../backtest-strategy.js";
import { constraintsForAssets, pickAssets } from "./constraints-for-assets.js";
import { meanVarianceStrategy, windowCovariance, windowExpectedReturns } from "./mean-variance-strategy.js";

export interface PortfolioModelStrategySpec {
  readonly kind: "portfolioModel";
  readonly name?: string;
  readonly model: PortfolioModel;
  /** Default `{ kind: "meanHistorical" }`, estimated only for models that use μ. */
  readonly expectedReturns?: ExpectedReturnsSpec;
  /** Default `{ kind: "ledoitWolf" }` (see `meanVarianceStrategy`). */
  readonly riskModel?: RiskModelSpec;
  readonly constraints?: PortfolioConstraints;
  readonly riskFreeRate?: number;
  readonly lookback?: number;
  /** Required by the risk-measure models (`await loadLinearSolver()`). */
  readonly linearSolver?: LinearSolver;
}

/** Whether the model's weights depend on μ. */
function usesExpectedReturns(model: PortfolioModel): boolean {
  if (isRiskMeasureModel(model)) {
    const targets = model as { targetReturn?: number; maxRisk?: number };
    return model.kind === "maxSortino" || targets.targetReturn !== undefined || targets.maxRisk !== undefined;
  }
  if (model.kind === "nestedClusteredOptimization") return model.innerModel !== undefined && model.innerModel.kind !== "minVolatility";
  return false;
}

/** Budgets are given per panel column; at a date they are restricted to the eligible assets and renormalised. */
function modelForAssets(model: PortfolioModel, assets: readonly number[]): PortfolioModel {
  if (model.kind !== "riskParity" || model.budgets === undefined) return model;
  const picked = pickAssets(model.budgets, assets);
  const sum = picked.reduce((s, b) => s + b, 0);
  return { ...model, budgets: picked.map((b) => b / sum) };
}

export function portfolioModelStrategy(spec: PortfolioModelStrategySpec): BacktestStrategy {
  const { model } = spec;
  if (isMeanVarianceModel(model)) {
    return meanVarianceStrategy({
      kind: "meanVariance",
      model,
      ...(spec.name === undefined ? {} : { name: spec.name }),
      ...(spec.expectedReturns === undefined ? {} : { expectedReturns: spec.expectedReturns }),
      ...(spec.riskModel === undefined ? {} : { riskModel: spec.riskModel }),
      ...(spec.constraints === undefined ? {} : { constraints: spec.constraints }),
      ...(spec.riskFreeRate === undefined ? {} : { riskFreeRate: spec.riskFreeRate }),
      ...(spec.lookback === undefined ? {} : { lookback: spec.lookback }),
    });
  }
  if (needsLinearSolver(model) && spec.linearSolver === undefined) {
    throw new InvalidInputError(`the ${model.kind} strategy needs a linear solver: pass linearSolver: await loadLinearSolver()`, { model: model.kind });
  }
  const riskModel = spec.riskModel ?? { kind: "ledoitWolf" };
  const expectedReturns = spec.expectedReturns ?? { kind: "meanHistorical" };
  const needsMu = usesExpectedReturns(model);
  const lookback = spec.lookback ?? (model.kind === "equalWeight" ? 0 : undefined);
  return Object.freeze({
    name: spec.name ?? model.kind,
    ...(lookback === undefined ? {} : { lookback }),
    allocate(ctx: RebalanceContext) {
      const covariance = windowCovariance(ctx, riskModel).covariance;
      const scenarios = isRiskMeasureModel(model)
        ? ctx.estimates.memo(`${ctx.windowKey}|completeRows`, () => completeRows(ctx.returns))
        : undefined;
      const result = optimizePortfolioModel({
        model: modelForAssets(model, ctx.assets),
        covariance,
        ...(needsMu ? { expectedReturns: windowExpectedReturns(ctx, expectedReturns) } : {}),
        ...(scenarios === undefined ? {} : { scenarios }),
        constraints: constraintsForAssets(spec.constraints ?? {}, ctx.assets, ctx.previousWeights),
        ...(spec.riskFreeRate === undefined ? {} : { riskFreeRate: spec.riskFreeRate }),
        periodsPerYear: ctx.periodsPerYear,
        ...(spec.linearSolver === undefined ? {} : { linearSolver: spec.linearSolver }),
      });
      let contributions: Float64Array | null = null;
      try {
        contributions = riskContributions(result.weights, covariance).percentage;
      } catch {
        contributions = null; // a riskless portfolio has no risk to share out
      }
      return { weights: result.weights, riskContributions: contributions };
    },
  });
}
