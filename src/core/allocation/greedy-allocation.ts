/**
 * Whole shares by greedy rounding, PyPortfolioOpt's `DiscreteAllocation.greedy_portfolio` (v1.5.6),
 * extended to lots and fractional shares. For each book (see `allocation-books.ts`):
 *  1. in descending target weight, buy ⌊wₖ·B / (pₖ·lotₖ)⌋ lots (fractional assets get wₖ·B/pₖ shares);
 *  2. then repeatedly buy one lot of the asset whose value share lags its target the most
 *     (deficit = wₖ − valueₖ / Σ value), skipping assets the remaining cash cannot pay for (at most 10
 *     skips, PyPortfolioOpt's limit), until no asset lags or nothing affordable is left.
 * Fractional assets are exactly on target after step 1 and take no part in step 2. Where PyPortfolioOpt
 * divides 0 by 0 (nothing bought in step 1) we take every current value share as 0, which visits
 * the assets in the same order.
 */
import { assembleAllocation, checkAllocationInputs, type BookFill, type DiscreteAllocation, type DiscreteAllocationInputs } from "./discrete-allocation.js";
import type { AllocationBook } from "./allocation-books.js";

/** PyPortfolioOpt's cap on unaffordable assets skipped in one step of the second round. */
const MAX_SKIPS = 10;

function argmax(values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

function greedyBook(book: AllocationBook, prices: Float64Array, lotSizes: Float64Array, fractional: Uint8Array): BookFill {
  const m = book.assets.length;
  const budget = book.budget;
  const lots = new Float64Array(m);
  const shares = new Float64Array(m);
  const unitCost = Float64Array.from(book.assets, (asset) => prices[asset] * lotSizes[asset]);
  const isFractional = Uint8Array.from(book.assets, (asset) => fractional[asset]);
  let available = budget;

  // Round 1: the lots the target pays for in full, rounded down, so the cash cannot run out here.
  for (let k = 0; k < m; k++) {
    const asset = book.assets[k];
    if (isFractional[k] === 1) {
      shares[k] = (book.weights[k] * budget) / prices[asset];
      available -= book.weights[k] * budget;
      continue;
    }
    lots[k] = Math.trunc((book.weights[k] * budget) / unitCost[k]);
    available -= lots[k] * unitCost[k];
  }

  // Round 2: one lot at a time to the asset furthest below its target value share.
  const deficit = new Float64Array(m);
  while (available > 0) {
    let invested = 0;
    for (let k = 0; k < m; k++) invested += isFractional[k] === 1 ? shares[k] * prices[book.assets[k]] : lots[k] * unitCost[k];
    for (let k = 0; k < m; k++) {
      if (isFractional[k] === 1) {
        deficit[k] = -Infinity;
        continue;
      }
      const current = invested > 0 ? (lots[k] * unitCost[k]) / invested : 0;
      deficit[k] = book.weights[k] - current;
    }
    let idx = argmax(deficit);
    let price = unitCost[idx];
    let skips = 0;
    while (price > available) {
      deficit[idx] = 0;
      idx = argmax(deficit);
      if (deficit[idx] < 0 || skips === MAX_SKIPS) break;
      price = unitCost[idx];
      skips++;
    }
    if (deficit[idx] <= 0 || skips === MAX_SKIPS) break;
    lots[idx] += 1;
    available -= price;
  }
  for (let k = 0; k < m; k++) if (isFractional[k] === 0) shares[k] = lots[k] * lotSizes[book.assets[k]];
  return { shares, leftover: available };
}

/**
 * Whole-share allocation by greedy rounding (PyPortfolioOpt's `greedy_portfolio`).
 *
 * @param inputs - target `weights` (negative = short), latest `prices`, `totalValue`; optional
 *   `shortRatio`, `reinvest`, `lotSizes`, `fractional` (see `DiscreteAllocationInputs`).
 * @returns `{ method: "greedy", shares, leftover, budget, weights, rmse, objective }`.
 * @throws InsufficientFundsError when the value cannot buy one share of the cheapest targeted asset;
 *   InvalidInputError / NonFiniteValueError naming the asset for a bad price or weight.
 * @example greedyAllocation({ weights: [0.6, 0.4], prices: [120, 45], totalValue: 10000 }).shares
 */
export function greedyAllocation(inputs: DiscreteAllocationInputs): DiscreteAllocation {
  const checked = checkAllocationInputs(inputs);
  const fills = checked.books.map((book) => greedyBook(book, checked.prices, checked.lotSizes, checked.fractional));
  return assembleAllocation("greedy", checked, fills);
}
