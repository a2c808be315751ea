/**
 * The hierarchical allocators as plain data: specs, inputs and the readonly result.
 */
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";
import type { MeanVarianceModel } from "../mean-variance/mean-variance-model.js";
import type { ProjectionMethod } from "../naive/project-to-constraints.js";
import type { RelaxedLimit } from "../naive/limit-violations.js";
import type { Linkage, LinkageMethod } from "./linkage.js";

/** Inner / outer models NCO accepts: those that need no target a sub-universe may not reach. */
export type NestedModel = Extract<MeanVarianceModel, { kind: "minVolatility" | "maxSharpe" | "maxQuadraticUtility" }>;

export type HierarchicalModel =
  | { readonly kind: "hierarchicalRiskParity"; readonly linkage: LinkageMethod }
  | { readonly kind: "hierarchicalEqualRiskContribution"; readonly linkage: LinkageMethod; readonly clusters: number }
  | { readonly kind: "nestedClusteredOptimization"; readonly linkage: LinkageMethod; readonly clusters: number; readonly model: NestedModel };

/**
 * How limits the tree cannot honour by itself (groups and linear rows that cut across clusters; for
 * NCO also the bounds) are met: "project" (default) moves to the closest feasible portfolio, so every
 * limit holds exactly; "relax" keeps the tree's weights and lists each limit they break in `relaxed`.
 */
export type CrossTreeLimits = "project" | "relax";

export interface HierarchicalInput {
  /** `nAssets × nAssets` covariance, any time unit (the allocations are scale invariant). */
  readonly covariance: SymmetricMatrix;
  /**
   * The correlation to cluster on. Default: the covariance's own (`covarianceToCorrelation`). Pass it
   * when it was estimated separately, e.g. pandas' pairwise-complete `corr()` of ragged histories,
   * which is not the correlation of the pairwise covariance.
   */
  readonly correlation?: SymmetricMatrix;
  /** Default "single" for HRP (López de Prado, PyPortfolioOpt), "ward" for HERC and NCO (skfolio). */
  readonly linkage?: LinkageMethod;
  /** Default long only, fully invested. Bounds, groups, linear rows, gross leverage and turnover are honoured. */
  readonly constraints?: PortfolioConstraints;
  readonly crossTreeLimits?: CrossTreeLimits;
}

export interface HierarchicalAllocation {
  readonly model: HierarchicalModel;
  /** Summing to the budget (default 1). */
  readonly weights: Float64Array;
  readonly linkage: Linkage;
  /** Assets in dendrogram pre-order (the quasi-diagonal order). */
  readonly leafOrder: Int32Array;
  /** HERC and NCO: the flat clusters, each a list of asset indices in leaf order. */
  readonly clusters?: readonly (readonly number[])[];
  /** "none" when the tree's weights met every limit; how they were moved otherwise. */
  readonly projection: ProjectionMethod;
  /** Limits left broken under `crossTreeLimits: "relax"` (always empty under "project"). */
  readonly relaxed: readonly RelaxedLimit[];
}
