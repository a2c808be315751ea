/**
 * Risk budgeting (Roncalli, 2013, "Introduction to Risk Parity and Budgeting", ch. 2): find the
 * long-only portfolio whose variance is split between the assets in given proportions b.
 *
 * Method: Spinu's convex formulation (Spinu, 2013, "An algorithm for computing risk parity weights"):
 * minimise f(y) = ½·yᵀΣy − Σᵢ bᵢ·ln yᵢ over y > 0. Its stationarity condition yᵢ(Σy)ᵢ = bᵢ says
 * the risk contributions of y are b (and yᵀΣy = Σb = 1), so w = y / Σy is the answer. f is strictly
 * convex when Σ is positive definite, so the point is unique (Roncalli 2013, th. 2.2).
 * We minimise f by cyclical coordinate descent (Griveau-Billion, Richard & Roncalli, 2013, "A fast
 * algorithm for computing high-dimensional risk parity portfolios"): each coordinate's minimiser is
 * the positive root of Σᵢᵢ·yᵢ² + cᵢ·yᵢ − bᵢ = 0, cᵢ = Σ_{j≠i} Σᵢⱼ yⱼ, and keeping s = Σy up to date
 * costs one row of Σ per update, so a sweep is O(N²) and no matrix is ever factored (at N = 500 a
 * Newton step's Cholesky alone takes longer than the whole descent).
 */
import { ConvergenceError, InfeasibleProblemError, InvalidInputError, NonFiniteValueError, NotPositiveDefiniteError, ShapeMismatchError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import { assertSymmetric } from "../../linalg/index.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";
import { limitViolations } from "../naive/limit-violations.js";
import { assetVariances } from "../naive/inverse-volatility.js";
import { checkAllocatorConstraints, LIMIT_TOLERANCE } from "../naive/project-to-constraints.js";
import { isPositiveSemidefinite } from "./positive-semidefinite.js";
import type { RiskBudgetingOptions, RiskBudgetingResult } from "./risk-budgeting-model.js";

/** Budgets may miss 1 by this much (a list of ten 0.1s sums to 0.9999999999999999). */
const BUDGET_SUM_TOLERANCE = 1e-9;

function checkBudgets(budgets: ArrayLike<number> | undefined, n: number): Float64Array {
  if (budgets === undefined) return new Float64Array(n).fill(1 / n);
  if (budgets.length !== n) {
    throw new ShapeMismatchError(`riskBudgeting: ${budgets.length} risk budgets for ${n} assets`, { length: budgets.length, expected: n });
  }
  const b = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = budgets[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new NonFiniteValueError(`riskBudgeting: the budget of asset ${i} is ${v}`, { asset: i, value: v });
    if (!(v > 0)) {
      throw new InvalidInputError(`riskBudgeting: the budget of asset ${i} is ${v}; every risk budget must be positive (drop the asset instead of budgeting it 0)`, { asset: i, budget: v });
    }
    b[i] = v;
    sum += v;
  }
  if (Math.abs(sum - 1) > BUDGET_SUM_TOLERANCE) {
    throw new InvalidInputError(`riskBudgeting: the risk budgets sum to ${sum}, not 1`, { sum });
  }
  return b;
}

/** yᵢ·(Σy)ᵢ / yᵀΣy and the largest gap to the budgets. */
function shares(y: Float64Array, s: Float64Array, b: Float64Array): { contributions: Float64Array; variance: number; gap: number } {
  const n = y.length;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += y[i] * s[i];
  const contributions = new Float64Array(n);
  let gap = 0;
  for (let i = 0; i < n; i++) {
    contributions[i] = (y[i] * s[i]) / variance;
    gap = Math.max(gap, Math.abs(contributions[i] - b[i]));
  }
  return { contributions, variance, gap };
}

function product(sigma: Float64Array, y: Float64Array, n: number): Float64Array {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) acc += sigma[row + j] * y[j];
    s[i] = acc;
  }
  return s;
}

/**
 * The risk-budgeting portfolio of `covariance` (`nAssets × nAssets`, positive definite, any time unit).
 *
 * Options: `budgets` (default equal), `tolerance` on the risk shares (default 1e-12), `maxSweeps`.
 * `constraints`: the budget (default 1) scales the weights. The long-only risk-budgeting portfolio is
 * unique, so other limits (bounds, groups, linear rows) are checked rather than optimised over: one
 * that the portfolio breaks makes "risk shares = budgets" impossible, and is reported as
 * INFEASIBLE_CONSTRAINTS naming the limit and by how much (relax it or change the budgets).
 *
 * Returns the weights, the risk shares (within `maxBudgetGap` ≤ tolerance of the budgets), the
 * volatility and the number of sweeps.
 *
 * @throws InvalidInputError for budgets that are not positive or do not sum to 1 (naming the sum), a
 *   zero variance, an unsupported constraint field; NotPositiveDefiniteError when the covariance is not
 *   positive semidefinite, or has a long-only combination with zero variance (the problem is unbounded); ConvergenceError (NO_CONVERGENCE)
 *   after `maxSweeps`; InfeasibleProblemError for a limit the unique answer breaks.
 *
 * @example
 * const erc = riskBudgeting(sigma);                         // equal risk contribution
 * const rb = riskBudgeting(sigma, { budgets: [0.5, 0.3, 0.2] });
 * rb.riskContributions; // [0.5, 0.3, 0.2] to 1e-12
 */
export function riskBudgeting(covariance: SymmetricMatrix, options: RiskBudgetingOptions = {}, constraints: PortfolioConstraints = {}): RiskBudgetingResult {
  const variances = assetVariances(covariance, "riskBudgeting");
  assertSymmetric(covariance);
  const n = variances.length;
  const b = checkBudgets(options.budgets, n);
  checkAllocatorConstraints(constraints, "riskBudgeting");
  const tolerance = options.tolerance ?? 1e-12;
  const maxSweeps = options.maxSweeps ?? 10_000;
  if (!(tolerance > 0)) throw new InvalidInputError(`riskBudgeting: tolerance must be positive, got ${tolerance}`, { tolerance });
  const sigma = covariance.data;
  // Σ must be positive semidefinite to be a covariance at all; one Cholesky of Σ + 1e-10·diag(Σ) says
  // so, the small ridge letting through singular but valid matrices (two identical assets: the shares
  // still fix w, 50/50). A singular direction with all-positive weights makes f unbounded; the descent
  // detects that below.
  if (!isPositiveSemidefinite(sigma, n, 1e-10)) {
    throw new NotPositiveDefiniteError("riskBudgeting: the covariance is not positive semidefinite (Cholesky met a negative pivot)", {});
  }

  // Start from inverse volatility scaled to unit variance: exact when correlations are equal.
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(variances[i]);
  let s = product(sigma, y, n);
  let v0 = 0;
  for (let i = 0; i < n; i++) v0 += y[i] * s[i];
  if (!(v0 > 0)) throw new NotPositiveDefiniteError(`riskBudgeting: the covariance gives the inverse-volatility portfolio variance ${v0}`, { variance: v0 });
  const scale = 1 / Math.sqrt(v0);
  for (let i = 0; i < n; i++) {
    y[i] *= scale;
    s[i] *= scale;
  }

  let startSize = 0;
  for (let i = 0; i < n; i++) startSize += y[i];
  let sweeps = 0;
  let state = shares(y, s, b);
  while (state.gap > tolerance) {
    if (sweeps >= maxSweeps) {
      throw new ConvergenceError(`riskBudgeting: risk shares still ${state.gap.toExponential(2)} from the budgets after ${maxSweeps} sweeps`, {
        maxSweeps,
        gap: state.gap,
        nAssets: n,
      });
    }
    sweep(sigma, y, s, b, n);
    sweeps++;
    state = shares(y, s, b);
    let size = 0;
    for (let i = 0; i < n; i++) size += y[i];
    // At the answer yᵀΣy = 1, so Σy is at most √(N / min eigenvalue); a growth past 1e12 of the
    // (unit-variance) start means f falls without limit along a zero-variance long-only combination.
    if (!(size < 1e12 * startSize)) {
      throw new NotPositiveDefiniteError("riskBudgeting: a long-only combination of the assets has zero variance (perfectly hedged assets?): no risk-budgeting portfolio exists", {
        sweeps,
      });
    }
    // The running s collects rounding over many updates; confirm convergence on a fresh product.
    if (state.gap <= tolerance) {
      s = product(sigma, y, n);
      state = shares(y, s, b);
    }
  }

  let total = 0;
  for (let i = 0; i < n; i++) total += y[i];
  const budget = constraints.budget ?? 1;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = (y[i] / total) * budget;
  const broken = limitViolations(weights, constraints, LIMIT_TOLERANCE);
  if (broken.length > 0) {
    throw new InfeasibleProblemError(
      `riskBudgeting: the risk-budgeting portfolio is unique and breaks ${broken[0].limit} by ${broken[0].by.toExponential(3)}; relax that limit or change the budgets`,
      { violated: broken },
    );
  }
  return Object.freeze({
    model: Object.freeze({ kind: "riskBudgeting" as const, ...(options.budgets === undefined ? {} : { budgets: Array.from(b) }) }),
    weights,
    riskContributions: state.contributions,
    volatility: (Math.sqrt(state.variance) / total) * budget,
    maxBudgetGap: state.gap,
    sweeps,
  });
}

/** One Gauss–Seidel pass: each yᵢ set to its exact coordinate minimiser, s = Σy kept current. */
function sweep(sigma: Float64Array, y: Float64Array, s: Float64Array, b: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const a = sigma[row + i];
    const c = s[i] - a * y[i];
    // Positive root of a·x² + c·x − bᵢ = 0, written to avoid cancellation when c > 0.
    const root = Math.sqrt(c * c + 4 * a * b[i]);
    const next = c > 0 ? (2 * b[i]) / (c + root) : (root - c) / (2 * a);
    const delta = next - y[i];
    if (delta === 0) continue;
    y[i] = next;
    for (let j = 0; j < n; j++) s[j] += delta * sigma[row + j];
  }
}

/**
 * Equal risk contribution (bᵢ = 1/N): `riskBudgeting` without budgets.
 * Reference: Maillard, Roncalli & Teïletche (2010), "The properties of equally weighted risk
 * contribution portfolios", J. Portfolio Management 36(4).
 * @example equalRiskContribution(sigma).riskContributions // all 1/N
 */
export function equalRiskContribution(covariance: SymmetricMatrix, options: Omit<RiskBudgetingOptions, "budgets"> = {}, constraints: PortfolioConstraints = {}): RiskBudgetingResult {
  return riskBudgeting(covariance, { ...options, budgets: undefined }, constraints);
}
