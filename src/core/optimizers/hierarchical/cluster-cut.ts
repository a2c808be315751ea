/**
 * Flat clusters from a dendrogram: cutting it into k clusters (undoing its last k − 1 merges, SciPy's
 * `cut_tree`), and choosing k by the two-order difference of the within-cluster dispersion (Yue, Wang &
 * Wei, 2009, "Application of two-order difference to gap statistic"), as skfolio's
 * `compute_optimal_n_clusters` does for HERC and NCO.
 */
import { InvalidInputError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import type { Dendrogram } from "./dendrogram.js";

/**
 * The k clusters as tree nodes: the nodes that are roots once the last k − 1 merges are undone, in
 * pre-order. Node ids as in `Dendrogram` (a leaf is its own asset index).
 */
export function clusterNodes(tree: Dendrogram, k: number): number[] {
  const n = tree.linkage.nLeaves;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new InvalidInputError(`the number of clusters must be a whole number from 1 to ${n}, got ${k}`, { clusters: k, nAssets: n });
  }
  // Nodes ≥ firstUndone are the undone merges; their children below that line are the clusters.
  const firstUndone = 2 * n - 1 - (k - 1);
  const out: number[] = [];
  const stack = [tree.root];
  while (stack.length > 0) {
    const v = stack.pop() as number;
    if (v < firstUndone) {
      out.push(v);
      continue;
    }
    stack.push(tree.linkage.right[v - n], tree.linkage.left[v - n]);
  }
  return out;
}

/** Σ over the clusters of the mean distance between their members (singletons add nothing). */
function dispersion(tree: Dendrogram, clusters: readonly number[], distance: SymmetricMatrix): number {
  const n = distance.size;
  let total = 0;
  for (const c of clusters) {
    const lo = tree.start[c];
    const hi = tree.end[c];
    if (hi - lo < 2) continue;
    let sum = 0;
    for (let a = lo; a < hi; a++) {
      const i = tree.order[a];
      for (let b = a + 1; b < hi; b++) sum += distance.data[i * n + tree.order[b]];
    }
    total += sum / (((hi - lo) * (hi - lo - 1)) / 2);
  }
  return total;
}

/**
 * The number of clusters k maximising `W(k + 1) + W(k − 1) − 2·W(k)` for k from 2 to
 * `min(N, max(8, round(√N))) − 1`, W(k) the dispersion of the k-cluster cut. Fewer than 3 assets: N.
 */
export function optimalClusterCount(tree: Dendrogram, distance: SymmetricMatrix): number {
  const n = tree.linkage.nLeaves;
  if (n < 3) return n;
  const maxClusters = Math.min(n, Math.max(8, Math.round(Math.sqrt(n))));
  const w: number[] = [];
  for (let k = 1; k <= maxClusters; k++) w.push(dispersion(tree, clusterNodes(tree, k), distance));
  let best = 0;
  let bestGap = -Infinity;
  for (let j = 0; j + 2 < w.length; j++) {
    const gap = w[j + 2] + w[j] - 2 * w[j + 1];
    if (gap > bestGap) {
      bestGap = gap;
      best = j;
    }
  }
  return best + 2;
}
