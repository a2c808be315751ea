/**
 * Exponentially weighted covariance as PyPortfolioOpt 1.5.6's `exp_cov` computes it: deviations from
 * the plain (unweighted) mean, then the pandas `ewm(span, adjust=True).mean()` of their cross-products
 * taken at the last row, so row t weighs `(1 − α)^(T−1−t)` with `α = 2 / (span + 1)` and the weights
 * are normalised to sum to one. With missing returns it keeps pandas' `ignore_na=False` rule: weights
 * follow row positions, and each pair sums over the rows both assets have.
 */
import { InsufficientHistoryError, InvalidInputError } from "../../errors.js";
import { crossProduct } from "../../kernels/cross-product.js";
import { repairCovariance } from "../../linalg/index.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import { checkPeriodsPerYear, checkReturns, completeRows, hasMissing, requireRows, scaled } from "./returns-table.js";
import type { CovarianceRepair } from "./sample-covariance.js";

export interface EwmCovarianceOptions {
  /** Return periods in a year (252 for daily returns): the result is multiplied by it. */
  readonly periodsPerYear: number;
  /** Span of the exponential weights, ≥ 1; `α = 2 / (span + 1)`. Default 180 (PyPortfolioOpt's). */
  readonly span?: number;
  /**
   * Missing returns: `"pairwise"` (PyPortfolioOpt on a ragged table) takes each asset's mean over its
   * own rows and each pair's weighted sum over the rows both have; `"complete"` keeps complete rows.
   */
  readonly missing?: "pairwise" | "complete";
}

export interface EwmCovariance {
  /** Annualised `nAssets × nAssets` covariance. */
  readonly covariance: SymmetricMatrix;
  /** Rows in the weighting window (their positions set the weights). */
  readonly observations: number;
  /** Repair applied to a pairwise matrix that was not positive semidefinite (`null`: none). */
  readonly repaired: CovarianceRepair;
}

const ESTIMATOR = "ewmCovariance";

/**
 * Annualised exponentially weighted covariance.
 *
 * @param returns `nObservations × nAssets` decimal returns (row-major, oldest first), `NaN` = missing.
 * @returns `{ covariance, observations, repaired }`.
 * @throws InsufficientHistoryError with fewer than 2 rows, or a pair sharing fewer than 2 rows.
 *
 * References: J.P. Morgan/Reuters (1996), "RiskMetrics — Technical Document", 4th ed., on
 * exponentially weighted moments; the estimator as in PyPortfolioOpt 1.5.6 (Martin, 2021, JOSS 6(61),
 * 3066), whose weights are pandas' `adjust=True` weights.
 *
 * @example
 * const { covariance } = ewmCovariance(returns, { periodsPerYear: 252, span: 180 });
 */
export function ewmCovariance(returns: Matrix, options: EwmCovarianceOptions): EwmCovariance {
  const { periodsPerYear, span = 180, missing = "pairwise" } = options;
  checkReturns(returns, ESTIMATOR, true);
  checkPeriodsPerYear(periodsPerYear, ESTIMATOR);
  if (!(Number.isFinite(span) && span >= 1)) {
    throw new InvalidInputError(`${ESTIMATOR}: span must be a number ≥ 1, got ${span}`, { span });
  }
  if (missing !== "pairwise" && missing !== "complete") {
    throw new InvalidInputError(`${ESTIMATOR}: unknown missing-data rule "${String(missing)}"`, { missing });
  }
  const decay = 1 - 2 / (span + 1);

  if (missing === "pairwise" && hasMissing(returns)) {
    const { covariance, repaired } = repairCovariance(scaled(pairwiseEwm(returns, decay), periodsPerYear));
    return Object.freeze({ covariance, observations: returns.rows, repaired });
  }

  const x = requireRows(missing === "complete" ? completeRows(returns) : returns, 2, ESTIMATOR, "complete rows");
  const { rows, cols, data } = x;
  const means = new Float64Array(cols);
  for (let t = 0; t < rows; t++) for (let j = 0; j < cols; j++) means[j] += data[t * cols + j];
  for (let j = 0; j < cols; j++) means[j] /= rows;
  // Scaling row t by √w_t turns the weighted sum Σ w_t·d_t·d_tᵀ into a plain cross-product, so the
  // shared kernel does the O(T·N²) work.
  const weighted = new Float64Array(rows * cols);
  let weightSum = 0;
  for (let t = 0; t < rows; t++) {
    // Math.pow rather than repeated multiplication: no drift of T rounding errors over long windows.
    const w = Math.pow(decay, rows - 1 - t);
    weightSum += w;
    const root = Math.sqrt(w);
    for (let j = 0; j < cols; j++) weighted[t * cols + j] = (data[t * cols + j] - means[j]) * root;
  }
  const gram = crossProduct({ rows, cols, data: weighted });
  return Object.freeze({ covariance: scaled(gram, periodsPerYear / weightSum), observations: rows, repaired: null });
}

/** The pairwise rule on a ragged table (not annualised, not repaired). */
function pairwiseEwm(returns: Matrix, decay: number): SymmetricMatrix {
  const { rows, cols, data } = returns;
  const weights = new Float64Array(rows);
  for (let t = 0; t < rows; t++) weights[t] = Math.pow(decay, rows - 1 - t);
  // Each asset's deviation from its own mean over its own rows (PyPortfolioOpt: `X - X.mean()`).
  const deviations = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    let count = 0;
    for (let t = 0; t < rows; t++) {
      const v = data[t * cols + j];
      if (Number.isNaN(v)) continue;
      sum += v;
      count++;
    }
    if (count < 2) {
      throw new InsufficientHistoryError(`${ESTIMATOR}: asset ${j} has ${count} return(s); at least 2 are needed`, {
        asset: j,
        observations: count,
        required: 2,
      });
    }
    const mean = sum / count;
    for (let t = 0; t < rows; t++) deviations[t * cols + j] = data[t * cols + j] - mean;
  }
  const out = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      let s = 0;
      let w = 0;
      let count = 0;
      for (let t = 0; t < rows; t++) {
        const p = deviations[t * cols + i] * deviations[t * cols + j];
        if (Number.isNaN(p)) continue;
        s += weights[t] * p;
        w += weights[t];
        count++;
      }
      if (count < 2) {
        throw new InsufficientHistoryError(`${ESTIMATOR}: assets ${i} and ${j} share ${count} row(s); at least 2 are needed`, {
          assets: [i, j],
          observations: count,
          required: 2,
        });
      }
      out[i * cols + j] = s / w;
      out[j * cols + i] = s / w;
    }
  }
  return { size: cols, data: out };
}
