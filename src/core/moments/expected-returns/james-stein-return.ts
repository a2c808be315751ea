/**
 * James–Stein shrinkage of the sample mean return toward the grand mean. The intensity is the one
 * skfolio's `ShrunkMu(vol_weighted_target=False, method=ShrunkMuMethods.JAMES_STEIN)` uses (after
 * Meucci's "Risk and Asset Allocation", 2005), written here from the formula; unlike skfolio we
 * keep the intensity in [0, 1] (see below).
 */
import { InsufficientHistoryError, InvalidInputError, ShapeMismatchError } from "../../errors.js";
import { assertSymmetric, eigenvaluesSymmetric, type Matrix, type SymmetricMatrix } from "../../linalg/index.js";
import { checkPeriodsPerYear, checkReturns } from "./estimator-inputs.js";

export interface JamesSteinReturnOptions {
  /** Return periods per year: 252 for daily returns. */
  readonly periodsPerYear: number;
  /**
   * Covariance of the *per-period* returns (the units of `returns`, not annualised), `nAssets ×
   * nAssets`. Default: the sample covariance with ddof 1 (skfolio's `EmpiricalCovariance`).
   */
  readonly covariance?: SymmetricMatrix;
}

export interface JamesSteinReturn {
  /** `ppy · ((1 − δ) μ̂_i + δ μ̄)` per asset, annual decimals. */
  readonly expectedReturns: Float64Array;
  /** δ ∈ [0, 1]: 0 keeps the sample means, 1 replaces them by the grand mean. */
  readonly shrinkage: number;
  /** The target μ̄ (grand mean of the sample means), annualised (`× ppy`). */
  readonly target: number;
  /** True when the James–Stein intensity fell outside [0, 1] and was clipped (positive-part rule). */
  readonly clipped: boolean;
}

/** Sample covariance (ddof 1) of a complete matrix, two-pass. */
function sampleCovariance(returns: Matrix, means: Float64Array): SymmetricMatrix {
  const { rows, cols, data } = returns;
  const out = new Float64Array(cols * cols);
  for (let t = 0; t < rows; t++) {
    for (let i = 0; i < cols; i++) {
      const xi = data[t * cols + i] - means[i];
      for (let j = i; j < cols; j++) out[i * cols + j] += xi * (data[t * cols + j] - means[j]);
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      out[i * cols + j] /= rows - 1;
      out[j * cols + i] = out[i * cols + j];
    }
  }
  return { size: cols, data: out };
}

function checkCovariance(covariance: SymmetricMatrix, nAssets: number): void {
  if (covariance.size !== nAssets) {
    throw new ShapeMismatchError(`covariance is ${covariance.size}×${covariance.size} for ${nAssets} assets`, {
      size: covariance.size,
      nAssets,
    });
  }
  assertSymmetric(covariance, "covariance");
}

/**
 * James–Stein expected returns: the sample means `μ̂` shrunk toward their grand mean `μ̄ = mean(μ̂)`,
 *
 *   μ_JS = (1 − δ) μ̂ + δ μ̄,   δ = (tr Σ − 2 λ_max(Σ)) / (T · ‖μ̂ − μ̄‖²),
 *
 * with T observations and Σ the per-period covariance (eigenvalue sum = trace). This is skfolio's
 * `ShrunkMu` James–Stein intensity. skfolio applies δ unclipped; we apply the positive-part rule
 * (Baranchik 1964) and cap at 1: a negative δ (one dominant eigenvalue, as with a strong market
 * factor) would push the means *away* from the target, and δ > 1 past it. `clipped` reports it;
 * inside [0, 1] our numbers equal skfolio's. δ is computed on per-period quantities (it is not
 * scale-free: annualising μ and Σ together would divide it by ppy), then the result is annualised
 * arithmetically (× ppy).
 *
 * @param returns - complete (no `NaN`) simple returns, `nObservations × nAssets`, row-major.
 * @param options - `periodsPerYear` (required), `covariance` (per-period; default sample, ddof 1).
 * @returns `{ expectedReturns, shrinkage, target, clipped }`.
 * @throws InvalidInputError for a missing return (naming asset and row); InsufficientHistoryError
 *   for fewer than 2 observations without a covariance; ShapeMismatchError / NotSymmetricError /
 *   NonFiniteValueError for a bad covariance.
 * @see James & Stein (1961), "Estimation with quadratic loss", Proc. 4th Berkeley Symposium;
 *   Jorion (1986), "Bayes-Stein estimation for portfolio analysis", JFQA 21(3); Meucci (2005),
 *   "Risk and Asset Allocation", Springer; skfolio `ShrunkMu`.
 * @example const { expectedReturns, shrinkage } = jamesSteinReturn(returns, { periodsPerYear: 252 });
 */
export function jamesSteinReturn(returns: Matrix, options: JamesSteinReturnOptions): JamesSteinReturn {
  checkReturns(returns);
  const { periodsPerYear } = options;
  checkPeriodsPerYear(periodsPerYear);
  const { rows, cols, data } = returns;
  for (let k = 0; k < data.length; k++) {
    if (Number.isNaN(data[k])) {
      const row = Math.floor(k / cols);
      const asset = k % cols;
      throw new InvalidInputError(
        `return at row ${row}, asset ${asset} is missing; James–Stein needs complete rows (use a common window)`,
        { row, asset },
      );
    }
  }
  const minRows = options.covariance === undefined ? 2 : 1;
  if (rows < minRows) {
    throw new InsufficientHistoryError(`${rows} observations; James–Stein needs at least ${minRows} here`, {
      observations: rows,
    });
  }

  const means = new Float64Array(cols);
  for (let t = 0; t < rows; t++) for (let j = 0; j < cols; j++) means[j] += data[t * cols + j];
  for (let j = 0; j < cols; j++) means[j] /= rows;
  let target = 0;
  for (let j = 0; j < cols; j++) target += means[j];
  target /= cols;

  const covariance = options.covariance ?? sampleCovariance(returns, means);
  if (options.covariance !== undefined) checkCovariance(covariance, cols);
  let trace = 0;
  for (let i = 0; i < cols; i++) trace += covariance.data[i * cols + i];
  const eigenvalues = eigenvaluesSymmetric(covariance); // ascending
  const lambdaMax = eigenvalues[eigenvalues.length - 1];

  let dispersion = 0;
  for (let j = 0; j < cols; j++) dispersion += (means[j] - target) ** 2;
  // All sample means equal: the estimate is the target whatever δ is, so report no shrinkage.
  const raw = dispersion === 0 ? 0 : (trace - 2 * lambdaMax) / (rows * dispersion);
  const shrinkage = Math.min(1, Math.max(0, raw));

  const expectedReturns = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    expectedReturns[j] = periodsPerYear * ((1 - shrinkage) * means[j] + shrinkage * target);
  }
  return Object.freeze({
    expectedReturns,
    shrinkage,
    target: target * periodsPerYear,
    clipped: raw !== shrinkage,
  });
}
