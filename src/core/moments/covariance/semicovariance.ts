/**
 * The semicovariance: co-movement of the returns below a benchmark, `E[min(rᵢ − b, 0)·min(rⱼ − b, 0)]`.
 * Follows PyPortfolioOpt 1.5.6's `risk_models.semicovariance` (Martin, 2021): the drops are not
 * centred, the divisor is the number of rows T (not T − 1), and a missing return — `np.fmin(NaN, 0)`
 * is 0 — counts as no drop while its row still counts in T.
 */
import { InvalidInputError } from "../../errors.js";
import { crossProduct } from "../../kernels/cross-product.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import { checkPeriodsPerYear, checkReturns, completeRows, nonEmptyRows, requireRows, scaled } from "./returns-table.js";

export interface SemicovarianceOptions {
  /** Return periods in a year (252 for daily returns): the result is multiplied by it. */
  readonly periodsPerYear: number;
  /**
   * Benchmark return per period, in the returns' own frequency (a daily rate for daily returns).
   * Default 0. PyPortfolioOpt's default is 0.000079 (about 2% a year, daily); ours is 0 so that no
   * rate is assumed silently.
   */
  readonly benchmark?: number;
  /**
   * Missing returns: `"zero"` (PyPortfolioOpt) counts a missing return as no drop and keeps its row in
   * T; `"complete"` keeps only rows where every asset has a return. Rows with no return at all are
   * never observations.
   */
  readonly missing?: "zero" | "complete";
}

export interface Semicovariance {
  /** Annualised `nAssets × nAssets` semicovariance: positive semidefinite by construction. */
  readonly covariance: SymmetricMatrix;
  /** The divisor T: the rows used. */
  readonly observations: number;
}

const ESTIMATOR = "semicovariance";

/**
 * Annualised semicovariance `DᵀD / T · periodsPerYear` with `D = min(R − benchmark, 0)`.
 *
 * @param returns `nObservations × nAssets` decimal returns (row-major), `NaN` = missing.
 * @returns `{ covariance, observations }`.
 * @throws InsufficientHistoryError with fewer than 2 (usable) rows.
 *
 * References: Estrada (2008), "Mean-semivariance optimization: a heuristic approach", Journal of
 * Applied Finance 18(1); Markowitz (1959), "Portfolio Selection: Efficient Diversification of
 * Investments" (the semivariance); the estimator as in
 * PyPortfolioOpt 1.5.6 (Martin, 2021, JOSS 6(61), 3066).
 *
 * @example
 * const { covariance } = semicovariance(returns, { periodsPerYear: 252, benchmark: 0.02 / 252 });
 */
export function semicovariance(returns: Matrix, options: SemicovarianceOptions): Semicovariance {
  const { periodsPerYear, benchmark = 0, missing = "zero" } = options;
  checkReturns(returns, ESTIMATOR, true);
  checkPeriodsPerYear(periodsPerYear, ESTIMATOR);
  if (!Number.isFinite(benchmark)) {
    throw new InvalidInputError(`${ESTIMATOR}: benchmark must be a finite per-period return, got ${benchmark}`, {
      benchmark,
    });
  }
  if (missing !== "zero" && missing !== "complete") {
    throw new InvalidInputError(`${ESTIMATOR}: unknown missing-data rule "${String(missing)}"`, { missing });
  }
  const x = requireRows(missing === "complete" ? completeRows(returns) : nonEmptyRows(returns), 2, ESTIMATOR, "rows");
  const drops = Float64Array.from(x.data, (r) => (Number.isNaN(r) ? 0 : Math.min(r - benchmark, 0)));
  const gram = crossProduct({ rows: x.rows, cols: x.cols, data: drops });
  return Object.freeze({ covariance: scaled(gram, periodsPerYear / x.rows), observations: x.rows });
}
