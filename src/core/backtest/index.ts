/**
 * Walk-forward backtests: the engine (`runBacktest`, `compareBacktests`), its schedules, the strategy
 * contract and the built-in strategies. Performance metrics live in `./metrics`.
 */
export { runBacktest, type BacktestInput } from "./run-backtest.js";
export { compareBacktests } from "./compare-backtests.js";
export type {
  BacktestOptions,
  BacktestProgress,
  BenchmarkSpec,
  CancellationSignal,
  CashFlowPlan,
  FailurePolicy,
  ToleranceBands,
  WindowKind,
} from "./backtest-input.js";
export type {
  BacktestEvent,
  BacktestEventCode,
  BacktestResult,
  BacktestRun,
  BenchmarkSeries,
  RebalanceRecord,
} from "./backtest-result.js";
export type { Allocation, BacktestStrategy, RebalanceContext } from "./backtest-strategy.js";
export { createEstimateCache, type EstimateCache } from "./estimate-cache.js";
export { rebalanceDates, scheduledRows, type RebalanceSchedule, type Weekday } from "./rebalance-schedule.js";
export { tradeToTarget, type TradeInput, type TradeOutcome } from "./trade-to-target.js";
export * from "./strategies/index.js";
export * from "./metrics/index.js";
export { timeWeightedReturnIndex } from "./time-weighted-return-index.js";
