/**
 * Ledoit-Wolf shrinkage of the sample covariance towards a structured target, with the intensity
 * estimated from the data. Three targets, as PyPortfolioOpt 1.5.6's `CovarianceShrinkage.ledoit_wolf`
 * offers them: a multiple of the identity (scikit-learn's `LedoitWolf`), Sharpe's single-index model
 * and the constant-correlation matrix. The single-factor and constant-correlation intensities live in
 * their own files; the identity target, whose formula is scikit-learn's, is here.
 */
import { InvalidInputError } from "../../errors.js";
import { centeredCrossProduct } from "../../kernels/cross-product.js";
import { repairCovariance } from "../../linalg/index.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import { constantCorrelationShrinkage } from "./ledoit-wolf-constant-correlation.js";
import { singleFactorShrinkage, type Shrunk } from "./ledoit-wolf-single-factor.js";
import { pairwiseCovariance } from "./pairwise-covariance.js";
import {
  checkPeriodsPerYear,
  checkReturns,
  completeRows,
  columnMeans,
  hasMissing,
  nonEmptyRows,
  requireRows,
  scaled,
  zeroFilled,
} from "./returns-table.js";
import type { CovarianceRepair } from "./sample-covariance.js";

export type LedoitWolfTarget = "constantVariance" | "singleFactor" | "constantCorrelation";

export interface LedoitWolfOptions {
  /** Return periods in a year (252 for daily returns): the covariance is multiplied by it. */
  readonly periodsPerYear: number;
  /** The shrinkage target. Default `"constantVariance"` (scikit-learn's and PyPortfolioOpt's default). */
  readonly target?: LedoitWolfTarget;
  /**
   * Missing returns: `"zero"` sets them to 0, as PyPortfolioOpt does (`np.nan_to_num`), after dropping
   * rows with no return at all; `"complete"` keeps only rows where every asset has a return. Default
   * `"zero"` (PyPortfolioOpt's behaviour). Zero-filling pulls the covariances of late-listed assets
   * towards 0; prefer `"complete"` unless PyPortfolioOpt's numbers are wanted.
   */
  readonly missing?: "zero" | "complete";
}

export interface LedoitWolf {
  /** Annualised `nAssets × nAssets` shrunk covariance. */
  readonly covariance: SymmetricMatrix;
  /** The estimated intensity δ in [0, 1]: covariance = δ·F + (1 − δ)·S. */
  readonly shrinkage: number;
  readonly target: LedoitWolfTarget;
  /** Rows used (after the missing-data rule). */
  readonly observations: number;
  /**
   * Only the constant-correlation target with `"zero"` on a table with gaps can need a repair: like
   * PyPortfolioOpt it then shrinks the pairwise-complete sample covariance, which need not be positive
   * semidefinite. `null` otherwise: the other results are convex combinations of PSD matrices.
   */
  readonly repaired: CovarianceRepair;
}

const ESTIMATOR = "ledoitWolf";

/**
 * Annualised Ledoit-Wolf shrunk covariance and its intensity.
 *
 * - `"constantVariance"`: scikit-learn's `LedoitWolf(assume_centered=False)`: S = centred `XᵀX/T`
 *   (divisor T), target `μ·I` with `μ = tr(S)/N`; Ledoit & Wolf (2004), "A well-conditioned estimator
 *   for large-dimensional covariance matrices", Journal of Multivariate Analysis 88(2), 365–411.
 *   The intensity is capped at 1 (scikit-learn takes β = min(β, δ)) so the target is never overshot.
 * - `"singleFactor"`: Ledoit & Wolf (2003), "Improved estimation of the covariance matrix of stock
 *   returns with an application to portfolio selection", Journal of Empirical Finance 10(5), 603–621;
 *   S with divisor T, equal-weighted market of the centred returns.
 * - `"constantCorrelation"`: Ledoit & Wolf (2004), "Honey, I shrunk the sample covariance matrix",
 *   Journal of Portfolio Management 30(4), 110–119; S with divisor T − 1, as PyPortfolioOpt has it.
 *   With `"zero"` and gaps, S is PyPortfolioOpt's pairwise-complete covariance of the raw table while
 *   π̂ and ρ̂ use the zero-filled one — reproduced as is.
 *
 * @param returns `nObservations × nAssets` decimal returns (row-major), `NaN` = missing.
 * @returns `{ covariance, shrinkage, target, observations, repaired }`.
 * @throws InsufficientHistoryError with fewer than 2 usable rows.
 * @throws InvalidInputError for a zero-variance asset under `"constantCorrelation"`.
 *
 * @example
 * const { covariance, shrinkage } = ledoitWolf(returns, { periodsPerYear: 252, missing: "complete" });
 */
export function ledoitWolf(returns: Matrix, options: LedoitWolfOptions): LedoitWolf {
  const { periodsPerYear, target = "constantVariance", missing = "zero" } = options;
  checkReturns(returns, ESTIMATOR, true);
  checkPeriodsPerYear(periodsPerYear, ESTIMATOR);
  if (target !== "constantVariance" && target !== "singleFactor" && target !== "constantCorrelation") {
    throw new InvalidInputError(`${ESTIMATOR}: unknown target "${String(target)}"`, { target });
  }
  if (missing !== "zero" && missing !== "complete") {
    throw new InvalidInputError(`${ESTIMATOR}: unknown missing-data rule "${String(missing)}"`, { missing });
  }
  const x = requireRows(missing === "zero" ? zeroFilled(returns) : completeRows(returns), 2, ESTIMATOR, "usable rows");

  let shrunk: Shrunk;
  let repaired: CovarianceRepair = null;
  if (target === "constantVariance") {
    shrunk = constantVarianceShrinkage(x);
  } else if (target === "singleFactor") {
    shrunk = singleFactorShrinkage(x);
  } else if (missing === "zero" && hasMissing(returns)) {
    const pairwise = pairwiseCovariance(nonEmptyRows(returns), 1, ESTIMATOR).covariance;
    const raw = constantCorrelationShrinkage(x, pairwise);
    const fixed = repairCovariance(raw.covariance);
    shrunk = { covariance: fixed.covariance, shrinkage: raw.shrinkage };
    repaired = fixed.repaired;
  } else {
    shrunk = constantCorrelationShrinkage(x, scaled(centeredCrossProduct(x, columnMeans(x)), 1 / (x.rows - 1)));
  }
  return Object.freeze({
    covariance: scaled(shrunk.covariance, periodsPerYear),
    shrinkage: shrunk.shrinkage,
    target,
    observations: x.rows,
    repaired,
  });
}

/**
 * scikit-learn's Ledoit-Wolf intensity for the target `μ·I` (its `ledoit_wolf_shrinkage` without the
 * blocks, which only bound memory): with centred X, S = XᵀX/T,
 * β = (Σᵢⱼ (X²ᵀX²)ᵢⱼ / T − Σᵢⱼ (XᵀX)²ᵢⱼ / T²) / (N·T) and δ = ‖S − μI‖²_F / N; intensity min(β, δ)/δ.
 */
function constantVarianceShrinkage(x: Matrix): Shrunk {
  const t = x.rows;
  const n = x.cols;
  const means = columnMeans(x);
  const gram = centeredCrossProduct(x, means);
  const sample = scaled(gram, 1 / t);
  // One asset: the target is the sample variance itself; scikit-learn reports intensity 0.
  if (n === 1) return { covariance: sample, shrinkage: 0 };

  let trace = 0;
  for (let i = 0; i < n; i++) trace += sample.data[i * n + i];
  const mu = trace / n;
  // Σᵢⱼ (X²ᵀX²)ᵢⱼ = Σₜ (Σᵢ xₜᵢ²)²: O(T·N) instead of a second O(T·N²) cross-product.
  let betaSum = 0;
  for (let r = 0; r < t; r++) {
    let rowSquares = 0;
    const row = r * n;
    for (let i = 0; i < n; i++) {
      const d = x.data[row + i] - means[i];
      rowSquares += d * d;
    }
    betaSum += rowSquares * rowSquares;
  }
  let deltaSum = 0;
  for (let k = 0; k < n * n; k++) deltaSum += gram.data[k] * gram.data[k];
  deltaSum /= t * t;
  const delta = (deltaSum - 2 * mu * trace + n * mu * mu) / n;
  // β estimates Σᵢⱼ Var(xᵢxⱼ)/T, so it is ≥ 0 up to rounding; capping it at δ keeps the intensity ≤ 1.
  const beta = Math.min((betaSum / t - deltaSum) / (n * t), delta);
  const shrinkage = beta > 0 ? beta / delta : 0;

  const out = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) out[k] = (1 - shrinkage) * sample.data[k];
  for (let i = 0; i < n; i++) out[i * n + i] += shrinkage * mu;
  return { covariance: { size: n, data: out }, shrinkage };
}
