/**
 * Dust removal for display and for keying weights by ticker (PyPortfolioOpt's `clean_weights` does the
 * same with a cutoff of 1e-4 and rounding; we keep the raw precision and a far smaller default cutoff,
 * since our active-set solver returns exact zeros for assets it drops and only rounding elsewhere).
 */
import { InvalidInputError } from "../../errors.js";

export interface CleanWeightsOptions {
  /**
   * |w| below this is set to 0. Default 1e-8: above the solver's feasibility noise (its constraints
   * hold to 1e-9), and below any position one could trade (1e-8 of $1bn is $10).
   */
  readonly threshold?: number;
  /** The sum the cleaned weights must keep (default: the sum of the input weights). */
  readonly budget?: number;
}

/**
 * Sets weights with |w| < `threshold` to 0 and rescales the rest so the sum stays at the budget.
 *
 * The rescaling is multiplicative (every kept weight × budget / kept sum), which keeps the portfolio's
 * proportions. With a budget of 0 (market neutral) a multiplicative rescale cannot restore the sum, so
 * the removed amount is taken from the largest position instead. Returns a new array; the input is
 * not modified.
 *
 * @example cleanWeights([0.5, 3e-10, 0.4999999997]) // → [0.5000000002, 0, 0.4999999998] (sum 1)
 */
export function cleanWeights(weights: ArrayLike<number>, options: CleanWeightsOptions = {}): Float64Array {
  const threshold = options.threshold ?? 1e-8;
  if (!(threshold >= 0 && Number.isFinite(threshold))) {
    throw new InvalidInputError(`the cleaning threshold must be a finite number ≥ 0, got ${threshold}`, { threshold });
  }
  const out = Float64Array.from(weights);
  let total = 0;
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new InvalidInputError(`weight ${i} is ${out[i]}`, { asset: i });
    total += out[i];
  }
  const budget = options.budget ?? total;
  let kept = 0;
  let largest = -1;
  for (let i = 0; i < out.length; i++) {
    if (Math.abs(out[i]) < threshold) out[i] = 0;
    kept += out[i];
    if (out[i] !== 0 && (largest < 0 || Math.abs(out[i]) > Math.abs(out[largest]))) largest = i;
  }
  if (largest < 0) return out;
  // Multiplicative when the sums are clearly non-zero; otherwise (market neutral) additive on the largest.
  if (Math.abs(budget) > 1e-12 && Math.abs(kept) > 1e-12) {
    const scale = budget / kept;
    for (let i = 0; i < out.length; i++) out[i] *= scale;
  } else {
    out[largest] += budget - kept;
  }
  return out;
}
