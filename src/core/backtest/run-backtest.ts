/**
 * A walk-forward backtest of one strategy.
 *
 * Semantics (the rules a careful reader needs to trust the equity curve):
 * - Information: at a rebalance date t the strategy sees returns up to the close before t only — a
 *   rolling window of `lookback` return rows or an expanding one, each asset needing `minHistory`
 *   finite returns in it — and its trades execute at t's close prices. Assets not priced at t or
 *   without that history are left out of the strategy's universe at t.
 * - Start: the first rebalance is the first date on or after `start` with enough history (the first
 *   date for `lookback: 0` strategies such as equal or fixed weights). The equity curve starts there at
 *   `initialValue`; earlier rows only feed windows.
 * - Holdings are share quantities (fractional) that drift with prices between rebalances; the rest is
 *   cash, earning `cashRate` (annual, compounded per row). A held asset that loses its price is sold at
 *   its last close into cash (event DELISTED); no price is ever invented.
 * - Schedules (`RebalanceSchedule`) run on the panel's real dates; tolerance bands skip a scheduled
 *   rebalance while every weight (and cash) stays within the band around the last targets. The final
 *   date never trades.
 * - Costs: `costBps` of the traded value plus `fixedCostPerTrade` per asset traded, paid from the
 *   portfolio at the trade; targets apply to the post-cost value, solved exactly (trade-to-target.ts).
 *   Turnover per rebalance = traded value (buys + sells) / pre-trade value.
 * - Cash flows: on the first trading day of each period, added to or taken from the portfolio pro rata
 *   to the current weights (merged with a rebalance on the same date); a withdrawal larger than the
 *   value empties the portfolio (event DEPLETED), never leaving negative holdings.
 * - Failures: a strategy's typed `CoreError` at a date is an event (STRATEGY_FAILED) and `onFailure`
 *   applies: `"hold"` keeps the holdings (cash if it was the first rebalance), `"equalWeight"` buys the
 *   eligible assets equally. An empty universe is an error at the first rebalance, an event later.
 * - Marking: `values[k]` is the value at close k before that close's trades and flow (backtest-result.ts).
 *
 * @param input - `BacktestOptions` plus the `strategy` (see `strategyFromSpec` for plain-data specs).
 * @returns the `BacktestResult` with one run.
 * @throws see `compareBacktests`.
 * @example
 * const result = runBacktest({ prices, periodsPerYear: 252, schedule: { kind: "everyKDays", k: 21 },
 *   strategy: strategyFromSpec({ kind: "equalWeight" }), benchmarks: [{ kind: "ticker", ticker: "SPY" }] });
 * result.runs[0].values; // the equity curve
 */
import type { BacktestOptions } from "./backtest-input.js";
import type { BacktestResult } from "./backtest-result.js";
import type { BacktestStrategy } from "./backtest-strategy.js";
import { compareBacktests } from "./compare-backtests.js";

export interface BacktestInput extends BacktestOptions {
  readonly strategy: BacktestStrategy;
}

export function runBacktest(input: BacktestInput): BacktestResult {
  return compareBacktests(input, [input.strategy]);
}
