/**
 * The most diversified portfolio (Choueifaty & Coignard, 2008, "Toward maximum diversification",
 * J. Portfolio Management 35(1)): maximise DR(w) = σᵀw / √(wᵀΣw), σ the asset volatilities.
 * DR is a Sharpe ratio with σ in the place of the excess returns, so the problem is the max-Sharpe
 * fractional program with μ = σ and rf = 0, and we solve it with that machinery
 * (`optimizeMeanVariance`, model maxSharpe): the same exact homogenised QP, the same constraints.
 */
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";
import type { SolverReport } from "../mean-variance/mean-variance-model.js";
import { optimizeMeanVariance } from "../mean-variance/optimize-mean-variance.js";
import { assetVariances } from "../naive/inverse-volatility.js";

export interface MaximumDiversification {
  readonly model: { readonly kind: "maximumDiversification" };
  readonly weights: Float64Array;
  /** σᵀw / √(wᵀΣw) at the answer (≥ 1 for a long-only portfolio). */
  readonly diversificationRatio: number;
  /** √(wᵀΣw), in the covariance's units. */
  readonly volatility: number;
  readonly solver: SolverReport;
}

/**
 * The maximum-diversification portfolio of `covariance` (`nAssets × nAssets`, any time unit) under
 * `constraints` (default long only, fully invested; every `PortfolioConstraints` field the max-Sharpe
 * model takes).
 *
 * @throws the errors of `optimizeMeanVariance` (INFEASIBLE_CONSTRAINTS, MAX_SHARPE_UNDEFINED for a
 *   market-neutral budget), and InvalidInputError naming an asset with zero variance.
 * @example maximumDiversification(sigma).diversificationRatio
 */
export function maximumDiversification(covariance: SymmetricMatrix, constraints: PortfolioConstraints = {}): MaximumDiversification {
  const variances = assetVariances(covariance, "maximumDiversification");
  const volatilities = variances.map(Math.sqrt);
  const optimum = optimizeMeanVariance({ expectedReturns: volatilities, covariance, model: { kind: "maxSharpe" }, constraints, riskFreeRate: 0 });
  return Object.freeze({
    model: Object.freeze({ kind: "maximumDiversification" as const }),
    weights: optimum.weights,
    diversificationRatio: optimum.performance.sharpe ?? 1,
    volatility: optimum.performance.volatility,
    solver: optimum.solver,
  });
}
