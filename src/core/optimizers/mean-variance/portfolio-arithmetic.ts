/**
 * The few vector sums the models need on raw solver output (weights first in x, auxiliaries after).
 */
import type { SymmetricMatrix } from "../../linalg/matrix.js";

/** The first `n` entries of the solver's x: the weights. */
export function weightsOf(x: Float64Array, n: number): Float64Array {
  return x.subarray(0, n);
}

/** wᵀΣw. */
export function portfolioVariance(covariance: SymmetricMatrix, w: ArrayLike<number>): number {
  const n = covariance.size;
  const S = covariance.data;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    let row = 0;
    for (let j = 0; j < n; j++) row += S[i * n + j] * w[j];
    total += wi * row;
  }
  return total;
}

/** (w − b)ᵀΣ(w − b). */
export function activeVariance(covariance: SymmetricMatrix, w: ArrayLike<number>, benchmark: ArrayLike<number>): number {
  const d = new Float64Array(covariance.size);
  for (let i = 0; i < d.length; i++) d[i] = w[i] - benchmark[i];
  return portfolioVariance(covariance, d);
}

/** μᵀw. */
export function expectedReturnOf(mu: ArrayLike<number>, w: ArrayLike<number>): number {
  let r = 0;
  for (let i = 0; i < mu.length; i++) r += mu[i] * w[i];
  return r;
}

/**
 * μᵀw, √(wᵀΣw) and the Sharpe ratio, as `portfolioPerformance` computes them, but skipping the zero
 * weights: an optimal portfolio holds few of many assets, and a frontier measures a hundred of them.
 */
export function performanceOf(
  mu: ArrayLike<number>,
  covariance: SymmetricMatrix,
  w: ArrayLike<number>,
  riskFreeRate: number,
): { expectedReturn: number; volatility: number; sharpe: number | null } {
  const n = covariance.size;
  const held: number[] = [];
  for (let i = 0; i < n; i++) if (w[i] !== 0) held.push(i);
  let variance = 0;
  for (const i of held) {
    let row = 0;
    for (const j of held) row += covariance.data[i * n + j] * w[j];
    variance += w[i] * row;
  }
  const expectedReturn = expectedReturnOf(mu, w);
  // A covariance that is PSD up to rounding can give −1e-18 for a riskless mix.
  const volatility = Math.sqrt(Math.max(0, variance));
  return { expectedReturn, volatility, sharpe: volatility > 0 ? (expectedReturn - riskFreeRate) / volatility : null };
}
