/**
 * The mean-variance family as plain data: the model specs an API body, a job payload and a stored run
 * carry unchanged, and the readonly result every model returns.
 */
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import type { KktResiduals, QpSolution } from "../qp/index.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";

/**
 * Which mean-variance problem to solve (Markowitz 1952, "Portfolio Selection"). Every model accepts
 * the same `PortfolioConstraints`; a market-neutral variant is `constraints.budget = 0`.
 *
 * - `minVolatility`: min wᵀΣw (+ γ‖w‖² + transaction costs).
 * - `maxSharpe`: max (μᵀw − rf − costs) / √(wᵀΣw) (tangency portfolio; Sharpe 1966).
 * - `maxQuadraticUtility`: max μᵀw − (δ/2)·wᵀΣw − γ‖w‖² − costs, δ = `riskAversion` (default 1).
 * - `efficientRisk`: max μᵀw (− γ‖w‖² − costs) subject to √(wᵀΣw) ≤ `targetVolatility`.
 * - `efficientReturn`: min wᵀΣw (+ γ‖w‖² + costs) subject to μᵀw ≥ `targetReturn`.
 * - `minTrackingError`: min (w − b)ᵀΣ(w − b) (+ γ‖w‖² + costs) for the benchmark weights b.
 */
export type MeanVarianceModel =
  | { readonly kind: "minVolatility" }
  | { readonly kind: "maxSharpe" }
  | { readonly kind: "maxQuadraticUtility"; readonly riskAversion?: number }
  | { readonly kind: "efficientRisk"; readonly targetVolatility: number }
  | { readonly kind: "efficientReturn"; readonly targetReturn: number }
  | { readonly kind: "minTrackingError"; readonly benchmark: ArrayLike<number> };

export interface MeanVarianceInput {
  /** `μ`, one per asset, annual decimals. */
  readonly expectedReturns: ArrayLike<number>;
  /** `Σ`, `nAssets × nAssets`, same asset order and units as `μ` (annualised). */
  readonly covariance: SymmetricMatrix;
  readonly model: MeanVarianceModel;
  /** Default: long only, fully invested (`budget 1`, bounds `[0, 1]`). */
  readonly constraints?: PortfolioConstraints;
  /** Annual risk-free rate (default 0.02, PyPortfolioOpt's default). */
  readonly riskFreeRate?: number;
  /** A previous result of the same model and universe (its `warmStart`); speeds up a nearby solve. */
  readonly warmStart?: MeanVarianceWarmStart;
}

/** Opaque: the solver state of a previous solve, to pass back as `warmStart`. */
export interface MeanVarianceWarmStart {
  readonly nVariables: number;
  readonly solution: QpSolution;
}

/** Where a target (a return, a volatility, a tracking-error limit) ended up. */
export interface TargetReport {
  readonly kind: "targetReturn" | "targetVolatility" | "trackingError";
  readonly value: number;
  /**
   * False when the target did not bind: a return target below the minimum-volatility portfolio's
   * return, a volatility target above the highest-return portfolio's volatility, a tracking-error
   * limit the unconstrained optimum already meets. The portfolio is then that unconstrained optimum.
   */
  readonly binding: boolean;
  /** For a binding quadratic limit: the multiplier found by the 1-D search (risk per unit of limit). */
  readonly multiplier?: number;
}

export interface SolverReport {
  /**
   * "optimal", or "nodeLimit" when a holdings search spent its node budget first: the best portfolio
   * found, with `gap` (objective − proven bound, in the search's minimised units) saying how far off.
   */
  readonly status: "optimal" | "nodeLimit";
  /** Active-set iterations over every QP solved for this result. */
  readonly iterations: number;
  /** KKT residuals of the last QP solved (absolute ∞-norms). */
  readonly kkt: KktResiduals;
  /** The model's objective at the optimum, in the model's units (variance, −utility, Sharpe…). */
  readonly objective: number;
  readonly regularization: number;
  /** Number of QPs solved (root searches and frontier points solve several). */
  readonly solves: number;
  /** Branch-and-bound nodes, when a holdings limit or a minimum position made the problem mixed-integer. */
  readonly nodes?: number;
  /** Branch-and-bound optimality gap (absolute), with `nodes`. */
  readonly gap?: number;
}

export interface FallbackRecord {
  /** The failed model's kind; its parameters (a target) are named in `message`. */
  readonly model: MeanVarianceModel["kind"];
  readonly code: string;
  readonly message: string;
}

export interface PortfolioOptimum {
  readonly model: MeanVarianceModel;
  /** Raw weights (not cleaned), summing to the budget within 1e-10. */
  readonly weights: Float64Array;
  readonly performance: {
    readonly expectedReturn: number;
    readonly volatility: number;
    /** `null` when the volatility is 0. */
    readonly sharpe: number | null;
  };
  /** Each asset's share of the variance (sums to 1); `null` when the variance is 0. */
  readonly riskContributions: Float64Array | null;
  readonly solver: SolverReport;
  readonly target?: TargetReport;
  /** Models tried first and why each failed (`optimizeWithFallback`). */
  readonly fallbackFrom?: readonly FallbackRecord[];
  /** Pass back as `warmStart` to speed up a nearby solve of the same model. */
  readonly warmStart: MeanVarianceWarmStart;
}

export interface FrontierPoint {
  readonly expectedReturn: number;
  readonly volatility: number;
  readonly sharpe: number | null;
  readonly weights: Float64Array;
}
