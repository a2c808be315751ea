/**
 * What a backtest returns: per strategy, the equity curve and everything that happened to it. Only
 * numbers and dates: performance metrics are computed from these series by `performanceReport`.
 *
 * Marking convention: `values[k]` is the portfolio's value at the close of `dates[k]` with the
 * holdings carried into that close, before that close's trades, costs and cash flow. So `values[0]`
 * is `initialValue`, and the costs and flows of date k show in the step from k to k+1 — every cost
 * lowers some return. `cash` and `dailyWeights` describe the portfolio after the close's trades.
 * With cash flows, the time-weighted return of step k → k+1 is `values[k+1] / (values[k] + flows[k]) − 1`.
 */
import type { Matrix } from "../linalg/matrix.js";

export interface RebalanceRecord {
  readonly date: string;
  /** Value before the trades (the `values` entry of that date plus its flow). */
  readonly value: number;
  /**
   * Σᵢ |tradeᵢ| / value: buys plus sells over the pre-trade value (one-way traded value, not halved:
   * the first purchase from cash is Σw = 1, a full switch from one asset to another is 2).
   */
  readonly turnover: number;
  /** Σᵢ |tradeᵢ| in currency units. */
  readonly tradedValue: number;
  /** Proportional plus fixed costs paid at this rebalance. */
  readonly cost: number;
  /** Assets traded (those that paid a fixed fee). */
  readonly trades: number;
  /** Target weights over all panel tickers (0 for assets not held); 1 − Σ is cash. */
  readonly weights: Float64Array;
  /** Each asset's share of the variance under the strategy's covariance (over all tickers), when it gave one. */
  readonly riskContributions: Float64Array | null;
  /** `"strategy"`, or `"fallback"` when the strategy failed and `onFailure: "equalWeight"` applied. */
  readonly source: "strategy" | "fallback";
}

export type BacktestEventCode =
  /** The strategy threw a typed error; `details.errorCode` holds its code. */
  | "STRATEGY_FAILED"
  /** No asset was eligible at a rebalance date after the first. */
  | "EMPTY_UNIVERSE"
  /** A held asset had no price: sold at its last close into cash. */
  | "DELISTED"
  /** A withdrawal took everything that was left. */
  | "DEPLETED"
  /** The costs of a trade would exceed the portfolio's value: no trade. */
  | "COSTS_EXCEED_VALUE";

export interface BacktestEvent {
  readonly date: string;
  readonly code: BacktestEventCode;
  readonly message: string;
  /** What the engine did: `"hold"`, `"equalWeight"`, `"cash"` (stayed in cash), `"sold"`, `"emptied"`. */
  readonly action: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface BacktestRun {
  readonly strategy: string;
  /** From the first rebalance date to the last date, inclusive. */
  readonly dates: readonly string[];
  /** Value at each date's close before that close's trades (see the file header). */
  readonly values: Float64Array;
  /** Cash after each close's trades. */
  readonly cash: Float64Array;
  /** External flow at each date's close: + contribution, − withdrawal (what was actually withdrawn). */
  readonly flows: Float64Array;
  readonly rebalances: readonly RebalanceRecord[];
  readonly events: readonly BacktestEvent[];
  /** Sum of every cost paid (rebalances, pro-rata flow trades and sales of delisted assets). */
  readonly totalCosts: number;
  /** `dates × tickers` weights after each close (`recordDailyWeights`), else null. */
  readonly dailyWeights: Matrix | null;
}

export interface BenchmarkSeries {
  /** The ticker, the series' name, or `"equalWeight"` / `"equalWeight (rebalanced)"`. */
  readonly name: string;
  /** On the runs' dates, starting at `initialValue`. */
  readonly values: Float64Array;
}

export interface BacktestResult {
  readonly tickers: readonly string[];
  readonly dates: readonly string[];
  readonly periodsPerYear: number;
  readonly runs: readonly BacktestRun[];
  readonly benchmarks: readonly BenchmarkSeries[];
}
