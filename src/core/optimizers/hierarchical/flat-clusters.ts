/**
 * The flat clusters HERC and NCO work on: k given, or chosen by the two-order difference gap
 * statistic; each cluster as the tree node it is and its members in leaf order.
 */
import { clusterNodes, optimalClusterCount } from "./cluster-cut.js";
import type { PreparedTree } from "./hierarchical-tree.js";

export interface FlatClusters {
  readonly count: number;
  /** Tree node of each cluster (pre-order). */
  readonly nodes: readonly number[];
  /** Members of each cluster, in leaf order. */
  readonly members: readonly Int32Array[];
}

export function flatClusters(p: PreparedTree, requested: number | undefined): FlatClusters {
  const count = requested ?? optimalClusterCount(p.tree, p.distance);
  const nodes = clusterNodes(p.tree, count);
  const members = nodes.map((v) => p.tree.order.slice(p.tree.start[v], p.tree.end[v]));
  return { count, nodes, members };
}
