/**
 * The 1/N portfolio: every eligible asset gets the same weight. It needs no estimate, so it starts on
 * the first date (DeMiguel, Garlappi & Uppal 2009, "Optimal Versus Naive Diversification", the
 * benchmark estimated portfolios struggle to beat).
 */
import type { BacktestStrategy } from "../backtest-strategy.js";

/** @example runBacktest({ prices, periodsPerYear: 252, strategy: equalWeightStrategy() }) */
export function equalWeightStrategy(name = "equalWeight"): BacktestStrategy {
  const strategy: BacktestStrategy = {
    name,
    lookback: 0,
    allocate: (ctx) => new Float64Array(ctx.assets.length).fill(1 / ctx.assets.length),
  };
  return Object.freeze(strategy);
}
