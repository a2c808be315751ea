/**
 * The run history through `app.inject` on both engines: `GET /results` (summaries of both kinds,
 * newest first, by kind, portfolio, limit and cursor), deleting runs, and stored backtests by id.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { InjectOptions } from "fastify";
import { createResultRepository } from "../../src/store/index.js";
import { forEachApiDialect, problem } from "./support.js";

const json = (response: { body: string }) => JSON.parse(response.body);

interface Summary {
  id: number;
  kind: string;
  portfolioId: number | null;
  model: string;
  models: string[];
  metrics: Record<string, number | null>;
  createdAt: string;
}

forEachApiDialect("API result history", {}, (fixture) => {
  const inject = (options: InjectOptions) => fixture.app().inject(options);

  test("GET /results lists optimizations and backtests newest first, filtered and paged", async () => {
    const portfolio = json(await inject({ method: "POST", url: "/api/v1/portfolios", payload: { name: "history", tickers: ["AAPL", "MSFT", "KO"] } }));
    const first = json(await inject({ method: "POST", url: "/api/v1/optimize", payload: { portfolioId: portfolio.id, model: { kind: "minVolatility" } } }));
    const loose = json(await inject({ method: "POST", url: "/api/v1/optimize", payload: { tickers: ["JNJ", "PG"], model: { kind: "equalWeight" } } }));
    const backtest = await createResultRepository(fixture.store()).saveBacktest({
      portfolioId: portfolio.id,
      parameters: { tickers: ["AAPL", "MSFT"], models: [{ name: "mv", model: { kind: "minVolatility" } }, { kind: "equalWeight" }] },
      sharpe: 0.9,
      maxDrawdown: -0.3,
      winRate: 0.5,
      metrics: { mv: { cagr: 0.1 } },
      series: { dates: ["2020-01-02"], values: [1] },
      programVersion: "test",
      panelHash: "sha256:test",
    });

    const all = json(await inject({ url: "/api/v1/results" })) as Summary[];
    const sorted = [...all].sort((a, b) => (a.createdAt === b.createdAt ? 0 : a.createdAt < b.createdAt ? 1 : -1));
    assert.deepEqual(all.map((s) => s.createdAt), sorted.map((s) => s.createdAt));
    const bt = all.find((s) => s.kind === "backtest" && s.id === backtest.id);
    assert.deepEqual(bt, {
      id: backtest.id,
      kind: "backtest",
      portfolioId: portfolio.id,
      model: "mv, equalWeight",
      models: ["mv", "equalWeight"],
      metrics: { sharpe: 0.9, maxDrawdown: -0.3, winRate: 0.5 },
      createdAt: backtest.createdAt,
    });
    const opt = all.find((s) => s.kind === "optimization" && s.id === first.runId);
    assert.equal(opt?.model, "minVolatility");
    assert.deepEqual(Object.keys(opt?.metrics ?? {}).sort(), ["expectedReturn", "observations", "sharpe", "volatility"]);

    const mine = json(await inject({ url: `/api/v1/results?portfolioId=${portfolio.id}` })) as Summary[];
    assert.deepEqual(new Set(mine.map((s) => `${s.kind}:${s.id}`)), new Set([`optimization:${first.runId}`, `backtest:${backtest.id}`]));
    const optimizations = json(await inject({ url: "/api/v1/results?kind=optimization" })) as Summary[];
    assert.ok(optimizations.every((s) => s.kind === "optimization"));
    assert.ok(optimizations.some((s) => s.id === loose.runId));
    assert.deepEqual((json(await inject({ url: "/api/v1/results?kind=backtest&limit=1" })) as Summary[]).map((s) => s.id), [backtest.id]);

    // Paging: the cursor is the last createdAt of a page.
    const page = json(await inject({ url: "/api/v1/results?kind=optimization&limit=1" })) as Summary[];
    const next = json(await inject({ url: `/api/v1/results?kind=optimization&before=${encodeURIComponent(page[0].createdAt)}` })) as Summary[];
    assert.ok(next.every((s) => s.createdAt < page[0].createdAt));
    assert.equal(problem(await inject({ url: "/api/v1/results?portfolioId=999999" })).code, "PORTFOLIO_NOT_FOUND");
  });

  test("DELETE /results/:id removes an optimization run (then 404)", async () => {
    const saved = json(await inject({ method: "POST", url: "/api/v1/optimize", payload: { tickers: ["AAPL", "KO"], model: { kind: "equalWeight" } } }));
    const deleted = await inject({ method: "DELETE", url: `/api/v1/results/${saved.runId}` });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal(deleted.body, "");
    assert.equal(problem(await inject({ url: `/api/v1/results/${saved.runId}` })).code, "RESULT_NOT_FOUND");
    assert.equal(problem(await inject({ method: "DELETE", url: `/api/v1/results/${saved.runId}` })).status, 404);
    assert.ok(!(json(await inject({ url: "/api/v1/results?kind=optimization" })) as Summary[]).some((s) => s.id === saved.runId));
  });

  test("GET /backtests/:id reads a stored backtest; DELETE removes it", async () => {
    const run = await createResultRepository(fixture.store()).saveBacktest({
      parameters: { tickers: ["AAPL"], models: [{ kind: "equalWeight" }] },
      sharpe: null,
      maxDrawdown: -0.1,
      winRate: 0.6,
      metrics: { equalWeight: { cagr: 0.05 } },
      series: { dates: ["2020-01-02", "2020-01-03"], equalWeight: [1, 1.01] },
      programVersion: "test",
      panelHash: "sha256:bt",
    });
    const read = await inject({ url: `/api/v1/backtests/${run.id}` });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(json(read), { ...run });
    assert.equal((await inject({ method: "DELETE", url: `/api/v1/backtests/${run.id}` })).statusCode, 204);
    const gone = problem(await inject({ url: `/api/v1/backtests/${run.id}` }));
    assert.deepEqual([gone.status, gone.code], [404, "RESULT_NOT_FOUND"]);
    assert.equal(problem(await inject({ method: "DELETE", url: `/api/v1/backtests/${run.id}` })).status, 404);
  });
});
