/**
 * The performance report of an equity curve: summary metrics (`PerformanceMetrics`) and the series a
 * dashboard charts (equity, drawdown, rolling volatility and Sharpe, calendar returns). Definitions
 * follow the reference backtest (`../shared/reference/expected/backtest.json`, `metric_definitions`),
 * which computes them as pandas/numpy would; results are JSON-ready (dated pairs, `null` for undefined).
 */
import { historicalTailRisk } from "../../measures/tail-risk.js";
import { drawdownSeries, longestDrawdown, maxDrawdown, ulcerIndex } from "../../measures/drawdown.js";
import { isoDayNumber } from "../../returns/iso-date.js";
import { benchmarkRelativeMetrics } from "./benchmark-relative-metrics.js";
import { calendarReturns, type CalendarReturn, type MonthlyReturnsRow } from "./calendar-returns.js";
import { checkPerformanceInput } from "./check-performance-input.js";
import type { PerformanceMetrics } from "./performance-metrics.js";
import { rollingRatios } from "./rolling-ratios.js";
import { excessKurtosis, mean, sampleStd, sharpeRatio, skewness, sortinoRatio } from "./return-statistics.js";

export interface PerformanceReportInput {
  /** ISO `YYYY-MM-DD`, strictly ascending, one per value. */
  readonly dates: readonly string[];
  /** The equity curve, finite and > 0, at least two values. */
  readonly values: ArrayLike<number>;
  /** P: 252 for daily data, 52 weekly, 12 monthly. */
  readonly periodsPerYear: number;
  /** Annual risk-free rate (default 0.02); per period `riskFreeRate / P`. */
  readonly riskFreeRate?: number;
  /** A benchmark's values on the same dates (any starting level). */
  readonly benchmarkValues?: ArrayLike<number>;
  /** Turnover of each rebalance (e.g. Σ|Δw|), as the engine measured it. */
  readonly turnover?: readonly number[];
  /** Total trading costs paid, as the engine measured them. */
  readonly totalCosts?: number;
  /** Level of historical VaR and CVaR (default 0.95). */
  readonly confidence?: number;
  /** Returns per rolling window (default P rounded, one year). */
  readonly rollingWindow?: number;
}

/** `[date, value]`: compact in JSON, `"equity":[["2020-01-02",1],…]`. */
export type DatedValue = readonly [string, number];
export type DatedOptionalValue = readonly [string, number | null];

export interface PerformanceSeries {
  /** The input values, one per date. */
  readonly equity: readonly DatedValue[];
  /** `1 − V_t / max_{s≤t} V_s` per date (positive fractions). */
  readonly drawdown: readonly DatedValue[];
  /** Returns per rolling window. */
  readonly rollingWindow: number;
  /** Annualised volatility over the trailing window ending at each date; `null` until it fills. */
  readonly rollingVolatility: readonly DatedOptionalValue[];
  /** Sharpe ratio over the trailing window; `null` until it fills or with no dispersion. */
  readonly rollingSharpe: readonly DatedOptionalValue[];
  /** Calendar-month returns, oldest first, first/last flagged `partial` when not fully covered. */
  readonly monthlyReturns: readonly CalendarReturn[];
  /** The same months as a year × month table (January first, `null` where not covered). */
  readonly monthlyReturnsTable: readonly MonthlyReturnsRow[];
  /** Calendar-year returns, first/last flagged `partial` when not fully covered. */
  readonly yearlyReturns: readonly CalendarReturn[];
}

export interface PerformanceReport {
  readonly metrics: PerformanceMetrics;
  readonly series: PerformanceSeries;
}

/** The best and worst items by `valueOf`, the first one on ties. */
function extremes<T>(items: readonly T[], valueOf: (item: T) => number): { best: T; worst: T } {
  let best = items[0];
  let worst = items[0];
  for (const item of items) {
    if (valueOf(item) > valueOf(best)) best = item;
    if (valueOf(item) < valueOf(worst)) worst = item;
  }
  return { best, worst };
}

function shareAbove0(x: ArrayLike<number>): number {
  let wins = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > 0) wins++;
  return wins / x.length;
}

const dateAt = (dates: readonly string[], index: number | null): string | null => (index === null ? null : dates[index]);

function dated(dates: readonly string[], values: ArrayLike<number>): DatedValue[] {
  return dates.map((date, t) => [date, values[t]] as const);
}

/** Per-return entries placed on the date each return ends; the first date has none. */
function datedByReturn(dates: readonly string[], perReturn: readonly (number | null)[]): DatedOptionalValue[] {
  return dates.map((date, t) => [date, t === 0 ? null : perReturn[t - 1]] as const);
}

/**
 * Metrics and series of an equity curve, optionally against a benchmark.
 *
 * @param input - dates and values (see `PerformanceReportInput`); rf 0.02, VaR level 0.95 and a
 *   one-year rolling window unless given.
 * @returns `{ metrics, series }`, every number finite, `null` where a metric is undefined.
 * @throws InsufficientHistoryError (fewer than two values), ShapeMismatchError (dates, values or
 *   benchmark lengths differ), NonFiniteValueError, InvalidInputError (value ≤ 0, dates not ascending,
 *   bad option), DuplicateDateError.
 * @example
 * const { metrics, series } = performanceReport({ dates, values: equity, periodsPerYear: 252 });
 * metrics.sharpe; series.drawdown[0] // ["2014-09-19", 0]
 */
export function performanceReport(input: PerformanceReportInput): PerformanceReport {
  const checked = checkPerformanceInput(input);
  const { dates, values, returns, periodsPerYear: P, riskFreeRate } = checked;
  const n = returns.length;
  const growth = values[n] / values[0];

  const deepest = maxDrawdown(values);
  const longest = longestDrawdown(values);
  const longestEnd = longest.peakIndex === null ? null : (longest.recoveryIndex ?? n);
  // A large gain over a few periods annualises beyond the double range (20× in one day → 20^252).
  const annualGrowth = growth ** (P / n);
  const cagr = Number.isFinite(annualGrowth) ? annualGrowth - 1 : null;
  // A drawdown can be as shallow as one rounding (1e-16): an enormous CAGR over it overflows too.
  const calmarRatio = cagr !== null && deepest.maxDrawdown > 0 ? cagr / deepest.maxDrawdown : null;
  const calmar = calmarRatio !== null && Number.isFinite(calmarRatio) ? calmarRatio : null;
  const std = sampleStd(returns);
  const tail = historicalTailRisk(returns, checked.confidence);
  const calendar = calendarReturns(dates, values);
  const days = extremes(Array.from(returns.keys()), (t) => returns[t]);
  const months = extremes(calendar.monthly, (m) => m.return);
  const relative =
    checked.benchmarkReturns === null ? null : benchmarkRelativeMetrics(returns, checked.benchmarkReturns, P, riskFreeRate);
  const rolling = rollingRatios(returns, checked.rollingWindow, P, riskFreeRate);

  const metrics: PerformanceMetrics = {
    startDate: dates[0],
    endDate: dates[n],
    periods: n,
    startValue: values[0],
    finalValue: values[n],
    totalReturn: growth - 1,
    cagr,
    annualisedMeanReturn: mean(returns) * P,
    volatility: std === null ? null : std * Math.sqrt(P),
    sharpe: sharpeRatio(returns, P, riskFreeRate),
    sortino: sortinoRatio(returns, P, riskFreeRate),
    calmar,
    maxDrawdown: deepest.maxDrawdown,
    maxDrawdownPeakDate: dateAt(dates, deepest.peakIndex),
    maxDrawdownTroughDate: dateAt(dates, deepest.troughIndex),
    maxDrawdownRecoveryDate: dateAt(dates, deepest.recoveryIndex),
    longestDrawdownPeriods: longest.periods,
    longestDrawdownCalendarDays:
      longest.peakIndex === null || longestEnd === null ? 0 : isoDayNumber(dates[longestEnd]) - isoDayNumber(dates[longest.peakIndex]),
    longestDrawdownStartDate: dateAt(dates, longest.peakIndex),
    longestDrawdownRecoveryDate: dateAt(dates, longest.recoveryIndex),
    ulcerIndex: ulcerIndex(values),
    winRate: shareAbove0(returns),
    monthlyWinRate: shareAbove0(calendar.monthly.map((m) => m.return)),
    bestDay: returns[days.best],
    bestDayDate: dates[days.best + 1],
    worstDay: returns[days.worst],
    worstDayDate: dates[days.worst + 1],
    bestMonth: months.best.return,
    bestMonthPeriod: months.best.period,
    worstMonth: months.worst.return,
    worstMonthPeriod: months.worst.period,
    tailConfidence: checked.confidence,
    valueAtRisk: tail.valueAtRisk,
    conditionalValueAtRisk: tail.conditionalValueAtRisk,
    skew: skewness(returns),
    kurtosis: excessKurtosis(returns),
    averageTurnover: checked.turnover === null || checked.turnover.length === 0 ? null : mean(checked.turnover),
    totalCosts: checked.totalCosts,
    beta: relative?.beta ?? null,
    alpha: relative?.alpha ?? null,
    trackingError: relative?.trackingError ?? null,
    informationRatio: relative?.informationRatio ?? null,
    upCapture: relative?.upCapture ?? null,
    downCapture: relative?.downCapture ?? null,
  };
  return {
    metrics,
    series: {
      equity: dated(dates, values),
      drawdown: dated(dates, drawdownSeries(values)),
      rollingWindow: checked.rollingWindow,
      rollingVolatility: datedByReturn(dates, rolling.volatility),
      rollingSharpe: datedByReturn(dates, rolling.sharpe),
      monthlyReturns: calendar.monthly,
      monthlyReturnsTable: calendar.monthlyTable,
      yearlyReturns: calendar.yearly,
    },
  };
}
