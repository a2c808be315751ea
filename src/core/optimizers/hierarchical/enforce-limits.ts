/**
 * The last step of every hierarchical allocator: the limits the tree did not honour by construction
 * (groups and linear rows that cut across clusters, gross leverage, turnover; for NCO the bounds too)
 * are met by the minimum relative-distance projection, or, under `crossTreeLimits: "relax"`, listed
 * with the amount by which the tree's weights break them.
 */
import { limitViolations, type RelaxedLimit } from "../naive/limit-violations.js";
import { LIMIT_TOLERANCE, projectToConstraints, type ProjectionMethod } from "../naive/project-to-constraints.js";
import type { CrossTreeLimits } from "./hierarchical-model.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";

export interface EnforcedLimits {
  readonly weights: Float64Array;
  readonly projection: ProjectionMethod;
  readonly relaxed: readonly RelaxedLimit[];
}

export function enforceLimits(weights: Float64Array, constraints: PortfolioConstraints, mode: CrossTreeLimits | undefined): EnforcedLimits {
  const broken = limitViolations(weights, constraints, LIMIT_TOLERANCE);
  if (broken.length === 0) return { weights, projection: "none", relaxed: Object.freeze([]) };
  if (mode === "relax") return { weights, projection: "none", relaxed: Object.freeze(broken) };
  const projected = projectToConstraints(weights, constraints);
  return { weights: projected.weights, projection: projected.projection, relaxed: Object.freeze([]) };
}
