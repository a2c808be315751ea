/**
 * Invariants on small random scenario sets: min CVaR beats min variance and equal weight on CVaR,
 * every solution meets bounds, budget and groups, frontiers rise, and each LP objective is the
 * measure of its own weights.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { conditionalDrawdownAtRisk } from "../../../../src/core/measures/cdar.js";
import { meanAbsoluteDeviation } from "../../../../src/core/measures/mean-absolute-deviation.js";
import { historicalTailRisk } from "../../../../src/core/measures/tail-risk.js";
import { optimizeMeanVariance } from "../../../../src/core/optimizers/index.js";
import { optimizeRiskMeasure, riskMeasureFrontier, type RiskMeasureOptimum } from "../../../../src/core/optimizers/risk-measures/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { randomScenarios } from "./scenario-fixtures.js";

// The solvers' feasibility bar (HiGHS at 1e-10, our QP at 1e-9).
const BAR = 1e-9;

function sampleCovariance(s: Matrix): { size: number; data: Float64Array } {
  const { rows: T, cols: n, data } = s;
  const mean = new Float64Array(n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) mean[i] += data[t * n + i] / T;
  const cov = new Float64Array(n * n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i * n + j] += ((data[t * n + i] - mean[i]) * (data[t * n + j] - mean[j]) * 252) / (T - 1);
  return { size: n, data: cov };
}

function returnsOf(s: Matrix, w: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: s.rows }, (_, t) => {
    let r = 0;
    for (let i = 0; i < s.cols; i++) r += s.data[t * s.cols + i] * w[i];
    return r;
  });
}

function assertFeasible(r: RiskMeasureOptimum, upper: number, groups: { members: number[]; upper: number }[]): void {
  expectClose(r.weights.reduce((a, b) => a + b, 0), 1, { rtol: 0, atol: BAR }, "budget");
  r.weights.forEach((w, i) => assert.ok(w >= -BAR && w <= upper + BAR, `weight ${i} = ${w} outside [0, ${upper}]`));
  for (const g of groups) {
    const total = g.members.reduce((s, i) => s + r.weights[i], 0);
    assert.ok(total <= g.upper + BAR, `group total ${total} > ${g.upper}`);
  }
}

const arbitraryCase = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), T: fc.integer({ min: 40, max: 120 }), n: fc.integer({ min: 2, max: 6 }) });

describe("risk-measure models: properties", () => {
  it("CVaR at the min-CVaR solution ≤ CVaR of the min-variance solution and of equal weight", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCase, async ({ seed, T, n }) => {
        const { scenarios, mu } = randomScenarios(seed, T, n);
        const best = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind: "minCvar" } });
        const minVar = optimizeMeanVariance({ expectedReturns: mu, covariance: sampleCovariance(scenarios), model: { kind: "minVolatility" } });
        const cvar = (w: ArrayLike<number>) => historicalTailRisk(returnsOf(scenarios, w), 0.95).conditionalValueAtRisk;
        // The LP objective is the CVaR of its own weights (to the solver's rounding).
        expectClose(best.risk, best.solver.objective, { rtol: 1e-9, atol: 1e-12 }, "objective = CVaR(weights)");
        assert.ok(best.risk <= cvar(minVar.weights) + 1e-10, `min CVaR ${best.risk} > min-variance CVaR ${cvar(minVar.weights)}`);
        assert.ok(best.risk <= cvar(new Array(n).fill(1 / n)) + 1e-10, "beats equal weight");
      }),
      { numRuns: 25 },
    );
  });

  it("every model's solution meets bounds, budget and a group cap to 1e-9; MAD and CDaR equal their definitions", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCase, async ({ seed, T, n }) => {
        // Two assets capped at 0.7 together need a third to hold the rest.
        if (n < 3) return;
        const { scenarios, mu } = randomScenarios(seed, T, n);
        const upper = Math.max(0.6, 1.5 / n);
        const groups = [{ name: "first two", members: [0, 1], upper: 0.7 }];
        const constraints = { bounds: [0, upper] as [number, number], groups };
        for (const model of [{ kind: "minCvar" }, { kind: "minCdar" }, { kind: "minMad" }, { kind: "minSemivariance" }, { kind: "maxSortino" }] as const) {
          const r = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model, constraints });
          assertFeasible(r, upper, groups);
          if (model.kind === "minMad") expectClose(r.risk, meanAbsoluteDeviation(returnsOf(scenarios, r.weights)), { rtol: 1e-12, atol: 0 }, "MAD");
          if (model.kind === "minMad" || model.kind === "minCdar") expectClose(r.risk, r.solver.objective, { rtol: 1e-9, atol: 1e-12 }, `${model.kind} objective`);
          if (model.kind === "minCdar") expectClose(r.risk, conditionalDrawdownAtRisk(returnsOf(scenarios, r.weights)).conditionalDrawdownAtRisk, { rtol: 1e-12, atol: 0 }, "CDaR");
        }
      }),
      { numRuns: 15 },
    );
  });

  it("max Sortino beats the min-semivariance and equal-weight portfolios on the Sortino ratio", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCase, async ({ seed, T, n }) => {
        const { scenarios, mu } = randomScenarios(seed, T, n);
        const best = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind: "maxSortino" } });
        const lowest = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind: "minSemivariance" } });
        const equal = new Array(n).fill(1 / n);
        const sortino = (w: ArrayLike<number>) => {
          const r = returnsOf(scenarios, w);
          const semi = Math.sqrt((252 * r.reduce((s, x) => s + Math.min(x, 0) ** 2, 0)) / r.length);
          return (mu.reduce((s, m, i) => s + m * w[i], 0) - 0.02) / semi;
        };
        expectClose(best.sortino!, sortino(best.weights), { rtol: 1e-12, atol: 0 }, "reported Sortino");
        assert.ok(best.sortino! >= sortino(lowest.weights) - 1e-9 * Math.abs(best.sortino!), "≥ min semivariance");
        assert.ok(best.sortino! >= sortino(equal) - 1e-9 * Math.abs(best.sortino!), "≥ equal weight");
      }),
      { numRuns: 20 },
    );
  });

  it("frontier risk is non-decreasing with return, for every measure", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryCase, async ({ seed, T, n }) => {
        const { scenarios, mu } = randomScenarios(seed, T, n);
        for (const kind of ["minCvar", "minCdar", "minMad", "minSemivariance"] as const) {
          const points = await riskMeasureFrontier({ scenarios, expectedReturns: mu, model: { kind } }, 6);
          assert.equal(points.length, 6);
          for (let k = 1; k < points.length; k++) {
            assert.ok(points[k].expectedReturn >= points[k - 1].expectedReturn - 1e-12, `${kind}: return falls at ${k}`);
            // Each point is an optimum over a shrinking feasible set: its risk cannot fall, up to the solver's tolerance.
            assert.ok(points[k].risk >= points[k - 1].risk - 1e-9 * Math.max(1, points[k - 1].risk), `${kind}: risk falls at ${k}`);
          }
        }
      }),
      { numRuns: 10 },
    );
  });
});
