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
});
