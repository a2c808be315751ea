/**
 * The optimize service beyond mean-variance: risk-measure models, allocators and hierarchical models
 * from prices (against the shared reference), risk budgets by ticker, mixed fallback lists,
 * Black-Litterman inputs (against PyPortfolioOpt's facts) and the risk-measure frontier.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readPriceFile } from "../../src/data/index.js";
import type { PricePanel } from "../../src/core/returns/index.js";
import { portfolioPerformance } from "../../src/core/measures/index.js";
import { blackLittermanWeights } from "../../src/core/priors/index.js";
import { frontierOfPortfolio, modelInputs, optimizePortfolio, type ViewRequest } from "../../src/service/index.js";
import { expectClose } from "../support/expect-close.js";
import { pypfoptFact, referenceJson, referencePath } from "../support/reference.js";

interface OptimizerReference {
  tickers: string[];
  hrp: { weights: Record<string, number> };
  risk_parity: { weights: Record<string, number>; performance: { volatility: number } };
}
const full = referenceJson<OptimizerReference>("expected", "optimizers_full_history.json");
const cvar = referenceJson<{ min_cvar: { objective_cvar_daily: number } }>("expected", "cvar.json");

let prices: PricePanel;
let spy: PricePanel;
before(async () => {
  prices = await readPriceFile(referencePath("data", "stock_prices.csv"));
  spy = await readPriceFile(referencePath("data", "spy_prices.csv"));
});

/** CVaR₀.₉₅ by its definition, min over a of a + Σ max(loss − a, 0) / ((1 − β)T): slow and obvious. */
function rockafellarUryasevCvar(scenarios: { rows: number; cols: number; data: Float64Array }, weights: number[], beta = 0.95): number {
  const losses = Array.from({ length: scenarios.rows }, (_, t) => -weights.reduce((s, w, j) => s + w * scenarios.data[t * scenarios.cols + j], 0));
  // The function is convex and piecewise linear in a with kinks at the losses: its minimum is at one of them.
  return Math.min(...losses.map((a) => a + losses.reduce((s, l) => s + Math.max(l - a, 0), 0) / ((1 - beta) * losses.length)));
}

const inOrder = (weights: Readonly<Record<string, number>>, tickers: readonly string[]) => tickers.map((t) => weights[t]);

describe("optimizePortfolio: models beyond mean-variance on stock_prices.csv", () => {
  it("HRP from prices clusters on the pairwise correlation and matches the reference to 1e-10", async () => {
    const result = await optimizePortfolio({ prices, model: { kind: "hierarchicalRiskParity" } });
    // HRP is deterministic arithmetic; the reference README asks 1e-10 on its weights.
    expectClose(inOrder(result.weights, full.tickers), inOrder(full.hrp.weights, full.tickers), { rtol: 0, atol: 1e-10 }, "HRP weights");
    assert.equal(result.model, "hierarchicalRiskParity");
    assert.equal(result.riskMeasure, null);
    assert.equal((result.solver.leafOrder as string[])[0], "SHLD", "the leaf order is named by ticker");
  });

  it("risk parity gives equal risk shares and the reference weights", async () => {
    const result = await optimizePortfolio({ prices, model: { kind: "riskParity" } });
    // A unique solution of a smooth system: 1e-6 on weights (README, solver outputs).
    expectClose(inOrder(result.weights, full.tickers), inOrder(full.risk_parity.weights, full.tickers), { rtol: 0, atol: 1e-6 }, "weights");
    // Risk shares of the risk-budgeting solution: 1e-8 (README).
    expectClose(Object.values(result.riskContributions ?? {}), full.tickers.map(() => 1 / 20), { rtol: 0, atol: 1e-8 }, "risk shares");
    expectClose(result.performance.volatility, full.risk_parity.performance.volatility, { rtol: 1e-6, atol: 0 }, "volatility");
  });

  it("risk budgets by ticker are met, and bad budgets are refused by name", async () => {
    const tickers = ["AAPL", "XOM", "PFE"];
    const budgets = { AAPL: 0.5, XOM: 0.3, PFE: 0.2 };
    const result = await optimizePortfolio({ prices, tickers, model: { kind: "riskParity", budgets } });
    expectClose(inOrder(result.riskContributions ?? {}, tickers), [0.5, 0.3, 0.2], { rtol: 0, atol: 1e-8 }, "risk shares = budgets");
    const refused = async (b: Record<string, number>, pattern: RegExp) =>
      assert.rejects(optimizePortfolio({ prices, tickers, model: { kind: "riskParity", budgets: b } }), pattern);
    await refused({ AAPL: 0.5, XOM: 0.3, NOPE: 0.2 }, /UNKNOWN|unknown ticker 'NOPE'/);
    await refused({ AAPL: 0.5, XOM: 0.5 }, /no budget for PFE/);
    await refused({ AAPL: 0.5, XOM: 0.3, PFE: 0.3 }, /sum to 1\.1/);
    await refused({ AAPL: 0.5, XOM: 0.6, PFE: -0.1 }, /budget of PFE is -0\.1/);
    await refused({ AAPL: 0.5, XOM: 0.3, PFE: 0.1, GOOG: 0.1 }, /GOOG.*not in the selected universe/);
  });

  it("min CVaR on the complete rows reaches the reference optimum, below min volatility's CVaR", async () => {
    const result = await optimizePortfolio({ prices, start: "2014-09-19", model: { kind: "minCvar", confidence: 0.95 } });
    assert.equal(result.riskMeasure?.name, "cvar");
    // LP objective: 1e-6 relative (README); the weights of this LP need not be unique.
    expectClose(result.riskMeasure?.value ?? NaN, cvar.min_cvar.objective_cvar_daily, { rtol: 1e-6, atol: 0 }, "CVaR");
    // Full history: the scenarios are the same complete rows (μ differs, CVaR does not depend on it).
    const fullHistory = await optimizePortfolio({ prices, model: { kind: "minCvar" } });
    expectClose(fullHistory.riskMeasure?.value ?? NaN, cvar.min_cvar.objective_cvar_daily, { rtol: 1e-6, atol: 0 }, "CVaR, full history");
    const sum = Object.values(result.weights).reduce((a, b) => a + b, 0);
    expectClose(sum, 1, { rtol: 0, atol: 1e-10 }, "budget");
    const minVolatility = await optimizePortfolio({ prices, start: "2014-09-19", model: { kind: "minVolatility" } });
    const scenarios = modelInputs({ prices, start: "2014-09-19" }).scenarios();
    // Cleaning dust (< 1e-8) moves the CVaR by far less than 1e-9.
    assert.ok(rockafellarUryasevCvar(scenarios, inOrder(result.weights, prices.tickers)) <= rockafellarUryasevCvar(scenarios, inOrder(minVolatility.weights, prices.tickers)) + 1e-9);
  });

  it("a mixed fallback list records each failure and ends with the model that worked", async () => {
    const result = await optimizePortfolio({
      prices,
      model: { kind: "minCvar", targetReturn: 5 },
      fallback: [{ kind: "efficientReturn", targetReturn: 5 }, { kind: "hierarchicalRiskParity" }],
    });
    assert.equal(result.model, "hierarchicalRiskParity");
    assert.deepEqual(result.fallbackFrom.map((f) => [f.model, f.code]), [["minCvar", "TARGET_OUT_OF_RANGE"], ["efficientReturn", "TARGET_OUT_OF_RANGE"]]);
  });

  it("every allocator and risk model gives finite weights on the budget with its performance", async () => {
    const kinds = ["equalWeight", "inverseVolatility", "inverseVariance", "maxDiversification", "hierarchicalEqualRiskContribution",
      "nestedClusteredOptimization", "minCdar", "minMad", "minSemivariance", "maxSortino"] as const;
    for (const kind of kinds) {
      const result = await optimizePortfolio({ prices, start: "2016-01-01", model: { kind } });
      const w = Object.values(result.weights);
      assert.ok(w.every((x) => Number.isFinite(x) && x >= -1e-12 && x <= 1 + 1e-12), kind);
      expectClose(w.reduce((a, b) => a + b, 0), 1, { rtol: 0, atol: 1e-9 }, kind);
      assert.ok(Number.isFinite(result.performance.volatility) && result.performance.volatility > 0, kind);
    }
  });
});

describe("Black-Litterman inputs against PyPortfolioOpt", () => {
  it("the market-implied prior from caps and SPY's implied risk aversion", () => {
    const fact = pypfoptFact("bl_market_implied_prior");
    const marketCaps = (pypfoptFact("bl_market_prior_performance").inputs as { market_caps: Record<string, number> }).market_caps;
    const inputs = modelInputs({ prices, market: spy, riskFreeRate: 0.02, blackLitterman: { prior: "market", marketCaps } });
    const bl = inputs.blackLitterman!;
    assert.equal(bl.riskAversionSource, "market");
    // δ: PyPortfolioOpt rounds it to 5 decimals in its test.
    expectClose(bl.riskAversion!, pypfoptFact("bl_market_implied_risk_aversion").value as number, { rtol: 0, atol: 5e-6 }, "δ");
    // The fact's own tolerance: 6 decimals.
    expectClose(inOrder(bl.prior, prices.tickers), fact.value as number[], { rtol: 0, atol: 1.5e-6 }, "prior");
  });

  it("Idzorek confidences: a view held with confidence 1 is met exactly (AAPL), and the performance of bl_weights", () => {
    const fact = pypfoptFact("bl_idzorek_market_prior_performance");
    const { absolute_views, view_confidences } = fact.inputs as { absolute_views: Record<string, number>; view_confidences: number[] };
    const marketCaps = (pypfoptFact("bl_market_prior_performance").inputs as { market_caps: Record<string, number> }).market_caps;
    const views: ViewRequest[] = Object.entries(absolute_views).map(([ticker, r], k) => ({ ticker, return: r, confidence: view_confidences[k] }));
    // PyPortfolioOpt's pi="market" inside the model: δ = 1 and rf = 0.
    const inputs = modelInputs({ prices, riskFreeRate: 0, blackLitterman: { prior: "market", marketCaps, riskAversion: 1, views } });
    assert.equal(inputs.blackLitterman?.uncertainty, "idzorek");
    expectClose(inputs.blackLitterman!.posterior.AAPL, pypfoptFact("bl_idzorek_market_prior_AAPL").value as number, { rtol: 0, atol: 1.5e-7 }, "AAPL");
    const w = blackLittermanWeights(inputs.expectedReturns, inputs.moments.covariance);
    const p = portfolioPerformance(w, inputs.expectedReturns, inputs.covariance, { riskFreeRate: 0.02 });
    // The fact's tolerance (assert_allclose default rtol 1e-7).
    expectClose([p.expectedReturn, p.volatility, p.sharpe ?? NaN], fact.value as number[], { rtol: 1e-7, atol: 0 }, "performance");
  });

  it("an equal prior (a number) with proportional uncertainty", () => {
    const fact = pypfoptFact("bl_equal_prior_performance");
    const { absolute_views, pi } = fact.inputs as { absolute_views: Record<string, number>; pi: number };
    const views = Object.entries(absolute_views).map(([ticker, r]) => ({ ticker, return: r }));
    const inputs = modelInputs({ prices, blackLitterman: { prior: pi, views } });
    const w = blackLittermanWeights(inputs.expectedReturns, inputs.moments.covariance);
    const p = portfolioPerformance(w, inputs.expectedReturns, inputs.covariance, { riskFreeRate: 0.02 });
    expectClose([p.expectedReturn, p.volatility, p.sharpe ?? NaN], fact.value as number[], { rtol: 1e-7, atol: 0 }, "performance");
  });

  it("refuses views and caps that name unknown or unselected tickers, negative caps, missing caps", () => {
    const tickers = ["AAPL", "XOM"];
    const caps = { AAPL: 2, XOM: 1 };
    const bad: [object, RegExp][] = [
      [{ marketCaps: caps, views: [{ ticker: "NOPE", return: 0.1, label: "views.csv line 2" }] }, /views\.csv line 2: unknown ticker 'NOPE'/],
      [{ marketCaps: caps, views: [{ long: ["AAPL"], short: ["GOOG"], return: 0.1 }] }, /view 1: GOOG is not in the selected universe/],
      [{ marketCaps: { AAPL: 2, XOM: -1 } }, /market cap of XOM is -1/],
      [{ marketCaps: { AAPL: 2 } }, /no market cap for XOM/],
      [{ marketCaps: { ...caps, ZZZ: 3 } }, /market caps: unknown ticker 'ZZZ'/],
      [{ views: [{ ticker: "AAPL", return: 0.1 }] }, /needs market caps/],
      [{ marketCaps: caps, views: [{ ticker: "AAPL", return: 0.1, confidence: 0.5 }, { ticker: "XOM", return: 0.1 }] }, /view 2 has no confidence/],
      [{ marketCaps: caps, tau: 2 }, /tau 2/],
    ];
    for (const [blackLitterman, pattern] of bad) {
      assert.throws(() => modelInputs({ prices, tickers, blackLitterman }), pattern, JSON.stringify(blackLitterman));
    }
  });

  it("feeds any model: the posterior μ and Σ are what the optimizer and the performance use", async () => {
    const marketCaps = { AAPL: 3, XOM: 2, PFE: 1 };
    const blackLitterman = { marketCaps, views: [{ long: ["AAPL"], short: ["XOM"], return: 0.05 }] };
    const request = { prices, tickers: ["AAPL", "XOM", "PFE"], blackLitterman };
    const inputs = modelInputs(request);
    const result = await optimizePortfolio({ ...request, model: { kind: "maxSharpe" } });
    const w = ["AAPL", "XOM", "PFE"].map((t) => result.weights[t]);
    const p = portfolioPerformance(w, inputs.expectedReturns, inputs.covariance);
    // Same inputs, same weights: only the cleaning of dust (< 1e-8) can separate them.
    expectClose([result.performance.expectedReturn, result.performance.volatility], [p.expectedReturn, p.volatility], { rtol: 1e-9, atol: 1e-12 });
    assert.equal(result.blackLitterman?.views, 1);
  });
});

describe("frontierOfPortfolio in a risk measure", () => {
  it("the CVaR frontier starts at the minimum CVaR and its risk rises with return", async () => {
    const result = await frontierOfPortfolio({ prices, start: "2014-09-19", riskMeasure: "cvar", points: 6 });
    assert.equal(result.riskMeasure, "cvar");
    expectClose(result.points[0].risk, cvar.min_cvar.objective_cvar_daily, { rtol: 1e-6, atol: 0 }, "first point");
    for (let k = 1; k < result.points.length; k++) {
      assert.ok(result.points[k].expectedReturn > result.points[k - 1].expectedReturn);
      assert.ok(result.points[k].risk >= result.points[k - 1].risk - 1e-12, `risk rises at ${k}`);
    }
  });

  it("the variance frontier reports its volatility as the risk", async () => {
    const result = await frontierOfPortfolio({ prices, start: "2014-09-19", points: 3 });
    assert.equal(result.riskMeasure, "volatility");
    for (const p of result.points) assert.equal(p.risk, p.volatility);
    await assert.rejects(frontierOfPortfolio({ prices, riskMeasure: "mad", confidence: 0.9 }), /confidence applies to the cvar and cdar/);
  });
});
