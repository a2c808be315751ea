/**
 * Linkage against a slow, obvious O(N³) agglomeration (find the closest pair of active clusters, merge,
 * recompute distances from the members), against hand-computed trees, and SciPy's conventions: merges
 * by increasing height, clusters named N + k, left < right, pre-order leaves.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import { leafOrder, linkage, type Linkage, type LinkageMethod } from "../../../../src/core/optimizers/hierarchical/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { seededRandom } from "../../../support/seeded-random.js";

const METHODS: LinkageMethod[] = ["single", "complete", "average", "ward"];

/**
 * Distance between two clusters from their members only (no Lance–Williams recursion): min, max,
 * mean of pairwise distances; Ward from points: the distance matrix is Euclidean between the given
 * points, and Ward's distance is √(2·|A||B|/(|A|+|B|))·‖c_A − c_B‖.
 */
function clusterDistance(method: LinkageMethod, a: number[], b: number[], d: (i: number, j: number) => number, points: number[][]): number {
  if (method === "ward") {
    const centroid = (c: number[]) => points[0].map((_, k) => c.reduce((s, i) => s + points[i][k], 0) / c.length);
    const ca = centroid(a);
    const cb = centroid(b);
    const gap = Math.sqrt(ca.reduce((s, v, k) => s + (v - cb[k]) ** 2, 0));
    return Math.sqrt((2 * a.length * b.length) / (a.length + b.length)) * gap;
  }
  const all = a.flatMap((i) => b.map((j) => d(i, j)));
  if (method === "single") return Math.min(...all);
  if (method === "complete") return Math.max(...all);
  return all.reduce((s, v) => s + v, 0) / all.length;
}

/** Greedy agglomeration, O(N³): merge the closest pair, name the union N + k, list left < right. */
function naiveLinkage(points: number[][], method: LinkageMethod): { left: number[]; right: number[]; height: number[]; size: number[] } {
  const n = points.length;
  const d = (i: number, j: number) => Math.sqrt(points[i].reduce((s, v, k) => s + (v - points[j][k]) ** 2, 0));
  const active = new Map<number, number[]>(points.map((_, i) => [i, [i]]));
  const out = { left: [] as number[], right: [] as number[], height: [] as number[], size: [] as number[] };
  for (let k = 0; k < n - 1; k++) {
    let best = Infinity;
    let pair: [number, number] = [0, 0];
    const ids = [...active.keys()];
    for (let x = 0; x < ids.length; x++) {
      for (let y = x + 1; y < ids.length; y++) {
        const v = clusterDistance(method, active.get(ids[x]) as number[], active.get(ids[y]) as number[], d, points);
        if (v < best) {
          best = v;
          pair = [ids[x], ids[y]];
        }
      }
    }
    const merged = [...(active.get(pair[0]) as number[]), ...(active.get(pair[1]) as number[])];
    active.delete(pair[0]);
    active.delete(pair[1]);
    active.set(n + k, merged);
    out.left.push(Math.min(...pair));
    out.right.push(Math.max(...pair));
    out.height.push(best);
    out.size.push(merged.length);
  }
  return out;
}

function euclidean(points: number[][]): SymmetricMatrix {
  const n = points.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = Math.sqrt(points[i].reduce((s, v, k) => s + (v - points[j][k]) ** 2, 0));
  return { size: n, data };
}

function merges(z: Linkage): number[][] {
  return Array.from(z.height, (_, k) => [z.left[k], z.right[k], z.size[k]]);
}

describe("linkage: hand-computed trees on the points 0, 1, 3, 7 of a line", () => {
  const points = [[0], [1], [3], [7]];
  const distance = euclidean(points);
  // Heights worked out by hand: single takes the nearest member, complete the farthest, average the
  // mean over pairs ((3 + 2)/2, then (7 + 6 + 4)/3), Ward √(2·|A||B|/(|A|+|B|))·|centroid gap|.
  const expected: Record<LinkageMethod, number[]> = {
    single: [1, 2, 4],
    complete: [1, 3, 7],
    average: [1, 2.5, 17 / 3],
    ward: [1, Math.sqrt((2 * 2 * 1) / 3) * 2.5, Math.sqrt((2 * 3 * 1) / 4) * (7 - 4 / 3)],
  };
  for (const method of METHODS) {
    it(method, () => {
      const z = linkage(distance, method);
      assert.deepEqual(merges(z), [[0, 1, 2], [2, 4, 3], [3, 5, 4]]);
      // Exact arithmetic on small integers except Ward's square roots (a few ulps).
      expectClose(z.height, expected[method], { rtol: 1e-15, atol: 0 }, `${method} heights`);
      assert.deepEqual(Array.from(leafOrder(z)), [3, 2, 0, 1]);
    });
  }
});

describe("linkage: against the O(N³) agglomeration on random points", () => {
  for (const method of METHODS) {
    it(method, () => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 1_000_000 }), (n, seed) => {
          const rand = seededRandom(seed);
          // Continuous random coordinates: ties have probability zero, so the tree is unique.
          const points = Array.from({ length: n }, () => [rand(), rand(), rand()]);
          const z = linkage(euclidean(points), method);
          const slow = naiveLinkage(points, method);
          assert.deepEqual(merges(z), slow.left.map((l, k) => [l, slow.right[k], slow.size[k]]));
          // The O(N²) updates and the from-scratch distances round differently, by a few ulps.
          expectClose(z.height, slow.height, { rtol: 1e-12, atol: 1e-15 }, `${method} heights`);
        }),
        { numRuns: 40 },
      );
    });
  }
});

describe("linkage: ties and edge cases", () => {
  it("equal distances merge in SciPy's order", () => {
    // All pairs at distance 1. Single: Prim from leaf 0 takes 1, then 2, then 3 (first in column order).
    // The others (traced through SciPy's nn_chain by hand): the chain starts at 0, whose first nearest
    // is 1, and 1 prefers its predecessor 0 on the tie, so {0, 1} merges and is stored at slot 1; the
    // next chain starts at slot 1 and pairs it with 2 (Ward's update keeps every distance at 1), then 3.
    const n = 4;
    const data = new Float64Array(n * n).fill(1);
    for (let i = 0; i < n; i++) data[i * n + i] = 0;
    for (const method of METHODS) {
      assert.deepEqual(merges(linkage({ size: n, data }, method)), [[0, 1, 2], [2, 4, 3], [3, 5, 4]], method);
    }
  });

  it("one asset: no merges; two: one merge", () => {
    assert.equal(linkage({ size: 1, data: Float64Array.of(0) }, "ward").height.length, 0);
    const z = linkage({ size: 2, data: Float64Array.of(0, 0.3, 0.3, 0) }, "average");
    assert.deepEqual(merges(z), [[0, 1, 2]]);
  });

  it("rejects an unknown method and NaN distances", () => {
    assert.throws(() => linkage({ size: 2, data: Float64Array.of(0, 1, 1, 0) }, "centroid" as LinkageMethod), { code: "INVALID_INPUT" });
    assert.throws(() => linkage({ size: 2, data: Float64Array.of(0, NaN, NaN, 0) }, "single"), { code: "NON_FINITE_VALUE" });
  });
});
