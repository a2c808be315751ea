/**
 * Strategies as plain data: the spec a CLI flag, an API body and a stored run carry, turned into a
 * `BacktestStrategy` when the backtest runs. The set of kinds is open: pass extra factories (risk
 * parity, HRP, CVaR…) keyed by their `kind`.
 */
import { InvalidInputError } from "../../errors.js";
import type { BacktestStrategy } from "../backtest-strategy.js";
import { equalWeightStrategy } from "./equal-weight-strategy.js";
import { fixedWeightsStrategy, type FixedWeights } from "./fixed-weights-strategy.js";
import { meanVarianceStrategy, type MeanVarianceStrategySpec } from "./mean-variance-strategy.js";
import { portfolioModelStrategy, type PortfolioModelStrategySpec } from "./portfolio-model-strategy.js";

export type StrategySpec =
  | { readonly kind: "equalWeight"; readonly name?: string }
  | { readonly kind: "fixedWeights"; readonly weights: FixedWeights; readonly name?: string }
  | MeanVarianceStrategySpec
  | PortfolioModelStrategySpec;

/** Any spec with a `kind`: the built-in ones or one an extra factory understands. */
export interface OpenStrategySpec {
  readonly kind: string;
  readonly name?: string;
}

/** Builds a fresh strategy from a spec of its kind (called once per run: strategies may keep state). */
export type StrategyFactory = (spec: OpenStrategySpec) => BacktestStrategy;

export const strategyKinds = ["equalWeight", "fixedWeights", "meanVariance", "portfolioModel"] as const;

/**
 * A new strategy for `spec`. `extraFactories` adds kinds (or replaces a built-in one) by name.
 *
 * @throws InvalidInputError for an unknown kind (naming the known ones) or a bad fixed-weights table.
 * @example strategyFromSpec({ kind: "meanVariance", model: { kind: "minVolatility" } })
 * @example strategyFromSpec({ kind: "riskParity" }, { riskParity: (spec) => myRiskParity(spec) })
 */
export function strategyFromSpec(
  spec: StrategySpec | OpenStrategySpec,
  extraFactories: Readonly<Record<string, StrategyFactory>> = {},
): BacktestStrategy {
  const extra = Object.prototype.hasOwnProperty.call(extraFactories, spec.kind) ? extraFactories[spec.kind] : undefined;
  if (extra !== undefined) return extra(spec);
  switch (spec.kind) {
    case "equalWeight":
      return equalWeightStrategy(spec.name);
    case "fixedWeights":
      return fixedWeightsStrategy((spec as { weights: FixedWeights }).weights, spec.name);
    case "meanVariance":
      return meanVarianceStrategy(spec as MeanVarianceStrategySpec);
    case "portfolioModel":
      return portfolioModelStrategy(spec as PortfolioModelStrategySpec);
    default: {
      const known = [...strategyKinds, ...Object.keys(extraFactories)];
      throw new InvalidInputError(`unknown strategy kind ${JSON.stringify(spec.kind)}; expected one of ${known.join(", ")}`, {
        kind: spec.kind,
      });
    }
  }
}
