/**
 * Every portfolio model behind one plain-data spec and one entry point, so the optimize service, the
 * backtest strategies and a library user reach mean-variance, risk-measure, risk-budgeting and
 * hierarchical models the same way. Each family keeps its own richer entry point; this file only
 * routes a spec to it with the inputs that family needs and reports the weights uniformly.
 */
import { InvalidInputError } from "../errors.js";
import type { Matrix, SymmetricMatrix } from "../linalg/matrix.js";
import type { PortfolioConstraints } from "./constraints/portfolio-constraints.js";
import {
  hierarchicalEqualRiskContribution,
  hierarchicalRiskParity,
  nestedClusteredOptimization,
  type LinkageMethod,
  type NestedModel,
} from "./hierarchical/index.js";
import type { LinearSolver } from "./lp/index.js";
import type { MeanVarianceModel, MeanVarianceWarmStart } from "./mean-variance/mean-variance-model.js";
import { optimizeMeanVariance } from "./mean-variance/optimize-mean-variance.js";
import { equalWeight, inverseVariance, inverseVolatility, type RelaxedLimit } from "./naive/index.js";
import { checkAllocatorConstraints } from "./naive/project-to-constraints.js";
import { maximumDiversification, riskBudgeting } from "./risk-budgeting/index.js";
import { optimizeRiskMeasureWith, type RiskMeasureModel, type RiskMeasureName } from "./risk-measures/index.js";
import { checkLinearConstraints } from "./risk-measures/portfolio-rows.js";

/** Allocators that need no expected returns (risk-based and hierarchical). */
export type AllocatorModel =
  | { readonly kind: "equalWeight" }
  | { readonly kind: "inverseVolatility" }
  | { readonly kind: "inverseVariance" }
  /** Risk budgeting; equal risk contribution when `budgets` is absent (one per asset, summing to 1). */
  | { readonly kind: "riskParity"; readonly budgets?: ArrayLike<number> }
  | { readonly kind: "maxDiversification" }
  | { readonly kind: "hierarchicalRiskParity"; readonly linkage?: LinkageMethod }
  | { readonly kind: "hierarchicalEqualRiskContribution"; readonly linkage?: LinkageMethod; readonly clusters?: number }
  | {
      readonly kind: "nestedClusteredOptimization";
      readonly linkage?: LinkageMethod;
      readonly clusters?: number;
      /** The model solved inside each cluster and across clusters (default min volatility). */
      readonly innerModel?: NestedModel;
    };

export type PortfolioModel = MeanVarianceModel | RiskMeasureModel | AllocatorModel;

export const riskMeasureKinds = ["minCvar", "minCdar", "minMad", "minSemivariance", "maxSortino"] as const;
export const allocatorKinds = [
  "equalWeight",
  "inverseVolatility",
  "inverseVariance",
  "riskParity",
  "maxDiversification",
  "hierarchicalRiskParity",
  "hierarchicalEqualRiskContribution",
  "nestedClusteredOptimization",
] as const;
export const meanVarianceKinds = ["minVolatility", "maxSharpe", "maxQuadraticUtility", "efficientRisk", "efficientReturn", "minTrackingError"] as const;

export interface PortfolioModelInput {
  readonly model: PortfolioModel;
  /** `μ`, annual (mean-variance models, targets, max Sortino, NCO's max Sharpe). */
  readonly expectedReturns?: ArrayLike<number>;
  /** `Σ`, annual, `nAssets × nAssets`. */
  readonly covariance: SymmetricMatrix;
  /** For the hierarchical models: the correlation to cluster on (default: Σ's own). */
  readonly correlation?: SymmetricMatrix;
  /** For the risk-measure models: `nObservations × nAssets` complete-row per-period returns. */
  readonly scenarios?: Matrix;
  readonly constraints?: PortfolioConstraints;
  /** Annual, default 0.02. */
  readonly riskFreeRate?: number;
  /** Periods per year of `scenarios` (default 252). */
  readonly periodsPerYear?: number;
  /** Required by the risk-measure models: `await loadLinearSolver()`. */
  readonly linearSolver?: LinearSolver;
  readonly warmStart?: MeanVarianceWarmStart;
}

export interface PortfolioModelResult {
  readonly model: PortfolioModel;
  readonly weights: Float64Array;
  /** The risk-measure models' own risk (CVaR, CDaR… in their units), beside the variance-based numbers. */
  readonly riskMeasure?: { readonly name: RiskMeasureName; readonly value: number; readonly quantile?: number };
  /** Limits a hierarchical or naive allocator had to leave broken (`crossTreeLimits: "relax"`). */
  readonly relaxed?: readonly RelaxedLimit[];
  /** The family's own report (solver iterations, sweeps, linkage…), JSON-friendly. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly warmStart?: MeanVarianceWarmStart;
}

export function isMeanVarianceModel(model: PortfolioModel): model is MeanVarianceModel {
  return (meanVarianceKinds as readonly string[]).includes(model.kind);
}

export function isRiskMeasureModel(model: PortfolioModel): model is RiskMeasureModel {
  return (riskMeasureKinds as readonly string[]).includes(model.kind);
}

/** True for the models that need `linearSolver`. */
export function needsLinearSolver(model: PortfolioModel): boolean {
  return isRiskMeasureModel(model);
}

/**
 * Refuses, before any data is seen, a constraint a model cannot take at all — an L2 penalty, costs or
 * a holdings limit on an allocator, a tracking-error limit on a risk-measure model, L2 on max Sortino —
 * with the INVALID_INPUT each solve would raise. A backtest checks its models with it up front instead
 * of failing at every rebalance. (Mean-variance and maximum diversification take every constraint.)
 */
export function checkModelConstraints(model: Pick<PortfolioModel, "kind">, constraints: PortfolioConstraints = {}): void {
  if ((riskMeasureKinds as readonly string[]).includes(model.kind)) checkLinearConstraints(constraints, model.kind);
  else if ((allocatorKinds as readonly string[]).includes(model.kind) && model.kind !== "maxDiversification") checkAllocatorConstraints(constraints, model.kind);
}

function requireScenarios(input: PortfolioModelInput): Matrix {
  if (input.scenarios === undefined) {
    throw new InvalidInputError(`the ${input.model.kind} model needs historical return scenarios`, { model: input.model.kind });
  }
  return input.scenarios;
}

/**
 * Solves any portfolio model (see `PortfolioModel`). Synchronous: pass a loaded `linearSolver` for
 * the risk-measure models. Errors are the families' own typed errors (INFEASIBLE_CONSTRAINTS,
 * TARGET_OUT_OF_RANGE, NO_CONVERGENCE, INVALID_INPUT…).
 */
export function optimizePortfolioModel(input: PortfolioModelInput): PortfolioModelResult {
  const { model, covariance, constraints } = input;
  if (isMeanVarianceModel(model)) {
    const optimum = optimizeMeanVariance({
      expectedReturns: input.expectedReturns ?? new Float64Array(covariance.size),
      covariance,
      model,
      ...(constraints === undefined ? {} : { constraints }),
      ...(input.riskFreeRate === undefined ? {} : { riskFreeRate: input.riskFreeRate }),
      ...(input.warmStart === undefined ? {} : { warmStart: input.warmStart }),
    });
    return { model, weights: optimum.weights, details: { solver: optimum.solver, target: optimum.target ?? null }, warmStart: optimum.warmStart };
  }
  if (isRiskMeasureModel(model)) {
    if (input.linearSolver === undefined) {
      throw new InvalidInputError(`the ${model.kind} model needs a linear solver: pass linearSolver: await loadLinearSolver()`, { model: model.kind });
    }
    const optimum = optimizeRiskMeasureWith(input.linearSolver, {
      scenarios: requireScenarios(input),
      model,
      ...(input.expectedReturns === undefined ? {} : { expectedReturns: input.expectedReturns }),
      ...(constraints === undefined ? {} : { constraints }),
      ...(input.riskFreeRate === undefined ? {} : { riskFreeRate: input.riskFreeRate }),
      ...(input.periodsPerYear === undefined ? {} : { periodsPerYear: input.periodsPerYear }),
    });
    return {
      model,
      weights: optimum.weights,
      riskMeasure: { name: optimum.riskMeasure, value: optimum.risk, ...(optimum.quantile === undefined ? {} : { quantile: optimum.quantile }) },
      details: { solver: optimum.solver, target: optimum.target ?? null, ...(optimum.sortino === undefined ? {} : { sortino: optimum.sortino }) },
    };
  }
  return allocate(model, input);
}

function allocate(model: AllocatorModel, input: PortfolioModelInput): PortfolioModelResult {
  const { covariance, constraints = {} } = input;
  switch (model.kind) {
    case "equalWeight":
    case "inverseVolatility":
    case "inverseVariance": {
      const result =
        model.kind === "equalWeight"
          ? equalWeight(covariance.size, constraints)
          : model.kind === "inverseVolatility"
            ? inverseVolatility(covariance, constraints)
            : inverseVariance(covariance, constraints);
      return { model, weights: result.weights, details: { projection: result.projection } };
    }
    case "riskParity": {
      const result = riskBudgeting(covariance, model.budgets === undefined ? {} : { budgets: model.budgets }, constraints);
      return { model, weights: result.weights, details: { sweeps: result.sweeps, maxBudgetGap: result.maxBudgetGap } };
    }
    case "maxDiversification": {
      const result = maximumDiversification(covariance, constraints);
      return { model, weights: result.weights, details: { diversificationRatio: result.diversificationRatio, solver: result.solver } };
    }
    case "hierarchicalRiskParity":
    case "hierarchicalEqualRiskContribution":
    case "nestedClusteredOptimization": {
      const base = {
        covariance,
        constraints,
        ...(input.correlation === undefined ? {} : { correlation: input.correlation }),
        ...(model.linkage === undefined ? {} : { linkage: model.linkage }),
      };
      const result =
        model.kind === "hierarchicalRiskParity"
          ? hierarchicalRiskParity(base)
          : model.kind === "hierarchicalEqualRiskContribution"
            ? hierarchicalEqualRiskContribution({ ...base, ...(model.clusters === undefined ? {} : { clusters: model.clusters }) })
            : nestedClusteredOptimization({
                ...base,
                ...(model.clusters === undefined ? {} : { clusters: model.clusters }),
                ...(model.innerModel === undefined ? {} : { model: model.innerModel }),
                ...(input.expectedReturns === undefined ? {} : { expectedReturns: input.expectedReturns }),
                ...(input.riskFreeRate === undefined ? {} : { riskFreeRate: input.riskFreeRate }),
              });
      return {
        model,
        weights: result.weights,
        relaxed: result.relaxed,
        details: { leafOrder: Array.from(result.leafOrder), projection: result.projection, ...(result.clusters === undefined ? {} : { clusters: result.clusters }) },
      };
    }
    default: {
      const kind = (model as { kind: unknown }).kind;
      throw new InvalidInputError(`unknown portfolio model ${JSON.stringify(kind)}`, { kind });
    }
  }
}
