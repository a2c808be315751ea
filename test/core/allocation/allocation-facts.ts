/**
 * The discrete-allocation facts of pypfopt_expected.json as index-based inputs: weights and latest
 * prices in one ticker order (the order of the fact's `weights` object, the CSV's column order).
 */
import type { DiscreteAllocationInputs } from "../../../src/core/allocation/index.js";
import { pypfoptFact } from "../../support/reference.js";

export interface AllocationFact {
  readonly tickers: readonly string[];
  readonly inputs: DiscreteAllocationInputs;
  readonly value: { allocation: Record<string, number>; leftover: number; objective?: number };
}

interface FactInputs {
  weights: Record<string, number>;
  latest_prices: Record<string, number>;
  total_portfolio_value: number;
  short_ratio: number;
  reinvest: boolean;
}

export function allocationFact(id: string): AllocationFact {
  const fact = pypfoptFact(id);
  const raw = fact.inputs as unknown as FactInputs;
  const tickers = Object.keys(raw.weights);
  return {
    tickers,
    inputs: {
      weights: tickers.map((t) => raw.weights[t]),
      prices: tickers.map((t) => raw.latest_prices[t]),
      totalValue: raw.total_portfolio_value,
      shortRatio: raw.short_ratio,
      reinvest: raw.reinvest,
    },
    value: fact.value as AllocationFact["value"],
  };
}

/** Non-zero shares keyed by ticker, as PyPortfolioOpt reports an allocation. */
export function sharesByTicker(shares: Float64Array, tickers: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  tickers.forEach((t, i) => {
    if (shares[i] !== 0) out[t] = shares[i];
  });
  return out;
}

/** Σ|sharesᵢ|·priceᵢ. */
export function grossValue(shares: Float64Array, prices: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < shares.length; i++) s += Math.abs(shares[i]) * prices[i];
  return s;
}
