/**
 * Inverse-volatility and inverse-variance portfolios ("naive risk parity"): each asset's weight is
 * proportional to 1/σᵢ (equal risk contributions when all correlations are equal) or 1/σᵢ² (the
 * minimum-variance portfolio when they are zero).
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";
import type { NaiveAllocation } from "./naive-allocation.js";
import { checkAllocatorConstraints, projectToConstraints } from "./project-to-constraints.js";

/** The variances on the diagonal, checked: finite and positive (1/0 has no portfolio). */
export function assetVariances(covariance: SymmetricMatrix, model: string): Float64Array {
  const n = covariance.size;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`${model} needs at least one asset, got ${n}`, { nAssets: n });
  if (covariance.data.length !== n * n) {
    throw new ShapeMismatchError(`${model}: a ${n}×${n} covariance needs ${n * n} values, got ${covariance.data.length}`, { size: n });
  }
  const variances = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = covariance.data[i * n + i];
    if (!Number.isFinite(v)) throw new NonFiniteValueError(`${model}: the variance of asset ${i} is ${v}`, { asset: i, value: v });
    if (!(v > 0)) {
      throw new InvalidInputError(`${model}: asset ${i} has variance ${v}; a riskless or constant asset has no inverse-risk weight`, { asset: i, variance: v });
    }
    variances[i] = v;
  }
  return variances;
}

function inverseRisk(covariance: SymmetricMatrix, constraints: PortfolioConstraints, kind: "inverseVolatility" | "inverseVariance"): NaiveAllocation {
  const variances = assetVariances(covariance, kind);
  checkAllocatorConstraints(constraints, kind);
  const n = variances.length;
  const target = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    target[i] = kind === "inverseVolatility" ? 1 / Math.sqrt(variances[i]) : 1 / variances[i];
    sum += target[i];
  }
  const budget = constraints.budget ?? 1;
  for (let i = 0; i < n; i++) target[i] = (target[i] / sum) * budget;
  const { weights, projection } = projectToConstraints(target, constraints);
  return Object.freeze({ model: Object.freeze({ kind }), weights, projection });
}

/**
 * Weights ∝ 1/σᵢ (σᵢ² the diagonal of `covariance`, `nAssets × nAssets`, any time unit), summing to
 * the budget; brought inside the constraints as `equalWeight` does when a limit binds.
 *
 * Reference: Maillard, Roncalli & Teïletche (2010), "The properties of equally weighted risk
 * contribution portfolios", J. Portfolio Management 36(4) (the equal-correlation case).
 * @throws InvalidInputError naming an asset with zero or negative variance; InfeasibleProblemError.
 * @example inverseVolatility(symmetricFromRows([[0.04, 0], [0, 0.16]])).weights // [2/3, 1/3]
 */
export function inverseVolatility(covariance: SymmetricMatrix, constraints: PortfolioConstraints = {}): NaiveAllocation {
  return inverseRisk(covariance, constraints, "inverseVolatility");
}

/**
 * Weights ∝ 1/σᵢ², the minimum-variance portfolio of uncorrelated assets (HRP's within-cluster rule).
 * @example inverseVariance(symmetricFromRows([[0.04, 0], [0, 0.16]])).weights // [0.8, 0.2]
 */
export function inverseVariance(covariance: SymmetricMatrix, constraints: PortfolioConstraints = {}): NaiveAllocation {
  return inverseRisk(covariance, constraints, "inverseVariance");
}
