/**
 * Puts a model's target weights inside the portfolio constraints with the smallest change, measured
 * in relative (chi-square) distance Σ (wᵢ − tᵢ)²/tᵢ: moving a 2% position by 0.2% costs as much as
 * moving a 20% position by 2%, so small positions are not wiped out to make room (skfolio's
 * `minimize_relative_weight_deviation` has the same aim). With only bounds and the budget the answer
 * is closed form (`scaleIntoBounds`: the free assets keep their ratios); with groups, linear rows,
 * gross leverage or turnover it is the QP `solveQuadraticProgram` on the rows of `compileConstraints`,
 * solved exactly by the active-set method.
 */
import { InfeasibleProblemError, InvalidInputError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import { compileConstraints } from "../constraints/compile-constraints.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";
import { solveQuadraticProgram } from "../qp/solve-quadratic-program.js";
import { limitViolations } from "./limit-violations.js";
import { scaleIntoBounds } from "./scale-into-bounds.js";

/** How the weights were made to fit: not at all, by scaling into the bounds, or by the QP. */
export type ProjectionMethod = "none" | "scaleIntoBounds" | "quadraticProgram";

export interface ProjectedWeights {
  readonly weights: Float64Array;
  readonly projection: ProjectionMethod;
}

/** Limits met to this (absolute, in weights) are left alone: far below any position anyone trades. */
export const LIMIT_TOLERANCE = 1e-12;

/**
 * The allocators without expected returns take the linear limits only. The other fields change the
 * objective (costs, L2) or are not convex (holdings), and none of them has a meaning for "equal risk"
 * or "inverse volatility"; they are refused rather than silently ignored.
 */
export function checkAllocatorConstraints(constraints: PortfolioConstraints, model: string): void {
  const refused: [keyof PortfolioConstraints, boolean][] = [
    ["trackingError", constraints.trackingError !== undefined],
    ["maxHoldings", constraints.maxHoldings !== undefined],
    ["minPosition", (constraints.minPosition ?? 0) > 0],
    ["transactionCost", (constraints.transactionCost ?? 0) > 0],
    ["l2Gamma", (constraints.l2Gamma ?? 0) > 0],
  ];
  for (const [field, present] of refused) {
    if (present) {
      throw new InvalidInputError(`${model} does not take constraints.${field}: it has no objective to trade it against`, { model, field });
    }
  }
  const budget = constraints.budget ?? 1;
  if (!(budget > 0)) throw new InvalidInputError(`${model} needs a positive budget, got ${budget}`, { model, budget });
}

/**
 * The feasible portfolio closest to `target` (length n, positive entries summing to the budget) in
 * relative distance; `target` itself (copied) when it already meets every limit to 1e-12.
 *
 * @throws InfeasibleProblemError when the constraints admit no portfolio (from `compileConstraints`'
 *   pre-checks or the QP's phase 1, naming the clashing limits); InvalidInputError for a constraint
 *   field the allocators do not take (see `checkAllocatorConstraints`).
 *
 * @example
 * projectToConstraints(Float64Array.of(0.5, 0.3, 0.2), { bounds: [0, 0.4] }).weights // [0.4, 0.36, 0.24]
 */
export function projectToConstraints(target: Float64Array, constraints: PortfolioConstraints): ProjectedWeights {
  const n = target.length;
  checkAllocatorConstraints(constraints, "projectToConstraints");
  const compiled = compileConstraints(constraints, n);
  if (limitViolations(target, constraints, LIMIT_TOLERANCE).length === 0) {
    return Object.freeze({ weights: Float64Array.from(target), projection: "none" as const });
  }
  const boxOnly = compiled.nVariables === n && compiled.inequalities.C.rows === 0 && compiled.equalities.A.rows === 1;
  let positive = true;
  for (let i = 0; i < n; i++) if (!(target[i] > 0)) positive = false;
  if (boxOnly && positive) {
    const weights = scaleIntoBounds(target, compiled.lowerBounds.subarray(0, n), compiled.upperBounds.subarray(0, n), compiled.equalities.b[0]);
    return Object.freeze({ weights, projection: "scaleIntoBounds" as const });
  }
  return Object.freeze({ weights: quadraticProjection(target, compiled), projection: "quadraticProgram" as const });
}

function quadraticProjection(target: Float64Array, compiled: ReturnType<typeof compileConstraints>): Float64Array {
  const n = target.length;
  const nv = compiled.nVariables;
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(target[i]));
  // A zero target (an asset an inner optimisation left out) gets the weight of a position 1e-6 of the
  // largest: finite, and still much dearer to move than any real position.
  const floor = 1e-6 * Math.max(largest, Number.MIN_VALUE);
  const P = new Float64Array(nv * nv);
  const q = new Float64Array(nv);
  for (let i = 0; i < n; i++) {
    const scale = Math.max(Math.abs(target[i]), floor);
    P[i * nv + i] = 2 / scale;
    q[i] = (-2 * target[i]) / scale;
  }
  const matrix: SymmetricMatrix = { size: nv, data: P };
  try {
    const solution = solveQuadraticProgram({
      P: matrix,
      q,
      equalities: compiled.equalities,
      ...(compiled.inequalities.C.rows > 0 ? { inequalities: compiled.inequalities } : {}),
      lowerBounds: compiled.lowerBounds,
      upperBounds: compiled.upperBounds,
    });
    return solution.x.slice(0, n);
  } catch (error) {
    if (error instanceof InfeasibleProblemError) {
      const labels = [...compiled.equalities.labels, ...compiled.inequalities.labels];
      throw new InfeasibleProblemError(`the weight limits admit no portfolio: ${error.message}`, { ...error.details, limits: labels });
    }
    throw error;
  }
}
