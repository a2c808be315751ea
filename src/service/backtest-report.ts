/**
 * A backtest's engine result → the report the CLI, the API and the stored record share: tickers in
 * place of column indices, dated pairs for the series, and each run's and benchmark's performance
 * metrics. With cash flows the metrics describe the time-weighted return, not the account value.
 */
import {
  performanceReport,
  timeWeightedReturnIndex,
  type BacktestEvent,
  type BacktestResult,
  type BacktestRun,
  type PerformanceMetrics,
  type PerformanceSeries,
} from "../core/backtest/index.js";

export interface RebalanceSummary {
  readonly date: string;
  readonly turnover: number;
  readonly cost: number;
  readonly weights: Readonly<Record<string, number>>;
  readonly riskContributions: Readonly<Record<string, number>> | null;
  readonly source: "strategy" | "fallback";
}

export interface BacktestRunReport {
  readonly model: string;
  /** Over the time-weighted return index when the backtest has cash flows (see `returnIndex`). */
  readonly metrics: PerformanceMetrics;
  /** The portfolio's value at each close (with cash flows: contributions in, withdrawals out). */
  readonly equity: readonly (readonly [string, number])[];
  /** Of the return index: `1 − I_t / max_{s≤t} I_s`. */
  readonly drawdown: readonly (readonly [string, number])[];
  /**
   * Only with cash flows: the time-weighted return index, `I_0 = V_0`, `I_{k+1} = I_k·V_{k+1}/(V_k + F_k)`,
   * which the metrics and the drawdown describe (a contribution is not a gain).
   */
  readonly returnIndex?: readonly (readonly [string, number])[];
  readonly rebalances: readonly RebalanceSummary[];
  readonly events: readonly BacktestEvent[];
  readonly series: Omit<PerformanceSeries, "equity" | "drawdown">;
  /** `dates × tickers` drifted weights when asked for (`dailyWeights`), else absent. */
  readonly dailyWeights?: readonly (readonly number[])[];
}

export interface BenchmarkReport {
  readonly name: string;
  readonly metrics: PerformanceMetrics;
  readonly equity: readonly (readonly [string, number])[];
  readonly drawdown: readonly (readonly [string, number])[];
  readonly returnIndex?: readonly (readonly [string, number])[];
}

export interface BacktestReport {
  readonly tickers: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly periodsPerYear: number;
  readonly runs: readonly BacktestRunReport[];
  readonly benchmarks: readonly BenchmarkReport[];
}

/** The time-weighted return index of a run with cash flows, or null without any. */
function returnIndex(values: Float64Array, flows: Float64Array): Float64Array | null {
  return flows.every((f) => f === 0) ? null : timeWeightedReturnIndex(values, flows);
}

function dated(dates: readonly string[], values: Float64Array): (readonly [string, number])[] {
  return dates.map((date, k) => [date, values[k]] as const);
}

function byTicker(tickers: readonly string[], values: ArrayLike<number>, dropZeros: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  tickers.forEach((t, i) => {
    if (!dropZeros || values[i] !== 0) out[t] = values[i];
  });
  return out;
}

interface ReportSettings {
  readonly periodsPerYear: number;
  readonly riskFreeRate: number;
  readonly relativeTo: Float64Array | undefined;
}

function runReport(run: BacktestRun, tickers: readonly string[], settings: ReportSettings): BacktestRunReport {
  const index = returnIndex(run.values, run.flows);
  const performance = performanceReport({
    dates: run.dates,
    values: index ?? run.values,
    periodsPerYear: settings.periodsPerYear,
    riskFreeRate: settings.riskFreeRate,
    benchmarkValues: settings.relativeTo,
    turnover: run.rebalances.map((r) => r.turnover),
    totalCosts: run.totalCosts,
  });
  const { equity, drawdown, ...series } = performance.series;
  const daily = run.dailyWeights;
  return {
    model: run.strategy,
    metrics: performance.metrics,
    equity: index === null ? equity : dated(run.dates, run.values),
    drawdown,
    ...(index === null ? {} : { returnIndex: equity }),
    rebalances: run.rebalances.map((r) => ({
      date: r.date,
      turnover: r.turnover,
      cost: r.cost,
      weights: byTicker(tickers, r.weights, true),
      riskContributions: r.riskContributions === null ? null : byTicker(tickers, r.riskContributions, true),
      source: r.source,
    })),
    events: run.events,
    series,
    ...(daily === null
      ? {}
      : { dailyWeights: Array.from({ length: daily.rows }, (_, t) => Array.from(daily.data.subarray(t * daily.cols, (t + 1) * daily.cols))) }),
  };
}

/** A benchmark's report; `run` is given for the equal-weight one, which trades (once) and pays costs. */
function benchmarkReport(
  name: string,
  dates: readonly string[],
  values: Float64Array,
  run: BacktestRun | null,
  settings: ReportSettings,
): BenchmarkReport {
  const index = run === null ? null : returnIndex(run.values, run.flows);
  const performance = performanceReport({
    dates,
    values: index ?? values,
    periodsPerYear: settings.periodsPerYear,
    riskFreeRate: settings.riskFreeRate,
    turnover: run?.rebalances.map((r) => r.turnover),
    totalCosts: run?.totalCosts,
  });
  const { equity, drawdown } = performance.series;
  return index === null
    ? { name, metrics: performance.metrics, equity, drawdown }
    : { name, metrics: performance.metrics, equity: dated(dates, values), drawdown, returnIndex: equity };
}

/**
 * The report of `result` with the separately run equal-weight benchmark (`equalWeight`) appended to
 * its price benchmarks; `riskFreeRate` annual, for Sharpe and Sortino.
 */
export function backtestReport(result: BacktestResult, equalWeight: BacktestRun | null, riskFreeRate: number): BacktestReport {
  const { periodsPerYear, tickers, dates } = result;
  const benchmarks: { name: string; values: Float64Array; run: BacktestRun | null }[] = result.benchmarks.map((b) => ({
    name: b.name,
    values: b.values,
    run: null,
  }));
  if (equalWeight !== null) benchmarks.push({ name: equalWeight.strategy, values: equalWeight.values, run: equalWeight });
  // The first benchmark (the ticker or series when given, else equal weight) is the one the runs'
  // beta, alpha, tracking error and capture ratios are measured against: its time-weighted returns.
  const first = benchmarks[0];
  const settings: ReportSettings = {
    periodsPerYear,
    riskFreeRate,
    relativeTo: first === undefined ? undefined : first.run === null ? first.values : (returnIndex(first.run.values, first.run.flows) ?? first.values),
  };
  return {
    tickers,
    start: dates[0],
    end: dates[dates.length - 1],
    periodsPerYear,
    runs: result.runs.map((run) => runReport(run, tickers, settings)),
    benchmarks: benchmarks.map((b) => benchmarkReport(b.name, dates, b.values, b.run, settings)),
  };
}

