/**
 * Exponentially weighted mean historical return per asset, annualised: PyPortfolioOpt 1.5.6's
 * `expected_returns.ema_historical_return`, i.e. the last value of pandas
 * `returns.ewm(span=span, adjust=True, ignore_na=False).mean()`, then annualised.
 */
import { InsufficientHistoryError, InvalidInputError } from "../../errors.js";
import type { Matrix } from "../../linalg/matrix.js";
import { checkPeriodsPerYear, checkReturns } from "./estimator-inputs.js";

export interface EmaHistoricalReturnOptions {
  /** Return periods per year: 252 for daily returns. */
  readonly periodsPerYear: number;
  /** EMA span in periods (≥ 1), default 500; the decay is α = 2 / (span + 1). */
  readonly span?: number;
  /** `(1 + m)^ppy − 1` when true (default), `m · ppy` when false. */
  readonly compounding?: boolean;
}

/**
 * Annualised exponentially weighted mean return of each asset. With `T` rows and α = 2/(span + 1),
 * the per-period mean of asset i is
 *
 *   m_i = Σ_t w_t r_{t,i} / Σ_t w_t,  w_t = (1 − α)^(T − 1 − t),  over the rows where r_{t,i} is present,
 *
 * so the weight of a return depends on its distance from the *last row of the table* (pandas'
 * `adjust=True, ignore_na=False`): an asset whose data stop early is weighted as of the table's end.
 * Annualised as `(1 + m_i)^ppy − 1` (default; PyPortfolioOpt compounds the mean period return, it is
 * not a CAGR) or `m_i · ppy`. As span → ∞ the weights flatten and `m_i` tends to the arithmetic mean.
 *
 * @param returns - simple returns, `nObservations × nAssets`, row-major, `NaN` missing, oldest row first.
 * @param options - `periodsPerYear` (required), `span` (default 500), `compounding` (default true).
 * @returns one annualised expected return per asset (decimal).
 * @throws InsufficientHistoryError when an asset has no returns (`details.asset`); InvalidInputError
 *   for span < 1 or, under compounding, a return below −1.
 * @see PyPortfolioOpt 1.5.6 `ema_historical_return`; pandas `DataFrame.ewm` (adjust=True).
 * @example emaHistoricalReturn(returns, { periodsPerYear: 252, span: 500 })
 */
export function emaHistoricalReturn(returns: Matrix, options: EmaHistoricalReturnOptions): Float64Array {
  checkReturns(returns);
  const { periodsPerYear } = options;
  checkPeriodsPerYear(periodsPerYear);
  const span = options.span ?? 500;
  if (typeof span !== "number" || !(span >= 1)) {
    throw new InvalidInputError(`span must be a number ≥ 1, got ${span}`, { span });
  }
  const compounding = options.compounding ?? true;
  const { rows, cols, data } = returns;
  // log(1 − α) through log1p: for a span of 1e10, α = 2e-10 and forming 1 − α first would round
  // away the digits that distinguish the weights.
  const logDecay = Math.log1p(-2 / (span + 1));
  const result = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let last = rows - 1;
    while (last >= 0 && Number.isNaN(data[last * cols + j])) last--;
    if (last < 0) {
      throw new InsufficientHistoryError(`asset ${j} has no returns to average`, { asset: j, observations: 0 });
    }
    // Weights are taken relative to the asset's last return, (1 − α)^(last − t): the common factor
    // (1 − α)^(T − 1 − last) cancels in the ratio, and this way an asset that stopped trading long
    // before the table ends does not underflow to 0/0.
    let weighted = 0;
    let totalWeight = 0;
    for (let t = 0; t <= last; t++) {
      const r = data[t * cols + j];
      if (Number.isNaN(r)) continue;
      if (compounding && r < -1) {
        throw new InvalidInputError(`return ${r} of asset ${j} at row ${t} is below -1; it cannot compound`, {
          asset: j,
          row: t,
          value: r,
        });
      }
      // span = 1 gives α = 1 and logDecay = −∞: only the last return counts (0^0 = 1).
      const w = t === last ? 1 : Math.exp((last - t) * logDecay);
      weighted += w * r;
      totalWeight += w;
    }
    const m = weighted / totalWeight;
    result[j] = compounding ? Math.expm1(periodsPerYear * Math.log1p(m)) : m * periodsPerYear;
  }
  return result;
}
