/**
 * Hierarchical risk parity (López de Prado, 2016, "Building diversified portfolios that outperform
 * out of sample", J. Portfolio Management 42(4)), as PyPortfolioOpt's `HRPOpt` computes it:
 * 1. cluster the assets on d = √((1 − ρ)/2) (single linkage by default);
 * 2. order them by the dendrogram (pre-order leaves: quasi-diagonalisation);
 * 3. recursive bisection of that ordered list — the first half is ⌊len/2⌋ items, not the dendrogram's
 *    own split — giving the first half α = 1 − V₁/(V₁ + V₂) of the parent's weight, Vₖ the variance of
 *    the half's inverse-variance portfolio.
 * Bounds are honoured inside step 3 by clamping α (Pfitzinger & Katzke, 2019; see `splitWithinBounds`),
 * so the answer is the HRP allocation itself whenever no bound binds; other limits go through
 * `enforceLimits`.
 */
import { enforceLimits } from "./enforce-limits.js";
import type { HierarchicalAllocation, HierarchicalInput } from "./hierarchical-model.js";
import { inverseVarianceClusterRisk, prepareTree, splitWithinBounds } from "./hierarchical-tree.js";

/**
 * HRP weights for `input.covariance` (`nAssets × nAssets`; any time unit, the answer is scale
 * invariant).
 *
 * Returns the weights (summing to the budget), the linkage (SciPy's layout), the leaf order, and how
 * limits were met (`projection`, `relaxed`).
 *
 * @throws InvalidInputError naming an asset with zero variance (its correlations, and inverse
 *   variance, are undefined) or an unknown linkage; NonFiniteValueError for NaN inputs;
 *   InfeasibleProblemError when the limits admit no portfolio.
 *
 * @example
 * const hrp = hierarchicalRiskParity({ covariance });
 * hrp.weights;   // long only, sums to 1
 * hrp.leafOrder; // assets in quasi-diagonal order
 */
export function hierarchicalRiskParity(input: HierarchicalInput): HierarchicalAllocation {
  const p = prepareTree(input, "hierarchicalRiskParity", "single");
  const { order } = p.tree;
  const raw = new Float64Array(p.n);
  // Breadth-first, as the reference bisects level by level; each entry is a leaf range and its weight.
  const queue: [number, number, number][] = [[0, p.n, p.budget]];
  for (let head = 0; head < queue.length; head++) {
    const [lo, hi, total] = queue[head];
    if (hi - lo === 1) {
      raw[order[lo]] = total;
      continue;
    }
    const mid = lo + ((hi - lo) >> 1);
    const v1 = inverseVarianceClusterRisk(p, order.subarray(lo, mid));
    const v2 = inverseVarianceClusterRisk(p, order.subarray(mid, hi));
    const [first, second] = splitWithinBounds(p, lo, mid, hi, total, 1 - v1 / (v1 + v2));
    queue.push([lo, mid, first], [mid, hi, second]);
  }
  const limits = enforceLimits(raw, p.constraints, input.crossTreeLimits);
  return Object.freeze({
    model: Object.freeze({ kind: "hierarchicalRiskParity" as const, linkage: p.linkage.method }),
    weights: limits.weights,
    linkage: p.linkage,
    leafOrder: p.tree.order,
    projection: limits.projection,
    relaxed: limits.relaxed,
  });
}
