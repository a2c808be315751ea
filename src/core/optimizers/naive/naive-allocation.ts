/**
 * The allocators that need neither expected returns nor an optimiser, as plain-data specs and their
 * readonly result.
 */
import type { ProjectionMethod } from "./project-to-constraints.js";

/**
 * - `equalWeight`: wᵢ = budget/N (DeMiguel, Garlappi & Uppal, 2009, "Optimal versus naive
 *   diversification").
 * - `inverseVolatility`: wᵢ ∝ 1/σᵢ; `inverseVariance`: wᵢ ∝ 1/σᵢ² (the minimum-variance portfolio when
 *   correlations are zero).
 */
export type NaiveModel = { readonly kind: "equalWeight" } | { readonly kind: "inverseVolatility" } | { readonly kind: "inverseVariance" };

export interface NaiveAllocation {
  readonly model: NaiveModel;
  /** Summing to the budget (default 1). */
  readonly weights: Float64Array;
  /** "none" when the model's weights met every limit; otherwise how they were brought inside (see `projectToConstraints`). */
  readonly projection: ProjectionMethod;
}
