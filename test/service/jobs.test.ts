import assert from "node:assert/strict";
import { it } from "node:test";
import { createInProcessRunner } from "../../src/jobs/in-process-runner.js";
import { createJobHandlers } from "../../src/jobs/job-handlers.js";
import type { JobRunner } from "../../src/jobs/job-runner.js";
import { createJobService, type JobService } from "../../src/service/jobs.js";
import { frontierOfPortfolio } from "../../src/service/optimize-portfolio.js";
import { createPriceService } from "../../src/service/prices.js";
import { createResultService } from "../../src/service/results.js";
import { createJobRepository } from "../../src/store/job-repository.js";
import { createPortfolioRepository, createPriceRepository, createResultRepository } from "../../src/store/index.js";
import { panelHash } from "../../src/store/panel-hash.js";
import { expectClose } from "../support/expect-close.js";
import { recordEvents } from "../jobs/job-events.js";
import { syntheticPrices } from "../jobs/synthetic-prices.js";
import { forEachDialect } from "../store/databases.js";

forEachDialect("job service", ({ store }) => {
  const prices = syntheticPrices(6, 90);
  let runner: JobRunner | undefined;

  async function service(): Promise<JobService> {
    await createPriceRepository(store()).upsertPrices(prices.rows);
    runner = await createInProcessRunner({ store: store(), handlers: createJobHandlers({ store: store(), programVersion: "9.9.9" }), pollMs: 50, shutdownGraceMs: 0 });
    const results = createResultService({
      results: createResultRepository(store()),
      portfolios: createPortfolioRepository(store()),
      prices: createPriceService(createPriceRepository(store())),
      programVersion: "9.9.9",
    });
    return createJobService({ runner, results, jobs: createJobRepository(store()) });
  }
  const closeRunner = async () => {
    await runner?.close();
    runner = undefined;
  };

  it("runs a frontier job on the stored prices in a worker thread and stores one frontier run", async (t) => {
    t.after(closeRunner);
    const jobs = await service();
    const log = recordEvents(runner!);
    const payload = { tickers: prices.panel.tickers.slice(0, 5), points: 15, constraints: { bounds: [0, 0.6] } };
    const job = await jobs.submit("frontier", payload);
    await log.waitFor((e) => e.jobId === job.id && (e.type === "succeeded" || e.type === "failed"));
    const messages = log.of(job.id).flatMap((e) => (e.type === "progress" ? [e.message] : []));
    assert.deepEqual(messages, ["loading prices", "tracing the frontier", "storing the run"]);
    const done = await jobs.get(job.id);
    assert.equal(done.status, "succeeded");
    const result = await jobs.result(job.id);
    assert.equal(result.kind, "optimization");
    const { run } = result;
    assert.equal(done.resultRef, `optimization:${run.id}`);
    assert.deepEqual([run.model, run.programVersion, run.portfolioId], ["frontier", "9.9.9", null]);
    assert.deepEqual(run.parameters, { kind: "frontier", ...payload });
    const direct = await frontierOfPortfolio({ ...payload, prices: { ...prices.panel, tickers: prices.panel.tickers } } as never);
    // The job traces the same frontier on the same prices (read back exactly from the store).
    expectClose([run.metrics.minVolatility!, run.metrics.maxExpectedReturn!], [Math.min(...direct.points.map((p) => p.volatility)), Math.max(...direct.points.map((p) => p.expectedReturn))], { rtol: 1e-12, atol: 0 });
    assert.equal(run.metrics.points, 15);
    const stored = await createPriceRepository(store()).loadPanel({ tickers: payload.tickers });
    assert.equal(run.panelHash, panelHash(stored));
    assert.deepEqual(await jobs.counts(), { queued: 0, running: 0, succeeded: 1, failed: 0, cancelled: 0 });
  });

  it("fails a job on a client's mistake at once and refuses bad submissions", async (t) => {
    t.after(closeRunner);
    const jobs = await service();
    const log = recordEvents(runner!);
    const unknown = await jobs.submit("frontier", { tickers: ["T0000", "NOPE"], points: 5 }, { maxAttempts: 3 });
    const empty = await jobs.submit("frontier", { points: 5 });
    for (const job of [unknown, empty]) await log.waitFor((e) => e.type === "failed" && e.jobId === job.id);
    const a = await jobs.get(unknown.id);
    assert.deepEqual([a.status, a.attempts, a.error?.code], ["failed", 1, "UNKNOWN_ASSET"]);
    assert.equal((await jobs.get(empty.id)).error?.code, "INVALID_REQUEST");
    await assert.rejects(jobs.result(unknown.id), { code: "JOB_NOT_FINISHED" });
    await assert.rejects(jobs.submit("optimize", {}), { code: "INVALID_REQUEST" });
    // A malformed backtest is queued, then failed by its handler at once (the API validates earlier).
    const malformed = await jobs.submit("backtest", { models: "all" }, { maxAttempts: 3 });
    await log.waitFor((e) => e.type === "failed" && e.jobId === malformed.id);
    assert.deepEqual([(await jobs.get(malformed.id)).attempts, (await jobs.get(malformed.id)).error?.code], [1, "INVALID_REQUEST"]);
    await assert.rejects(jobs.submit("frontier", {}, { maxAttempts: 0 }), { code: "INVALID_REQUEST" });
    await assert.rejects(jobs.submit("frontier", {}, { idempotencyKey: "x".repeat(201) }), { code: "INVALID_REQUEST" });
    await assert.rejects(jobs.get(987_654), { code: "JOB_NOT_FOUND" });
    await assert.rejects(jobs.cancel(987_654), { code: "JOB_NOT_FOUND" });
  });

  it("runs a backtest job and returns its stored run as the job's result", async (t) => {
    t.after(closeRunner);
    const jobs = await service();
    const log = recordEvents(runner!);
    const payload = { tickers: prices.panel.tickers, models: [{ model: { kind: "inverseVolatility" } }], lookback: 20, rebalance: "weekly" };
    const job = await jobs.submit("backtest", payload);
    await log.waitFor((e) => e.jobId === job.id && (e.type === "succeeded" || e.type === "failed"));
    const result = await jobs.result(job.id);
    assert.equal(result.kind, "backtest");
    if (result.kind !== "backtest") return;
    assert.equal((await jobs.get(job.id)).resultRef, `backtest:${result.run.id}`);
    assert.deepEqual([result.run.parameters, result.run.programVersion, Object.keys(result.run.metrics)], [payload, "9.9.9", ["inverseVolatility"]]);
    assert.deepEqual(await jobs.counts(), { queued: 0, running: 0, succeeded: 1, failed: 0, cancelled: 0 });
  });

  it("cancels a frontier job that is tracing in its thread", async (t) => {
    t.after(closeRunner);
    const jobs = await service();
    const log = recordEvents(runner!);
    const big = syntheticPrices(300, 200, 5);
    await createPriceRepository(store()).upsertPrices(big.rows);
    const job = await jobs.submit("frontier", { tickers: big.panel.tickers, points: 300, riskModel: { kind: "ledoitWolf" }, constraints: { bounds: [0, 0.01] } });
    await log.waitFor((e) => e.type === "progress" && e.jobId === job.id && e.message === "tracing the frontier");
    const cancelled = await jobs.cancel(job.id);
    assert.equal(cancelled.status, "cancelled");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await jobs.get(job.id);
    assert.deepEqual([after.status, after.resultRef], ["cancelled", null]);
    assert.equal((await createResultRepository(store()).listOptimizations()).length, 0);
  });
});
