/**
 * The API's resources end to end through `app.inject`, on both engines: assets and prices (JSON and
 * CSV import), portfolios CRUD, optimize and frontier saved as runs, a portfolio's history, re-runs,
 * and backtests as jobs (202, Location, idempotency, status, result, cancel), metrics.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { InjectOptions } from "fastify";
import { expectClose } from "../support/expect-close.js";
import { forEachApiDialect, problem, SEED_TICKERS } from "./support.js";

const json = (response: { body: string }) => JSON.parse(response.body);

forEachApiDialect("API resources", { jobDelayMs: 300 }, (fixture) => {
  const inject = (options: InjectOptions) => fixture.app().inject(options);

  test("GET /assets lists the seeded tickers with their spans", async () => {
    const assets = json(await inject({ url: "/api/v1/assets" }));
    assert.deepEqual(assets.map((a: { ticker: string }) => a.ticker), [...SEED_TICKERS].sort());
    assert.ok(assets.every((a: { firstDate: string; rows: number }) => a.firstDate >= "2018-01-01" && a.rows > 1000));
  });

  test("POST /prices imports JSON rows and CSV, and GET …/prices reads them back", async () => {
    const rows = json(await inject({ method: "POST", url: "/api/v1/prices", payload: [{ ticker: "ZZA", date: "2021-01-04", close: 10 }, { ticker: "ZZA", date: "2021-01-05", close: 10.5 }] }));
    assert.deepEqual({ rows: rows.rows, inserted: rows.inserted, tickers: rows.tickers }, { rows: 2, inserted: 2, tickers: ["ZZA"] });
    const csv = json(await inject({ method: "POST", url: "/api/v1/prices", payload: "date,ZZB,ZZC\n2021-01-04,1,2\n2021-01-05,1.1,2.2\n", headers: { "content-type": "text/csv" } }));
    assert.deepEqual({ rows: csv.rows, tickers: csv.tickers }, { rows: 4, tickers: ["ZZB", "ZZC"] });
    const history = json(await inject({ url: "/api/v1/assets/ZZC/prices?start=2021-01-05" }));
    assert.deepEqual(history, { ticker: "ZZC", field: "adjustedClose", prices: [{ date: "2021-01-05", price: 2.2 }] });
    const again = json(await inject({ method: "POST", url: "/api/v1/prices", payload: "date,ZZB\n2021-01-05,1.1\n", headers: { "content-type": "text/csv" } }));
    assert.deepEqual({ inserted: again.inserted, updated: again.updated }, { inserted: 0, updated: 1 });
  });

  test("portfolios: create, read, list, update, delete", async () => {
    const created = await inject({ method: "POST", url: "/api/v1/portfolios", payload: { name: "core", tickers: ["AAPL", "MSFT", "KO"], constraints: { bounds: [0, 0.6] } } });
    assert.equal(created.statusCode, 201, created.body);
    const portfolio = json(created);
    assert.equal(created.headers.location, `/api/v1/portfolios/${portfolio.id}`);
    assert.deepEqual(json(await inject({ url: `/api/v1/portfolios/${portfolio.id}` })).tickers, ["AAPL", "MSFT", "KO"]);
    assert.equal(problem(await inject({ method: "POST", url: "/api/v1/portfolios", payload: { name: "core", tickers: ["AAPL"] } })).code, "DUPLICATE_PORTFOLIO");
    assert.equal(problem(await inject({ method: "POST", url: "/api/v1/portfolios", payload: { name: "bad", tickers: ["AAPL", "NOPE"] } })).code, "UNKNOWN_ASSET");
    const patched = json(await inject({ method: "PATCH", url: `/api/v1/portfolios/${portfolio.id}`, payload: { notes: "rebalanced monthly", tickers: ["AAPL", "MSFT"] } }));
    assert.deepEqual([patched.notes, patched.tickers], ["rebalanced monthly", ["AAPL", "MSFT"]]);
    assert.ok(json(await inject({ url: "/api/v1/portfolios" })).some((p: { name: string }) => p.name === "core"));
    assert.equal((await inject({ method: "DELETE", url: `/api/v1/portfolios/${portfolio.id}` })).statusCode, 204);
    assert.equal(problem(await inject({ url: `/api/v1/portfolios/${portfolio.id}` })).code, "PORTFOLIO_NOT_FOUND");
  });

  test("POST /optimize answers the CLI's JSON contract and saves the run", async () => {
    const response = await inject({ method: "POST", url: "/api/v1/optimize", payload: { tickers: ["AAPL", "MSFT", "KO", "JNJ"], model: { kind: "maxSharpe" }, riskModel: { kind: "ledoitWolf" }, constraints: { bounds: [0, 0.5] } } });
    assert.equal(response.statusCode, 200, response.body);
    const body = json(response);
    for (const field of ["model", "weights", "performance", "solver", "riskContributions", "fallbackFrom", "runId", "panelHash"]) assert.ok(field in body, field);
    const weights = Object.values(body.weights) as number[];
    // The budget holds to the cleaning's 1e-10 (README contract); bounds to the solver's 1e-9.
    expectClose([weights.reduce((a, b) => a + b, 0)], [1], { rtol: 0, atol: 1e-10 });
    assert.ok(weights.every((w) => w >= -1e-9 && w <= 0.5 + 1e-9));
    const stored = json(await inject({ url: `/api/v1/results/${body.runId}` }));
    assert.deepEqual(stored.weights, body.weights);
    assert.equal(stored.panelHash, body.panelHash);
    assert.equal(stored.parameters.kind, "optimize");
  });

  test("POST /optimize takes an L2 penalty on min CVaR and reports the cutting-plane solve", async () => {
    const payload = { tickers: ["AAPL", "MSFT", "KO", "JNJ", "XOM"], model: { kind: "minCvar", confidence: 0.95 } };
    const plain = json(await inject({ method: "POST", url: "/api/v1/optimize", payload }));
    const response = await inject({ method: "POST", url: "/api/v1/optimize", payload: { ...payload, constraints: { l2Gamma: 1 } } });
    assert.equal(response.statusCode, 200, response.body);
    const body = json(response);
    assert.equal(body.solver.formulation, "cuttingPlane");
    const squares = (w: Record<string, number>) => Object.values(w).reduce((s, x) => s + x * x, 0);
    // The penalty spreads the weights and costs CVaR.
    assert.ok(squares(body.weights) < squares(plain.weights), `Σw² ${squares(body.weights)} vs ${squares(plain.weights)}`);
    assert.ok(body.riskMeasure.value > plain.riskMeasure.value);
  });

  test("a portfolio's optimizations are its history, and a re-run compares with the original", async () => {
    const portfolio = json(await inject({ method: "POST", url: "/api/v1/portfolios", payload: { name: "history", tickers: ["JPM", "XOM", "PG"], constraints: { bounds: [0.1, 0.8] } } }));
    const run = json(await inject({ method: "POST", url: "/api/v1/optimize", payload: { portfolioId: portfolio.id, model: { kind: "minVolatility" } } }));
    assert.deepEqual(Object.keys(run.weights), ["JPM", "XOM", "PG"]);
    const frontier = json(await inject({ method: "POST", url: "/api/v1/frontier", payload: { portfolioId: portfolio.id, points: 5 } }));
    assert.equal(frontier.points.length, 5);
    const history = json(await inject({ url: `/api/v1/portfolios/${portfolio.id}/results` }));
    assert.deepEqual(history.optimizations.map((r: { id: number }) => r.id), [frontier.runId, run.runId]);
    const rerun = json(await inject({ method: "POST", url: `/api/v1/results/${run.runId}/rerun` }));
    assert.equal(rerun.original.id, run.runId);
    assert.notEqual(rerun.rerun.id, run.runId);
    assert.equal(rerun.differences.samePrices, true);
    // Same prices, same request: the same weights (a deterministic solve).
    assert.equal(rerun.differences.maxAbsWeightChange, 0);

    // New prices change the panel, and the re-run says so.
    await inject({ method: "POST", url: "/api/v1/prices", payload: [{ ticker: "JPM", date: "2023-01-03", close: 140 }, { ticker: "XOM", date: "2023-01-03", close: 110 }, { ticker: "PG", date: "2023-01-03", close: 150 }] });
    const after = json(await inject({ method: "POST", url: `/api/v1/results/${run.runId}/rerun` }));
    assert.equal(after.differences.samePrices, false);
    assert.equal(typeof after.differences.metrics.volatility, "number");
  });

  test("POST /backtests: 202 + Location, idempotent, followed to its result", async () => {
    const body = { tickers: ["AAPL", "MSFT"], models: [{ kind: "minVolatility" }], start: "2020-01-01", end: "2021-12-31", benchmark: "KO" };
    const submitted = await inject({ method: "POST", url: "/api/v1/backtests", payload: body, headers: { "idempotency-key": "bt-1" } });
    assert.equal(submitted.statusCode, 202, submitted.body);
    const { jobId, location } = json(submitted);
    assert.equal(submitted.headers.location, `/api/v1/jobs/${jobId}`);
    assert.equal(location, submitted.headers.location);
    const again = json(await inject({ method: "POST", url: "/api/v1/backtests", payload: body, headers: { "idempotency-key": "bt-1" } }));
    assert.equal(again.jobId, jobId);

    let job = json(await inject({ url: location }));
    for (let i = 0; i < 200 && job.status !== "succeeded" && job.status !== "failed"; i++) {
      if (job.status === "queued" || job.status === "running") {
        const early = await inject({ url: `${location}/result` });
        if (early.statusCode !== 200) assert.equal(problem(early).code, "JOB_NOT_FINISHED");
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
      job = json(await inject({ url: location }));
    }
    assert.equal(job.status, "succeeded", JSON.stringify(job));
    const result = json(await inject({ url: `${location}/result` }));
    assert.equal(result.kind, "backtest");
    assert.deepEqual(result.run.parameters.tickers, ["AAPL", "MSFT"]);
  });

  test("DELETE /jobs/:id cancels a job", async () => {
    const { jobId } = json(await inject({ method: "POST", url: "/api/v1/backtests", payload: { tickers: ["AAPL"], models: [{ kind: "minVolatility" }], start: "2020-01-01", end: "2020-12-31" } }));
    const cancelled = await inject({ method: "DELETE", url: `/api/v1/jobs/${jobId}` });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal(json(cancelled).status, "cancelled");
    assert.equal(problem(await inject({ url: `/api/v1/jobs/${jobId}/result` })).code, "JOB_NOT_FINISHED");
  });

  test("/metrics counts requests by route pattern and optimizations by outcome", async () => {
    await inject({ url: "/api/v1/results/987654" });
    const text = (await inject({ url: "/metrics" })).body;
    assert.match(text, /http_requests_total\{method="GET",route="\/api\/v1\/results\/:id",status="404"\} \d+/);
    assert.match(text, /optimization_duration_seconds_count\{kind="optimize",outcome="ok"\} \d+/);
    assert.match(text, /jobs\{state="succeeded"\} \d+/);
    assert.match(text, /process_cpu_seconds_total/);
    assert.doesNotMatch(text, /987654/);
  });

  test("/health reports the database, the queue and the version", async () => {
    const health = json(await inject({ url: "/health" }));
    assert.deepEqual({ ...health, version: typeof health.version }, { status: "ok", version: "string", database: "ok", queue: "ok", queueMode: "in-process" });
  });
});
