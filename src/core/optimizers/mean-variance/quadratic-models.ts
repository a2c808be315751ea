/**
 * The mean-variance models that are one convex QP each — minimum volatility, efficient return,
 * maximum quadratic utility, minimum tracking error — written as one family,
 *
 *     min  a·wᵀΣw + γ‖w‖² + qᵀx + constant   over x = [w; auxiliaries],  subject to the constraints
 *
 * (Markowitz 1952; the quadratic utility μᵀw − (δ/2)wᵀΣw as in PyPortfolioOpt, and the L2 term γ‖w‖²
 * with no ½ as its `L2_reg`). A tracking-error multiplier λ adds λ·(w − b)ᵀΣ(w − b) to any of them.
 */
import { TargetOutOfRangeError, UnboundedProblemError } from "../../errors.js";
import type { QpSolution, WarmStart } from "../qp/index.js";
import type { CompiledConstraints } from "../constraints/index.js";
import type { CheckedMoments } from "./check-moments.js";
import { costVector, modelProgram, onWeights, weightHessian, type BoundOverrides, type ModelRow } from "./model-program.js";
import type { SolveLog } from "./solve-log.js";

export interface ModelContext {
  readonly moments: CheckedMoments;
  readonly compiled: CompiledConstraints;
  readonly log: SolveLog;
  /** Branch-and-bound node bounds, when a holdings limit is being searched. */
  readonly overrides?: BoundOverrides;
}

export interface QuadraticModelSpec {
  /** `a` in `a·wᵀΣw`. */
  readonly varianceWeight: number;
  /** `γ` in `γ‖w‖²`. */
  readonly l2Gamma: number;
  /** Linear term over all variables (includes the transaction costs). */
  readonly linear: Float64Array;
  /** Added to the QP's objective so that the reported objective is the model's. */
  readonly constant: number;
  readonly rows: readonly ModelRow[];
}

/** min wᵀΣw + γ‖w‖² + costs. */
export function minVolatilitySpec(ctx: ModelContext): QuadraticModelSpec {
  return { varianceWeight: 1, l2Gamma: ctx.compiled.l2Gamma ?? 0, linear: costVector(ctx.compiled), constant: 0, rows: [] };
}

/** The row `μᵀw ≥ target` (PyPortfolioOpt's `efficient_return` uses ≥: a target below the minimum-volatility return does not bind). */
export function returnRow(ctx: ModelContext, target: number): ModelRow {
  return {
    coefficients: onWeights(ctx.moments.mu, ctx.compiled.nVariables),
    lower: target,
    upper: Infinity,
    label: `expected return ≥ ${target}`,
  };
}

/** min wᵀΣw + γ‖w‖² + costs subject to μᵀw ≥ target. */
export function efficientReturnSpec(ctx: ModelContext, target: number): QuadraticModelSpec {
  return { ...minVolatilitySpec(ctx), rows: [returnRow(ctx, target)] };
}

/** min (δ/2)·wᵀΣw + γ‖w‖² − μᵀw + costs (the negated utility). */
export function quadraticUtilitySpec(ctx: ModelContext, riskAversion: number): QuadraticModelSpec {
  const linear = costVector(ctx.compiled);
  const { mu } = ctx.moments;
  for (let i = 0; i < mu.length; i++) linear[i] -= mu[i];
  return { varianceWeight: riskAversion / 2, l2Gamma: ctx.compiled.l2Gamma ?? 0, linear, constant: 0, rows: [] };
}

/** min (w − b)ᵀΣ(w − b) + γ‖w‖² + costs, expanded as wᵀΣw − 2bᵀΣw + bᵀΣb. */
export function trackingErrorSpec(ctx: ModelContext, benchmark: Float64Array): QuadraticModelSpec {
  return addTrackingError({ ...minVolatilitySpec(ctx), varianceWeight: 0 }, ctx, benchmark, 1);
}

/** `spec + λ·(w − b)ᵀΣ(w − b)`. */
export function addTrackingError(spec: QuadraticModelSpec, ctx: ModelContext, benchmark: Float64Array, lambda: number): QuadraticModelSpec {
  const { covariance } = ctx.moments;
  const n = covariance.size;
  const S = covariance.data;
  const linear = Float64Array.from(spec.linear);
  let bSb = 0;
  for (let i = 0; i < n; i++) {
    let sb = 0;
    for (let j = 0; j < n; j++) sb += S[i * n + j] * benchmark[j];
    linear[i] -= 2 * lambda * sb;
    bSb += benchmark[i] * sb;
  }
  return { ...spec, varianceWeight: spec.varianceWeight + lambda, linear, constant: spec.constant + lambda * bSb };
}

/** Solves a spec; the QP objective plus the spec's constant is the model's objective. */
export function solveSpec(ctx: ModelContext, spec: QuadraticModelSpec, warm?: WarmStart): { solution: QpSolution; objective: number } {
  const program = modelProgram(
    ctx.compiled,
    weightHessian(ctx.moments.covariance, ctx.compiled.nVariables, spec.varianceWeight, spec.l2Gamma),
    spec.linear,
    spec.rows,
    ctx.overrides,
  );
  const solution = ctx.log.solve(program, ctx.compiled, warm);
  return { solution, objective: solution.objective + spec.constant };
}

/**
 * The highest expected return μᵀw under the constraints (an LP: the QP solver with P = 0), or
 * `Infinity` when returns are unbounded (no weight bounds). Costs and γ are ignored: this is the
 * ceiling a return target is compared with.
 */
export function maxAchievableReturn(ctx: ModelContext): { value: number; solution: QpSolution | undefined } {
  const nv = ctx.compiled.nVariables;
  const program = modelProgram(ctx.compiled, { size: nv, data: new Float64Array(nv * nv) }, onWeights(ctx.moments.mu, nv, -1), [], ctx.overrides);
  try {
    const solution = ctx.log.solve(program, ctx.compiled);
    let r = 0;
    for (let i = 0; i < ctx.moments.n; i++) r += ctx.moments.mu[i] * solution.x[i];
    return { value: r, solution };
  } catch (error) {
    if (error instanceof UnboundedProblemError) return { value: Infinity, solution: undefined };
    throw error;
  }
}

/** Throws when `target` is above the highest return the constraints allow; returns that maximum. */
export function checkReturnTarget(ctx: ModelContext, target: number): number {
  const { value } = maxAchievableReturn(ctx);
  // 1e-12 relative: the LP's own rounding; a target equal to the maximum is feasible.
  if (target > value + 1e-12 * Math.max(1, Math.abs(value))) {
    throw new TargetOutOfRangeError(
      `target return ${target} is above the highest achievable ${round(value)} under these constraints`,
      { target, maximum: value },
    );
  }
  return value;
}

export function round(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x);
}
