/**
 * The Black-Litterman posterior (Black & Litterman 1992; He & Litterman 1999, "The Intuition Behind
 * Black-Litterman Model Portfolios"; Idzorek 2005 for view confidences). With prior returns π,
 * prior covariance Σ, views P·μ = Q + ε, ε ~ N(0, Ω), and the scalar τ:
 *
 *   posterior mean        μ_BL = π + τΣPᵀ·A⁻¹·(Q − Pπ),          A = τPΣPᵀ + Ω
 *   posterior covariance  Σ_BL = Σ + M,  M = τΣ − τΣPᵀ·A⁻¹·PτΣ
 *
 * This is the form PyPortfolioOpt's `BlackLittermanModel` uses (`bl_returns`, `bl_cov`). It never
 * inverts Ω, so Ω = 0 (full confidence) works as it is and gives P·μ_BL = Q exactly: A is then τPΣPᵀ,
 * non-singular whenever the views are independent and Σ is positive definite. Σ_BL adds the
 * uncertainty of the mean (M, the posterior covariance of μ) to Σ, the predictive covariance of
 * returns (He & Litterman 1999).
 */
import { InvalidInputError, NonFiniteValueError, NotPositiveDefiniteError, ShapeMismatchError, SingularMatrixError } from "../../errors.js";
import { assertSymmetric } from "../../linalg/assert-symmetric.js";
import { cholesky, choleskySolve } from "../../linalg/cholesky.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import { viewMatrices, type InvestorView } from "./investor-views.js";
import { viewUncertainty, type ViewUncertaintySpec } from "./view-uncertainty.js";

export interface BlackLittermanInputs {
  /** π, prior expected returns (e.g. `marketImpliedPriorReturns`), one per asset, annual decimals. */
  readonly prior: ArrayLike<number>;
  /** Σ, the prior covariance of returns, `nAssets × nAssets`, annualised. */
  readonly covariance: SymmetricMatrix;
  /** The views; at least one. */
  readonly views: readonly InvestorView[];
  /** Ω; default `{ kind: "proportional" }`, i.e. diag(τ·P·Σ·Pᵀ). */
  readonly uncertainty?: ViewUncertaintySpec;
  /** τ ∈ (0, 1], the scale of the uncertainty of the prior mean; default 0.05. */
  readonly tau?: number;
}

export interface BlackLittermanPosterior {
  /** μ_BL, the posterior expected returns: usable as any model's `expectedReturns`. */
  readonly expectedReturns: Float64Array;
  /** Σ_BL = Σ + M, the posterior covariance of returns: usable as any model's `covariance`. */
  readonly covariance: SymmetricMatrix;
  /** P, `nViews × nAssets`, as built from the views. */
  readonly pick: Matrix;
  /** Q, one return per view. */
  readonly viewReturns: Float64Array;
  /** Ω, `nViews × nViews`, as used. */
  readonly viewUncertainty: SymmetricMatrix;
  readonly tau: number;
}

/** Relative size of a Cholesky pivot of A below which the views count as linearly dependent. */
const DEPENDENT_VIEW_RTOL = 1e-12;

function checkInputs(inputs: BlackLittermanInputs): number {
  const { prior, covariance, views, tau = 0.05 } = inputs;
  if (!(tau > 0 && tau <= 1)) throw new InvalidInputError(`tau must lie in (0, 1], got ${tau}`, { tau });
  assertSymmetric(covariance, "covariance");
  const n = covariance.size;
  if (prior.length !== n) {
    throw new ShapeMismatchError(`${prior.length} prior returns for a covariance of ${n} assets`, { prior: prior.length, assets: n });
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(prior[i])) throw new NonFiniteValueError(`prior return of asset ${i} is ${prior[i]}`, { asset: i });
  }
  if (views.length === 0) throw new InvalidInputError("Black-Litterman needs at least one view", { views: 0 });
  return tau;
}

/** Factors A = τPΣPᵀ + Ω, naming the first view that depends on earlier ones when it is singular. */
function factorViewSystem(a: SymmetricMatrix): ReturnType<typeof cholesky> {
  const k = a.size;
  const dependent = (view: number): SingularMatrixError =>
    new SingularMatrixError(
      `view ${view} is a linear combination of earlier views and neither is uncertain enough to reconcile them ` +
        `(τPΣPᵀ + Ω is singular); give the views a non-zero uncertainty or drop view ${view}`,
      { view },
    );
  let factor;
  try {
    factor = cholesky(a);
  } catch (error) {
    if (error instanceof NotPositiveDefiniteError) throw dependent(error.details.pivot as number);
    throw error;
  }
  for (let v = 0; v < k; v++) {
    const pivot = factor.lower[v * k + v];
    if (pivot * pivot <= DEPENDENT_VIEW_RTOL * a.data[v * k + v]) throw dependent(v);
  }
  return factor;
}

/**
 * Black-Litterman posterior returns and covariance.
 *
 * @param inputs - `prior` π, `covariance` Σ (`nAssets × nAssets`), `views`, optional `uncertainty`
 *   (Ω spec; Idzorek confidences in [0, 1]) and `tau` (default 0.05).
 * @returns `{ expectedReturns, covariance, pick, viewReturns, viewUncertainty, tau }`, all new arrays.
 * @throws InvalidInputError naming the view for an unknown asset index or a bad confidence;
 *   SingularMatrixError naming the view when views are dependent and certain; NonFiniteValueError,
 *   ShapeMismatchError, NotSymmetricError for malformed inputs.
 * @example
 * const pi = marketImpliedPriorReturns(caps, sigma, { riskAversion: 2.7, riskFreeRate: 0.02 });
 * const post = blackLitterman({ prior: pi, covariance: sigma, views: [{ asset: 1, return: 0.2 }],
 *   uncertainty: { kind: "idzorek", confidences: [0.5] } });
 * optimizeMeanVariance({ expectedReturns: post.expectedReturns, covariance: post.covariance, … });
 */
export function blackLitterman(inputs: BlackLittermanInputs): BlackLittermanPosterior {
  const tau = checkInputs(inputs);
  const { prior, covariance } = inputs;
  const n = covariance.size;
  const sigma = covariance.data;
  const { pick, returns: q } = viewMatrices(inputs.views, n);
  const k = pick.rows;
  const omega = viewUncertainty(inputs.uncertainty ?? { kind: "proportional" }, pick, covariance, tau);

  // B = P·τΣ (k × n); its transpose τΣPᵀ is the n × k matrix of the formulas (Σ symmetric).
  const b = new Float64Array(k * n);
  for (let v = 0; v < k; v++) {
    const p = pick.data.subarray(v * n, (v + 1) * n);
    const out = b.subarray(v * n, (v + 1) * n);
    for (let i = 0; i < n; i++) {
      if (p[i] === 0) continue;
      const w = tau * p[i];
      for (let j = 0; j < n; j++) out[j] += w * sigma[i * n + j];
    }
  }
  // A = B·Pᵀ + Ω.
  const a = new Float64Array(k * k);
  for (let u = 0; u < k; u++) {
    for (let v = 0; v < k; v++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += b[u * n + j] * pick.data[v * n + j];
      a[u * k + v] = s + omega.data[u * k + v];
    }
  }
  for (let u = 0; u < k; u++) for (let v = u + 1; v < k; v++) a[u * k + v] = a[v * k + u] = 0.5 * (a[u * k + v] + a[v * k + u]);
  const factor = factorViewSystem({ size: k, data: a });

  // μ_BL = π + Bᵀ·A⁻¹·(Q − Pπ).
  const gap = new Float64Array(k);
  for (let v = 0; v < k; v++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += pick.data[v * n + j] * prior[j];
    gap[v] = q[v] - s;
  }
  const x = choleskySolve(factor, gap);
  const expectedReturns = Float64Array.from(prior);
  for (let v = 0; v < k; v++) for (let j = 0; j < n; j++) expectedReturns[j] += b[v * n + j] * x[v];

  // Σ_BL = Σ + τΣ − Bᵀ·A⁻¹·B.
  const y = choleskySolve(factor, { rows: k, cols: n, data: b }).data;
  const post = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let v = 0; v < k; v++) s += b[v * n + i] * y[v * n + j];
      const sym = 0.5 * (sigma[i * n + j] + sigma[j * n + i]);
      post[i * n + j] = post[j * n + i] = (1 + tau) * sym - s;
    }
  }
  return {
    expectedReturns,
    covariance: { size: n, data: post },
    pick,
    viewReturns: q,
    viewUncertainty: omega,
    tau,
  };
}
