/**
 * Reading a linkage as a tree: the leaf order of a depth-first, left-first walk (SciPy's
 * `to_tree(Z).pre_order()`, which is also `leaves_list(Z)`), and for every node the range of that order
 * its leaves occupy (a subtree's leaves are always contiguous in pre-order).
 */
import type { Linkage } from "./linkage.js";

export interface Dendrogram {
  /** Leaves in pre-order. */
  readonly order: Int32Array;
  /** For node v (leaf v < N, merge v − N otherwise): its leaves are `order[start[v] … end[v] − 1]`. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Children of node v ≥ N: `left[v − N]`, `right[v − N]` of the linkage. */
  readonly linkage: Linkage;
  readonly root: number;
}

/**
 * Leaf indices in dendrogram pre-order (left child first). The quasi-diagonalisation of López de Prado
 * (2016): reordering the covariance by this list puts correlated assets next to each other.
 *
 * @example leafOrder(linkage(distance, "single")) // Int32Array of the N asset indices
 */
export function leafOrder(tree: Linkage): Int32Array {
  return dendrogram(tree).order;
}

export function dendrogram(tree: Linkage): Dendrogram {
  const n = tree.nLeaves;
  const nodes = 2 * n - 1;
  const start = new Int32Array(nodes);
  const end = new Int32Array(nodes);
  const order = new Int32Array(n);
  const root = nodes - 1;
  // Iterative walk (a 2,000-asset chain would overflow a recursive one): a node is pushed once to
  // open it and once to close it, when all its leaves have been written.
  const stack: number[] = [root];
  let written = 0;
  while (stack.length > 0) {
    const code = stack.pop() as number;
    if (code < 0) {
      end[-code - 1] = written;
      continue;
    }
    start[code] = written;
    if (code < n) {
      order[written++] = code;
      end[code] = written;
      continue;
    }
    stack.push(-code - 1, tree.right[code - n], tree.left[code - n]);
  }
  return { order, start, end, linkage: tree, root };
}
