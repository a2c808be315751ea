/**
 * The risk-measure models as plain data (what an API body, a job payload and a stored run carry), and
 * the readonly result every one of them returns. The risk is measured on historical scenarios: a
 * `nObservations × nAssets` matrix of per-period (e.g. daily) returns, one complete row per period.
 */
import type { Matrix } from "../../linalg/matrix.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";

/** What the target of a model is: a floor on `μᵀw` (minimise the risk) or a cap on the risk (maximise `μᵀw`). */
interface Targets {
  /** Minimise the risk subject to `μᵀw ≥ targetReturn` (annual, like μ). */
  readonly targetReturn?: number;
  /** Maximise `μᵀw` (net of transaction costs) subject to risk ≤ `maxRisk`, in the measure's units. */
  readonly maxRisk?: number;
}

/**
 * Which risk-measure problem to solve. Every model accepts the linear `PortfolioConstraints`.
 *
 * - `minCvar`: conditional value at risk (expected shortfall) of the per-period loss `−Rw` at
 *   `confidence` β (default 0.95), Rockafellar & Uryasev (2000). Risk: a positive per-period loss.
 * - `minCdar`: conditional drawdown at risk of the uncompounded cumulative return at `confidence`
 *   (default 0.95), Chekhlov, Uryasev & Zabarankin (2005). Risk: per-period return units.
 * - `minMad`: mean absolute deviation `Σ|rₜ − r̄|/T` of the portfolio's return, Konno & Yamazaki (1991).
 *   Risk: per period.
 * - `minSemivariance`: `Σ min(rₜ − benchmark, 0)²/T` (benchmark per period, default 0), Markowitz (1959).
 *   Risk: the annual semideviation `√(periodsPerYear · semivariance)`, as PyPortfolioOpt reports it;
 *   `maxRisk` is not offered (a quadratic limit is not a linear row).
 * - `maxSortino`: `(μᵀw − rf) / annual semideviation`, homogenised into a QP like max Sharpe.
 */
export type RiskMeasureModel =
  | ({ readonly kind: "minCvar"; readonly confidence?: number } & Targets)
  | ({ readonly kind: "minCdar"; readonly confidence?: number } & Targets)
  | ({ readonly kind: "minMad" } & Targets)
  | { readonly kind: "minSemivariance"; readonly benchmark?: number; readonly targetReturn?: number }
  | { readonly kind: "maxSortino"; readonly benchmark?: number };

export interface RiskMeasureInput {
  /** `nObservations × nAssets` per-period simple returns, row-major, every value finite. */
  readonly scenarios: Matrix;
  /**
   * `μ`, annual, one per asset: needed for a target, a risk cap, max Sortino and the frontier (the
   * reported `expectedReturn` is null without it).
   */
  readonly expectedReturns?: ArrayLike<number>;
  readonly model: RiskMeasureModel;
  /**
   * Default: long only, fully invested. `l2Gamma` adds `γ·Σwᵢ²` to a min-risk objective (the risk per
   * period: CVaR, CDaR, MAD, or the semivariance, not the annual semideviation) and subtracts it from
   * the return a `maxRisk` model maximises, as PyPortfolioOpt's `L2_reg`; max Sortino refuses it.
   * Tracking error, maxHoldings and minPosition are refused.
   */
  readonly constraints?: PortfolioConstraints;
  /** Annual, for the Sortino ratio (default 0.02, as the mean-variance models). */
  readonly riskFreeRate?: number;
  /** Periods per year of the scenarios, to annualise the semideviation (default 252). */
  readonly periodsPerYear?: number;
}

/** Which quantity `risk` holds. */
export type RiskMeasureName = "cvar" | "cdar" | "meanAbsoluteDeviation" | "semideviation";

export interface RiskMeasureOptimum {
  readonly model: RiskMeasureModel;
  /** Raw weights, summing to the budget within 1e-10. */
  readonly weights: Float64Array;
  /** `μᵀw` (annual), or null when no expected returns were given. */
  readonly expectedReturn: number | null;
  readonly riskMeasure: RiskMeasureName;
  /**
   * The measure recomputed from `weights` on the scenarios by its definition in `src/core/measures`:
   * CVaR and CDaR as positive per-period numbers, MAD per period, the semideviation annualised.
   */
  readonly risk: number;
  /** CVaR: the loss quantile (VaR); CDaR: the drawdown quantile. Absent for the other measures. */
  readonly quantile?: number;
  /** `(μᵀw − rf)/semideviation` for the semivariance models with expected returns; null at zero risk. */
  readonly sortino?: number | null;
  readonly solver: {
    readonly status: "optimal";
    /** Simplex or active-set iterations over every solve for this result. */
    readonly iterations: number;
    /** The last program's objective in its own units (e.g. the LP's CVaR plus costs). */
    readonly objective: number;
    readonly solves: number;
    /**
     * "dual": the LP solved through its dual (see `lp/dual-program.ts`); "newton": the semivariance by
     * Newton's method over the shortfall set (see `minimize-semivariance.ts`); "cuttingPlane": CVaR,
     * CDaR or MAD with an L2 penalty (see `penalised-risk-program.ts`); "primal" otherwise.
     */
    readonly formulation: "primal" | "dual" | "newton" | "cuttingPlane";
  };
  readonly target?: {
    readonly kind: "targetReturn" | "maxRisk";
    readonly value: number;
    /** False when the optimum does not touch the target (its slack is above 1e-9). */
    readonly binding: boolean;
  };
}

export interface RiskFrontierPoint {
  readonly expectedReturn: number;
  /** In the model's `riskMeasure` units. */
  readonly risk: number;
  readonly weights: Float64Array;
}
