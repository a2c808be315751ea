import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { identity } from "../../../src/core/linalg/index.js";
import { portfolioPerformance } from "../../../src/core/measures/index.js";
import { emaHistoricalReturn, ledoitWolf } from "../../../src/core/moments/index.js";
import {
  blackLitterman,
  blackLittermanWeights,
  marketImpliedPriorReturns,
  marketImpliedRiskAversionFromPrices,
} from "../../../src/core/priors/index.js";
import { expectClose } from "../../support/expect-close.js";
import { pypfoptFact } from "../../support/reference.js";
import { absoluteViews, capsInOrder, loadBlackLittermanData, type BlackLittermanData } from "./black-litterman-fixtures.js";

// assert_allclose's default rtol 1e-7, the tolerance of PyPortfolioOpt's performance-tuple tests.
const PERFORMANCE_TOL = { rtol: 1e-7, atol: 0 };
// assert_array_almost_equal(decimal=6): |Δ| < 1.5e-6, the facts' stored tolerance for return vectors
// that PyPortfolioOpt lists to 8 decimals.
const DECIMAL_6 = { rtol: 0, atol: 1.5e-6 };
// assert_almost_equal(decimal=7).
const DECIMAL_7 = { rtol: 0, atol: 1.5e-7 };

interface MarketCapsInputs {
  market_caps: Record<string, number>;
  absolute_views?: Record<string, number>;
  view_confidences?: number[];
}

function performanceTuple(w: Float64Array, post: ReturnType<typeof blackLitterman>): number[] {
  const p = portfolioPerformance(w, post.expectedReturns, post.covariance, { riskFreeRate: 0.02 });
  return [p.expectedReturn, p.volatility, p.sharpe as number];
}

describe("Black-Litterman against PyPortfolioOpt's tests", () => {
  let data: BlackLittermanData;
  let delta: number;
  before(async () => {
    data = await loadBlackLittermanData();
    delta = marketImpliedRiskAversionFromPrices(data.spyPrices, { periodsPerYear: 252, riskFreeRate: 0.02 });
  });

  it("bl_market_implied_risk_aversion: SPY's price of risk", () => {
    const fact = pypfoptFact("bl_market_implied_risk_aversion");
    // The fact is np.round(delta, 5) == 2.68549: half a unit in the 5th decimal.
    expectClose(delta, fact.value as number, { rtol: 0, atol: 5e-6 }, "delta");
    // The unrounded values the fact's tolerance text quotes ("unrounded 2.685491066...; with rf = 0 it
    // is 3.29268488674"): a closed-form mean and variance, so to the digits quoted (9 and 11 decimals).
    const [unrounded, atZero] = [...fact.tolerance.matchAll(/\d\.\d{8,}/g)].map((m) => Number(m[0]));
    expectClose(delta, unrounded, { rtol: 0, atol: 1e-9 }, "delta unrounded");
    const delta0 = marketImpliedRiskAversionFromPrices(data.spyPrices, { periodsPerYear: 252 });
    expectClose(delta0, atZero, { rtol: 0, atol: 1e-11 }, "delta at rf 0");
  });

  it("bl_market_implied_prior: Π = δΣw_mkt + rf", () => {
    const fact = pypfoptFact("bl_market_implied_prior");
    const caps = capsInOrder((fact.inputs as unknown as MarketCapsInputs).market_caps, data.tickers);
    const prior = marketImpliedPriorReturns(caps, data.sampleCov, { riskAversion: delta, riskFreeRate: 0.02 });
    expectClose(prior, fact.value as number[], DECIMAL_6, "prior");
  });

  it("bl_posterior_all_views_ema_ledoit_wolf: a view of 0.10 on every asset", () => {
    const fact = pypfoptFact("bl_posterior_all_views_ema_ledoit_wolf");
    const returns = data.stock.fullHistory.returns;
    const prior = emaHistoricalReturn(returns, { periodsPerYear: 252, span: 500 });
    const { covariance } = ledoitWolf(returns, { periodsPerYear: 252, missing: "zero" });
    const views = absoluteViews((fact.inputs as { views: Record<string, number> }).views, data.tickers);
    const post = blackLitterman({ prior, covariance, views });
    expectClose(post.expectedReturns, fact.value as number[], DECIMAL_6, "posterior");
  });

  it("bl_equal_prior_performance: equal prior, five absolute views", () => {
    const fact = pypfoptFact("bl_equal_prior_performance");
    const inputs = fact.inputs as { absolute_views: Record<string, number>; pi: number };
    const prior = new Float64Array(data.tickers.length).fill(inputs.pi);
    const post = blackLitterman({ prior, covariance: data.sampleCov, views: absoluteViews(inputs.absolute_views, data.tickers) });
    const w = blackLittermanWeights(post.expectedReturns, data.sampleCov);
    expectClose(performanceTuple(w, post), fact.value as number[], PERFORMANCE_TOL, "performance");
  });

  it("bl_weights_no_prior: cleaned weights equal PyPortfolioOpt's", () => {
    const fact = pypfoptFact("bl_weights_no_prior");
    const inputs = fact.inputs as { absolute_views: Record<string, number> };
    const prior = new Float64Array(data.tickers.length);
    const post = blackLitterman({ prior, covariance: data.sampleCov, views: absoluteViews(inputs.absolute_views, data.tickers) });
    const w = blackLittermanWeights(post.expectedReturns, data.sampleCov);
    const expected = fact.value as Record<string, number>;
    // clean_weights: |w| < 1e-4 → 0, then rounded to 5 decimals; the fact is exact equality after that.
    const cleaned = Array.from(w, (v) => (Math.abs(v) < 1e-4 ? 0 : Math.round(v * 1e5) / 1e5));
    assert.deepEqual(cleaned, data.tickers.map((t) => expected[t]));
    const sum = cleaned.reduce((s, v) => s + v, 0);
    // The fact's second check: the cleaned weights sum to 1 within 1e-5.
    expectClose(sum, 1, { rtol: 0, atol: 1e-5 }, "sum of cleaned weights");
  });

  it("bl_market_prior_performance: market prior, four views; posterior between prior and view", () => {
    const fact = pypfoptFact("bl_market_prior_performance");
    const inputs = fact.inputs as unknown as MarketCapsInputs;
    const caps = capsInOrder(inputs.market_caps, data.tickers);
    const prior = marketImpliedPriorReturns(caps, data.sampleCov, { riskAversion: delta, riskFreeRate: 0.02 });
    const views = absoluteViews(inputs.absolute_views as Record<string, number>, data.tickers);
    const post = blackLitterman({ prior, covariance: data.sampleCov, views });
    const w = blackLittermanWeights(post.expectedReturns, data.sampleCov);
    expectClose(performanceTuple(w, post), fact.value as number[], PERFORMANCE_TOL, "performance");
    for (const view of views) {
      if (!("asset" in view)) continue;
      const lo = Math.min(prior[view.asset], view.return);
      const hi = Math.max(prior[view.asset], view.return);
      const value = post.expectedReturns[view.asset];
      assert.ok(value >= lo && value <= hi, `${data.tickers[view.asset]}: posterior ${value} outside [${lo}, ${hi}]`);
    }
  });

  it("bl_idzorek_market_prior_AAPL and _performance: Idzorek confidences (1, 1, 0.25, 0.25)", () => {
    const inputs = pypfoptFact("bl_idzorek_market_prior_AAPL").inputs as unknown as MarketCapsInputs;
    const caps = capsInOrder(inputs.market_caps, data.tickers);
    // pi = "market" inside the model: risk aversion 1, rf 0.
    const prior = marketImpliedPriorReturns(caps, data.sampleCov, { riskAversion: 1 });
    const views = absoluteViews(inputs.absolute_views as Record<string, number>, data.tickers);
    const post = blackLitterman({
      prior,
      covariance: data.sampleCov,
      views,
      uncertainty: { kind: "idzorek", confidences: inputs.view_confidences as number[] },
    });
    assert.equal(post.viewUncertainty.data[0], 0, "confidence 1 gives ω = 0 exactly");
    const aapl = data.tickers.indexOf("AAPL");
    expectClose(post.expectedReturns[aapl], pypfoptFact("bl_idzorek_market_prior_AAPL").value as number, DECIMAL_7, "AAPL");
    const w = blackLittermanWeights(post.expectedReturns, data.sampleCov);
    const fact = pypfoptFact("bl_idzorek_market_prior_performance");
    expectClose(performanceTuple(w, post), fact.value as number[], PERFORMANCE_TOL, "performance");
  });

  it("bl_zero_omega_equals_views: Ω = 0 gives the views exactly", () => {
    const fact = pypfoptFact("bl_zero_omega_equals_views");
    const viewsByTicker = (fact.inputs as { absolute_views: Record<string, number> }).absolute_views;
    const views = absoluteViews(viewsByTicker, data.tickers);
    const prior = new Float64Array(data.tickers.length);
    const certain = blackLitterman({ prior, covariance: data.sampleCov, views, uncertainty: { kind: "variances", variances: [0, 0, 0, 0] } });
    const expected = fact.value as Record<string, number>;
    // The fact's tolerance: 1e-5 per asset (our solve reaches ~1e-15, PyPortfolioOpt's test is loose).
    for (const [ticker, value] of Object.entries(expected)) {
      expectClose(certain.expectedReturns[data.tickers.indexOf(ticker)], value, { rtol: 0, atol: 1e-5 }, ticker);
    }
    const mixed = blackLitterman({ prior, covariance: data.sampleCov, views, uncertainty: { kind: "variances", variances: [0, 0.2, 0.2, 0.2] } });
    expectClose(mixed.expectedReturns[data.tickers.indexOf("GOOG")], expected.GOOG, { rtol: 0, atol: 1e-5 }, "GOOG");
    assert.ok(Math.abs(mixed.expectedReturns[data.tickers.indexOf("AAPL")] - expected.AAPL) > 0.01, "AAPL moves off its view");
  });

  it("bl_idzorek_identity_linear: confidence c moves the posterior linearly from prior to view", () => {
    const fact = pypfoptFact("bl_idzorek_identity_linear");
    const inputs = fact.inputs as { pi: number[]; absolute_views: Record<string, number> };
    const views = Object.entries(inputs.absolute_views).map(([asset, value]) => ({ asset: Number(asset), return: value }));
    for (const [c, expected] of Object.entries(fact.value as Record<string, number>)) {
      const confidence = Number(c);
      const post = blackLitterman({
        prior: inputs.pi,
        covariance: identity(5),
        views,
        uncertainty: { kind: "idzorek", confidences: views.map(() => confidence) },
      });
      expectClose(post.expectedReturns[0], expected, DECIMAL_7, `c = ${c}`);
    }
  });
});
