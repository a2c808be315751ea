/**
 * The sample covariance of asset returns, annualised. With a complete table it is the centred
 * cross-product `XcᵀXc / (T − ddof)`, computed by the shared `crossProduct` kernel; with missing
 * returns it follows pandas' `DataFrame.cov()` (pairwise-complete, what PyPortfolioOpt's `sample_cov`
 * uses), or drops every incomplete row.
 */
import { InvalidInputError } from "../../errors.js";
import { centeredCrossProduct } from "../../kernels/cross-product.js";
import { repairCovariance, type CovarianceRepairMethod } from "../../linalg/index.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import { pairwiseCovariance } from "./pairwise-covariance.js";
import {
  columnMeans,
  checkPeriodsPerYear,
  checkReturns,
  completeRows,
  hasMissing,
  requireRows,
  scaled,
} from "./returns-table.js";

/** How a repair of a covariance that is not positive semidefinite was made (`null`: none was needed). */
export type CovarianceRepair = CovarianceRepairMethod | null;

export interface SampleCovarianceOptions {
  /** Return periods in a year (252 for daily returns): the covariance is multiplied by it. */
  readonly periodsPerYear: number;
  /** Delta degrees of freedom: the divisor is `T − ddof` (pandas and PyPortfolioOpt use 1). */
  readonly ddof?: number;
  /**
   * Missing returns (`NaN`): `"pairwise"` uses, for each pair, the rows where both are present
   * (pandas `DataFrame.cov()`); `"complete"` keeps only the rows where every asset is present.
   */
  readonly missing?: "pairwise" | "complete";
}

export interface SampleCovariance {
  /** Annualised `nAssets × nAssets` covariance. */
  readonly covariance: SymmetricMatrix;
  /** Rows that contributed: all rows with any return (pairwise) or the complete rows. */
  readonly observations: number;
  /** Rows shared by each pair (diagonal: each asset's own count). */
  readonly pairObservations: SymmetricMatrix;
  /**
   * A pairwise-complete matrix mixes different windows and need not be positive semidefinite; it is
   * then repaired and this says how. Always `null` for a complete table, whose centred cross-product
   * is positive semidefinite by construction (a singular one is returned as it is).
   */
  readonly repaired: CovarianceRepair;
  /** Smallest eigenvalue before any repair, when the check was made (pairwise with missing data). */
  readonly minEigenvalueBefore: number | null;
}

const ESTIMATOR = "sampleCovariance";

/**
 * Annualised sample covariance of a returns table.
 *
 * @param returns `nObservations × nAssets` decimal returns (row-major), `NaN` = missing.
 * @returns `{ covariance, observations, pairObservations, repaired, minEigenvalueBefore }`.
 * @throws InsufficientHistoryError with fewer than 2 rows, an asset (e.g. an all-`NaN` column) or a
 *   pair with no more than `ddof` shared rows, or fewer than 2 complete rows under `"complete"`.
 * @throws NonFiniteValueError for an infinite return (naming its row and asset).
 *
 * Reference: the unbiased sample covariance; pairwise deletion as in pandas (McKinney, 2010,
 * "Data Structures for Statistical Computing in Python") and PyPortfolioOpt's `sample_cov`
 * (Martin, 2021, "PyPortfolioOpt: portfolio optimization in Python", JOSS 6(61), 3066).
 *
 * @example
 * const { covariance } = sampleCovariance(returns, { periodsPerYear: 252 });
 */
export function sampleCovariance(returns: Matrix, options: SampleCovarianceOptions): SampleCovariance {
  const { periodsPerYear, ddof = 1, missing = "pairwise" } = options;
  checkReturns(returns, ESTIMATOR, true);
  checkPeriodsPerYear(periodsPerYear, ESTIMATOR);
  if (!(Number.isFinite(ddof) && ddof >= 0)) {
    throw new InvalidInputError(`${ESTIMATOR}: ddof must be a non-negative number, got ${ddof}`, { ddof });
  }
  if (missing !== "pairwise" && missing !== "complete") {
    throw new InvalidInputError(`${ESTIMATOR}: unknown missing-data rule "${String(missing)}"`, { missing });
  }

  if (missing === "pairwise" && hasMissing(returns)) {
    const pairwise = pairwiseCovariance(returns, ddof, ESTIMATOR);
    const { covariance, repaired, minEigenvalueBefore } = repairCovariance(
      scaled(pairwise.covariance, periodsPerYear),
    );
    return Object.freeze({
      covariance,
      observations: countNonEmptyRows(returns),
      pairObservations: pairwise.pairObservations,
      repaired,
      minEigenvalueBefore,
    });
  }

  const x = requireRows(missing === "complete" ? completeRows(returns) : returns, 2, ESTIMATOR, "complete rows");
  if (x.rows - ddof <= 0) {
    throw new InvalidInputError(`${ESTIMATOR}: ddof ${ddof} leaves no degrees of freedom with ${x.rows} rows`, {
      ddof,
      observations: x.rows,
    });
  }
  const gram = centeredCrossProduct(x, columnMeans(x));
  return Object.freeze({
    covariance: scaled(gram, periodsPerYear / (x.rows - ddof)),
    observations: x.rows,
    pairObservations: { size: x.cols, data: new Float64Array(x.cols * x.cols).fill(x.rows) },
    repaired: null,
    minEigenvalueBefore: null,
  });
}

function countNonEmptyRows(returns: Matrix): number {
  const { rows, cols, data } = returns;
  let count = 0;
  for (let t = 0; t < rows; t++) {
    for (let j = 0; j < cols; j++) {
      if (!Number.isNaN(data[t * cols + j])) {
        count++;
        break;
      }
    }
  }
  return count;
}
