/**
 * Oracle Approximating Shrinkage (OAS) of the sample covariance towards `μ·I`, computed as
 * scikit-learn's `OAS(assume_centered=False)` / `sklearn.covariance.oas` does.
 *
 * Formula: with S the centred empirical covariance (divisor T), N assets and μ = tr(S)/N,
 *   ρ = min(1, (tr(S²) + tr(S)²) / ((T + 1)·(tr(S²) − tr(S)²/N))),
 * i.e. Chen et al.'s Eq. (23) without its 2/N terms, which scikit-learn drops. This is the formula of
 * current scikit-learn (checked against its ≥ 1.3 source, whose comments derive it from Eq. (23) since
 * PR #23867, answering issue #23280 about the `np.mean`-based code). The computed value did not change
 * in that rewrite: the code still uses `np.mean(S²)` and `μ²`, i.e. tr(S²)/N² and tr(S)²/N², whose
 * 1/N² cancels.
 */
import { InvalidInputError } from "../../errors.js";
import { centeredCrossProduct } from "../../kernels/cross-product.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import {
  columnMeans,
  checkPeriodsPerYear,
  checkReturns,
  completeRows,
  requireRows,
  scaled,
  zeroFilled,
} from "./returns-table.js";

export interface OracleApproximatingShrinkageOptions {
  /** Return periods in a year (252 for daily returns): the covariance is multiplied by it. */
  readonly periodsPerYear: number;
  /**
   * Missing returns: `"zero"` sets them to 0 after dropping empty rows (PyPortfolioOpt's
   * `oracle_approximating`), `"complete"` keeps only complete rows. Default `"zero"`.
   */
  readonly missing?: "zero" | "complete";
}

export interface OracleApproximatingShrinkage {
  /** Annualised `nAssets × nAssets` shrunk covariance. */
  readonly covariance: SymmetricMatrix;
  /** The intensity ρ in [0, 1]: covariance = ρ·μI + (1 − ρ)·S. */
  readonly shrinkage: number;
  /** Rows used. */
  readonly observations: number;
}

const ESTIMATOR = "oracleApproximatingShrinkage";

/**
 * Annualised OAS covariance and its intensity.
 *
 * Reference: Chen, Wiesel, Eldar & Hero (2010), "Shrinkage algorithms for MMSE covariance estimation",
 * IEEE Transactions on Signal Processing 58(10), 5016–5029, Eq. (23); as implemented by scikit-learn
 * (≥ 1.3) — see the file header for the exact formula.
 *
 * @param returns `nObservations × nAssets` decimal returns (row-major), `NaN` = missing.
 * @returns `{ covariance, shrinkage, observations }`.
 * @throws InsufficientHistoryError with fewer than 2 usable rows.
 *
 * @example
 * const { covariance, shrinkage } = oracleApproximatingShrinkage(returns, { periodsPerYear: 252 });
 */
export function oracleApproximatingShrinkage(
  returns: Matrix,
  options: OracleApproximatingShrinkageOptions,
): OracleApproximatingShrinkage {
  const { periodsPerYear, missing = "zero" } = options;
  checkReturns(returns, ESTIMATOR, true);
  checkPeriodsPerYear(periodsPerYear, ESTIMATOR);
  if (missing !== "zero" && missing !== "complete") {
    throw new InvalidInputError(`${ESTIMATOR}: unknown missing-data rule "${String(missing)}"`, { missing });
  }
  const x = requireRows(missing === "zero" ? zeroFilled(returns) : completeRows(returns), 2, ESTIMATOR, "usable rows");
  const t = x.rows;
  const n = x.cols;
  const sample = scaled(centeredCrossProduct(x, columnMeans(x)), 1 / t);
  // One asset: the target is the sample variance itself; scikit-learn reports intensity 0.
  let shrinkage = 0;
  if (n > 1) {
    let trace = 0;
    let traceOfSquare = 0; // tr(S²) = ‖S‖²_F for a symmetric S
    for (let i = 0; i < n; i++) trace += sample.data[i * n + i];
    for (let k = 0; k < n * n; k++) traceOfSquare += sample.data[k] * sample.data[k];
    const numerator = traceOfSquare + trace * trace;
    // tr(S²) ≥ tr(S)²/N (Cauchy-Schwarz on the eigenvalues), with equality iff S = μI; scikit-learn
    // then returns 1, and so do we, also when rounding makes the difference slightly negative.
    const denominator = (t + 1) * (traceOfSquare - (trace * trace) / n);
    shrinkage = denominator > 0 ? Math.min(numerator / denominator, 1) : 1;
    const mu = trace / n;
    const out = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) out[k] = (1 - shrinkage) * sample.data[k];
    for (let i = 0; i < n; i++) out[i * n + i] += shrinkage * mu;
    return Object.freeze({ covariance: scaled({ size: n, data: out }, periodsPerYear), shrinkage, observations: t });
  }
  return Object.freeze({ covariance: scaled(sample, periodsPerYear), shrinkage, observations: t });
}
