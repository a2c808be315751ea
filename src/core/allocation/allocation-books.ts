/**
 * The books a discrete allocation fills, as PyPortfolioOpt's `DiscreteAllocation` splits them: a
 * long-only target is one book worth the total value V, with the weights as given. A target with
 * shorts becomes two long-only books: the long weights scaled to sum to 1, worth V (plus the short
 * proceeds s·V when they are reinvested), and the short weights (as positive numbers) scaled to sum
 * to 1, worth s·V, where s is the short ratio (0.3 for a 130/30 portfolio). Within a book, assets are
 * in descending target weight (stable for ties), the order the greedy pass visits them.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../errors.js";

export interface AllocationBook {
  /** +1: shares are bought; −1: shares are sold short (reported as negative shares). */
  readonly side: 1 | -1;
  /** Asset indices, by descending book weight. */
  readonly assets: readonly number[];
  /** Book weight of each of `assets` (same order), ≥ 0. */
  readonly weights: Float64Array;
  /** Money the book invests. */
  readonly budget: number;
}

export interface BookOptions {
  readonly shortRatio?: number;
  readonly reinvest?: boolean;
}

/** Checks the target weights: finite, one per asset, at least one positive. */
export function checkTargetWeights(weights: ArrayLike<number>, nAssets: number): Float64Array {
  if (weights.length !== nAssets) throw new ShapeMismatchError(`${weights.length} weights for ${nAssets} assets`, { weights: weights.length, assets: nAssets });
  const w = Float64Array.from(weights);
  w.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new NonFiniteValueError(`target weight of asset ${i} is ${v}`, { asset: i, value: v });
  });
  if (!w.some((v) => v > 0)) throw new InvalidInputError("the target weights hold no long position: there is nothing to buy", {});
  return w;
}

function byDescendingWeight(entries: { asset: number; weight: number }[]): { asset: number; weight: number }[] {
  // Array.prototype.sort is stable, like Python's sort(reverse=True): ties keep their input order.
  return entries.sort((a, b) => b.weight - a.weight);
}

function book(side: 1 | -1, entries: { asset: number; weight: number }[], budget: number, normalise: boolean): AllocationBook {
  let total = 0;
  for (const e of entries) total += e.weight;
  const scaled = entries.map((e) => ({ asset: e.asset, weight: normalise ? e.weight / total : e.weight }));
  const sorted = byDescendingWeight(scaled);
  return { side, assets: sorted.map((e) => e.asset), weights: Float64Array.from(sorted, (e) => e.weight), budget };
}

/**
 * Splits checked target weights into books worth `totalValue` (see the file comment).
 *
 * @param options.shortRatio - s ≥ 0; default the gross short weight Σ|wᵢ<0| (PyPortfolioOpt's default).
 * @param options.reinvest - add the short proceeds to the long book (default false).
 */
export function allocationBooks(weights: Float64Array, totalValue: number, options: BookOptions = {}): AllocationBook[] {
  const entries = byDescendingWeight(Array.from(weights, (weight, asset) => ({ asset, weight })));
  const hasShorts = entries[entries.length - 1].weight < 0;
  if (!hasShorts) return [book(1, entries, totalValue, false)];
  const shortRatio = options.shortRatio ?? entries.reduce((s, e) => (e.weight < 0 ? s - e.weight : s), 0);
  if (!(Number.isFinite(shortRatio) && shortRatio >= 0)) {
    throw new InvalidInputError(`short ratio is ${shortRatio}; it must be a number ≥ 0`, { shortRatio });
  }
  const shortValue = totalValue * shortRatio;
  const longValue = options.reinvest === true ? totalValue + shortValue : totalValue;
  const longs = entries.filter((e) => e.weight >= 0);
  const shorts = entries.filter((e) => e.weight < 0).map((e) => ({ asset: e.asset, weight: -e.weight }));
  return [book(1, longs, longValue, true), book(-1, shorts, shortValue, true)];
}
