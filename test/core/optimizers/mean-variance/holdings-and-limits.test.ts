/**
 * Mixed-integer holdings limits (against enumeration of every support), the tracking-error limit
 * (against its definition), warm starts, the fallback chain and weight cleaning.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CoreError } from "../../../../src/core/errors.js";
import type { SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import {
  cleanWeights,
  optimizeMeanVariance,
  optimizeWithFallback,
  type MeanVarianceModel,
  type PortfolioConstraints,
} from "../../../../src/core/optimizers/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { assertSound, expectCode, view } from "./fixtures.js";

// Two exact solves of the same convex problem (branch and bound's and the enumeration's): 1e-10.
const SAME_OPTIMUM = { rtol: 1e-10, atol: 1e-12 };

/** The first `n` assets of the full-history view. */
function subUniverse(n: number): { mu: Float64Array; covariance: SymmetricMatrix } {
  const v = view("full_history");
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = v.covariance.data[i * 20 + j];
  return { mu: v.mu.slice(0, n), covariance: { size: n, data } };
}

/** Every support of at most k assets, each held ≥ m: the best objective by brute force (min or max). */
function enumerate(n: number, k: number, m: number, objective: (c: PortfolioConstraints) => number | null, sense: 1 | -1): number {
  let best = Infinity;
  for (let mask = 1; mask < 1 << n; mask++) {
    const members = [...Array(n).keys()].filter((i) => mask & (1 << i));
    if (members.length > k) continue;
    const lower = Array.from({ length: n }, (_, i) => (mask & (1 << i) ? m : 0));
    const upper = Array.from({ length: n }, (_, i) => (mask & (1 << i) ? 1 : 0));
    const value = objective({ bounds: { lower, upper } });
    if (value !== null) best = Math.min(best, sense * value);
  }
  return sense * best;
}

function tryObjective(run: () => number): number | null {
  try {
    return run();
  } catch (error) {
    if (error instanceof CoreError) return null;
    throw error;
  }
}

describe("holdings limits (branch and bound) against enumeration", () => {
  const n = 8;
  const { mu, covariance } = subUniverse(n);
  const cases: readonly { model: MeanVarianceModel; sense: 1 | -1 }[] = [
    { model: { kind: "minVolatility" }, sense: 1 },
    { model: { kind: "maxSharpe" }, sense: -1 },
    { model: { kind: "efficientReturn", targetReturn: 0.2 }, sense: 1 },
    { model: { kind: "maxQuadraticUtility", riskAversion: 4 }, sense: -1 },
    { model: { kind: "efficientRisk", targetVolatility: 0.22 }, sense: -1 },
  ];
  for (const { model, sense } of cases) {
    it(`${model.kind}: at most 3 holdings, each ≥ 10%`, () => {
      const result = optimizeMeanVariance({ expectedReturns: mu, covariance, model, constraints: { maxHoldings: 3, minPosition: 0.1 } });
      assertSound(result);
      const held = [...result.weights].filter((w) => Math.abs(w) > 1e-9);
      assert.ok(held.length <= 3, `${held.length} holdings`);
      assert.ok(held.every((w) => w >= 0.1 - 1e-9), "min position");
      assert.ok((result.solver.nodes ?? 0) >= 1);
      const best = enumerate(
        n,
        3,
        0.1,
        (c) => tryObjective(() => optimizeMeanVariance({ expectedReturns: mu, covariance, model, constraints: c }).solver.objective),
        sense,
      );
      expectClose(result.solver.objective, best, SAME_OPTIMUM, "objective");
    });
  }
});

describe("tracking-error limit", () => {
  const v = view("full_history");
  const equal = new Float64Array(20).fill(1 / 20);
  const te = (w: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) s += (w[i] - equal[i]) * v.covariance.data[i * 20 + j] * (w[j] - equal[j]);
    return Math.sqrt(s);
  };
  const solve = (model: MeanVarianceModel, max: number) =>
    optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model, constraints: { trackingError: { benchmark: equal, max } } });

  it("binds at the limit for min volatility, and the trade-off is monotone", () => {
    const free = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "minVolatility" } });
    const limits = [0.01, 0.02, 0.04];
    let previous = Infinity;
    for (const limit of limits) {
      const result = solve({ kind: "minVolatility" }, limit);
      assertSound(result);
      assert.ok(te(free.weights) > limit, "the limit must bind for this test");
      expectClose(te(result.weights), limit, { rtol: 1e-10, atol: 0 }, `tracking error at ${limit}`);
      assert.equal(result.target?.binding, true);
      // A looser limit gives a lower variance; every one is above the unconstrained minimum.
      assert.ok(result.solver.objective < previous && result.solver.objective >= free.solver.objective - 1e-15);
      previous = result.solver.objective;
    }
  });

  it("is optimal: no mix of the solution with the benchmark or the free optimum does better inside the limit", () => {
    const limit = 0.02;
    const result = solve({ kind: "maxQuadraticUtility", riskAversion: 2 }, limit);
    const utility = (w: ArrayLike<number>) => {
      let r = 0;
      let q = 0;
      for (let i = 0; i < 20; i++) {
        r += v.mu[i] * w[i];
        for (let j = 0; j < 20; j++) q += w[i] * v.covariance.data[i * 20 + j] * w[j];
      }
      return r - q;
    };
    expectClose(result.solver.objective, utility(result.weights), { rtol: 1e-12, atol: 1e-15 }, "reported utility");
    const free = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "maxQuadraticUtility", riskAversion: 2 } });
    for (const t of [0.9, 0.99, 0.999]) {
      const mix = Float64Array.from(result.weights, (w, i) => t * w + (1 - t) * free.weights[i]);
      if (te(mix) <= limit) assert.ok(utility(mix) <= result.solver.objective + 1e-12);
    }
  });

  it("a limit below the least tracking error the constraints allow", () => {
    // Long only with AMZN capped at 0: the equal-weight benchmark holds 5% of it, so TE > 0.
    const upper = new Array(20).fill(1);
    upper[4] = 0;
    expectCode(
      () =>
        optimizeMeanVariance({
          expectedReturns: v.mu,
          covariance: v.covariance,
          model: { kind: "minVolatility" },
          constraints: { bounds: { lower: new Array(20).fill(0), upper }, trackingError: { benchmark: equal, max: 1e-4 } },
        }),
      "TARGET_OUT_OF_RANGE",
    );
  });

  it("is rejected with max Sharpe and efficient risk", () => {
    expectCode(() => solve({ kind: "maxSharpe" }, 0.02), "INVALID_INPUT");
    expectCode(() => solve({ kind: "efficientRisk", targetVolatility: 0.2 }, 0.02), "INVALID_INPUT");
  });

  it("min tracking error to the equal-weight portfolio is the benchmark itself", () => {
    const result = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "minTrackingError", benchmark: equal } });
    expectClose(result.weights, equal, { rtol: 0, atol: 1e-12 }, "weights");
    expectClose(result.solver.objective, 0, { rtol: 0, atol: 1e-15 }, "squared tracking error");
  });
});

describe("warm starts, fallbacks, cleaning", () => {
  const v = view("common_window");
  it("a warm start gives the same portfolio with fewer iterations", () => {
    const cold = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "efficientReturn", targetReturn: 0.2 } });
    const warm = optimizeMeanVariance({
      expectedReturns: v.mu,
      covariance: v.covariance,
      model: { kind: "efficientReturn", targetReturn: 0.2 },
      warmStart: cold.warmStart,
    });
    expectClose(warm.weights, cold.weights, { rtol: 0, atol: 1e-12 }, "weights");
    assert.ok(warm.solver.iterations <= cold.solver.iterations);
  });

  it("the fallback chain returns the first model that solves and lists the failures", () => {
    const result = optimizeWithFallback({ expectedReturns: v.mu, covariance: v.covariance }, [
      { kind: "efficientReturn", targetReturn: 5 },
      { kind: "maxSharpe" },
    ]);
    assert.equal(result.model.kind, "maxSharpe");
    assert.equal(result.fallbackFrom?.length, 1);
    assert.equal(result.fallbackFrom?.[0].code, "TARGET_OUT_OF_RANGE");
    assert.match(result.fallbackFrom![0].message, /target return 5 is above the highest achievable/);
    const error = expectCode(
      () => optimizeWithFallback({ expectedReturns: v.mu, covariance: v.covariance, riskFreeRate: 9 }, [{ kind: "maxSharpe" }]),
      "MAX_SHARPE_UNDEFINED",
    );
    assert.ok(error);
  });

  it("cleanWeights zeroes dust and keeps the budget", () => {
    const cleaned = cleanWeights([0.5, 3e-10, 0.4999999997]);
    expectClose(cleaned.reduce((s, w) => s + w, 0), 1, { rtol: 0, atol: 1e-15 }, "sum");
    assert.equal(cleaned[1], 0);
    const neutral = cleanWeights([0.6, -5e-9, -0.6 + 5e-9], { budget: 0 });
    assert.equal(neutral[1], 0);
    expectClose(neutral.reduce((s, w) => s + w, 0), 0, { rtol: 0, atol: 1e-15 }, "market-neutral sum");
    const input = Float64Array.from([0.2, 0.8]);
    cleanWeights(input, { threshold: 0.3 });
    assert.deepEqual([...input], [0.2, 0.8], "input untouched");
  });
});
