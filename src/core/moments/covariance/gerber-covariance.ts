/**
 * The Gerber covariance: a co-movement count that ignores small moves and caps large ones, rescaled
 * by the assets' standard deviations. Definitions as skfolio's `GerberCovariance(psd_variant=True)`:
 * thresholds `c·σⱼ` on the raw (uncentred) returns, σ the standard deviation with divisor T, and the
 * Gerber et al. (2022) denominator that makes the statistic a normalised Gram matrix.
 */
import { InvalidInputError } from "../../errors.js";
import { crossProduct } from "../../kernels/cross-product.js";
import { repairCovariance } from "../../linalg/index.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import { checkPeriodsPerYear, checkReturns, columnMeans } from "./returns-table.js";
import type { CovarianceRepair } from "./sample-covariance.js";

export interface GerberCovarianceOptions {
  /** Return periods in a year (252 for daily returns): the covariance is multiplied by it. */
  readonly periodsPerYear: number;
  /** The fraction c of each asset's standard deviation below which a move is noise, in (0, 1). Default 0.5. */
  readonly threshold?: number;
}

export interface GerberCovariance {
  /** Annualised `nAssets × nAssets` covariance `gᵢⱼ·σᵢ·σⱼ` (σ with divisor T). */
  readonly covariance: SymmetricMatrix;
  /**
   * Gerber et al. (2022) chose the denominator `T − nᵢⱼ` to keep the statistic positive
   * semidefinite, but an entry-wise division is not a PSD-preserving operation in general, so the
   * result is checked and, should it fail, repaired like skfolio's `nearest=True`; this says how
   * (`null` in every case our tests produce).
   */
  readonly repaired: CovarianceRepair;
  readonly observations: number;
}

const ESTIMATOR = "gerberCovariance";

/**
 * Annualised Gerber covariance.
 *
 * With `mₜⱼ = +1` if `rₜⱼ ≥ c·σⱼ`, `−1` if `rₜⱼ ≤ −c·σⱼ`, else 0 (and `nₜⱼ = 1` for the neutral
 * case), the statistic is `gᵢⱼ = (Σₜ mₜᵢmₜⱼ) / (T − Σₜ nₜᵢnₜⱼ)`: concordant minus discordant pairs
 * of significant moves, over the rows where at least one of the two moved significantly.
 *
 * @param returns `nObservations × nAssets` decimal returns (row-major), no missing values.
 * @returns `{ covariance, repaired, observations }`.
 * @throws NonFiniteValueError for a `NaN` or infinite return (naming row and asset).
 * @throws InsufficientHistoryError with fewer than 2 rows.
 *
 * Reference: Gerber, Markowitz, Ernst, Miao, Javid & Sargen (2022), "The Gerber statistic: a robust
 * co-movement measure for portfolio optimization", The Journal of Portfolio Management;
 * definitions as skfolio's `GerberCovariance` (Delatte, skfolio, 2023), `psd_variant=True`.
 *
 * @example
 * const { covariance } = gerberCovariance(returns, { periodsPerYear: 252, threshold: 0.5 });
 */
export function gerberCovariance(returns: Matrix, options: GerberCovarianceOptions): GerberCovariance {
  const { periodsPerYear, threshold = 0.5 } = options;
  checkReturns(returns, ESTIMATOR, false);
  checkPeriodsPerYear(periodsPerYear, ESTIMATOR);
  if (!(threshold > 0 && threshold < 1)) {
    throw new InvalidInputError(`${ESTIMATOR}: threshold must be in (0, 1), got ${threshold}`, { threshold });
  }
  const { rows: t, cols: n, data } = returns;
  const means = columnMeans(returns);
  const std = new Float64Array(n);
  for (let s = 0; s < t; s++) for (let j = 0; j < n; j++) std[j] += (data[s * n + j] - means[j]) ** 2;
  for (let j = 0; j < n; j++) std[j] = Math.sqrt(std[j] / t);

  const moves = new Float64Array(t * n);
  const neutral = new Float64Array(t * n);
  for (let s = 0; s < t; s++) {
    for (let j = 0; j < n; j++) {
      const r = data[s * n + j];
      const up = r >= threshold * std[j];
      const down = r <= -threshold * std[j];
      // A flat asset (σ = 0, r = 0) is both "up" and "down": its move is 0, as in skfolio.
      moves[s * n + j] = (up ? 1 : 0) - (down ? 1 : 0);
      neutral[s * n + j] = !up && !down ? 1 : 0;
    }
  }
  // Σₜ mᵢmⱼ = concordant − discordant; both counts are Gram matrices of 0/±1 tables.
  const comovement = crossProduct({ rows: t, cols: n, data: moves });
  const bothNeutral = crossProduct({ rows: t, cols: n, data: neutral });

  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const k = i * n + j;
      const denominator = t - bothNeutral.data[k];
      // Neither asset ever moved significantly: only possible when both are flat (σ = 0), whose
      // covariance is 0 whatever g is.
      const g = denominator > 0 ? comovement.data[k] / denominator : 0;
      // Computed once per pair and mirrored: (g·σᵢ)·σⱼ and (g·σⱼ)·σᵢ can differ in the last bit.
      out[k] = g * (std[i] * std[j]) * periodsPerYear;
      out[j * n + i] = out[k];
    }
  }
  const { covariance, repaired } = repairCovariance({ size: n, data: out });
  return Object.freeze({ covariance, repaired, observations: t });
}
