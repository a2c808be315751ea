/**
 * Historical mean return per asset, annualised: the default expected-return estimate of
 * PyPortfolioOpt (`expected_returns.mean_historical_return`, v1.5.6), whose conventions we follow.
 */
import { InsufficientHistoryError, InvalidInputError } from "../../errors.js";
import type { Matrix } from "../../linalg/matrix.js";
import { checkPeriodsPerYear, checkReturns } from "./estimator-inputs.js";

export interface MeanHistoricalReturnOptions {
  /** Return periods per year: 252 for daily returns, 52 weekly, 12 monthly. */
  readonly periodsPerYear: number;
  /** Geometric (CAGR) when true (default), arithmetic mean × periodsPerYear when false. */
  readonly compounding?: boolean;
}

/**
 * Annualised mean historical return of each asset, over that asset's own non-missing returns (an
 * asset listed late is averaged over its own history, not over a common window):
 * - `compounding: true` (default): the compound annual growth rate `(Π(1 + r_t))^(ppy / n_i) − 1`;
 * - `compounding: false`: `ppy · mean(r_t)`.
 *
 * The geometric form is evaluated as `expm1((ppy / n_i) · Σ log1p(r_t))`: the same number without
 * the overflow of a long product, and accurate when the annual return is near zero.
 *
 * @param returns - simple returns, `nObservations × nAssets`, row-major, `NaN` missing, decimals per period.
 * @param options - `periodsPerYear` (required), `compounding` (default true).
 * @returns one annualised expected return per asset (decimal).
 * @throws InsufficientHistoryError when an asset has no returns (`details.asset` is its column index);
 *   InvalidInputError for a return below −1 under compounding (naming asset and row).
 * @see PyPortfolioOpt 1.5.6, `expected_returns.mean_historical_return`; Martin (2021), "PyPortfolioOpt:
 *   portfolio optimization in Python", JOSS 6(61), 3066.
 * @example meanHistoricalReturn(returns, { periodsPerYear: 252 })
 */
export function meanHistoricalReturn(returns: Matrix, options: MeanHistoricalReturnOptions): Float64Array {
  checkReturns(returns);
  const { periodsPerYear } = options;
  checkPeriodsPerYear(periodsPerYear);
  const compounding = options.compounding ?? true;
  const { rows, cols, data } = returns;
  const result = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let n = 0;
    // Neumaier-compensated sum: daily returns are small and of both signs, and long histories
    // (tens of thousands of rows) would otherwise lose digits that a 1e-10 comparison can see.
    let sum = 0;
    let compensation = 0;
    // A return of exactly −1 (the asset went to zero) makes the product 0 whatever else happened;
    // log1p(−1) = −∞ would turn the compensated sum into NaN, so it is flagged instead.
    let wipedOut = false;
    for (let i = 0; i < rows; i++) {
      const r = data[i * cols + j];
      if (Number.isNaN(r)) continue;
      if (compounding && r < -1) {
        throw new InvalidInputError(`return ${r} of asset ${j} at row ${i} is below -1; it cannot compound`, {
          asset: j,
          row: i,
          value: r,
        });
      }
      n++;
      if (compounding && r === -1) {
        wipedOut = true;
        continue;
      }
      const term = compounding ? Math.log1p(r) : r;
      const t = sum + term;
      compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
    }
    if (n === 0) {
      throw new InsufficientHistoryError(`asset ${j} has no returns to average`, { asset: j, observations: 0 });
    }
    sum += compensation;
    if (wipedOut) result[j] = -1;
    else result[j] = compounding ? Math.expm1((periodsPerYear / n) * sum) : (sum / n) * periodsPerYear;
  }
  return result;
}
