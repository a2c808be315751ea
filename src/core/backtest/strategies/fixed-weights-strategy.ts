/**
 * Constant target weights (a 60/40 mix, weights from a file), by panel column. An asset that is not
 * eligible at a date keeps its weight in cash: the remaining weights are not scaled up, so the
 * portfolio never holds more of an asset than the caller asked for.
 */
import { InvalidInputError } from "../../errors.js";
import type { BacktestStrategy } from "../backtest-strategy.js";

/** Weights by panel column index: an array (one per column) or a sparse record `{ 0: 0.6, 3: 0.4 }`. */
export type FixedWeights = readonly number[] | Readonly<Record<number, number>>;

function weightEntries(weights: FixedWeights): [number, number][] {
  const entries: [number, number][] = Array.isArray(weights)
    ? (weights as readonly number[]).map((w, j) => [j, w])
    : Object.entries(weights).map(([key, w]) => [Number(key), w as number]);
  let sum = 0;
  for (const [column, w] of entries) {
    if (!Number.isInteger(column) || column < 0) {
      throw new InvalidInputError(`fixed weights: ${column} is not a column index`, { column });
    }
    if (typeof w !== "number" || !Number.isFinite(w)) {
      throw new InvalidInputError(`fixed weights: the weight of column ${column} is ${String(w)}`, { column, weight: w });
    }
    sum += w;
  }
  if (sum > 1 + 1e-9) throw new InvalidInputError(`fixed weights sum to ${sum} > 1`, { sum });
  return entries;
}

/**
 * @param weights - target weight per panel column (sum ≤ 1; the rest is cash; negative = short).
 * @throws InvalidInputError for a bad column index, a non-finite weight or a sum above 1.
 * @example fixedWeightsStrategy({ 0: 0.6, 1: 0.4 })
 */
export function fixedWeightsStrategy(weights: FixedWeights, name = "fixedWeights"): BacktestStrategy {
  const byColumn = new Map(weightEntries(weights));
  const strategy: BacktestStrategy = {
    name,
    lookback: 0,
    allocate: (ctx) => Float64Array.from(ctx.assets, (j) => byColumn.get(j) ?? 0),
  };
  return Object.freeze(strategy);
}
