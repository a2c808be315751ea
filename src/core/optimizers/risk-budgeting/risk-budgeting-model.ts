/**
 * Risk budgeting as plain data: the spec a request carries and the readonly result.
 */

/**
 * - `riskBudgeting` with `budgets` b (bᵢ > 0, Σb = 1): the long-only, fully invested portfolio whose
 *   assets contribute the fractions b of its variance, wᵢ(Σw)ᵢ / wᵀΣw = bᵢ.
 * - without `budgets`: equal risk contribution (bᵢ = 1/N), Maillard, Roncalli & Teïletche (2010).
 */
export interface RiskBudgetingModel {
  readonly kind: "riskBudgeting";
  readonly budgets?: readonly number[];
}

export interface RiskBudgetingResult {
  readonly model: RiskBudgetingModel;
  /** Positive, summing to the budget (default 1). */
  readonly weights: Float64Array;
  /** Each asset's share of the variance, wᵢ(Σw)ᵢ / wᵀΣw: equal to the budgets to `maxBudgetGap`. */
  readonly riskContributions: Float64Array;
  /** √(wᵀΣw) in the covariance's units (annual if Σ is). */
  readonly volatility: number;
  /** max |riskContributionᵢ − bᵢ| at the answer (≤ the tolerance, default 1e-12). */
  readonly maxBudgetGap: number;
  /** Coordinate-descent sweeps over the assets. */
  readonly sweeps: number;
}

export interface RiskBudgetingOptions {
  /** Risk budgets, one per asset, positive, summing to 1. Default: equal (1/N). */
  readonly budgets?: ArrayLike<number>;
  /** Stop when every risk share is within this of its budget (absolute; default 1e-12). */
  readonly tolerance?: number;
  /** Sweep limit before NO_CONVERGENCE (default 10,000). */
  readonly maxSweeps?: number;
}
