/**
 * The models under the richer constraints (turnover, costs, leverage, market neutrality), checked
 * against their definitions: every constraint holds to 1e-9 and simple competitors do no better.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { efficientFrontier, optimizeMeanVariance, type PortfolioConstraints } from "../../../../src/core/optimizers/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { assertSound, view } from "./fixtures.js";

// The solver's feasibility bar.
const BAR = 1e-9;

describe("mean-variance under turnover, costs, leverage and market neutrality", () => {
  const v = view("common_window");
  const n = 20;
  const equal = new Array(n).fill(1 / n);
  const sharpeNet = (w: ArrayLike<number>, k: number) => {
    let r = 0;
    let q = 0;
    let turnover = 0;
    for (let i = 0; i < n; i++) {
      r += v.mu[i] * w[i];
      turnover += Math.abs(w[i] - equal[i]);
      for (let j = 0; j < n; j++) q += w[i] * v.covariance.data[i * n + j] * w[j];
    }
    return (r - 0.02 - k * turnover) / Math.sqrt(q);
  };

  it("market-neutral minimum volatility is the empty portfolio: no risk to share, no Sharpe ratio", () => {
    const result = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "minVolatility" }, constraints: { budget: 0, bounds: [-1, 1] } });
    expectClose(result.weights, new Array(n).fill(0), { rtol: 0, atol: 1e-15 }, "weights");
    assert.equal(result.riskContributions, null);
    assert.equal(result.performance.sharpe, null);
  });

  it("max Sharpe with a turnover limit and costs: the limit holds, the net Sharpe beats the current portfolio and the unconstrained tangency", () => {
    const k = 0.002;
    const constraints: PortfolioConstraints = { currentWeights: equal, maxTurnover: 0.5, transactionCost: k };
    const result = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "maxSharpe" }, constraints });
    assertSound(result);
    const turnover = result.weights.reduce((s, w, i) => s + Math.abs(w - equal[i]), 0);
    assert.ok(turnover <= 0.5 + BAR, `turnover ${turnover}`);
    expectClose(result.solver.objective, sharpeNet(result.weights, k), { rtol: 1e-10, atol: 0 }, "objective = Sharpe net of costs");
    assert.ok(result.solver.objective >= sharpeNet(equal, k) - 1e-12, "beats holding");
    // Mixing towards the current portfolio stays feasible; none of the mixes does better.
    for (const t of [0.1, 0.5, 0.9]) {
      const mix = Float64Array.from(result.weights, (w, i) => (1 - t) * w + t * equal[i]);
      assert.ok(sharpeNet(mix, k) <= result.solver.objective + 1e-12, `mix ${t}`);
    }
  });

  it("gross leverage 1.6 (a 130/30 fund) with shorts: Σ|w| ≤ 1.6 for max Sharpe and efficient risk", () => {
    const constraints: PortfolioConstraints = { bounds: [-1, 1], grossLeverage: 1.6 };
    for (const model of [{ kind: "maxSharpe" }, { kind: "efficientRisk", targetVolatility: 0.15 }] as const) {
      const result = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model, constraints });
      assertSound(result);
      const gross = result.weights.reduce((s, w) => s + Math.abs(w), 0);
      assert.ok(gross <= 1.6 + BAR, `${model.kind}: gross ${gross}`);
      assert.ok(result.weights.some((w) => w < -1e-6), `${model.kind} shorts something`);
    }
  });

  it("group limits in the max-Sharpe cone: the cap binds and holds", () => {
    const constraints: PortfolioConstraints = { groups: [{ name: "first five", members: [0, 1, 2, 3, 4], upper: 0.1 }] };
    const result = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "maxSharpe" }, constraints });
    assertSound(result);
    const group = [0, 1, 2, 3, 4].reduce((s, i) => s + result.weights[i], 0);
    const free = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "maxSharpe" } });
    assert.ok([0, 1, 2, 3, 4].reduce((s, i) => s + free.weights[i], 0) > 0.1, "the cap must bind for this test");
    expectClose(group, 0.1, { rtol: 0, atol: BAR }, "group at its cap");
    assert.ok(result.solver.objective <= free.solver.objective + 1e-12);
  });

  it("a market-neutral frontier starts at the empty portfolio and its risk rises with return", () => {
    const frontier = efficientFrontier({ expectedReturns: v.mu, covariance: v.covariance, constraints: { budget: 0, bounds: [-1, 1] }, points: 15 });
    expectClose(frontier[0].weights, new Array(n).fill(0), { rtol: 0, atol: 1e-15 }, "first point");
    for (let k = 1; k < frontier.length; k++) {
      assert.ok(frontier[k].volatility > frontier[k - 1].volatility, `volatility at ${k}`);
      expectClose(frontier[k].weights.reduce((s, w) => s + w, 0), 0, { rtol: 0, atol: 1e-10 }, `budget at ${k}`);
    }
  });
});
