/**
 * Euler decomposition of portfolio volatility: σ(w) = Σᵢ wᵢ·∂σ/∂wᵢ, because σ is homogeneous of
 * degree one in w (Litterman 1996, "Hot Spots and Hedges"; Maillard, Roncalli & Teïletche 2010).
 */
import { InvalidInputError } from "../errors.js";
import type { SymmetricMatrix } from "../linalg/matrix.js";
import { symmetricTimesVector } from "../linalg/matrix.js";
import { checkWeights } from "./portfolio-performance.js";

export interface RiskContributions {
  /** `∂σ/∂wᵢ = (Σw)ᵢ / σ`. */
  readonly marginal: Float64Array;
  /** `wᵢ·(Σw)ᵢ / σ`; these sum to σ. */
  readonly absolute: Float64Array;
  /** `wᵢ·(Σw)ᵢ / σ²`; these sum to 1 (they can be negative for a hedge). */
  readonly percentage: Float64Array;
  readonly volatility: number;
}

/**
 * Marginal, absolute and percentage risk contributions of each asset.
 * @throws InvalidInputError when the portfolio variance is zero (the shares are then undefined).
 * @example riskContributions([0.6, 0.4], sigma).percentage // sums to 1
 */
export function riskContributions(weights: ArrayLike<number>, covariance: SymmetricMatrix): RiskContributions {
  checkWeights(weights, covariance);
  const w = Float64Array.from(weights);
  const sigmaW = symmetricTimesVector(covariance, w);
  let variance = 0;
  for (let i = 0; i < w.length; i++) variance += w[i] * sigmaW[i];
  if (!(variance > 0)) {
    throw new InvalidInputError(`portfolio variance is ${variance}: risk contributions are undefined`, { variance });
  }
  const volatility = Math.sqrt(variance);
  const n = w.length;
  const marginal = new Float64Array(n);
  const absolute = new Float64Array(n);
  const percentage = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    marginal[i] = sigmaW[i] / volatility;
    absolute[i] = w[i] * marginal[i];
    percentage[i] = (w[i] * sigmaW[i]) / variance;
  }
  return { marginal, absolute, percentage, volatility };
}
