/**
 * Risk budgeting against the reference's equal-risk-contribution portfolios (both data views), the
 * defining property on random budgets and covariances, and the bad inputs.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { riskContributions } from "../../../../src/core/measures/index.js";
import { equalRiskContribution, riskBudgeting } from "../../../../src/core/optimizers/risk-budgeting/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { covarianceMatrix, optimizerFile, randomCovariance, sum } from "../hierarchical/fixtures.js";

// The README's tolerances: risk shares 1e-8, solver weights 1e-6 (we meet both far inside: the shares
// are solved to 1e-12 and the answer is unique, so the weights agree to about the same).
const SHARES = { rtol: 0, atol: 1e-8 };
const WEIGHTS = { rtol: 0, atol: 1e-6 };

for (const [view, matrix] of [
  ["full_history", "sample_full_history_pairwise"],
  ["common_window", "sample_common_window"],
] as const) {
  describe(`equal risk contribution on stock_prices.csv, ${view}`, () => {
    const reference = optimizerFile(view);
    const covariance = covarianceMatrix(matrix);
    const result = equalRiskContribution(covariance);

    it("gives the reference weights (1e-6) and risk shares (1e-8)", () => {
      expectClose(result.weights, reference.tickers.map((t) => reference.risk_parity.weights[t]), WEIGHTS, "weights");
      expectClose(result.riskContributions, reference.tickers.map((t) => reference.risk_parity.risk_contribution_fraction[t]), SHARES, "shares");
      // Tighter than asked: the two exact solutions agree to rounding.
      expectClose(result.weights, reference.tickers.map((t) => reference.risk_parity.weights[t]), { rtol: 0, atol: 1e-10 }, "weights (tight)");
    });

    it("reports shares that the measures module recomputes, and a convergence certificate", () => {
      const recomputed = riskContributions(result.weights, covariance);
      expectClose(result.riskContributions, recomputed.percentage, { rtol: 0, atol: 1e-14 }, "shares");
      expectClose(result.volatility, recomputed.volatility, { rtol: 1e-14, atol: 0 }, "volatility");
      assert.ok(result.maxBudgetGap <= 1e-12, `gap ${result.maxBudgetGap}`);
      expectClose(sum(result.weights), 1, { rtol: 0, atol: 1e-14 }, "sum");
    });
  });
}

describe("risk budgeting: property", () => {
  it("risk contributions equal random budgets to 1e-8 on random positive definite covariances", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }),
        (n, seed, raw) => {
          const covariance = randomCovariance(n, seed);
          const total = sum(raw.slice(0, n));
          const budgets = raw.slice(0, n).map((v) => v / total);
          const result = riskBudgeting(covariance, { budgets });
          expectClose(riskContributions(result.weights, covariance).percentage, budgets, SHARES, "shares");
          assert.ok(result.weights.every((w) => w > 0), "long only");
          expectClose(sum(result.weights), 1, { rtol: 0, atol: 1e-12 }, "sum");
        },
      ),
      { numRuns: 100 },
    );
  });

  it("scales to the budget of the constraints and accepts limits the answer meets", () => {
    const covariance = randomCovariance(5, 7);
    const base = equalRiskContribution(covariance);
    const scaled = equalRiskContribution(covariance, {}, { budget: 2, bounds: [0, 1] });
    expectClose(scaled.weights, base.weights.map((w) => 2 * w), { rtol: 1e-14, atol: 0 }, "weights");
    expectClose(scaled.riskContributions, base.riskContributions, { rtol: 0, atol: 1e-14 }, "shares");
  });
});

describe("risk budgeting: bad and degenerate inputs", () => {
  const covariance = randomCovariance(3, 11);

  it("budgets not summing to 1: INVALID_INPUT naming the sum", () => {
    assert.throws(() => riskBudgeting(covariance, { budgets: [0.5, 0.3, 0.3] }), (e: Error & { code?: string }) => {
      assert.equal(e.code, "INVALID_INPUT");
      assert.match(e.message, /sum to 1\.1/);
      return true;
    });
  });

  it("a negative or zero budget: INVALID_INPUT naming the asset", () => {
    assert.throws(() => riskBudgeting(covariance, { budgets: [1.2, -0.2, 0] }), { code: "INVALID_INPUT", message: /asset 1/ });
    assert.throws(() => riskBudgeting(covariance, { budgets: [1, 0, 0] }), { code: "INVALID_INPUT", message: /asset 1/ });
    assert.throws(() => riskBudgeting(covariance, { budgets: [0.5, 0.5] }), { code: "SHAPE_MISMATCH" });
  });

  it("a covariance that is not positive definite: NOT_POSITIVE_DEFINITE", () => {
    // Correlations each inside [−1, 1] but jointly impossible (0.9, 0.9 and −0.9).
    const bad = { size: 3, data: Float64Array.of(1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1) };
    assert.throws(() => equalRiskContribution(bad), { code: "NOT_POSITIVE_DEFINITE" });
  });

  it("two identical assets: Σ is singular but the shares still fix the weights, 50/50", () => {
    const twins = equalRiskContribution({ size: 2, data: Float64Array.of(0.04, 0.04, 0.04, 0.04) });
    expectClose(twins.weights, [0.5, 0.5], { rtol: 0, atol: 1e-12 }, "weights");
  });

  it("a perfectly hedged pair (a long-only portfolio with zero variance): NOT_POSITIVE_DEFINITE", () => {
    const hedged = { size: 2, data: Float64Array.of(0.04, -0.04, -0.04, 0.04) };
    assert.throws(() => equalRiskContribution(hedged), { code: "NOT_POSITIVE_DEFINITE" });
  });

  it("a zero-variance asset: INVALID_INPUT naming it", () => {
    const riskless = { size: 2, data: Float64Array.of(0.04, 0, 0, 0) };
    assert.throws(() => equalRiskContribution(riskless), { code: "INVALID_INPUT", message: /asset 1/ });
  });

  it("one asset: weight 1, all the risk", () => {
    const one = equalRiskContribution({ size: 1, data: Float64Array.of(0.09) });
    assert.deepEqual(Array.from(one.weights), [1]);
    assert.deepEqual(Array.from(one.riskContributions), [1]);
    expectClose(one.volatility, 0.3, { rtol: 1e-15, atol: 0 }, "volatility");
  });

  it("a limit the unique answer breaks: INFEASIBLE_CONSTRAINTS naming it", () => {
    const cap = 0.9 * Math.max(...equalRiskContribution(covariance).weights);
    assert.throws(() => equalRiskContribution(covariance, {}, { bounds: [0, cap] }), { code: "INFEASIBLE_CONSTRAINTS", message: /upper bound of asset/ });
  });

  it("too few sweeps: NO_CONVERGENCE", () => {
    assert.throws(() => riskBudgeting(randomCovariance(20, 3), { maxSweeps: 1, tolerance: 1e-15 }), { code: "NO_CONVERGENCE" });
  });
});
