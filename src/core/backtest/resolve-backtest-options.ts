/**
 * Checks a backtest request and turns it into the engine's settings, with every default filled in.
 * Every message names the offending option and value.
 */
import { InvalidInputError } from "../errors.js";
import { isIsoDate } from "../returns/iso-date.js";
import type { PricePanel } from "../returns/price-panel.js";
import { sliceDates } from "../returns/slice-dates.js";
import type { BacktestOptions, BenchmarkSpec, CancellationSignal, FailurePolicy, WindowKind } from "./backtest-input.js";
import { periodStarts, scheduledRows, type RebalanceSchedule } from "./rebalance-schedule.js";

export interface ResolvedOptions {
  /** The panel cut at `end` (later rows are never read). */
  readonly panel: PricePanel;
  /** First row on or after `start`. */
  readonly startRow: number;
  readonly lastRow: number;
  readonly periodsPerYear: number;
  readonly schedule: RebalanceSchedule;
  readonly lookback: number;
  readonly window: WindowKind;
  readonly minHistory: number | undefined;
  readonly initialValue: number;
  readonly rate: number;
  readonly fixedCost: number;
  readonly cashGrowth: number;
  readonly bands: { readonly absolute: number; readonly relative: number } | null;
  readonly flowAmount: number;
  /** Rows opening a cash-flow period, or null without cash flows. */
  readonly flowRows: Uint8Array | null;
  readonly onFailure: FailurePolicy;
  readonly benchmarks: readonly BenchmarkSpec[];
  readonly recordDailyWeights: boolean;
  readonly onProgress: BacktestOptions["onProgress"];
  readonly signal: CancellationSignal | undefined;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidInputError(`${name} must be a finite number ≥ 0, got ${String(value)}`, { [name]: value });
  }
  return value;
}

/** A whole number of rows ≥ 0 (lookback, minHistory). */
export function checkRowCount(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new InvalidInputError(`${name} must be a whole number of return rows ≥ 0, got ${String(value)}`, { [name]: value });
  }
  return value;
}

function checkBenchmarks(benchmarks: readonly BenchmarkSpec[], panel: PricePanel): void {
  for (const b of benchmarks) {
    if (b.kind === "ticker") {
      if (!panel.tickers.includes(b.ticker)) {
        throw new InvalidInputError(`unknown benchmark ticker ${JSON.stringify(b.ticker)}; the panel has ${panel.tickers.join(", ")}`, {
          ticker: b.ticker,
        });
      }
    } else if (b.kind === "series") {
      if (b.dates.length !== b.values.length) {
        throw new InvalidInputError(`benchmark ${b.name}: ${b.dates.length} dates for ${b.values.length} values`, { name: b.name });
      }
    } else if (b.kind === "equalWeight") {
      if (b.rebalance !== undefined && b.rebalance !== "never" && b.rebalance !== "schedule") {
        throw new InvalidInputError(`equalWeight benchmark: rebalance must be "never" or "schedule", got ${String(b.rebalance)}`);
      }
    } else {
      throw new InvalidInputError(`unknown benchmark kind ${JSON.stringify((b as { kind?: unknown }).kind)}; use ticker, series or equalWeight`);
    }
  }
}

export function resolveBacktestOptions(options: BacktestOptions): ResolvedOptions {
  const { start, end, periodsPerYear } = options;
  for (const [name, value] of [["start", start], ["end", end]] as const) {
    if (value !== undefined && !isIsoDate(value)) {
      throw new InvalidInputError(`${name} ${JSON.stringify(value)} is not a valid YYYY-MM-DD date`, { [name]: value });
    }
  }
  if (start !== undefined && end !== undefined && start > end) {
    throw new InvalidInputError(`start ${start} is after end ${end}`, { start, end });
  }
  if (!(typeof periodsPerYear === "number" && Number.isFinite(periodsPerYear) && periodsPerYear > 0)) {
    throw new InvalidInputError(`periodsPerYear must be a positive number, got ${String(periodsPerYear)}`, { periodsPerYear });
  }
  const panel = end === undefined ? options.prices : sliceDates(options.prices, undefined, end);
  const lastRow = panel.dates.length - 1;
  let startRow = 0;
  if (start !== undefined) while (startRow <= lastRow && panel.dates[startRow] < start) startRow++;
  if (startRow >= lastRow) {
    throw new InvalidInputError(
      `no two trading dates between ${start ?? panel.dates[0] ?? "the start"} and ${end ?? panel.dates[lastRow] ?? "the end"}: a backtest needs at least two`,
      { start, end, dates: panel.dates.length },
    );
  }

  const schedule = options.schedule ?? "monthly";
  scheduledRows(panel.dates.slice(0, 2), schedule, 0); // validates the schedule (k, weekday, on)
  const window = options.window ?? "rolling";
  if (window !== "rolling" && window !== "expanding") {
    throw new InvalidInputError(`window must be "rolling" or "expanding", got ${JSON.stringify(window)}`, { window });
  }
  const lookback = checkRowCount("lookback", options.lookback ?? 252);
  const minHistory = options.minHistory === undefined ? undefined : checkRowCount("minHistory", options.minHistory);

  const initialValue = options.initialValue ?? 1;
  if (!(Number.isFinite(initialValue) && initialValue > 0)) {
    throw new InvalidInputError(`initialValue must be a positive number, got ${String(initialValue)}`, { initialValue });
  }
  const costBps = nonNegative("costBps", options.costBps, 0);
  if (costBps >= 10_000) throw new InvalidInputError(`costBps must be below 10000 (100%), got ${costBps}`, { costBps });
  const cashRate = options.cashRate ?? 0;
  if (!(Number.isFinite(cashRate) && cashRate > -1)) {
    throw new InvalidInputError(`cashRate must be a finite annual rate > −1, got ${String(cashRate)}`, { cashRate });
  }
  let bands: ResolvedOptions["bands"] = null;
  if (options.bands !== undefined) {
    const absolute = nonNegative("bands.absolute", options.bands.absolute, Infinity);
    const relative = nonNegative("bands.relative", options.bands.relative, Infinity);
    if (absolute === Infinity && relative === Infinity) {
      throw new InvalidInputError("bands need an absolute or a relative limit", { bands: options.bands });
    }
    bands = { absolute, relative };
  }
  let flowRows: Uint8Array | null = null;
  const flowAmount = options.cashFlows?.amount ?? 0;
  if (options.cashFlows !== undefined) {
    const { frequency } = options.cashFlows;
    if (!Number.isFinite(flowAmount)) throw new InvalidInputError(`cash flow amount must be finite, got ${String(flowAmount)}`);
    if (frequency !== "monthly" && frequency !== "quarterly" && frequency !== "yearly") {
      throw new InvalidInputError(`cash flow frequency must be monthly, quarterly or yearly, got ${JSON.stringify(frequency)}`, { frequency });
    }
    flowRows = periodStarts(panel.dates, frequency === "monthly" ? "month" : frequency === "quarterly" ? "quarter" : "year");
  }
  const onFailure = options.onFailure ?? "hold";
  if (onFailure !== "hold" && onFailure !== "equalWeight") {
    throw new InvalidInputError(`onFailure must be "hold" or "equalWeight", got ${JSON.stringify(onFailure)}`, { onFailure });
  }
  const benchmarks = options.benchmarks ?? [];
  checkBenchmarks(benchmarks, panel);

  return {
    panel,
    startRow,
    lastRow,
    periodsPerYear,
    schedule,
    lookback,
    window,
    minHistory,
    initialValue,
    rate: costBps / 10_000,
    fixedCost: nonNegative("fixedCostPerTrade", options.fixedCostPerTrade, 0),
    cashGrowth: Math.pow(1 + cashRate, 1 / periodsPerYear),
    bands,
    flowAmount,
    flowRows,
    onFailure,
    benchmarks,
    recordDailyWeights: options.recordDailyWeights === true,
    onProgress: options.onProgress,
    signal: options.signal,
  };
}
