/**
 * Maximum diversification: its optimality condition (Choueifaty, Froidure & Reynier, 2013,
 * "Properties of the most diversified portfolio", J. Investment Strategies 2(2)): every held asset has
 * the same correlation with the portfolio, 1/DR, and no asset left out has less; and no other
 * portfolio tried (equal weight, equal risk contribution, random ones) has a higher ratio.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { diversificationRatio } from "../../../../src/core/measures/index.js";
import { equalRiskContribution, maximumDiversification } from "../../../../src/core/optimizers/risk-budgeting/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { covarianceMatrix, randomCovariance, sum } from "../hierarchical/fixtures.js";

describe("maximum diversification", () => {
  it("held assets share the correlation 1/DR with the portfolio, the others have more (stock_prices.csv)", () => {
    const covariance = covarianceMatrix("sample_common_window");
    const n = covariance.size;
    const result = maximumDiversification(covariance);
    const w = result.weights;
    const sigmaW = Array.from({ length: n }, (_, i) => w.reduce((s, wj, j) => s + covariance.data[i * n + j] * wj, 0));
    const vol = Math.sqrt(w.reduce((s, wi, i) => s + wi * sigmaW[i], 0));
    const dr = diversificationRatio(w, covariance);
    // The solver's KKT residuals are ≤ 1e-9; the correlations inherit about that.
    expectClose(result.diversificationRatio, dr, { rtol: 1e-12, atol: 0 }, "ratio");
    for (let i = 0; i < n; i++) {
      const rho = sigmaW[i] / (Math.sqrt(covariance.data[i * n + i]) * vol);
      if (w[i] > 1e-9) expectClose(rho, 1 / dr, { rtol: 1e-7, atol: 0 }, `asset ${i} held`);
      else assert.ok(rho >= 1 / dr - 1e-7, `asset ${i} left out has correlation ${rho} < ${1 / dr}`);
    }
    expectClose(sum(w), 1, { rtol: 0, atol: 1e-10 }, "sum");
  });

  it("beats equal weight, equal risk contribution and random portfolios", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }), (n, seed, raw) => {
        const covariance = randomCovariance(n, seed);
        const best = maximumDiversification(covariance).diversificationRatio;
        const equal = new Float64Array(n).fill(1 / n);
        const total = sum(raw.slice(0, n)) || 1;
        const random = raw.slice(0, n).map((v) => v / total);
        // Solver optimality to 1e-9 relative.
        for (const w of [equal, equalRiskContribution(covariance).weights, random]) {
          if (sum(w) > 0) assert.ok(diversificationRatio(w, covariance) <= best * (1 + 1e-9), "a portfolio beat the maximum");
        }
      }),
      { numRuns: 50 },
    );
  });

  it("honours the usual constraints", () => {
    const covariance = randomCovariance(8, 5);
    const result = maximumDiversification(covariance, { bounds: [0.05, 0.2], groups: [{ name: "first", members: [0, 1, 2], upper: 0.3 }] });
    for (const w of result.weights) assert.ok(w >= 0.05 - 1e-9 && w <= 0.2 + 1e-9);
    assert.ok(result.weights[0] + result.weights[1] + result.weights[2] <= 0.3 + 1e-9);
  });
});
