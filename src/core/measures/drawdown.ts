/**
 * Drawdowns of a value series (an equity curve, an index level, a price): how far the series stands
 * below its running high. Drawdowns are positive fractions, `D_t = 1 − V_t / max_{s≤t} V_s`, the
 * definition of the reference backtest metrics (`metric_definitions.max_drawdown`), so 0.25 means a
 * quarter of the peak value is lost. A series back at (or above) its previous high has recovered:
 * reaching the old high exactly ends a drawdown.
 */
import { InvalidInputError, NonFiniteValueError } from "../errors.js";

/** The deepest drawdown of a series and where it happened. */
export interface MaxDrawdown {
  /** `max_t D_t`, a fraction in [0, 1); 0 when the series never falls below a previous high. */
  readonly maxDrawdown: number;
  /**
   * Index of the high the deepest drawdown is measured from: the first index at which the running
   * maximum took its value. `null` when there is no drawdown.
   */
  readonly peakIndex: number | null;
  /** Index of the lowest point of the deepest drawdown (its first occurrence); `null` when there is none. */
  readonly troughIndex: number | null;
  /** First index after the trough whose value is back at or above the peak; `null` if never recovered. */
  readonly recoveryIndex: number | null;
}

/** The drawdown episode that lasted longest, from its high to its recovery (or to the series' end). */
export interface LongestDrawdown {
  /** Periods from the high to the recovery, or to the last index when the drawdown is still open; 0 if none. */
  readonly periods: number;
  /** Index of the high the episode starts from; `null` when the series never falls. */
  readonly peakIndex: number | null;
  /** Index at which the value is back at the high; `null` when still in drawdown at the end (or none). */
  readonly recoveryIndex: number | null;
}

function checkValues(values: ArrayLike<number>): void {
  if (values.length === 0) throw new InvalidInputError("drawdown of an empty value series", {});
  for (let t = 0; t < values.length; t++) {
    const v = values[t];
    if (!Number.isFinite(v)) throw new NonFiniteValueError(`value ${t} is ${v}`, { row: t, value: v });
    if (!(v > 0)) throw new InvalidInputError(`value ${t} is ${v}; drawdowns need positive values`, { row: t, value: v });
  }
}

/**
 * The drawdown at every index, `1 − V_t / max_{s≤t} V_s`.
 *
 * @param values - a value series, finite and > 0, one per period, oldest first.
 * @returns a new array of the same length, each entry in [0, 1); `D_0 = 0`.
 * @throws NonFiniteValueError (NaN/±∞), InvalidInputError (empty, or a value ≤ 0).
 * @example drawdownSeries([1, 2, 1.5, 3]) // [0, 0, 0.25, 0]
 */
export function drawdownSeries(values: ArrayLike<number>): Float64Array {
  checkValues(values);
  const out = new Float64Array(values.length);
  let high = values[0];
  for (let t = 0; t < values.length; t++) {
    if (values[t] > high) high = values[t];
    out[t] = 1 - values[t] / high;
  }
  return out;
}

/**
 * The maximum drawdown with its peak, trough and recovery indices. Ties resolve to the earliest index:
 * the peak is where the running high was first reached, the trough the first index with the deepest
 * drawdown (as pandas' `idxmax` resolves them).
 *
 * @param values - a value series, finite and > 0, oldest first.
 * @throws NonFiniteValueError, InvalidInputError (as `drawdownSeries`).
 * @example maxDrawdown([1, 2, 1.5, 1, 2.5]) // { maxDrawdown: 0.5, peakIndex: 1, troughIndex: 3, recoveryIndex: 4 }
 */
export function maxDrawdown(values: ArrayLike<number>): MaxDrawdown {
  checkValues(values);
  let high = values[0];
  let highIndex = 0;
  let deepest = 0;
  let peakIndex: number | null = null;
  let troughIndex: number | null = null;
  for (let t = 1; t < values.length; t++) {
    if (values[t] > high) {
      high = values[t];
      highIndex = t;
      continue;
    }
    const drawdown = 1 - values[t] / high;
    if (drawdown > deepest) {
      deepest = drawdown;
      peakIndex = highIndex;
      troughIndex = t;
    }
  }
  let recoveryIndex: number | null = null;
  if (peakIndex !== null && troughIndex !== null) {
    const peakValue = values[peakIndex];
    for (let t = troughIndex + 1; t < values.length; t++) {
      if (values[t] >= peakValue) {
        recoveryIndex = t;
        break;
      }
    }
  }
  return { maxDrawdown: deepest, peakIndex, troughIndex, recoveryIndex };
}

/**
 * The longest drawdown episode, measured in periods from the high to the first index back at or above
 * it. An episode still open at the end counts up to the last index. Ties keep the earlier episode.
 *
 * @param values - a value series, finite and > 0, oldest first.
 * @example longestDrawdown([1, 0.9, 1, 0.8, 0.9, 0.95]) // { periods: 3, peakIndex: 2, recoveryIndex: null }
 */
export function longestDrawdown(values: ArrayLike<number>): LongestDrawdown {
  checkValues(values);
  const last = values.length - 1;
  let best: LongestDrawdown = { periods: 0, peakIndex: null, recoveryIndex: null };
  let highIndex = 0;
  for (let t = 1; t <= last; t++) {
    if (values[t] < values[highIndex]) {
      // Still below the high: the episode is judged when it ends (recovery) or at the last index.
      if (t === last && t - highIndex > best.periods) best = { periods: t - highIndex, peakIndex: highIndex, recoveryIndex: null };
      continue;
    }
    if (t - 1 > highIndex && t - highIndex > best.periods) {
      best = { periods: t - highIndex, peakIndex: highIndex, recoveryIndex: t };
    }
    highIndex = t;
  }
  return best;
}

/**
 * The Ulcer index, `√(mean_t D_t²)` over every index of the series (Martin and McCann, 1989, "The
 * Investor's Guide to Fidelity Funds"), here as a fraction and against the running high since the
 * start rather than a 14-period lookback, so it summarises a whole backtest: both depth and duration
 * of drawdowns raise it.
 *
 * @param values - a value series, finite and > 0, oldest first.
 * @example ulcerIndex([1, 2, 1]) // √(0.25 / 3)
 */
export function ulcerIndex(values: ArrayLike<number>): number {
  const drawdowns = drawdownSeries(values);
  let sumSquares = 0;
  for (let t = 0; t < drawdowns.length; t++) sumSquares += drawdowns[t] * drawdowns[t];
  return Math.sqrt(sumSquares / drawdowns.length);
}
