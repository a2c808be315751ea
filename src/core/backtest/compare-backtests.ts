/**
 * Several strategies over the same dates in one pass: one set of return windows, one estimate cache
 * per date (a covariance shared by six models is estimated once), every strategy rebalanced at each
 * scheduled date. All runs start on the same date — the first on which every strategy has the history
 * it needs — so their equity curves compare like for like.
 */
import type { BacktestOptions } from "./backtest-input.js";
import type { BacktestResult, BenchmarkSeries } from "./backtest-result.js";
import type { BacktestStrategy } from "./backtest-strategy.js";
import { priceBenchmark } from "./benchmark-series.js";
import { scheduledRows } from "./rebalance-schedule.js";
import { checkRowCount, resolveBacktestOptions, type ResolvedOptions } from "./resolve-backtest-options.js";
import type { WindowSettings } from "./return-windows.js";
import { InvalidInputError } from "../errors.js";
import { equalWeightStrategy } from "./strategies/equal-weight-strategy.js";
import { commonFirstRow, walkForward, type EngineRun } from "./walk-forward.js";

function windowFor(strategy: BacktestStrategy, options: ResolvedOptions): WindowSettings {
  const lookback = checkRowCount(`lookback of ${strategy.name}`, strategy.lookback ?? options.lookback);
  if (lookback === 0) return { lookback: 0, kind: "rolling", minHistory: 0 };
  const minHistory = options.minHistory ?? lookback;
  if (options.window === "rolling" && minHistory > lookback) {
    throw new InvalidInputError(`minHistory ${minHistory} exceeds the rolling window of ${lookback} rows (${strategy.name})`, {
      minHistory,
      lookback,
    });
  }
  return { lookback, kind: options.window, minHistory };
}

/**
 * Runs every strategy over the same dates (see `runBacktest` for the semantics of one run).
 *
 * @param options - prices, calendar, window, costs, flows, benchmarks, callbacks (`BacktestOptions`).
 * @param strategies - at least one; each run keeps the strategy's `name`.
 * @returns `{ tickers, dates, periodsPerYear, runs (one per strategy, in order), benchmarks }`.
 * @throws InsufficientHistoryError when the window needs more rows than the data has, or no asset can be
 *   bought at the first rebalance; InvalidInputError for a bad option, schedule, benchmark or start > end;
 *   BacktestCancelledError (`CANCELLED`) when `signal` is aborted.
 * @example
 * const result = compareBacktests({ prices, periodsPerYear: 252, schedule: { kind: "everyKDays", k: 21 } },
 *   [strategyFromSpec({ kind: "equalWeight" }), strategyFromSpec({ kind: "meanVariance", model: { kind: "minVolatility" } })]);
 */
export function compareBacktests(options: BacktestOptions, strategies: readonly BacktestStrategy[]): BacktestResult {
  if (strategies.length === 0) throw new InvalidInputError("a backtest needs at least one strategy");
  const resolved = resolveBacktestOptions(options);
  const { panel, lastRow } = resolved;
  const runs: EngineRun[] = strategies.map((strategy) => ({
    name: strategy.name,
    strategy,
    window: windowFor(strategy, resolved),
    scheduled: (first) => scheduledRows(panel.dates, resolved.schedule, first),
    useBands: true,
  }));
  const firstRow = commonFirstRow(resolved, runs.map((r) => r.window));
  const benchmarkRuns: EngineRun[] = [];
  for (const b of resolved.benchmarks) {
    if (b.kind !== "equalWeight") continue;
    const rebalanced = b.rebalance === "schedule";
    benchmarkRuns.push({
      name: rebalanced ? "equalWeight (rebalanced)" : "equalWeight",
      strategy: equalWeightStrategy(),
      window: { lookback: 0, kind: "rolling", minHistory: 0 },
      scheduled: (first) => scheduledRows(panel.dates, rebalanced ? resolved.schedule : "never", first),
      useBands: rebalanced,
    });
  }
  // Price benchmarks first: a missing benchmark price fails fast, before the long loop.
  const priced = new Map<number, BenchmarkSeries>();
  resolved.benchmarks.forEach((b, i) => {
    if (b.kind !== "equalWeight") priced.set(i, priceBenchmark(b, panel, firstRow, lastRow, resolved.initialValue));
  });
  const all = walkForward(resolved, [...runs, ...benchmarkRuns], firstRow);
  let next = runs.length;
  const benchmarks = resolved.benchmarks.map((b, i): BenchmarkSeries => {
    const series = priced.get(i);
    if (series !== undefined) return series;
    const run = all[next++];
    return Object.freeze({ name: run.strategy, values: run.values });
  });
  return Object.freeze({
    tickers: panel.tickers,
    dates: Object.freeze(panel.dates.slice(firstRow, lastRow + 1)),
    periodsPerYear: resolved.periodsPerYear,
    runs: Object.freeze(all.slice(0, runs.length)),
    benchmarks: Object.freeze(benchmarks),
  });
}
