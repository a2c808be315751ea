/**
 * Use case: backtest one or more models walk-forward over a price panel, side by side, with the
 * benchmarks asked for, and the performance report of each run. Tickers in, tickers out: the core
 * engine works on panel columns; this file maps names to columns and checks the request, and
 * backtest-report.ts turns the run into the JSON shapes the CLI, the API and the stored record share.
 */
import {
  compareBacktests,
  equalWeightStrategy,
  type BacktestOptions,
  type BacktestRun,
  type BenchmarkSpec,
  type CashFlowPlan,
  type FailurePolicy,
  type RebalanceSchedule,
  type ToleranceBands,
  type WindowKind,
} from "../core/backtest/index.js";
import type { ExpectedReturnsSpec, RiskModelSpec } from "../core/moments/index.js";
import { inferPeriodsPerYear, isIsoDate, sliceDates, type PricePanel } from "../core/returns/index.js";
import { EmptySelectionError, InvalidRequestError, UnknownAssetError } from "./errors.js";
import { selectRequestedTickers } from "./requested-tickers.js";
import { backtestReport, type BacktestReport } from "./backtest-report.js";
import { strategyForModel, type BacktestModelRequest } from "./backtest-strategies.js";
import type { ConstraintsRequest } from "./resolve-constraints.js";

export type { BacktestModelRequest } from "./backtest-strategies.js";
export type { BacktestReport, BacktestRunReport, BenchmarkReport, RebalanceSummary } from "./backtest-report.js";

export interface BacktestRequest {
  readonly prices: PricePanel;
  /** A subset of the panel's tickers; default all. */
  readonly tickers?: readonly string[];
  /** First date the portfolio may trade (earlier prices feed the first estimation window). */
  readonly start?: string;
  /** Last date of the backtest. */
  readonly end?: string;
  /** One run per model, over the same dates. */
  readonly models: readonly BacktestModelRequest[];
  /** Default monthly (first trading day). */
  readonly rebalance?: RebalanceSchedule;
  /** Return rows in the estimation window (default 252); 0 for models that need no history. */
  readonly lookback?: number;
  readonly window?: WindowKind;
  readonly minHistory?: number;
  readonly expectedReturns?: ExpectedReturnsSpec;
  readonly riskModel?: RiskModelSpec;
  readonly constraints?: ConstraintsRequest;
  readonly costBps?: number;
  readonly fixedCostPerTrade?: number;
  readonly initialValue?: number;
  readonly cashRate?: number;
  readonly cashFlows?: CashFlowPlan;
  readonly bands?: ToleranceBands;
  readonly onFailure?: FailurePolicy;
  /** A ticker of the price data (in the universe or not) bought and held as the benchmark. */
  readonly benchmark?: string;
  /** A separate benchmark series (a one-column panel, e.g. an index file). */
  readonly benchmarkSeries?: PricePanel;
  /** Add the equal-weight portfolio of the universe as a benchmark (default true). */
  readonly equalWeightBenchmark?: boolean;
  /** Annual, for Sharpe/Sortino and the models that use it (default 0.02). */
  readonly riskFreeRate?: number;
  readonly periodsPerYear?: number;
  /** Keep the drifted weights of every date in the result (memory: dates × assets per run). */
  readonly dailyWeights?: boolean;
  readonly onProgress?: BacktestOptions["onProgress"];
  readonly signal?: BacktestOptions["signal"];
}

function selectPanel(request: BacktestRequest): PricePanel {
  const { prices, start, end } = request;
  for (const [name, value] of [["start", start], ["end", end]] as const) {
    if (value !== undefined && !isIsoDate(value)) throw new InvalidRequestError(`${name} '${value}' is not a YYYY-MM-DD date`, { [name]: value });
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new InvalidRequestError(`start ${start} is after end ${end}`, { start, end });
  }
  if (request.models.length === 0) throw new InvalidRequestError("a backtest needs at least one model", {});
  let panel = selectRequestedTickers(prices, request.tickers);
  // Only the end cuts the panel: rows before `start` are the first estimation window's history.
  if (end !== undefined) panel = sliceDates(panel, undefined, end);
  if (panel.dates.length < 2) {
    throw new EmptySelectionError(`${panel.dates.length} price date(s) up to ${end ?? "the end"}: at least 2 are needed`, { end });
  }
  return panel;
}

/** The benchmark ticker's prices as a series (it need not be in the selected universe). */
function tickerSeries(prices: PricePanel, ticker: string): BenchmarkSpec {
  const column = prices.tickers.indexOf(ticker);
  if (column < 0) throw new UnknownAssetError(ticker, prices.tickers);
  const n = prices.tickers.length;
  const dates: string[] = [];
  const values: number[] = [];
  prices.dates.forEach((date, t) => {
    const p = prices.prices.data[t * n + column];
    if (Number.isFinite(p)) {
      dates.push(date);
      values.push(p);
    }
  });
  return { kind: "series", name: ticker, dates, values };
}

function seriesSpec(panel: PricePanel): BenchmarkSpec {
  if (panel.tickers.length !== 1) {
    throw new InvalidRequestError(`a benchmark series must have one price column, not ${panel.tickers.length}`, {});
  }
  return tickerSeries(panel, panel.tickers[0]);
}

/** Price benchmarks for the engine; the equal-weight one is run apart (`equalWeightRun`). */
function priceBenchmarks(request: BacktestRequest): BenchmarkSpec[] {
  const specs: BenchmarkSpec[] = [];
  if (request.benchmark !== undefined) specs.push(tickerSeries(request.prices, request.benchmark));
  if (request.benchmarkSeries !== undefined) specs.push(seriesSpec(request.benchmarkSeries));
  return specs;
}

/**
 * The equal-weight portfolio of the universe bought on the runs' first date and held, through the same
 * engine with the same costs and cash flows. Run apart from the strategies (not as the engine's own
 * benchmark) because its flows are needed for its time-weighted return; 1/N needs no window, so this
 * pass is cheap beside the strategies'.
 */
function equalWeightRun(options: BacktestOptions, firstDate: string): BacktestRun {
  const { onProgress: _progress, bands: _bands, ...rest } = options;
  const result = compareBacktests(
    { ...rest, start: firstDate, schedule: "never", benchmarks: [], recordDailyWeights: false },
    [equalWeightStrategy("equalWeight")],
  );
  return result.runs[0];
}

/**
 * Runs every model of `request` over the same dates and reports each with its metrics, beside the
 * benchmarks asked for.
 *
 * @throws InvalidRequestError (bad dates, no model, duplicate run names, unknown model), UnknownAssetError
 *   (a ticker, benchmark, weight or budget not in the data), EmptySelectionError, and the engine's
 *   typed errors: InsufficientHistoryError when the window needs more rows than the data has or no
 *   asset is priced at the first rebalance, InvalidInputError for a bad option, CANCELLED on `signal`.
 */
export async function backtestPortfolio(request: BacktestRequest): Promise<BacktestReport> {
  const panel = selectPanel(request);
  const periodsPerYear = request.periodsPerYear ?? inferPeriodsPerYear(panel.dates);
  const strategies = await Promise.all(request.models.map((m) => strategyForModel(m, request, panel)));
  const names = new Set<string>();
  for (const s of strategies) {
    if (names.has(s.name)) throw new InvalidRequestError(`two models are both named '${s.name}': give them distinct names`, { name: s.name });
    names.add(s.name);
  }
  const options: BacktestOptions = {
    prices: panel,
    periodsPerYear,
    schedule: request.rebalance,
    lookback: request.lookback,
    window: request.window,
    minHistory: request.minHistory,
    start: request.start,
    initialValue: request.initialValue,
    costBps: request.costBps,
    fixedCostPerTrade: request.fixedCostPerTrade,
    cashRate: request.cashRate,
    cashFlows: request.cashFlows,
    bands: request.bands,
    onFailure: request.onFailure,
    benchmarks: priceBenchmarks(request),
    recordDailyWeights: request.dailyWeights ?? false,
    onProgress: request.onProgress,
    signal: request.signal,
  };
  const result = compareBacktests(options, strategies);
  const equalWeight = (request.equalWeightBenchmark ?? true) ? equalWeightRun(options, result.dates[0]) : null;
  return backtestReport(result, equalWeight, request.riskFreeRate ?? 0.02);
}
