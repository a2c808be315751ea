/**
 * What every hierarchical allocator starts from: checked inputs, the correlation distance, the
 * linkage and its dendrogram, and the per-asset bounds as prefix sums over the leaf order (so the
 * total floor or cap of any subtree is one subtraction).
 */
import { InvalidInputError, ShapeMismatchError } from "../../errors.js";
import { assertSymmetric } from "../../linalg/index.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import { covarianceToCorrelation } from "../../moments/covariance/covariance-to-correlation.js";
import { compileConstraints } from "../constraints/compile-constraints.js";
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";
import { assetVariances } from "../naive/inverse-volatility.js";
import { checkAllocatorConstraints } from "../naive/project-to-constraints.js";
import { correlationDistance } from "./correlation-distance.js";
import { dendrogram, type Dendrogram } from "./dendrogram.js";
import type { HierarchicalInput } from "./hierarchical-model.js";
import { linkage, type Linkage, type LinkageMethod } from "./linkage.js";

export interface PreparedTree {
  readonly n: number;
  readonly covariance: SymmetricMatrix;
  readonly variances: Float64Array;
  readonly distance: SymmetricMatrix;
  readonly linkage: Linkage;
  readonly tree: Dendrogram;
  readonly constraints: PortfolioConstraints;
  readonly budget: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** `lowerPrefix[a]` = Σ of the lower bounds of the first a leaves in pre-order (same for upper). */
  readonly lowerPrefix: Float64Array;
  readonly upperPrefix: Float64Array;
}

export function prepareTree(input: HierarchicalInput, model: string, defaultLinkage: LinkageMethod): PreparedTree {
  const { covariance } = input;
  const variances = assetVariances(covariance, model);
  assertSymmetric(covariance, "covariance");
  const n = variances.length;
  let correlation = input.correlation;
  if (correlation === undefined) {
    correlation = covarianceToCorrelation(covariance).correlation;
  } else if (correlation.size !== n) {
    throw new ShapeMismatchError(`${model}: the correlation is ${correlation.size}×${correlation.size} for ${n} assets`, { size: correlation.size, expected: n });
  }
  const constraints = input.constraints ?? {};
  checkAllocatorConstraints(constraints, model);
  const mode = input.crossTreeLimits ?? "project";
  if (mode !== "project" && mode !== "relax") {
    throw new InvalidInputError(`${model}: crossTreeLimits must be "project" or "relax", got "${String(mode)}"`, { crossTreeLimits: mode });
  }
  // Validates every limit and throws INFEASIBLE_CONSTRAINTS for contradictions among sums of bounds.
  const compiled = compileConstraints(constraints, n);
  const lower = compiled.lowerBounds.slice(0, n);
  const upper = compiled.upperBounds.slice(0, n);
  const distance = correlationDistance(correlation);
  const tree = linkage(distance, input.linkage ?? defaultLinkage);
  const walk = dendrogram(tree);
  const lowerPrefix = new Float64Array(n + 1);
  const upperPrefix = new Float64Array(n + 1);
  for (let a = 0; a < n; a++) {
    lowerPrefix[a + 1] = lowerPrefix[a] + lower[walk.order[a]];
    upperPrefix[a + 1] = upperPrefix[a] + upper[walk.order[a]];
  }
  return {
    n,
    covariance,
    variances,
    distance,
    linkage: tree,
    tree: walk,
    constraints,
    budget: compiled.equalities.b[0],
    lower,
    upper,
    lowerPrefix,
    upperPrefix,
  };
}

/**
 * Splits `total` between two adjacent leaf ranges [lo, mid) and [mid, hi) in the proportion α : 1 − α,
 * with α clamped so that each side can still meet its members' bounds: the first side's weight must
 * lie in [Σl, Σu] of its members and leave the second side inside its own. This is the constrained
 * bisection of Pfitzinger & Katzke (2019), "A constrained hierarchical risk parity algorithm with
 * cluster-based capital allocation"; when no bound binds, α is untouched.
 */
export function splitWithinBounds(p: PreparedTree, lo: number, mid: number, hi: number, total: number, alpha: number): [number, number] {
  const firstLower = p.lowerPrefix[mid] - p.lowerPrefix[lo];
  const firstUpper = p.upperPrefix[mid] - p.upperPrefix[lo];
  const secondLower = p.lowerPrefix[hi] - p.lowerPrefix[mid];
  const secondUpper = p.upperPrefix[hi] - p.upperPrefix[mid];
  let first = total * alpha;
  const floor = Math.max(firstLower, total - secondUpper);
  const cap = Math.min(firstUpper, total - secondLower);
  if (first < floor || first > cap) {
    first = Math.min(Math.max(first, floor), Math.max(floor, cap));
    return [first, total - first];
  }
  return [first, total * (1 - alpha)];
}

/**
 * The variance of the inverse-variance portfolio of the assets `order[lo … hi − 1]`:
 * w ∝ 1/σᵢ², V = wᵀΣw (López de Prado's cluster variance, PyPortfolioOpt's `_get_cluster_var`).
 */
export function inverseVarianceClusterRisk(p: PreparedTree, members: ArrayLike<number>): number {
  const n = p.n;
  const m = members.length;
  const w = new Float64Array(m);
  let sum = 0;
  for (let a = 0; a < m; a++) {
    w[a] = 1 / p.variances[members[a]];
    sum += w[a];
  }
  for (let a = 0; a < m; a++) w[a] /= sum;
  const sigma = p.covariance.data;
  let variance = 0;
  for (let a = 0; a < m; a++) {
    const row = members[a] * n;
    let acc = 0;
    for (let b = 0; b < m; b++) acc += sigma[row + members[b]] * w[b];
    variance += w[a] * acc;
  }
  return variance;
}
