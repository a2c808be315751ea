/**
 * Equal weight, inverse volatility / variance, and the projection onto limits: the closed-form
 * scaling into bounds equals the QP projection on the same problem (the QP path is forced by adding a
 * group limit that does not bind), and each binding limit is met.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { symmetricFromRows } from "../../../../src/core/linalg/matrix.js";
import { equalWeight, inverseVariance, inverseVolatility, projectToConstraints } from "../../../../src/core/optimizers/naive/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { seededRandom } from "../../../support/seeded-random.js";
import { randomCovariance, sum } from "../hierarchical/fixtures.js";

describe("naive allocators", () => {
  const sigma = symmetricFromRows([
    [0.04, 0.01],
    [0.01, 0.16],
  ]);

  it("equal weight is budget / N, and N = 1 gives weight 1", () => {
    assert.deepEqual(Array.from(equalWeight(4).weights), [0.25, 0.25, 0.25, 0.25]);
    assert.deepEqual(Array.from(equalWeight(1).weights), [1]);
    assert.throws(() => equalWeight(0), { code: "INVALID_INPUT" });
  });

  it("inverse volatility and inverse variance (hand values)", () => {
    // 1/0.2 : 1/0.4 = 2 : 1 and 1/0.04 : 1/0.16 = 4 : 1.
    expectClose(inverseVolatility(sigma).weights, [2 / 3, 1 / 3], { rtol: 1e-15, atol: 0 }, "inverse volatility");
    expectClose(inverseVariance(sigma).weights, [0.8, 0.2], { rtol: 1e-15, atol: 0 }, "inverse variance");
  });

  it("a binding cap keeps the free assets' ratios (the documented example)", () => {
    const projected = projectToConstraints(Float64Array.of(0.5, 0.3, 0.2), { bounds: [0, 0.4] });
    expectClose(projected.weights, [0.4, 0.36, 0.24], { rtol: 1e-15, atol: 1e-16 }, "weights");
    assert.equal(projected.projection, "scaleIntoBounds");
  });

  it("a zero-variance asset is INVALID_INPUT naming it; infeasible bounds are INFEASIBLE_CONSTRAINTS", () => {
    assert.throws(() => inverseVolatility(symmetricFromRows([[0.04, 0], [0, 0]])), { code: "INVALID_INPUT", message: /asset 1/ });
    assert.throws(() => equalWeight(3, { bounds: [0, 0.3] }), { code: "INFEASIBLE_CONSTRAINTS" });
  });
});

describe("projection onto limits", () => {
  it("the closed-form scaling equals the QP projection on random targets and bounds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 1_000_000 }), (n, seed) => {
        const rand = seededRandom(seed);
        const raw = Array.from({ length: n }, () => 0.05 + rand());
        const total = raw.reduce((a, b) => a + b, 0);
        const target = Float64Array.from(raw, (v) => v / total);
        const lower = Array.from({ length: n }, () => (rand() < 0.5 ? 0 : rand() * 0.5 / n));
        const upper = Array.from({ length: n }, () => (rand() < 0.5 ? 1 : (1 + rand()) / n));
        const bounds = { lower, upper };
        const closed = projectToConstraints(target, { bounds });
        // A group over every asset with cap 2 never binds but sends the problem to the QP.
        const viaQp = projectToConstraints(target, { bounds, groups: [{ name: "all", members: Array.from({ length: n }, (_, i) => i), upper: 2 }] });
        if (closed.projection === "none") return;
        assert.equal(viaQp.projection, "quadraticProgram");
        // The QP's optimality and feasibility bar is 1e-9.
        expectClose(closed.weights, viaQp.weights, { rtol: 0, atol: 1e-9 }, "weights");
        closed.weights.forEach((w, i) => assert.ok(w >= lower[i] - 1e-15 && w <= upper[i] + 1e-15, `asset ${i}`));
        expectClose(sum(closed.weights), 1, { rtol: 0, atol: 1e-14 }, "sum");
      }),
      { numRuns: 100 },
    );
  });

  it("inverse volatility under a group cap meets it exactly", () => {
    const covariance = randomCovariance(6, 9);
    const result = inverseVolatility(covariance, { groups: [{ name: "g", members: [0, 1, 2], upper: 0.3 }] });
    const held = result.weights[0] + result.weights[1] + result.weights[2];
    assert.ok(held <= 0.3 + 1e-9, `group holds ${held}`);
    expectClose(sum(result.weights), 1, { rtol: 0, atol: 1e-10 }, "sum");
  });
});
