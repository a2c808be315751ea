/**
 * Hierarchical equal risk contribution (Raffinot, 2018, "The hierarchical equal risk contribution
 * portfolio"), in skfolio's variant with variance as the risk measure:
 * 1. cluster the assets on d = √((1 − ρ)/2) (Ward linkage by default) and cut the dendrogram into k
 *    flat clusters (k given, or chosen by the two-order difference gap statistic);
 * 2. inside each cluster, inverse-variance weights; the cluster's risk is that portfolio's variance;
 * 3. from the root down to the clusters, each dendrogram split gives its left side
 *    α = 1 − R_left/(R_left + R_right), where R of a side is the sum of its clusters' risks.
 * Unlike HRP, the splits follow the dendrogram itself, not halves of the leaf list. Bounds are honoured
 * by clamping each split to what the two subtrees' bounds allow (as in our HRP) and, inside a cluster,
 * by scaling its inverse-variance shares into the bounds; other limits go through `enforceLimits`.
 */
import { scaleIntoBounds } from "../naive/scale-into-bounds.js";
import { enforceLimits } from "./enforce-limits.js";
import { flatClusters } from "./flat-clusters.js";
import type { HierarchicalAllocation, HierarchicalInput } from "./hierarchical-model.js";
import { inverseVarianceClusterRisk, prepareTree, splitWithinBounds } from "./hierarchical-tree.js";

/**
 * HERC weights for `input.covariance` (`nAssets × nAssets`, any time unit); `clusters` fixes k.
 *
 * Returns the weights, the linkage, the leaf order, the flat clusters, and how limits were met.
 * @throws as `hierarchicalRiskParity`, and InvalidInputError for a cluster count outside 1 … N.
 *
 * Reference: Raffinot (2018); skfolio's `HierarchicalEqualRiskContribution` (Delatte, 2023).
 * @example hierarchicalEqualRiskContribution({ covariance, clusters: 4 }).clusters // 4 lists of assets
 */
export function hierarchicalEqualRiskContribution(input: HierarchicalInput & { readonly clusters?: number }): HierarchicalAllocation {
  const p = prepareTree(input, "hierarchicalEqualRiskContribution", "ward");
  const n = p.n;
  const flat = flatClusters(p, input.clusters);
  const { tree } = p;
  const risk = new Map<number, number>();
  flat.nodes.forEach((v, c) => risk.set(v, inverseVarianceClusterRisk(p, flat.members[c])));
  const isCluster = new Set(flat.nodes);
  // Node ids grow with the merge order, so children always come before their parent.
  const firstUndone = 2 * n - 1 - (flat.count - 1);
  for (let v = firstUndone; v < 2 * n - 1; v++) {
    risk.set(v, (risk.get(p.linkage.left[v - n]) as number) + (risk.get(p.linkage.right[v - n]) as number));
  }
  const clusterWeight = new Map<number, number>();
  const stack: [number, number][] = [[tree.root, p.budget]];
  while (stack.length > 0) {
    const [v, total] = stack.pop() as [number, number];
    if (isCluster.has(v)) {
      clusterWeight.set(v, total);
      continue;
    }
    const left = p.linkage.left[v - n];
    const right = p.linkage.right[v - n];
    const rLeft = risk.get(left) as number;
    const rRight = risk.get(right) as number;
    const [wLeft, wRight] = splitWithinBounds(p, tree.start[left], tree.end[left], tree.end[right], total, 1 - rLeft / (rLeft + rRight));
    stack.push([right, wRight], [left, wLeft]);
  }
  const raw = new Float64Array(n);
  flat.nodes.forEach((v, c) => {
    const members = flat.members[c];
    const total = clusterWeight.get(v) as number;
    const shares = new Float64Array(members.length);
    let sum = 0;
    for (let a = 0; a < members.length; a++) {
      shares[a] = 1 / p.variances[members[a]];
      sum += shares[a];
    }
    for (let a = 0; a < members.length; a++) shares[a] *= total / sum;
    const within = boundsBind(p, members, shares)
      ? scaleIntoBounds(shares, Float64Array.from(members, (i) => p.lower[i]), Float64Array.from(members, (i) => p.upper[i]), total)
      : shares;
    members.forEach((i, a) => (raw[i] = within[a]));
  });
  const limits = enforceLimits(raw, p.constraints, input.crossTreeLimits);
  return Object.freeze({
    model: Object.freeze({ kind: "hierarchicalEqualRiskContribution" as const, linkage: p.linkage.method, clusters: flat.count }),
    weights: limits.weights,
    linkage: p.linkage,
    leafOrder: tree.order,
    clusters: Object.freeze(flat.members.map((m) => Object.freeze(Array.from(m)))),
    projection: limits.projection,
    relaxed: limits.relaxed,
  });
}

function boundsBind(p: { lower: Float64Array; upper: Float64Array }, members: Int32Array, w: Float64Array): boolean {
  for (let a = 0; a < members.length; a++) if (w[a] < p.lower[members[a]] || w[a] > p.upper[members[a]]) return true;
  return false;
}
