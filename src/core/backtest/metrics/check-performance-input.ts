/**
 * Validation of a performance report's input, so every metric downstream can assume positive finite
 * values on strictly ascending real dates and never produces NaN. Each error names the offending
 * row, date and value.
 */
import {
  DuplicateDateError,
  InsufficientHistoryError,
  InvalidInputError,
  NonFiniteValueError,
  ShapeMismatchError,
} from "../../errors.js";
import { isIsoDate } from "../../returns/iso-date.js";
import type { PerformanceReportInput } from "./performance-report.js";

/** The input with defaults applied and series copied, ready for the metric functions. */
export interface CheckedPerformanceInput {
  readonly dates: readonly string[];
  readonly values: Float64Array;
  /** `V_t / V_{t−1} − 1`, n = values − 1 of them. */
  readonly returns: Float64Array;
  readonly benchmarkValues: Float64Array | null;
  readonly benchmarkReturns: Float64Array | null;
  readonly periodsPerYear: number;
  readonly riskFreeRate: number;
  readonly confidence: number;
  readonly rollingWindow: number;
  readonly turnover: readonly number[] | null;
  readonly totalCosts: number | null;
}

function checkSeries(name: string, series: ArrayLike<number>, dates: readonly string[]): Float64Array {
  if (series.length !== dates.length) {
    throw new ShapeMismatchError(`${series.length} ${name} for ${dates.length} dates`, { [name]: series.length, dates: dates.length });
  }
  const out = Float64Array.from(series);
  for (let t = 0; t < out.length; t++) {
    const v = out[t];
    if (!Number.isFinite(v)) {
      throw new NonFiniteValueError(`${name} on ${dates[t]} (row ${t}) is ${v}`, { series: name, row: t, date: dates[t], value: v });
    }
    if (!(v > 0)) {
      throw new InvalidInputError(`${name} on ${dates[t]} (row ${t}) is ${v}; values must be positive`, {
        series: name,
        row: t,
        date: dates[t],
        value: v,
      });
    }
  }
  // Every ratio the metrics take (total, monthly, yearly growth, drawdowns) is at most max/min.
  let low = out[0];
  let high = out[0];
  for (const v of out) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  if (!Number.isFinite(high / low)) {
    throw new NonFiniteValueError(`${name} range from ${low} to ${high}, a ratio beyond the double range`, { series: name, low, high });
  }
  return out;
}

function checkDates(dates: readonly string[]): void {
  for (let t = 0; t < dates.length; t++) {
    if (!isIsoDate(dates[t])) {
      throw new InvalidInputError(`date ${JSON.stringify(dates[t])} (row ${t}) is not a calendar date YYYY-MM-DD`, { row: t, date: dates[t] });
    }
    if (t === 0) continue;
    if (dates[t] === dates[t - 1]) throw new DuplicateDateError(`date ${dates[t]} appears twice (rows ${t - 1} and ${t})`, { row: t, date: dates[t] });
    if (dates[t] < dates[t - 1]) {
      throw new InvalidInputError(`dates must ascend: ${dates[t]} (row ${t}) follows ${dates[t - 1]}`, {
        row: t,
        date: dates[t],
        previous: dates[t - 1],
      });
    }
  }
}

/**
 * The largest one-period return the metrics accept, in absolute value. Kurtosis sums fourth powers of
 * returns, and n·(1e50)⁴ stays far inside the double range; a real series never comes near (1e50 is a
 * gain of 10⁵² %), so only corrupt data (a value of 1e-300 next to 1) is refused.
 */
const MAX_ABSOLUTE_RETURN = 1e50;
/** Bounds on P and rf that keep `rf / P` and `mean · P` representable; any real sampling (yearly to sub-second bars) fits. */
const PERIODS_PER_YEAR_RANGE = [1e-3, 1e8] as const;
const MAX_ABSOLUTE_RISK_FREE_RATE = 1e3;

/** Simple returns `V_t / V_{t−1} − 1` of checked values, refusing returns too large to summarise. */
function checkedReturns(name: string, values: Float64Array, dates: readonly string[]): Float64Array {
  const out = new Float64Array(values.length - 1);
  for (let t = 1; t < values.length; t++) {
    const r = values[t] / values[t - 1] - 1;
    if (!(Math.abs(r) <= MAX_ABSOLUTE_RETURN)) {
      throw new NonFiniteValueError(`${name}: the return on ${dates[t]} (row ${t}), ${values[t - 1]} → ${values[t]}, is too large to summarise`, {
        series: name,
        row: t,
        date: dates[t],
        value: values[t],
        previous: values[t - 1],
      });
    }
    out[t - 1] = r;
  }
  return out;
}

function finiteOption(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new InvalidInputError(`${name} ${value} is not a finite number`, { [name]: value });
  return value;
}

/**
 * Checks and normalises the input of `performanceReport`.
 *
 * @throws InsufficientHistoryError (fewer than two values: no return), ShapeMismatchError (values,
 *   dates or benchmark of different lengths), NonFiniteValueError (also for values spanning
 *   more than the double range or a return too large to summarise), InvalidInputError (a value ≤ 0,
 *   a malformed or descending date, an option out of range), DuplicateDateError.
 */
export function checkPerformanceInput(input: PerformanceReportInput): CheckedPerformanceInput {
  const periodsPerYear = finiteOption("periodsPerYear", input.periodsPerYear);
  if (!(periodsPerYear >= PERIODS_PER_YEAR_RANGE[0] && periodsPerYear <= PERIODS_PER_YEAR_RANGE[1])) {
    throw new InvalidInputError(`periodsPerYear ${periodsPerYear} must lie in [${PERIODS_PER_YEAR_RANGE.join(", ")}] (252 for daily data)`, {
      periodsPerYear,
    });
  }
  if (input.values.length < 2) {
    throw new InsufficientHistoryError(`a performance report needs at least two values (one return); got ${input.values.length}`, {
      values: input.values.length,
    });
  }
  const dates = input.dates;
  if (dates.length !== input.values.length) {
    throw new ShapeMismatchError(`${input.values.length} values for ${dates.length} dates`, { values: input.values.length, dates: dates.length });
  }
  checkDates(dates);
  const values = checkSeries("values", input.values, dates);
  const benchmarkValues = input.benchmarkValues === undefined ? null : checkSeries("benchmarkValues", input.benchmarkValues, dates);

  const riskFreeRate = finiteOption("riskFreeRate", input.riskFreeRate ?? 0.02);
  if (Math.abs(riskFreeRate) > MAX_ABSOLUTE_RISK_FREE_RATE) {
    throw new InvalidInputError(`riskFreeRate ${riskFreeRate} is an annual decimal rate (0.02 = 2 %); |rate| must not exceed ${MAX_ABSOLUTE_RISK_FREE_RATE}`, {
      riskFreeRate,
    });
  }
  const confidence = finiteOption("confidence", input.confidence ?? 0.95);
  if (!(confidence > 0 && confidence < 1)) throw new InvalidInputError(`confidence ${confidence} must lie strictly between 0 and 1`, { confidence });
  const rollingWindow = input.rollingWindow ?? Math.max(2, Math.round(periodsPerYear));
  if (!Number.isInteger(rollingWindow) || rollingWindow < 2) {
    throw new InvalidInputError(`rollingWindow ${rollingWindow} must be a whole number of periods ≥ 2`, { rollingWindow });
  }
  const turnover = input.turnover === undefined ? null : [...input.turnover];
  turnover?.forEach((x, i) => {
    if (!(Number.isFinite(x) && x >= 0)) throw new InvalidInputError(`turnover ${i} is ${x}; turnover must be finite and ≥ 0`, { rebalance: i, turnover: x });
  });
  const totalCosts = input.totalCosts === undefined ? null : finiteOption("totalCosts", input.totalCosts);
  const returns = checkedReturns("values", values, dates);
  const benchmarkReturns = benchmarkValues === null ? null : checkedReturns("benchmarkValues", benchmarkValues, dates);
  return { dates, values, returns, benchmarkValues, benchmarkReturns, periodsPerYear, riskFreeRate, confidence, rollingWindow, turnover, totalCosts };
}
