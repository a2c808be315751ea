/**
 * A model as a backtest request names it (tickers, estimator specs) → the core strategy the engine
 * runs. The same `ModelRequest` that `optimize` takes, so a model backtested is the model optimized:
 * every kind of the core's `PortfolioModel` (mean-variance, risk measures, risk budgeting,
 * hierarchical, naive) goes through the `portfolioModel` strategy, plus fixed weights by ticker.
 */
import { strategyFromSpec, type BacktestStrategy } from "../core/backtest/index.js";
import type { ExpectedReturnsSpec, RiskModelSpec } from "../core/moments/index.js";
import {
  allocatorKinds,
  checkModelConstraints,
  loadLinearSolver,
  meanVarianceKinds,
  needsLinearSolver,
  riskMeasureKinds,
} from "../core/optimizers/index.js";
import type { PricePanel } from "../core/returns/index.js";
import { InvalidRequestError } from "./errors.js";
import { coreModel, type ModelRequest } from "./model-request.js";
import { resolveConstraints, tickerVector, type ConstraintsRequest } from "./resolve-constraints.js";

/** Constant weights by ticker (a 60/40 mix): held, rebalanced back to on schedule. */
export interface FixedWeightsModel {
  readonly kind: "fixedWeights";
  readonly weights: Readonly<Record<string, number>>;
}

export type BacktestModel = ModelRequest | FixedWeightsModel | { readonly kind: "equalWeight" };

export interface BacktestModelRequest {
  readonly model: BacktestModel;
  /** The run's label; default the model's kind. Must differ between runs of one backtest. */
  readonly name?: string;
  /** Override the backtest's estimators / constraints for this model. */
  readonly expectedReturns?: ExpectedReturnsSpec;
  readonly riskModel?: RiskModelSpec;
  readonly constraints?: ConstraintsRequest;
  /** Return rows this model needs; default the backtest's lookback (0 for equal and fixed weights). */
  readonly lookback?: number;
}

interface SharedSettings {
  /** The whole price file, to tell a ticker typo from one left out of the selection. */
  readonly prices?: PricePanel;
  readonly expectedReturns?: ExpectedReturnsSpec;
  readonly riskModel?: RiskModelSpec;
  readonly constraints?: ConstraintsRequest;
  readonly riskFreeRate?: number;
}

/** Every model kind a backtest accepts. */
export const backtestModelKinds: readonly string[] = [
  ...meanVarianceKinds,
  ...riskMeasureKinds,
  ...allocatorKinds,
  "fixedWeights",
];

/** Equal and fixed weights need no estimate: they start on the first date unless given a lookback. */
function naiveStrategy(m: BacktestModelRequest, tickers: readonly string[], known: readonly string[]): BacktestStrategy {
  const { model, name } = m;
  const strategy =
    model.kind === "fixedWeights"
      ? strategyFromSpec({
          kind: "fixedWeights",
          weights: Array.from(tickerVector((model as FixedWeightsModel).weights, tickers, known, "the fixed weights")),
          ...(name === undefined ? {} : { name }),
        })
      : strategyFromSpec({ kind: "equalWeight", ...(name === undefined ? {} : { name }) });
  return m.lookback === undefined ? strategy : { name: strategy.name, lookback: m.lookback, allocate: (ctx) => strategy.allocate(ctx) };
}

/**
 * The core strategy for one model of a backtest over `panel` (columns = the universe's tickers).
 *
 * @throws InvalidRequestError for a model kind that is not a portfolio model or bad risk budgets,
 *   UnknownAssetError for a ticker of fixed weights, a benchmark or budgets that is not in the data.
 */
/**
 * A model's static constraint check (the core's `checkModelConstraints`) on the request's own fields:
 * a model that cannot take a constraint (an L2 penalty on HRP…) is refused before the backtest runs,
 * instead of failing at every rebalance.
 */
export function checkModelRequestConstraints(model: BacktestModel, constraints: ConstraintsRequest): void {
  if (model.kind === "fixedWeights") return;
  const { l2Gamma, transactionCost, maxHoldings, minPosition, budget, trackingError } = constraints;
  checkModelConstraints(model, {
    l2Gamma,
    transactionCost,
    maxHoldings,
    minPosition,
    budget,
    // Only its presence matters here; the benchmark is resolved against the tickers later.
    ...(trackingError === undefined ? {} : { trackingError: { benchmark: [], max: trackingError.max } }),
  });
}

export async function strategyForModel(m: BacktestModelRequest, shared: SharedSettings, panel: PricePanel): Promise<BacktestStrategy> {
  const tickers = panel.tickers;
  const known = shared.prices?.tickers ?? tickers;
  const { model, name } = m;
  if (!backtestModelKinds.includes(model.kind)) {
    throw new InvalidRequestError(`unknown model '${String(model.kind)}'; expected one of ${backtestModelKinds.join(", ")}`, { model: model.kind });
  }
  checkModelRequestConstraints(model, m.constraints ?? shared.constraints ?? {});
  if (model.kind === "equalWeight" || model.kind === "fixedWeights") return naiveStrategy(m, tickers, known);
  const portfolioModel = coreModel(model, tickers, known);
  const constraints = resolveConstraints(m.constraints ?? shared.constraints ?? {}, tickers, known);
  const expectedReturns = m.expectedReturns ?? shared.expectedReturns;
  const riskModel = m.riskModel ?? shared.riskModel;
  return strategyFromSpec({
    kind: "portfolioModel",
    model: portfolioModel,
    constraints,
    ...(name === undefined ? {} : { name }),
    ...(m.lookback === undefined ? {} : { lookback: m.lookback }),
    ...(expectedReturns === undefined ? {} : { expectedReturns }),
    ...(riskModel === undefined ? {} : { riskModel }),
    ...(shared.riskFreeRate === undefined ? {} : { riskFreeRate: shared.riskFreeRate }),
    ...(needsLinearSolver(portfolioModel) ? { linearSolver: await loadLinearSolver() } : {}),
  });
}
