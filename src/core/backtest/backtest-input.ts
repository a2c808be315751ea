/**
 * What a walk-forward backtest is asked to do, as plain data (plus two callbacks): the price panel,
 * the calendar of rebalances, the estimation window, costs, cash flows, benchmarks. The CLI, the API
 * body and a stored run carry the same object; `validateBacktestInput` checks it when it is used.
 */
import type { PricePanel } from "../returns/price-panel.js";
import type { RebalanceSchedule } from "./rebalance-schedule.js";

/** How the estimation window grows: a fixed number of the latest return rows, or all rows so far. */
export type WindowKind = "rolling" | "expanding";

/** What to do when a strategy throws a typed core error at a rebalance date. */
export type FailurePolicy = "hold" | "equalWeight";

/**
 * Rebalance only when the drift is large enough: on a scheduled date, trade when some asset's
 * weight (or the cash weight) is more than `absolute` away from its target, or more than
 * `relative` × its target away. Either limit alone is allowed; when both are given, breaching one
 * is enough. With `schedule: "daily"` this is band-only rebalancing checked every day.
 */
export interface ToleranceBands {
  readonly absolute?: number;
  readonly relative?: number;
}

/**
 * A periodic contribution (`amount > 0`) or withdrawal (`amount < 0`), in the same currency unit as
 * `initialValue`, made on the first trading day of each month, quarter or year after the first
 * rebalance (never on the final date). It is invested or taken pro rata to the current weights.
 */
export interface CashFlowPlan {
  readonly amount: number;
  readonly frequency: "monthly" | "quarterly" | "yearly";
}

/**
 * A benchmark shown beside the strategies, as a value series on the backtest's dates starting at
 * `initialValue`:
 * - `ticker`: buy-and-hold of one panel ticker (it must have a price on every backtest date);
 * - `series`: the caller's own price or value series, aligned by date (every backtest date must be
 *   present); rescaled to start at `initialValue`;
 * - `equalWeight`: the equal-weight portfolio of the eligible assets, run through the same engine with
 *   the same costs and cash flows, bought once and held (`rebalance: "never"`, the default) or
 *   rebalanced on the strategies' own schedule (`"schedule"`).
 */
export type BenchmarkSpec =
  | { readonly kind: "ticker"; readonly ticker: string }
  | { readonly kind: "series"; readonly name: string; readonly dates: readonly string[]; readonly values: ArrayLike<number> }
  | { readonly kind: "equalWeight"; readonly rebalance?: "never" | "schedule" };

/** What `onProgress` is told besides the fraction. */
export interface BacktestProgress {
  readonly date: string;
  /** Dates processed so far and in all (from the first rebalance to the end). */
  readonly done: number;
  readonly total: number;
}

/** The part of `AbortSignal` the engine reads (so the core needs no DOM or Node types). */
export interface CancellationSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface BacktestOptions {
  readonly prices: PricePanel;
  /** Return periods per year of the panel's calendar (252 for daily prices); annualises estimates. */
  readonly periodsPerYear: number;
  /** Default `"monthly"` (first trading day of each month). */
  readonly schedule?: RebalanceSchedule;
  /**
   * Return rows in the estimation window, for strategies that do not declare their own `lookback`
   * (default 252). A strategy with `lookback: 0` needs no history and starts on the first date.
   */
  readonly lookback?: number;
  /** Default `"rolling"`. `"expanding"` uses every return row before the rebalance date. */
  readonly window?: WindowKind;
  /**
   * Finite returns an asset needs inside the window to be eligible. Default: the lookback (a complete
   * rolling window). Lower it to admit assets with gaps; the estimator's missing-data rule then applies.
   */
  readonly minHistory?: number;
  /** First date on which the portfolio may trade (`YYYY-MM-DD`, inclusive). Earlier rows feed windows only. */
  readonly start?: string;
  /** Last date of the backtest (inclusive); later rows are ignored entirely. */
  readonly end?: string;
  /** Value at the first rebalance date (default 1). */
  readonly initialValue?: number;
  /** Proportional cost in basis points of the traded value (default 0). */
  readonly costBps?: number;
  /** Fixed cost per asset traded, in currency units (default 0). */
  readonly fixedCostPerTrade?: number;
  /** Annual rate earned by cash, compounded per row: (1 + rate)^(1/periodsPerYear) (default 0). */
  readonly cashRate?: number;
  readonly bands?: ToleranceBands;
  readonly cashFlows?: CashFlowPlan;
  /** Default `"hold"`. */
  readonly onFailure?: FailurePolicy;
  readonly benchmarks?: readonly BenchmarkSpec[];
  /**
   * Record the weights held after every close (`dailyWeights`, dates × tickers). Off by default: at
   * 2,520 dates × 500 assets that is 10 MB per strategy, and the rebalance records hold the targets.
   */
  readonly recordDailyWeights?: boolean;
  /** Called with a fraction in (0, 1] at most ~100 times, non-decreasing, the last call with 1. */
  readonly onProgress?: (fraction: number, info: BacktestProgress) => void;
  /** Checked before every date; when aborted the run throws `BacktestCancelledError` (`CANCELLED`). */
  readonly signal?: CancellationSignal;
}
