/**
 * Result service: an optimization on the stored prices equals the same optimization on the panel
 * directly, is saved with its provenance, is listed per portfolio, and re-runs compare with it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createPortfolioService, createPriceService, createResultService, optimizePortfolio } from "../../src/service/index.js";
import { createPortfolioRepository, createPriceRepository, createResultRepository, panelHash, type Job } from "../../src/store/index.js";
import { expectClose } from "../support/expect-close.js";
import { forEachDialect } from "../store/databases.js";
import { seedPrices } from "../api/support.js";

forEachDialect("result service", (fixture) => {
  const build = async () => {
    await seedPrices(fixture.store(), ["AAPL", "KO", "XOM", "JNJ"], "2020-01-01");
    const prices = createPriceService(createPriceRepository(fixture.store()));
    const portfolioRepository = createPortfolioRepository(fixture.store());
    const results = createResultService({
      results: createResultRepository(fixture.store()),
      portfolios: portfolioRepository,
      prices,
      programVersion: "9.9.9",
      maxAssets: 3,
    });
    return { prices, results, portfolios: createPortfolioService(portfolioRepository, prices) };
  };

  test("optimize equals optimizePortfolio on the same panel, and the run records it", async () => {
    const { prices, results } = await build();
    const spec = { tickers: ["AAPL", "KO", "XOM"], model: { kind: "maxSharpe" as const }, riskModel: { kind: "ledoitWolf" as const } };
    const saved = await results.optimize(spec);
    const { panel } = await prices.panel(spec.tickers);
    const direct = await optimizePortfolio({ ...spec, prices: panel });
    // Same inputs through the same code: identical to the last bit, hence a zero tolerance.
    expectClose(Object.values(saved.result.weights), Object.values(direct.weights), { rtol: 0, atol: 0 });
    const run = await results.get(saved.runId);
    assert.equal(run.programVersion, "9.9.9");
    assert.equal(run.panelHash, panelHash(panel));
    assert.deepEqual(run.weights, saved.result.weights);
    assert.equal(run.metrics.sharpe, direct.performance.sharpe);
    assert.deepEqual((run.parameters as { tickers: string[] }).tickers, spec.tickers);
  });

  test("a portfolio supplies the universe and constraints, and lists its runs", async () => {
    const { results, portfolios } = await build();
    const portfolio = await portfolios.create({ name: "p", tickers: ["AAPL", "KO"], constraints: { bounds: [0.2, 0.8] } });
    const saved = await results.optimize({ portfolioId: portfolio.id, model: { kind: "minVolatility" } });
    // Bounds hold to the solver's feasibility tolerance.
    assert.ok(Object.values(saved.result.weights).every((w) => w >= 0.2 - 1e-9 && w <= 0.8 + 1e-9));
    const frontier = await results.frontier({ portfolioId: portfolio.id, points: 4 });
    assert.equal(frontier.result.points.length, 4);
    const listed = await results.listForPortfolio(portfolio.id);
    assert.deepEqual(listed.optimizations.map((r) => r.id), [frontier.runId, saved.runId]);
    await assert.rejects(results.listForPortfolio(987_654), { code: "PORTFOLIO_NOT_FOUND" });
  });

  test("a re-run on the same prices changes nothing; on new prices it says so", async () => {
    const { prices, results } = await build();
    const saved = await results.optimize({ tickers: ["AAPL", "KO", "XOM"], model: { kind: "minVolatility" } });
    const same = await results.rerun(saved.runId);
    assert.equal(same.differences.samePrices, true);
    assert.equal(same.differences.maxAbsWeightChange, 0);
    assert.equal(same.differences.modelChanged, false);
    await prices.importRows([{ ticker: "AAPL", date: "2023-01-03", close: 200 }, { ticker: "KO", date: "2023-01-03", close: 40 }, { ticker: "XOM", date: "2023-01-03", close: 60 }]);
    const changed = await results.rerun(saved.runId);
    assert.equal(changed.differences.samePrices, false);
    assert.ok(changed.differences.maxAbsWeightChange > 0);
    await assert.rejects(results.rerun(987_654), { code: "RESULT_NOT_FOUND" });
  });

  test("request checks: universe size, start after end, no universe", async () => {
    const { results } = await build();
    await assert.rejects(results.optimize({ tickers: ["AAPL", "KO", "XOM", "JNJ"], model: { kind: "minVolatility" } }), { code: "TOO_MANY_ASSETS" });
    await assert.rejects(results.optimize({ tickers: ["AAPL"], start: "2022-01-01", end: "2021-01-01", model: { kind: "minVolatility" } }), { code: "INVALID_REQUEST" });
    await assert.rejects(results.optimize({ model: { kind: "minVolatility" } }), { code: "INVALID_REQUEST" });
  });

  test("a job's result: not before it succeeds, then the stored run", async () => {
    const { results } = await build();
    const job: Job = {
      id: 1, kind: "backtest", status: "running", progress: 0.5, parameters: {}, resultRef: null, error: null, attempts: 1,
      createdAt: "", updatedAt: "", startedAt: "", finishedAt: null, idempotencyKey: null, maxAttempts: 3, timeoutMs: null, cancelRequested: false,
    };
    await assert.rejects(results.jobResult(job), { code: "JOB_NOT_FINISHED" });
    const saved = await results.optimize({ tickers: ["AAPL", "KO"], model: { kind: "minVolatility" } });
    const found = await results.jobResult({ ...job, status: "succeeded", resultRef: `optimization:${saved.runId}` });
    assert.equal(found.kind, "optimization");
    assert.equal(found.run.id, saved.runId);
    await assert.rejects(results.jobResult({ ...job, status: "succeeded", resultRef: "backtest:987654" }), { code: "RESULT_NOT_FOUND" });
  });
});
