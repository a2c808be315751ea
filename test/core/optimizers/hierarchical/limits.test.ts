/**
 * Limits on the hierarchical allocators: on random covariances with random feasible bounds and group
 * limits, every limit holds and the weights sum to 1; bounds alone keep HRP's tree shape (clamped
 * splits, Pfitzinger & Katzke 2019); "relax" reports instead of projecting; contradictory limits are
 * INFEASIBLE_CONSTRAINTS.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { PortfolioConstraints } from "../../../../src/core/optimizers/constraints/index.js";
import {
  hierarchicalEqualRiskContribution,
  hierarchicalRiskParity,
  nestedClusteredOptimization,
} from "../../../../src/core/optimizers/hierarchical/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { seededRandom } from "../../../support/seeded-random.js";
import { covarianceMatrix, randomCovariance, sum } from "./fixtures.js";

// Limits hold to the QP's feasibility bar (1e-9) where it projects, exactly (rounding) where the tree clamps.
const BAR = 1e-9;

/**
 * Feasible limits around a random portfolio w*: bounds that contain it, and 1 to 3 random groups whose
 * floor and cap sit within a random slack of w*'s group weight (so at least w* meets them all).
 */
function randomLimits(n: number, seed: number): PortfolioConstraints {
  const rand = seededRandom(seed);
  const raw = Array.from({ length: n }, () => 0.2 + rand());
  const total = raw.reduce((a, b) => a + b, 0);
  const star = raw.map((v) => v / total);
  const lower = star.map((w) => (rand() < 0.5 ? 0 : w * rand()));
  const upper = star.map((w) => (rand() < 0.5 ? 1 : w + (1 - w) * rand() * 0.3));
  const groups = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, g) => {
    const members = Array.from({ length: n }, (_, i) => i).filter(() => rand() < 0.4);
    if (members.length === 0) members.push(g % n);
    const weight = members.reduce((s, i) => s + star[i], 0);
    return { name: `g${g}`, members, lower: Math.max(0, weight - rand() * 0.1), upper: weight + rand() * 0.1 };
  });
  return { bounds: { lower, upper }, groups };
}

function assertWithin(w: Float64Array, c: PortfolioConstraints): void {
  expectClose(sum(w), 1, { rtol: 0, atol: BAR }, "sum");
  const b = c.bounds as { lower: number[]; upper: number[] };
  w.forEach((x, i) => assert.ok(x >= b.lower[i] - BAR && x <= b.upper[i] + BAR, `asset ${i}: ${x} outside [${b.lower[i]}, ${b.upper[i]}]`));
  for (const g of c.groups ?? []) {
    const s = g.members.reduce((acc, i) => acc + w[i], 0);
    assert.ok(s >= (g.lower ?? -Infinity) - BAR && s <= (g.upper ?? Infinity) + BAR, `group ${g.name}: ${s} outside [${g.lower}, ${g.upper}]`);
  }
}

describe("hierarchical allocators honour random feasible limits", () => {
  const allocators = { hrp: hierarchicalRiskParity, herc: hierarchicalEqualRiskContribution, nco: nestedClusteredOptimization };
  for (const [name, allocate] of Object.entries(allocators)) {
    it(name, () => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 15 }), fc.integer({ min: 1, max: 1_000_000 }), (n, seed) => {
          const covariance = randomCovariance(n, seed);
          const constraints = randomLimits(n, seed + 1);
          const result = allocate({ covariance, constraints });
          assertWithin(result.weights, constraints);
          assert.deepEqual(result.relaxed, []);
        }),
        { numRuns: 80 },
      );
    });
  }
});

describe("bounds in HRP", () => {
  const covariance = covarianceMatrix("sample_common_window");
  const n = covariance.size;
  const free = hierarchicalRiskParity({ covariance });

  it("loose bounds change nothing", () => {
    const bounded = hierarchicalRiskParity({ covariance, constraints: { bounds: [0.001, 0.5] } });
    assert.deepEqual(Array.from(bounded.weights), Array.from(free.weights));
    assert.equal(bounded.projection, "none");
  });

  it("a binding cap is met by clamping the splits, with no projection", () => {
    const cap = 0.9 * Math.max(...free.weights);
    const floor = 0.5 * Math.min(...free.weights);
    const bounded = hierarchicalRiskParity({ covariance, constraints: { bounds: [floor * 1.5, cap] } });
    assert.equal(bounded.projection, "none");
    bounded.weights.forEach((w) => assert.ok(w <= cap + 1e-15 && w >= floor * 1.5 - 1e-15));
    expectClose(sum(bounded.weights), 1, { rtol: 0, atol: 1e-14 }, "sum");
    assert.notDeepEqual(Array.from(bounded.weights), Array.from(free.weights));
  });

  it("a group cap across the tree is met by the projection, or reported under relax", () => {
    const members = [0, 5, 10, 15];
    const held = members.reduce((s, i) => s + free.weights[i], 0);
    const constraints = { groups: [{ name: "mixed", members, upper: held - 0.05 }] };
    const projected = hierarchicalRiskParity({ covariance, constraints });
    assert.equal(projected.projection, "quadraticProgram");
    expectClose(members.reduce((s, i) => s + projected.weights[i], 0), held - 0.05, { rtol: 0, atol: BAR }, "group at its cap");
    const relaxed = hierarchicalRiskParity({ covariance, constraints, crossTreeLimits: "relax" });
    assert.deepEqual(Array.from(relaxed.weights), Array.from(free.weights));
    assert.equal(relaxed.relaxed.length, 1);
    assert.equal(relaxed.relaxed[0].limit, "group mixed upper");
    expectClose(relaxed.relaxed[0].by, 0.05, { rtol: 1e-12, atol: 0 }, "by");
    assert.ok(n > 15);
  });

  it("limits that admit no portfolio are INFEASIBLE_CONSTRAINTS", () => {
    assert.throws(() => hierarchicalRiskParity({ covariance, constraints: { bounds: [0, 0.04] } }), { code: "INFEASIBLE_CONSTRAINTS" });
    const groups = [
      { name: "a", members: [0, 1, 2], lower: 0.6 },
      { name: "b", members: [3, 4, 5], lower: 0.6 },
    ];
    assert.throws(() => hierarchicalRiskParity({ covariance, constraints: { groups } }), { code: "INFEASIBLE_CONSTRAINTS" });
  });

  it("refuses constraint fields that have no meaning here", () => {
    assert.throws(() => hierarchicalRiskParity({ covariance, constraints: { maxHoldings: 5 } }), { code: "INVALID_INPUT" });
  });
});
