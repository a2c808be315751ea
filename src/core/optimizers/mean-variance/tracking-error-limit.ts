/**
 * A tracking-error limit √((w − b)ᵀΣ(w − b)) ≤ TE* on a one-QP model (minimum volatility, efficient
 * return, quadratic utility), exactly: the model's objective f plus λ·(w − b)ᵀΣ(w − b), with the
 * multiplier λ ≥ 0 found by the 1-D search of `multiplier-search.ts` so that the limit holds with
 * equality when it binds (Roll 1992, "A Mean/Variance Analysis of Tracking Error", on why a TE limit
 * moves a portfolio off the efficient frontier).
 */
import { TargetOutOfRangeError } from "../../errors.js";
import type { QpSolution } from "../qp/index.js";
import type { ModelOutcome } from "./model-outcome.js";
import { multiplierSearch } from "./multiplier-search.js";
import { activeVariance, weightsOf } from "./portfolio-arithmetic.js";
import { addTrackingError, round, solveSpec, type ModelContext, type QuadraticModelSpec } from "./quadratic-models.js";

/**
 * Solves `spec` under the tracking-error limit `limit` against `benchmark`. `toModelObjective` maps
 * the spec's objective value (without the λ term) to the model's reported objective.
 */
export function solveWithTrackingErrorLimit(
  ctx: ModelContext,
  spec: QuadraticModelSpec,
  benchmark: Float64Array,
  limit: number,
  toModelObjective: (specObjective: number) => number,
  warm?: QpSolution,
): ModelOutcome {
  const { covariance, n } = ctx.moments;
  const trackingError = (x: Float64Array) => Math.sqrt(Math.max(0, activeVariance(covariance, weightsOf(x, n), benchmark)));
  const free = solveSpec(ctx, spec, warm).solution;
  if (trackingError(free.x) <= limit * (1 + 1e-13)) {
    return {
      solution: free,
      objective: toModelObjective(free.objective + spec.constant),
      target: { kind: "trackingError", value: limit, binding: false },
    };
  }

  // The least tracking error the other constraints allow (model rows such as a return target kept).
  const closest = solveSpec(ctx, addTrackingError({ ...spec, varianceWeight: 0, l2Gamma: 0, linear: new Float64Array(spec.linear.length), constant: 0 }, ctx, benchmark, 1), free).solution;
  const minimum = trackingError(closest.x);
  if (limit < minimum * (1 - 1e-12)) {
    throw new TargetOutOfRangeError(
      `tracking-error limit ${limit} is below the minimum achievable ${round(minimum)} under these constraints`,
      { target: limit, minimum },
    );
  }
  let previous = free;
  const found = multiplierSearch(
    (lambda) => {
      const solution = solveSpec(ctx, addTrackingError(spec, ctx, benchmark, lambda), previous).solution;
      previous = solution;
      return { nu: lambda, value: trackingError(solution.x), state: solution };
    },
    limit,
    1,
  );
  const te = trackingError(found.state.x);
  // objective of spec + λ·TE²: subtract λ·TE² to report the model's own objective at the portfolio.
  const withPenalty = found.state.objective + addTrackingError(spec, ctx, benchmark, found.nu).constant;
  return {
    solution: found.state,
    objective: toModelObjective(withPenalty - found.nu * te * te),
    target: { kind: "trackingError", value: limit, binding: true, multiplier: found.nu },
  };
}
