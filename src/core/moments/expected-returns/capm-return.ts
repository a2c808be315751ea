/**
 * CAPM expected returns, following PyPortfolioOpt 1.5.6's `expected_returns.capm_return` step by
 * step so that its published numbers are reproduced (see its test_capm_no_benchmark and
 * test_capm_with_benchmark), with pairwise-complete statistics as pandas computes them.
 */
import { InsufficientHistoryError, InvalidInputError, ShapeMismatchError } from "../../errors.js";
import type { Matrix } from "../../linalg/matrix.js";
import { checkPeriodsPerYear, checkReturns } from "./estimator-inputs.js";
import { meanHistoricalReturn } from "./mean-historical-return.js";

export interface CapmReturnOptions {
  /** Return periods per year: 252 for daily returns. */
  readonly periodsPerYear: number;
  /** Annual risk-free rate (decimal), default 0.02. */
  readonly riskFreeRate?: number;
  /**
   * Market returns on the same rows as `returns` (length `nObservations`, `NaN` where the market has
   * no return). Default: the equal-weight market, each row's mean over its non-missing asset returns.
   */
  readonly market?: Float64Array | readonly number[];
  /** Market return as a geometric annual mean when true (default), arithmetic × ppy when false. */
  readonly compounding?: boolean;
}

export interface CapmReturn {
  /** `riskFreeRate + β_i (marketReturn − riskFreeRate)` per asset, annual decimals. */
  readonly expectedReturns: Float64Array;
  /** β_i = cov(r_i, m) / var(m) per asset. */
  readonly betas: Float64Array;
  /** The market's annualised mean return used in the formula. */
  readonly marketReturn: number;
}

/** Row means over the non-missing entries; `NaN` for a row with none. */
function equalWeightMarket(returns: Matrix): Float64Array {
  const { rows, cols, data } = returns;
  const market = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    let n = 0;
    for (let j = 0; j < cols; j++) {
      const r = data[i * cols + j];
      if (Number.isNaN(r)) continue;
      sum += r;
      n++;
    }
    market[i] = n === 0 ? NaN : sum / n;
  }
  return market;
}

/**
 * Sample covariance (ddof 1) of column j with `market` over the rows where both are present, each
 * mean taken over those same rows: pandas' pairwise-complete `DataFrame.cov()`. Two passes (means,
 * then centred products) rather than Σxy − n·x̄ȳ, which cancels badly for returns.
 */
function pairwiseCovariance(returns: Matrix, j: number, market: Float64Array): { cov: number; n: number } {
  const { rows, cols, data } = returns;
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < rows; i++) {
    const x = data[i * cols + j];
    const y = market[i];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sx += x;
    sy += y;
    n++;
  }
  if (n < 2) return { cov: NaN, n };
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  for (let i = 0; i < rows; i++) {
    const x = data[i * cols + j];
    const y = market[i];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sxy += (x - mx) * (y - my);
  }
  return { cov: sxy / (n - 1), n };
}

/**
 * Capital Asset Pricing Model expected returns `μ_i = r_f + β_i (E[R_m] − r_f)`.
 *
 * As in PyPortfolioOpt 1.5.6: the market is the given series or, by default, the equal-weight
 * average of the assets available on each row; `β_i = cov(r_i, m) / var(m)` where the covariance
 * uses the rows on which both asset i and the market have a return and the variance all rows on
 * which the market has one (ddof 1 for both); `E[R_m]` is the market's annualised mean return over
 * its own non-missing rows, geometric `(Π(1 + m_t))^(ppy/n) − 1` by default, else `mean · ppy`.
 * (PyPortfolioOpt's `risk_free_rate` defaults to 0; ours to 0.02, the convention of our reference
 * data. Both are annual.)
 *
 * @param returns - simple asset returns, `nObservations × nAssets`, row-major, `NaN` missing.
 * @param options - `periodsPerYear` (required), `riskFreeRate` (annual, default 0.02), `market`
 *   (aligned on the rows of `returns`; see `alignToDates` for a benchmark on other dates), `compounding`.
 * @returns `{ expectedReturns, betas, marketReturn }`.
 * @throws ShapeMismatchError when `market` has the wrong length; InsufficientHistoryError when an
 *   asset shares fewer than 2 rows with the market (`details.asset`) or the market has fewer than 2
 *   returns; InvalidInputError when the market's variance is 0.
 * @see Sharpe (1964), "Capital asset prices: a theory of market equilibrium under conditions of
 *   risk", Journal of Finance 19(3); PyPortfolioOpt 1.5.6 `capm_return`.
 * @example capmReturn(returns, { periodsPerYear: 252, market: spyReturns })
 */
export function capmReturn(returns: Matrix, options: CapmReturnOptions): CapmReturn {
  checkReturns(returns);
  const { periodsPerYear } = options;
  checkPeriodsPerYear(periodsPerYear);
  const riskFreeRate = options.riskFreeRate ?? 0.02;
  if (!Number.isFinite(riskFreeRate)) {
    throw new InvalidInputError(`riskFreeRate must be a finite annual rate, got ${riskFreeRate}`, { riskFreeRate });
  }
  const compounding = options.compounding ?? true;
  let market: Float64Array;
  if (options.market === undefined) {
    market = equalWeightMarket(returns);
  } else {
    if (options.market.length !== returns.rows) {
      throw new ShapeMismatchError(
        `market has ${options.market.length} returns for ${returns.rows} rows of asset returns`,
        { market: options.market.length, rows: returns.rows },
      );
    }
    market = Float64Array.from(options.market);
  }
  const marketMatrix: Matrix = { rows: market.length, cols: 1, data: market };
  checkReturns(marketMatrix);

  const { cov: marketVariance, n: marketCount } = pairwiseCovariance(marketMatrix, 0, market);
  if (marketCount < 2) {
    throw new InsufficientHistoryError(`the market has ${marketCount} returns; a variance needs 2`, {
      observations: marketCount,
    });
  }
  if (!(marketVariance > 0)) {
    throw new InvalidInputError("the market's returns have zero variance, so betas are undefined", {
      variance: marketVariance,
    });
  }
  const marketReturn = meanHistoricalReturn(marketMatrix, { periodsPerYear, compounding })[0];

  const cols = returns.cols;
  const betas = new Float64Array(cols);
  const expectedReturns = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const { cov, n } = pairwiseCovariance(returns, j, market);
    if (n < 2) {
      throw new InsufficientHistoryError(`asset ${j} has ${n} returns on rows where the market has one; a beta needs 2`, {
        asset: j,
        observations: n,
      });
    }
    betas[j] = cov / marketVariance;
    expectedReturns[j] = riskFreeRate + betas[j] * (marketReturn - riskFreeRate);
  }
  return Object.freeze({ expectedReturns, betas, marketReturn });
}
