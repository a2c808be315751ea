/**
 * Agglomerative hierarchical clustering of assets from a distance matrix, in O(N²) time and memory.
 *
 * The algorithms are the ones SciPy's `scipy.cluster.hierarchy.linkage` runs (Müllner, 2011, "Modern
 * hierarchical, agglomerative clustering algorithms", arXiv:1109.2378): a minimum spanning tree by
 * Prim's algorithm for single linkage, and the nearest-neighbour chain for complete, average and Ward
 * linkage (methods whose Lance–Williams update is reducible). We follow SciPy step by step where ties
 * are decided (the first nearest neighbour in column order wins, the chain prefers its previous
 * element, the merges are sorted by height with a stable sort, then relabelled through a union-find),
 * so the merge pairs and their order equal SciPy's linkage matrix, heights to rounding.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";

export type LinkageMethod = "single" | "complete" | "average" | "ward";

/**
 * The dendrogram as SciPy's linkage matrix, one merge per row k = 0 … N − 2, by increasing height.
 * Leaves are 0 … N − 1; the cluster formed by merge k is N + k. `left[k] < right[k]`.
 */
export interface Linkage {
  readonly method: LinkageMethod;
  readonly nLeaves: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Distance between the two merged clusters under `method`. */
  readonly height: Float64Array;
  /** Number of leaves in the merged cluster. */
  readonly size: Int32Array;
}

const METHODS: readonly LinkageMethod[] = ["single", "complete", "average", "ward"];

/**
 * Hierarchical clustering of `distance` (`nAssets × nAssets`, symmetric, zero diagonal, only the upper
 * triangle is read, as SciPy reads a condensed matrix).
 *
 * @param method "single" (nearest point), "complete" (farthest point), "average" (UPGMA) or "ward"
 *   (Ward's minimum variance, on Euclidean-like distances).
 * @returns the merges in SciPy's layout (see `Linkage`).
 * @throws InvalidInputError for an unknown method or fewer than one asset; NonFiniteValueError for a NaN
 *   or infinite distance (naming the pair); ShapeMismatchError for a wrong data length.
 *
 * Reference: Müllner (2011); SciPy's `_hierarchy.pyx` (`mst_single_linkage`, `nn_chain`, `label`).
 *
 * @example
 * const tree = linkage(correlationDistance(correlation), "single");
 * tree.height[0]; // the closest pair's distance
 */
export function linkage(distance: SymmetricMatrix, method: LinkageMethod): Linkage {
  if (!METHODS.includes(method)) {
    throw new InvalidInputError(`unknown linkage method "${String(method)}": use one of ${METHODS.join(", ")}`, { method });
  }
  const n = distance.size;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`clustering needs at least one asset, got ${n}`, { nAssets: n });
  if (distance.data.length !== n * n) {
    throw new ShapeMismatchError(`a ${n}×${n} distance matrix needs ${n * n} values, got ${distance.data.length}`, { size: n });
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = distance.data[i * n + j];
      if (!Number.isFinite(d)) throw new NonFiniteValueError(`the distance between assets ${i} and ${j} is ${d}`, { assets: [i, j], value: d });
    }
  }
  const merges = method === "single" ? primSingleLinkage(distance.data, n) : nearestNeighbourChain(distance.data, n, method);
  return relabel(merges, n, method);
}

/** Merges in discovery order, with the clusters named by a representative leaf (SciPy's convention). */
interface RawMerges {
  readonly x: Int32Array;
  readonly y: Int32Array;
  readonly height: Float64Array;
}

/** Single linkage is the minimum spanning tree; Prim's algorithm from leaf 0 finds it in O(N²). */
function primSingleLinkage(d: Float64Array, n: number): RawMerges {
  const x = new Int32Array(n - 1);
  const y = new Int32Array(n - 1);
  const height = new Float64Array(n - 1);
  const merged = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  let current = 0;
  for (let k = 0; k < n - 1; k++) {
    let best = Infinity;
    let next = 0;
    merged[current] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i] === 1) continue;
      const dist = current < i ? d[current * n + i] : d[i * n + current];
      if (nearest[i] > dist) nearest[i] = dist;
      // Strict comparison: the first closest leaf in column order wins, as in SciPy.
      if (nearest[i] < best) {
        next = i;
        best = nearest[i];
      }
    }
    x[k] = current;
    y[k] = next;
    height[k] = best;
    current = next;
  }
  return { x, y, height };
}

/** Lance–Williams updates of the reducible methods, with SciPy's operation order. */
function updatedDistance(method: LinkageMethod, dxi: number, dyi: number, dxy: number, nx: number, ny: number, ni: number): number {
  switch (method) {
    case "complete":
      return Math.max(dxi, dyi);
    case "average":
      return (nx * dxi + ny * dyi) / (nx + ny);
    default: {
      const t = 1 / (nx + ny + ni);
      return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
    }
  }
}

/**
 * The nearest-neighbour chain: follow nearest neighbours until two clusters are each other's nearest,
 * merge them, keep the rest of the chain. Each merge replaces cluster y by the union and retires x.
 */
function nearestNeighbourChain(d0: Float64Array, n: number, method: LinkageMethod): RawMerges {
  // Upper triangle only, mirrored, so rows can be scanned contiguously.
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      d[i * n + j] = d0[i * n + j];
      d[j * n + i] = d0[i * n + j];
    }
  }
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;
  const xs = new Int32Array(n - 1);
  const ys = new Int32Array(n - 1);
  const height = new Float64Array(n - 1);
  let y = 0;
  for (let k = 0; k < n - 1; k++) {
    if (chainLength === 0) {
      chainLength = 1;
      for (let i = 0; i < n; i++) {
        if (size[i] > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    let x = 0;
    let best = Infinity;
    for (;;) {
      x = chain[chainLength - 1];
      // Preferring the previous element of the chain on ties keeps the chain from cycling.
      if (chainLength > 1) {
        y = chain[chainLength - 2];
        best = d[x * n + y];
      } else {
        best = Infinity;
      }
      const row = x * n;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        if (d[row + i] < best) {
          best = d[row + i];
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x];
    const ny = size[y];
    xs[k] = x;
    ys[k] = y;
    height[k] = best;
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      const ni = size[i];
      if (ni === 0 || i === y) continue;
      const v = updatedDistance(method, d[i * n + x], d[i * n + y], best, nx, ny, ni);
      d[i * n + y] = v;
      d[y * n + i] = v;
    }
  }
  return { x: xs, y: ys, height };
}

/** Sorts the merges by height (stable) and names each cluster N + k by a union-find, as SciPy's `label`. */
function relabel(raw: RawMerges, n: number, method: LinkageMethod): Linkage {
  const m = n - 1;
  const order = Array.from({ length: m }, (_, k) => k).sort((a, b) => raw.height[a] - raw.height[b]);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const clusterSize = new Int32Array(2 * n - 1).fill(1);
  const find = (leaf: number): number => {
    let root = leaf;
    while (parent[root] !== root) root = parent[root];
    let p = leaf;
    while (parent[p] !== root) {
      const up = parent[p];
      parent[p] = root;
      p = up;
    }
    return root;
  };
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const height = new Float64Array(m);
  const size = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const a = find(raw.x[order[k]]);
    const b = find(raw.y[order[k]]);
    left[k] = Math.min(a, b);
    right[k] = Math.max(a, b);
    height[k] = raw.height[order[k]];
    const label = n + k;
    parent[a] = label;
    parent[b] = label;
    clusterSize[label] = clusterSize[a] + clusterSize[b];
    size[k] = clusterSize[label];
  }
  return Object.freeze({ method, nLeaves: n, left, right, height, size });
}
