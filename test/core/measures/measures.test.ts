import { test } from "node:test";
import assert from "node:assert/strict";
import { diversificationRatio, portfolioPerformance, riskContributions } from "../../../src/core/measures/index.js";
import { symmetricFromRows, symmetricMatrix } from "../../../src/core/linalg/matrix.js";
import { expectClose } from "../../support/expect-close.js";
import { referenceJson } from "../../support/reference.js";

interface Optimizers {
  tickers: string[];
  mu: Record<string, number>;
  min_variance: { weights: Record<string, number>; performance: Record<string, number> };
  max_sharpe: { weights: Record<string, number>; performance: Record<string, number> };
  risk_parity: { weights: Record<string, number>; risk_contribution_fraction: Record<string, number> };
}
const covariances = referenceJson<{ matrices: Record<string, { matrix: number[][] }> }>("expected", "covariance.json");
const common = referenceJson<Optimizers>("expected", "optimizers_common_window.json");
const sigma = symmetricFromRows(covariances.matrices.sample_common_window.matrix);
const mu = common.tickers.map((t) => common.mu[t]);
const weightsOf = (w: Record<string, number>) => common.tickers.map((t) => w[t]);

// The reference performance was computed from these same mu and S; the arithmetic is a handful of
// dot products, so only rounding separates the two: 1e-12 relative.
const arithmetic = { rtol: 1e-12, atol: 1e-15 };

test("portfolioPerformance reproduces the reference min-variance and max-Sharpe tuples", () => {
  for (const name of ["min_variance", "max_sharpe"] as const) {
    const ref = common[name];
    const perf = portfolioPerformance(weightsOf(ref.weights), mu, sigma, { riskFreeRate: 0.02 });
    expectClose(
      [perf.expectedReturn, perf.volatility, perf.sharpe ?? NaN],
      [ref.performance.expected_return, ref.performance.volatility, ref.performance.sharpe],
      arithmetic,
      name,
    );
  }
});

test("riskContributions: equal shares at the reference risk-parity weights, summing to volatility", () => {
  const rc = riskContributions(weightsOf(common.risk_parity.weights), sigma);
  // The reference README gives 1e-8 for risk shares (the weights themselves are solver output).
  expectClose(rc.percentage, common.tickers.map((t) => common.risk_parity.risk_contribution_fraction[t]), {
    rtol: 0,
    atol: 1e-8,
  });
  const total = rc.absolute.reduce((a, b) => a + b, 0);
  expectClose(total, rc.volatility, arithmetic, "sum of absolute contributions");
});

test("riskContributions: marginal contribution is the gradient of volatility (finite differences)", () => {
  const w = weightsOf(common.min_variance.weights);
  const rc = riskContributions(w, sigma);
  const h = 1e-6;
  for (const i of [0, 7, 19]) {
    const up = [...w];
    const down = [...w];
    up[i] += h;
    down[i] -= h;
    const grad = (portfolioPerformance(up, mu, sigma).volatility - portfolioPerformance(down, mu, sigma).volatility) / (2 * h);
    // Central differences are exact to O(h²) ≈ 1e-12 plus rounding ≈ 1e-16/h ≈ 1e-10.
    expectClose(rc.marginal[i], grad, { rtol: 1e-7, atol: 1e-9 }, `marginal ${i}`);
  }
});

test("diversificationRatio is 1 for one asset and for perfectly correlated assets, > 1 otherwise", () => {
  expectClose(diversificationRatio([1], symmetricMatrix(1, [0.04])), 1, arithmetic);
  // Two assets with correlation 1 (σ 0.1 and 0.2): no diversification.
  const perfect = symmetricMatrix(2, [0.01, 0.02, 0.02, 0.04]);
  expectClose(diversificationRatio([0.3, 0.7], perfect), 1, arithmetic);
  // Uncorrelated equal-volatility assets, equal weights: DR = √n.
  const independent = symmetricMatrix(4, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  expectClose(diversificationRatio([0.25, 0.25, 0.25, 0.25], independent), 2, arithmetic);
  assert.ok(diversificationRatio(weightsOf(common.min_variance.weights), sigma) > 1);
});

test("degenerate inputs give typed errors, never NaN", () => {
  const zero = symmetricMatrix(2, [0, 0, 0, 0]);
  const perf = portfolioPerformance([0.5, 0.5], [0.1, 0.2], zero);
  assert.equal(perf.volatility, 0);
  assert.equal(perf.sharpe, null);
  assert.throws(() => riskContributions([0.5, 0.5], zero), { code: "INVALID_INPUT" });
  assert.throws(() => diversificationRatio([0.5, 0.5], zero), { code: "INVALID_INPUT" });
  assert.throws(() => portfolioPerformance([0.5], [0.1, 0.2], sigma), { code: "SHAPE_MISMATCH" });
  assert.throws(() => portfolioPerformance([NaN, 1], [0.1, 0.2], zero), { code: "NON_FINITE_VALUE" });
  assert.throws(() => portfolioPerformance([0.5, 0.5], [0.1, Infinity], zero), { code: "NON_FINITE_VALUE" });
});
