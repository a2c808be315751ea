/**
 * Nested clustered optimization (López de Prado, 2019, "A robust estimator of the efficient frontier";
 * also "Machine Learning for Asset Managers", 2020, §7): optimising within clusters of correlated
 * assets first, and across clusters second, keeps the instability of a near-singular covariance
 * inside each cluster.
 * 1. cluster the correlation (d = √((1 − ρ)/2), Ward linkage by default) and cut the dendrogram into k
 *    flat clusters (k given, or the two-order difference gap statistic). López de Prado clusters with
 *    k-means and silhouette scores; a dendrogram cut is deterministic and shares HERC's tree;
 * 2. inside each cluster c, the mean-variance `model` (default minimum volatility, long only, fully
 *    invested) on the cluster's Σ_c (and μ_c) gives intra-cluster weights u_c;
 * 3. the clusters become k synthetic assets with covariance UᵀΣU and returns Uᵀμ (U the N × k matrix of
 *    the u_c); the same model across them gives the cluster weights a;
 * 4. w = U·a; then every limit through `enforceLimits` (there is no tree split to clamp here, so bounds
 *    are met by the projection too).
 */
import { InvalidInputError } from "../../errors.js";
import { optimizeMeanVariance } from "../mean-variance/optimize-mean-variance.js";
import { enforceLimits } from "./enforce-limits.js";
import { flatClusters } from "./flat-clusters.js";
import type { HierarchicalAllocation, HierarchicalInput, NestedModel } from "./hierarchical-model.js";
import { prepareTree } from "./hierarchical-tree.js";

export interface NestedClusteredInput extends HierarchicalInput {
  /** Number of flat clusters (default: the gap statistic). */
  readonly clusters?: number;
  /** Model inside and across clusters (default `{ kind: "minVolatility" }`). */
  readonly model?: NestedModel;
  /** μ, one per asset, annual decimals; needed by `maxSharpe` and `maxQuadraticUtility`. */
  readonly expectedReturns?: ArrayLike<number>;
  /** Annual, default 0.02 (for `maxSharpe`). */
  readonly riskFreeRate?: number;
}

const MODELS = ["minVolatility", "maxSharpe", "maxQuadraticUtility"];

/**
 * NCO weights for `input.covariance` (`nAssets × nAssets`, annual like μ when μ is used).
 *
 * Returns the weights, the linkage, the leaf order, the flat clusters, and how limits were met.
 * @throws InvalidInputError for a model other than minVolatility / maxSharpe / maxQuadraticUtility
 *   (targets such as a return level have no meaning inside a cluster) or a missing μ; the errors of
 *   `optimizeMeanVariance` for the inner and outer problems (e.g. MAX_SHARPE_UNDEFINED when no asset
 *   of a cluster beats the risk-free rate); those of `hierarchicalRiskParity` for the inputs.
 *
 * @example nestedClusteredOptimization({ covariance, clusters: 3 }).weights
 */
export function nestedClusteredOptimization(input: NestedClusteredInput): HierarchicalAllocation {
  const model: NestedModel = input.model ?? { kind: "minVolatility" };
  if (!MODELS.includes(model.kind)) {
    throw new InvalidInputError(`nestedClusteredOptimization: model "${String(model.kind)}" is not available; use ${MODELS.join(", ")}`, { model: model.kind });
  }
  const p = prepareTree(input, "nestedClusteredOptimization", "ward");
  const n = p.n;
  if (model.kind !== "minVolatility" && input.expectedReturns === undefined) {
    throw new InvalidInputError(`nestedClusteredOptimization: model ${model.kind} needs expectedReturns`, { model: model.kind });
  }
  const mu = input.expectedReturns === undefined ? new Float64Array(n) : Float64Array.from(input.expectedReturns);
  if (mu.length !== n) throw new InvalidInputError(`nestedClusteredOptimization: ${mu.length} expected returns for ${n} assets`, { length: mu.length });
  const flat = flatClusters(p, input.clusters);
  const k = flat.count;
  const sigma = p.covariance.data;
  const solve = (m: number, cov: Float64Array, ret: Float64Array) =>
    m === 1 ? Float64Array.of(1) : optimizeMeanVariance({ expectedReturns: ret, covariance: { size: m, data: cov }, model, riskFreeRate: input.riskFreeRate }).weights;

  const inner = flat.members.map((members) => {
    const m = members.length;
    const cov = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) cov[a * m + b] = sigma[members[a] * n + members[b]];
    return solve(m, cov, Float64Array.from(members, (i) => mu[i]));
  });
  // Σ·u_c for each cluster, then the k × k reduced covariance UᵀΣU and returns Uᵀμ.
  const sigmaU = inner.map((u, c) => {
    const out = new Float64Array(n);
    const members = flat.members[c];
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let a = 0; a < members.length; a++) acc += sigma[i * n + members[a]] * u[a];
      out[i] = acc;
    }
    return out;
  });
  const reduced = new Float64Array(k * k);
  const reducedMu = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const members = flat.members[c];
    for (let d = 0; d < k; d++) {
      let acc = 0;
      for (let a = 0; a < members.length; a++) acc += inner[c][a] * sigmaU[d][members[a]];
      reduced[c * k + d] = acc;
    }
    for (let a = 0; a < members.length; a++) reducedMu[c] += inner[c][a] * mu[members[a]];
  }
  // Symmetric by construction up to rounding; average the triangles so the QP's check sees one matrix.
  for (let c = 0; c < k; c++) for (let d = c + 1; d < k; d++) reduced[c * k + d] = reduced[d * k + c] = (reduced[c * k + d] + reduced[d * k + c]) / 2;
  const outer = solve(k, reduced, reducedMu);
  const raw = new Float64Array(n);
  flat.members.forEach((members, c) => members.forEach((i, a) => (raw[i] = inner[c][a] * outer[c] * p.budget)));
  const limits = enforceLimits(raw, p.constraints, input.crossTreeLimits);
  return Object.freeze({
    model: Object.freeze({ kind: "nestedClusteredOptimization" as const, linkage: p.linkage.method, clusters: k, model }),
    weights: limits.weights,
    linkage: p.linkage,
    leafOrder: p.tree.order,
    clusters: Object.freeze(flat.members.map((m) => Object.freeze(Array.from(m)))),
    projection: limits.projection,
    relaxed: limits.relaxed,
  });
}
