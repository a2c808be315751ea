import assert from "node:assert/strict";
import { it } from "node:test";
import { createPortfolioRepository } from "../../src/store/portfolio-repository.js";
import { createResultRepository, type NewOptimizationRun } from "../../src/store/result-repository.js";
import { forEachDialect } from "./databases.js";

function fixedClock(times: string[]): () => Date {
  let k = 0;
  return () => new Date(times[Math.min(k++, times.length - 1)]);
}

const run = (portfolioId: number | null, model: string): NewOptimizationRun => ({
  portfolioId,
  model,
  parameters: { model: { kind: model }, estimator: { kind: "ledoitWolf" }, riskFreeRate: 0.02 },
  weights: { AAPL: 0.25, MSFT: 0.75 },
  metrics: { expectedReturn: 0.12, volatility: 0.2, sharpe: Number.NaN },
  programVersion: "0.1.0",
  panelHash: "sha256:0123",
});

forEachDialect("result repository", ({ store }) => {
  it("stores optimization runs as reproducible records and lists a portfolio's newest first", async () => {
    const portfolio = await createPortfolioRepository(store()).create({ name: "p", tickers: ["AAPL", "MSFT"] });
    const results = createResultRepository(store(), {
      clock: fixedClock(["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z", "2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z"]),
    });
    const a = await results.saveOptimization(run(portfolio.id, "minVolatility"));
    const b = await results.saveOptimization(run(portfolio.id, "maxSharpe"));
    const c = await results.saveOptimization(run(portfolio.id, "riskParity")); // same millisecond as b
    const loose = await results.saveOptimization(run(null, "maxSharpe"));
    assert.deepEqual(a, {
      id: a.id,
      portfolioId: portfolio.id,
      model: "minVolatility",
      parameters: { model: { kind: "minVolatility" }, estimator: { kind: "ledoitWolf" }, riskFreeRate: 0.02 },
      weights: { AAPL: 0.25, MSFT: 0.75 },
      metrics: { expectedReturn: 0.12, volatility: 0.2, sharpe: null },
      programVersion: "0.1.0",
      panelHash: "sha256:0123",
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    assert.deepEqual(await results.getOptimization(b.id), b);
    assert.equal(await results.getOptimization(999_999), null);
    assert.deepEqual((await results.listOptimizations({ portfolioId: portfolio.id })).map((r) => r.id), [c.id, b.id, a.id]);
    assert.deepEqual((await results.listOptimizations({ limit: 2 })).map((r) => r.id), [loose.id, c.id]);
  });

  it("keeps runs when their portfolio is deleted, unlinked", async () => {
    const portfolios = createPortfolioRepository(store());
    const portfolio = await portfolios.create({ name: "gone", tickers: [] });
    const results = createResultRepository(store());
    const saved = await results.saveOptimization(run(portfolio.id, "maxSharpe"));
    await portfolios.delete(portfolio.id);
    assert.equal((await results.getOptimization(saved.id))?.portfolioId, null);
  });

  it("stores backtests with their headline measures, full metrics and series", async () => {
    const results = createResultRepository(store());
    const saved = await results.saveBacktest({
      parameters: { rebalance: "monthly", window: 252 },
      sharpe: 0.9,
      maxDrawdown: -0.35,
      winRate: Number.POSITIVE_INFINITY,
      metrics: { cagr: 0.07, turnover: [0.1, 0.2] },
      series: { dates: ["2024-01-02", "2024-01-03"], equity: [1, 1.01] },
      programVersion: "0.1.0",
      panelHash: "sha256:fe",
    });
    assert.equal(saved.portfolioId, null);
    assert.equal(saved.winRate, null); // not finite: stored as null
    assert.deepEqual(await results.getBacktest(saved.id), saved);
    assert.deepEqual(await results.listBacktests(), [saved]);
    assert.deepEqual(await results.listBacktests({ portfolioId: 12345 }), []);
  });

  it("refuses a run without provenance or linked to a missing portfolio", async () => {
    const results = createResultRepository(store());
    await assert.rejects(results.saveOptimization({ ...run(null, "x"), panelHash: "" }), { code: "INVALID_RECORD", message: /panelHash/ });
    await assert.rejects(results.saveOptimization(run(424242, "x")), { code: "PORTFOLIO_NOT_FOUND" });
  });

  it("lists run summaries of both kinds newest first, by kind, portfolio, limit and cursor", async () => {
    const portfolio = await createPortfolioRepository(store()).create({ name: "summaries", tickers: ["AAPL", "MSFT"] });
    const results = createResultRepository(store(), {
      clock: fixedClock(["2030-01-01T00:00:00.000Z", "2030-01-02T00:00:00.000Z", "2030-01-03T00:00:00.000Z", "2030-01-03T00:00:00.000Z"]),
    });
    const a = await results.saveOptimization(run(portfolio.id, "minVolatility"));
    const bt = await results.saveBacktest({
      portfolioId: portfolio.id,
      parameters: { models: [{ name: "mv", model: { kind: "minVolatility" } }, { kind: "equalWeight" }, { model: { kind: "riskParity" } }] },
      sharpe: 1.2,
      maxDrawdown: Number.NaN,
      winRate: 0.5,
      metrics: { mv: { cagr: 0.1 } },
      series: { equity: [1, 2, 3] },
      programVersion: "0.1.0",
      panelHash: "sha256:bt",
    });
    const c = await results.saveOptimization(run(portfolio.id, "maxSharpe"));
    const d = await results.saveOptimization(run(portfolio.id, "riskParity")); // same millisecond as c
    const mine = await results.listSummaries({ portfolioId: portfolio.id });
    assert.deepEqual(mine.map((s) => `${s.kind}:${s.id}`), [`optimization:${d.id}`, `optimization:${c.id}`, `backtest:${bt.id}`, `optimization:${a.id}`]);
    assert.deepEqual(mine[2], {
      id: bt.id,
      kind: "backtest",
      portfolioId: portfolio.id,
      model: "mv, equalWeight, riskParity",
      models: ["mv", "equalWeight", "riskParity"],
      metrics: { sharpe: 1.2, maxDrawdown: null, winRate: 0.5 },
      createdAt: "2030-01-02T00:00:00.000Z",
    });
    assert.deepEqual(mine[3], {
      id: a.id,
      kind: "optimization",
      portfolioId: portfolio.id,
      model: "minVolatility",
      models: ["minVolatility"],
      metrics: { expectedReturn: 0.12, volatility: 0.2, sharpe: null },
      createdAt: "2030-01-01T00:00:00.000Z",
    });
    // Across portfolios, the newest runs of all (these are the newest in the database).
    assert.deepEqual((await results.listSummaries({ limit: 2 })).map((s) => s.id), [d.id, c.id]);
    assert.deepEqual((await results.listSummaries({ kind: "backtest", portfolioId: portfolio.id })).map((s) => s.id), [bt.id]);
    assert.deepEqual((await results.listSummaries({ kind: "optimization", portfolioId: portfolio.id, limit: 2 })).map((s) => s.id), [d.id, c.id]);
    const before = await results.listSummaries({ portfolioId: portfolio.id, before: "2030-01-03T00:00:00.000Z" });
    assert.deepEqual(before.map((s) => s.id), [bt.id, a.id]);
    assert.deepEqual((await results.listOptimizations({ portfolioId: portfolio.id, before: "2030-01-02T00:00:00.000Z" })).map((r) => r.id), [a.id]);
    assert.deepEqual((await results.listBacktests({ portfolioId: portfolio.id, before: "2030-01-02T00:00:00.000Z" })).map((r) => r.id), []);
  });

  it("deletes runs by id and says whether one was there", async () => {
    const results = createResultRepository(store());
    const saved = await results.saveOptimization(run(null, "maxSharpe"));
    const other = await results.saveOptimization(run(null, "minVolatility"));
    assert.equal(await results.deleteOptimization(saved.id), true);
    assert.equal(await results.getOptimization(saved.id), null);
    assert.equal(await results.deleteOptimization(saved.id), false);
    assert.notEqual(await results.getOptimization(other.id), null, "only the named run goes");
    const bt = await results.saveBacktest({ parameters: {}, sharpe: null, maxDrawdown: null, winRate: null, metrics: {}, series: [], programVersion: "0.1.0", panelHash: "sha256:x" });
    assert.equal(await results.deleteBacktest(bt.id), true);
    assert.equal(await results.getBacktest(bt.id), null);
    assert.equal(await results.deleteBacktest(bt.id), false);
  });
});
