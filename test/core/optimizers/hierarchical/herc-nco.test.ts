/**
 * HERC and NCO: their limiting cases against independent computations (one cluster: HERC is inverse
 * variance and NCO the minimum-variance portfolio; N singleton clusters: NCO is again the minimum
 * variance portfolio), a hand-worked HERC split, the flat clusters, and degenerate inputs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { optimizeMeanVariance } from "../../../../src/core/optimizers/mean-variance/index.js";
import { inverseVariance } from "../../../../src/core/optimizers/naive/index.js";
import {
  hierarchicalEqualRiskContribution,
  hierarchicalRiskParity,
  nestedClusteredOptimization,
} from "../../../../src/core/optimizers/hierarchical/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { covarianceMatrix, randomCovariance, sum } from "./fixtures.js";

const covariance = covarianceMatrix("sample_common_window");

describe("HERC", () => {
  it("one cluster is the inverse-variance portfolio", () => {
    const herc = hierarchicalEqualRiskContribution({ covariance, clusters: 1 });
    // Same closed form, summed in a different order.
    expectClose(herc.weights, inverseVariance(covariance).weights, { rtol: 1e-14, atol: 0 }, "weights");
  });

  it("splits by the summed cluster variances along the dendrogram (three assets, worked by hand)", () => {
    // Assets 0 and 1 correlated (ρ = 0.8), asset 2 uncorrelated: the tree joins 0 and 1 first.
    const v = [0.04, 0.09, 0.16];
    const c01 = 0.8 * Math.sqrt(v[0] * v[1]);
    const sigma = { size: 3, data: Float64Array.of(v[0], c01, 0, c01, v[1], 0, 0, 0, v[2]) };
    const herc = hierarchicalEqualRiskContribution({ covariance: sigma, clusters: 3 });
    // Root split: {2} against {0, 1}, the latter's risk the sum of its two singleton clusters, so the
    // pair gets 1 − (v0 + v1)/(v0 + v1 + v2); inside it, asset 0 gets 1 − v0/(v0 + v1).
    const pair = 1 - (v[0] + v[1]) / (v[0] + v[1] + v[2]);
    const alpha0 = 1 - v[0] / (v[0] + v[1]);
    expectClose(herc.weights, [pair * alpha0, pair * (1 - alpha0), 1 - pair], { rtol: 1e-15, atol: 1e-16 }, "weights");
    assert.deepEqual(herc.clusters?.map((c) => [...c]).sort(), [[0], [1], [2]]);
  });

  it("chooses the cluster count by the gap statistic and returns flat clusters covering every asset once", () => {
    const herc = hierarchicalEqualRiskContribution({ covariance });
    const all = (herc.clusters ?? []).flat().sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: covariance.size }, (_, i) => i));
    assert.equal(herc.model.kind, "hierarchicalEqualRiskContribution");
    assert.ok(herc.model.kind === "hierarchicalEqualRiskContribution" && herc.model.clusters === herc.clusters?.length);
    expectClose(sum(herc.weights), 1, { rtol: 0, atol: 1e-14 }, "sum");
  });
});

describe("NCO", () => {
  const minVariance = optimizeMeanVariance({ expectedReturns: new Float64Array(covariance.size), covariance, model: { kind: "minVolatility" } });
  // The QP's answers are exact to its KKT residuals (1e-9 bar); the README's weight tolerance is 1e-6.
  const SOLVER = { rtol: 0, atol: 1e-6 };

  it("one cluster: the minimum-variance portfolio", () => {
    expectClose(nestedClusteredOptimization({ covariance, clusters: 1 }).weights, minVariance.weights, SOLVER, "weights");
  });

  it("one asset per cluster: the minimum-variance portfolio again (the outer problem is the whole one)", () => {
    expectClose(nestedClusteredOptimization({ covariance, clusters: covariance.size }).weights, minVariance.weights, SOLVER, "weights");
  });

  it("max Sharpe inside and across clusters needs expected returns", () => {
    assert.throws(() => nestedClusteredOptimization({ covariance, model: { kind: "maxSharpe" } }), { code: "INVALID_INPUT" });
    const mu = Float64Array.from({ length: covariance.size }, (_, i) => 0.1 + 0.01 * i);
    const nco = nestedClusteredOptimization({ covariance, model: { kind: "maxSharpe" }, expectedReturns: mu, clusters: 4 });
    expectClose(sum(nco.weights), 1, { rtol: 0, atol: 1e-10 }, "sum");
    assert.ok(nco.weights.every((w) => w >= -1e-12));
  });

  it("rejects a target model", () => {
    assert.throws(() => nestedClusteredOptimization({ covariance, model: { kind: "efficientReturn", targetReturn: 0.1 } as never }), { code: "INVALID_INPUT" });
  });
});

describe("hierarchical allocators: degenerate inputs", () => {
  const allocators = {
    hrp: hierarchicalRiskParity,
    herc: hierarchicalEqualRiskContribution,
    nco: nestedClusteredOptimization,
  };
  for (const [name, allocate] of Object.entries(allocators)) {
    it(`${name}: one asset gets weight 1`, () => {
      assert.deepEqual(Array.from(allocate({ covariance: { size: 1, data: Float64Array.of(0.05) } }).weights), [1]);
    });

    it(`${name}: two identical assets`, () => {
      const twins = { size: 2, data: Float64Array.of(0.04, 0.04, 0.04, 0.04) };
      const w = allocate({ covariance: twins }).weights;
      // HRP and HERC split by equal risks, 50/50. NCO minimises variance, which every split attains
      // (0.04): any is a right answer, so only the sum and the sign are checked for it.
      if (name !== "nco") expectClose(w, [0.5, 0.5], { rtol: 0, atol: 1e-15 }, "weights");
      expectClose(sum(w), 1, { rtol: 0, atol: 1e-12 }, "sum");
      assert.ok(w.every((x) => x >= 0));
    });

    it(`${name}: a zero-variance asset is INVALID_INPUT naming it`, () => {
      const riskless = { size: 2, data: Float64Array.of(0.04, 0, 0, 0) };
      assert.throws(() => allocate({ covariance: riskless }), { code: "INVALID_INPUT", message: /asset 1/ });
    });

    it(`${name}: NaN in the covariance is NON_FINITE_VALUE`, () => {
      const bad = randomCovariance(3, 1);
      const data = Float64Array.from(bad.data);
      data[1] = data[3] = NaN;
      assert.throws(() => allocate({ covariance: { size: 3, data } }), { code: "NON_FINITE_VALUE" });
    });
  }
});
