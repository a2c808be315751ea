/**
 * Max Sharpe along the efficient path, for constraint sets whose homogenised cone would carry many
 * rows (long-short bounds on hundreds of assets: each finite bound becomes a row `yᵢ − ubᵢ·κ ≤ 0`,
 * and the active-set QP pays per general row). Here the weights keep plain bounds.
 *
 * The ratio S(w) = N(w)/D(w), with N = (μ − rf)ᵀw − costs (concave) and D = √(wᵀ(Σ + γI)w) (convex),
 * is pseudo-concave where N > 0, so any KKT point is the global maximum (Mangasarian 1965, "Pseudo-
 * convex functions"; Schaible 1976 on concave-convex fractional programs). Its KKT conditions,
 * ∇N − (N/D²)·(Σ + γI)w ∈ normal cone, are those of the path problem
 *
 *     max N(w) − ν·wᵀ(Σ + γI)w     at     ν = N / (2D²),
 *
 * so the tangency portfolio is the path's point where N(w(ν)) / (2ν·D(w(ν))²) = 1: a 1-D root found
 * by `multiplier-search.ts` (bracketing, then Brent in ln ν) to 1e-13, each step a warm-started QP.
 */
import { ConvergenceError, MaxSharpeUndefinedError, UnboundedProblemError } from "../../errors.js";
import type { QpSolution } from "../qp/index.js";
import { costVector } from "./model-program.js";
import { multiplierSearch } from "./multiplier-search.js";
import { maxAchievableReturn, round, solveSpec, type ModelContext, type QuadraticModelSpec } from "./quadratic-models.js";
import type { ModelOutcome } from "./model-outcome.js";

export interface PathSharpeOutcome extends ModelOutcome {
  /** −Sharpe: what a branch and bound over holdings minimises. */
  readonly minimised: number;
}

export function solveMaxSharpeOnPath(ctx: ModelContext, warm?: QpSolution): PathSharpeOutcome {
  const { n, mu, riskFreeRate: rf, covariance } = ctx.moments;
  const gamma = ctx.compiled.l2Gamma ?? 0;
  const cost = costVector(ctx.compiled);
  const linear = Float64Array.from(cost);
  for (let i = 0; i < n; i++) linear[i] -= mu[i] - rf;
  const spec = (nu: number): QuadraticModelSpec => ({ varianceWeight: nu, l2Gamma: nu * gamma, linear, constant: 0, rows: [] });
  const excess = (x: Float64Array) => {
    let value = 0;
    for (let k = 0; k < x.length; k++) value -= linear[k] * x[k];
    return value;
  };
  const risk = (x: Float64Array) => {
    let value = 0;
    for (let i = 0; i < n; i++) {
      if (x[i] === 0) continue;
      let row = 0;
      for (let j = 0; j < n; j++) row += covariance.data[i * n + j] * x[j];
      value += x[i] * (row + gamma * x[i]);
    }
    return value;
  };

  // ν = 0: the largest excess return (an LP). If it is not positive, no portfolio beats rf.
  let top: QpSolution | undefined;
  try {
    top = solveSpec(ctx, spec(0), warm).solution;
  } catch (error) {
    if (!(error instanceof UnboundedProblemError)) throw error;
  }
  if (top !== undefined && !(excess(top.x) > 0)) throw noExcessReturn(ctx, rf);

  let previous = top ?? warm;
  let scale = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    scale = Math.max(scale, Math.abs(mu[i] - rf));
    variance = Math.max(variance, covariance.data[i * n + i] + gamma);
  }
  let found;
  try {
    found = multiplierSearch(
      (nu) => {
        const solution = solveSpec(ctx, spec(nu), previous).solution;
        previous = solution;
        const d2 = risk(solution.x);
        const value = d2 > 0 ? excess(solution.x) / (2 * nu * d2) : Infinity;
        return { nu, value, state: solution };
      },
      1,
      Math.max(scale, 1e-8) / (2 * Math.max(variance, 1e-12)),
    );
  } catch (error) {
    if (!(error instanceof ConvergenceError)) throw error;
    throw new MaxSharpeUndefinedError(
      `the maximum Sharpe ratio is not attained under these constraints: it is only approached as positions grow without limit or risk vanishes`,
      { reason: "notAttained" },
    );
  }
  const x = found.state.x;
  const sharpe = excess(x) / Math.sqrt(risk(x));
  return { solution: found.state, objective: sharpe, minimised: -sharpe };
}

function noExcessReturn(ctx: ModelContext, rf: number): MaxSharpeUndefinedError {
  if (ctx.moments.mu.every((m) => m <= rf)) {
    return new MaxSharpeUndefinedError(`max Sharpe is undefined: every expected return is below the risk-free rate ${rf}`, {
      reason: "noExcessReturn",
      riskFreeRate: rf,
    });
  }
  const best = maxAchievableReturn(ctx).value;
  return new MaxSharpeUndefinedError(
    best <= rf
      ? `no portfolio under these constraints earns more than the risk-free rate ${rf}; the highest achievable return is ${round(best)}`
      : `no portfolio under these constraints earns more than the risk-free rate ${rf} after transaction costs`,
    { reason: "noExcessReturn", riskFreeRate: rf, maximum: best },
  );
}
