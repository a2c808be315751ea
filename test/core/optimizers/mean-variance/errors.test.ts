/** Named failures: each with its stable code and a message in finance terms. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { optimizeMeanVariance, efficientFrontier, type MeanVarianceInput } from "../../../../src/core/optimizers/index.js";
import { expectCode, view } from "./fixtures.js";

const v = view("full_history");
const base = { expectedReturns: v.mu, covariance: v.covariance } as const;
const solve = (input: Partial<MeanVarianceInput>) => optimizeMeanVariance({ ...base, model: { kind: "minVolatility" }, ...input });

describe("mean-variance errors", () => {
  it("a target return above the highest achievable (long only: the best asset's 0.389)", () => {
    const error = expectCode(() => solve({ model: { kind: "efficientReturn", targetReturn: 0.45 } }), "TARGET_OUT_OF_RANGE");
    assert.match(error.message, /target return 0\.45 is above the highest achievable 0\.3887/);
    assert.equal(error.details.target, 0.45);
    assert.ok(Math.abs((error.details.maximum as number) - Math.max(...v.mu)) < 1e-12);
  });

  it("a target return below the minimum-volatility return does not bind", () => {
    const result = solve({ model: { kind: "efficientReturn", targetReturn: 0.05 } });
    const minVol = solve({});
    assert.ok(Math.abs(result.performance.volatility - minVol.performance.volatility) < 1e-12);
  });

  it("a target volatility below the minimum achievable", () => {
    const error = expectCode(() => solve({ model: { kind: "efficientRisk", targetVolatility: 0.1 } }), "TARGET_OUT_OF_RANGE");
    assert.match(error.message, /target volatility 0\.1 is below the minimum achievable 0\.1592 under these constraints/);
    assert.equal(error.details.target, 0.1);
    assert.ok(Math.abs((error.details.minimum as number) - 0.159150845141187) < 1e-12);
  });

  it("a target volatility above the highest-return portfolio's volatility returns that portfolio, not binding", () => {
    const result = solve({ model: { kind: "efficientRisk", targetVolatility: 5 } });
    assert.equal(result.target?.binding, false);
    assert.ok(Math.abs(result.performance.expectedReturn - Math.max(...v.mu)) < 1e-12);
  });

  it("max Sharpe when every expected return is below the risk-free rate", () => {
    const error = expectCode(() => solve({ model: { kind: "maxSharpe" }, riskFreeRate: 0.5 }), "MAX_SHARPE_UNDEFINED");
    assert.equal(error.message, "max Sharpe is undefined: every expected return is below the risk-free rate 0.5");
  });

  it("max Sharpe when the constraints keep every portfolio below the risk-free rate", () => {
    // MA (0.389) and AMZN (0.371) are the only assets above rf 0.31; capped at 5% each, the best
    // portfolio is 0.05·0.389 + 0.05·0.371 + 0.9·0.294 (AAPL) = 0.3029 < 0.31.
    const upper = new Array(20).fill(1);
    upper[v.reference.tickers.indexOf("MA")] = 0.05;
    upper[v.reference.tickers.indexOf("AMZN")] = 0.05;
    const error = expectCode(
      () => solve({ model: { kind: "maxSharpe" }, riskFreeRate: 0.31, constraints: { bounds: { lower: new Array(20).fill(0), upper } } }),
      "MAX_SHARPE_UNDEFINED",
    );
    assert.match(error.message, /^no portfolio under these constraints earns more than the risk-free rate 0\.31; the highest achievable return is 0\.3029/);
  });

  it("market-neutral max Sharpe is undefined", () => {
    const error = expectCode(() => solve({ model: { kind: "maxSharpe" }, constraints: { budget: 0, bounds: [-1, 1] } }), "MAX_SHARPE_UNDEFINED");
    assert.match(error.message, /market-neutral/);
    assert.equal(error.details.reason, "marketNeutral");
  });

  it("infeasible constraints are explained, and never give NaN weights", () => {
    const error = expectCode(
      () => solve({ constraints: { groups: [{ name: "Tech", members: [0, 1, 2], lower: 0.7 }, { name: "Energy", members: [13, 14], lower: 0.5 }] } }),
      "INFEASIBLE_CONSTRAINTS",
    );
    assert.match(error.message, /Tech >= 0\.7/);
    assert.match(error.message, /Energy >= 0\.5/);
  });

  it("NaN in μ or Σ", () => {
    const mu = Float64Array.from(v.mu);
    mu[3] = NaN;
    assert.match(expectCode(() => solve({ expectedReturns: mu }), "NON_FINITE_VALUE").message, /expected return of asset 3 is NaN/);
    const data = Float64Array.from(v.covariance.data);
    data[2 * 20 + 5] = NaN;
    assert.match(expectCode(() => solve({ covariance: { size: 20, data } }), "NON_FINITE_VALUE").message, /covariance of assets 2 and 5 is NaN/);
  });

  it("mismatched sizes", () => {
    expectCode(() => solve({ expectedReturns: v.mu.subarray(0, 19) }), "SHAPE_MISMATCH");
    expectCode(() => solve({ model: { kind: "minTrackingError", benchmark: [1] } }), "INVALID_INPUT");
  });

  it("an empty universe", () => {
    const error = expectCode(() => optimizeMeanVariance({ expectedReturns: [], covariance: { size: 0, data: new Float64Array(0) }, model: { kind: "minVolatility" } }), "INVALID_INPUT");
    assert.match(error.message, /universe is empty/);
  });

  it("bad model parameters and unknown models", () => {
    expectCode(() => solve({ model: { kind: "maxQuadraticUtility", riskAversion: -1 } }), "INVALID_INPUT");
    expectCode(() => solve({ model: { kind: "efficientRisk", targetVolatility: NaN } }), "INVALID_INPUT");
    expectCode(() => solve({ model: { kind: "maxReturn" } as never }), "INVALID_INPUT");
  });

  it("max Sharpe with unbounded weights whose ratio is not attained", () => {
    // Two assets, identical risk, one return above rf and one below, perfectly correlated: long one,
    // short the other is riskless with positive excess return, so the ratio is unbounded.
    const covariance = { size: 2, data: Float64Array.from([0.04, 0.04, 0.04, 0.04]) };
    expectCode(
      () => optimizeMeanVariance({ expectedReturns: [0.1, 0.05], covariance, model: { kind: "maxSharpe" }, constraints: { bounds: [-Infinity, Infinity] } }),
      "MAX_SHARPE_UNDEFINED",
    );
  });

  it("a frontier with no weight bounds has no end", () => {
    expectCode(() => efficientFrontier({ ...base, constraints: { bounds: [-Infinity, Infinity] } }), "INVALID_INPUT");
  });
});
