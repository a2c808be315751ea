/**
 * The contract between the walk-forward engine and a portfolio rule. The engine owns time, prices,
 * holdings and costs; a strategy only maps "what was known before today's close" to target weights.
 */
import type { Matrix } from "../linalg/matrix.js";
import type { EstimateCache } from "./estimate-cache.js";

export interface RebalanceContext {
  /** The rebalance date; trades execute at its close. */
  readonly date: string;
  /** Row of `date` in the price panel. */
  readonly row: number;
  /** Panel column indices of the assets eligible now (priced today, enough history), ascending. */
  readonly assets: readonly number[];
  /** Tickers of `assets`, same order. */
  readonly tickers: readonly string[];
  /**
   * Simple returns, `window rows × assets.length`, row-major; the last row is the return into the
   * close before `date` (nothing from `date` itself). `NaN` only where `minHistory` admits gaps.
   * 0 rows for a strategy with `lookback: 0`. Shared with other strategies: never write into it.
   */
  readonly returns: Matrix;
  readonly periodsPerYear: number;
  /** Weights of `assets` just before trading, drifted with prices since the last trade (value-relative). */
  readonly previousWeights: Float64Array;
  /**
   * Memoises estimates for this date across the strategies of one run; key an entry with
   * `windowKey` plus the estimator's spec so strategies on the same window share it.
   */
  readonly estimates: EstimateCache;
  /** Identifies the window (its rows and `assets`) at this date. */
  readonly windowKey: string;
  /** Identifies the window settings (rolling/expanding, lookback, minHistory), the same at every date. */
  readonly windowId: string;
  /** Panel row of the window's first return (return row s is the return into price row s). */
  readonly windowFirstRow: number;
}

/**
 * A strategy's answer: weights over `ctx.assets` (sum ≤ 1, the rest stays in cash; negative weights
 * are short positions), optionally with each asset's share of the portfolio variance under the
 * covariance the strategy estimated, which the engine records with the rebalance.
 */
export type Allocation =
  | ArrayLike<number>
  | { readonly weights: ArrayLike<number>; readonly riskContributions?: ArrayLike<number> | null };

export interface BacktestStrategy {
  readonly name: string;
  /**
   * Return rows of history the strategy needs: 0 = none (it starts on the first date). Absent: the
   * backtest's `lookback` option.
   */
  readonly lookback?: number;
  /**
   * Target weights at one rebalance date. Throw a `CoreError` (infeasible, no convergence…) to have
   * the failure recorded as an event and the `onFailure` policy applied; any other exception is a bug
   * and stops the backtest. A strategy may keep state between calls (a warm start) within one run.
   */
  allocate(ctx: RebalanceContext): Allocation;
}
