/**
 * The distributed path with real services: PostgreSQL, Redis and two `portfolio worker` processes.
 * Jobs submitted here (an API-like process that only submits) are spread over the workers, their
 * events come back through Redis pub/sub, their runs are stored; a worker killed with SIGKILL in
 * the middle of a long backtest loses the job to the other worker, which finishes it, and the run
 * is stored exactly once.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { buildApp } from "../../src/api/app.js";
import { createBullmqRunner } from "../../src/jobs/bullmq-runner.js";
import { createJobHandlers } from "../../src/jobs/job-handlers.js";
import type { JobRunner } from "../../src/jobs/job-runner.js";
import { createPriceRepository, createResultRepository, migrateToLatest, openDatabase, type Job, type Store } from "../../src/store/index.js";
import { createTestDatabase, type TestDatabase } from "../store/databases.js";
import { recordEvents, type EventLog } from "./job-events.js";
import { bullmqSkip, deleteKeys, TEST_REDIS_URL } from "./redis-service.js";
import { SAMPLE_INDEX, SAMPLE_TICKERS, samplePrices } from "./sample-prices.js";
import { syntheticPrices } from "./synthetic-prices.js";
import { startWorkerProcess, type WorkerProcess } from "./worker-process.js";

describe("BullMQ job runner with two worker processes (postgres, redis)", { skip: bullmqSkip, timeout: 60_000 }, () => {
  const prefix = `test-jobs-${process.pid}-${randomBytes(4).toString("hex")}`;
  const small = syntheticPrices(8, 150, 3);
  // 100 assets × 500 days rebalanced daily by three models: two to three seconds of backtesting.
  const big = syntheticPrices(100, 500, 5);
  const longBacktest = {
    tickers: big.panel.tickers,
    models: [{ model: { kind: "minVolatility" } }, { model: { kind: "maxSharpe" } }, { model: { kind: "hierarchicalRiskParity" } }],
    rebalance: "daily",
    lookback: 120,
    riskModel: { kind: "ledoitWolf" },
  };
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  let runner: JobRunner | undefined;
  let log: EventLog | undefined;
  const workers: WorkerProcess[] = [];

  before(async () => {
    database = await createTestDatabase("postgres");
    store = await openDatabase(database.url);
    await migrateToLatest(store.db);
    await createPriceRepository(store).upsertPrices([...small.rows, ...big.rows, ...(await samplePrices()).rows]);
    for (let k = 0; k < 2; k++) {
      // Short locks, so a killed worker's job is handed over within seconds rather than 30 s.
      workers.push(
        startWorkerProcess({
          databaseUrl: database.url,
          redisUrl: TEST_REDIS_URL,
          prefix,
          args: ["--lock-ms", "2000", "--stalled-interval-ms", "1000", "--grace-ms", "2000"],
        }),
      );
    }
    await Promise.all(workers.map((w) => w.ready));
    runner = await createBullmqRunner({ store, redisUrl: TEST_REDIS_URL, handlers: createJobHandlers({ store }), processJobs: false, prefix, backoffMs: 200 });
    log = recordEvents(runner);
  });

  after(async () => {
    log?.stop();
    await runner?.close();
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
    await store?.close();
    await database?.drop();
    await deleteKeys(prefix);
  });

  it("spreads frontier jobs over the workers, relays their progress through Redis and stores each run", async () => {
    assert.equal(runner!.mode, "bullmq");
    assert.equal(await runner!.healthy(), true);
    const submitted: Job[] = [];
    for (let k = 0; k < 4; k++) submitted.push(await runner!.submit("frontier", { tickers: small.panel.tickers, points: 10 + k }));
    for (const job of submitted) await log!.waitFor((e) => e.jobId === job.id && (e.type === "succeeded" || e.type === "failed"), 40_000);
    for (const [k, job] of submitted.entries()) {
      const events = log!.of(job.id).map((e) => e.type);
      assert.deepEqual(events.filter((t) => t !== "progress"), ["queued", "started", "succeeded"], `events of job ${job.id}`);
      assert.ok(events.filter((t) => t === "progress").length >= 2, `progress of job ${job.id} reached this process`);
      const done = await runner!.get(job.id);
      assert.equal(done?.status, "succeeded");
      const run = await createResultRepository(store!).getOptimization(Number(done!.resultRef!.split(":")[1]));
      assert.deepEqual([run?.model, run?.metrics.points], ["frontier", 10 + k]);
    }
    const ran = workers.map((w) => w.started.filter((id) => submitted.some((j) => j.id === id)).length);
    assert.deepEqual(ran.reduce((a, b) => a + b), 4, workers.map((w) => w.output()).join("\n---\n"));
    assert.ok(ran.every((n) => n >= 1), `each worker ran at least one job (ran ${ran.join(" and ")})`);
    // An idempotency key is honoured across the queue too.
    const again = await runner!.submit("frontier", { tickers: small.panel.tickers, points: 5 }, { idempotencyKey: `${prefix}-k` });
    assert.equal((await runner!.submit("frontier", {}, { idempotencyKey: `${prefix}-k` })).id, again.id);
    await log!.waitFor((e) => e.jobId === again.id && e.type === "succeeded", 40_000);
  });

  it("runs a backtest submitted here on a worker, relays its progress through Redis and stores the run", async () => {
    const results = createResultRepository(store!);
    const payload = { tickers: [...SAMPLE_TICKERS], models: [{ model: { kind: "minVolatility" } }, { model: { kind: "equalWeight" }, name: "equal" }], lookback: 126, benchmark: SAMPLE_INDEX, start: "2017-01-03" };
    const job = await runner!.submit("backtest", payload);
    await log!.waitFor((e) => e.jobId === job.id && (e.type === "succeeded" || e.type === "failed"), 40_000);
    const events = log!.of(job.id);
    assert.deepEqual(events.map((e) => e.type).filter((t) => t !== "progress"), ["queued", "started", "succeeded"], JSON.stringify(events));
    const messages = events.flatMap((e) => (e.type === "progress" ? [e.message] : []));
    assert.equal(messages[0], "loading prices");
    assert.ok(messages.some((m) => m?.startsWith("backtesting 201")), `the backtest's progress reached this process: ${messages.join(", ")}`);
    assert.equal(messages.at(-1), "storing the run");
    assert.ok(workers.some((w) => w.started.includes(job.id)), "a worker process ran it");
    const done = await runner!.get(job.id);
    const run = await results.getBacktest(Number(done!.resultRef!.split(":")[1]));
    assert.deepEqual(run?.parameters, payload);
    assert.deepEqual(Object.keys(run!.metrics), ["minVolatility", "equal"]);
    assert.ok(run!.maxDrawdown! > 0 && run!.maxDrawdown! < 1 && run!.winRate! > 0 && run!.winRate! < 1);
  });

  it("runs a backtest submitted through the HTTP API on a worker, with its progress on the API's websocket", async () => {
    // The API process only submits (processJobs: false): the job can only run on a worker process.
    const app = await buildApp({ store: store!, jobs: runner!, logger: false, config: { rateLimitMax: 0 } });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    const socket = new WebSocket(`${base.replace("http", "ws")}/ws`);
    const messages: { type: string; jobId?: number; message?: string }[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    try {
      await new Promise((resolve, reject) => {
        socket.once("open", resolve);
        socket.once("error", reject);
      });
      const body = { tickers: [...SAMPLE_TICKERS], models: [{ kind: "minVolatility" }, { kind: "hierarchicalRiskParity" }], rebalance: "weekly", lookback: 126, start: "2016-01-04" };
      const submitted = await fetch(`${base}/api/v1/backtests`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      assert.equal(submitted.status, 202, await submitted.clone().text());
      const { jobId } = (await submitted.json()) as { jobId: number };
      socket.send(JSON.stringify({ type: "subscribe", jobId }));
      const deadline = Date.now() + 40_000;
      while (!messages.some((m) => m.jobId === jobId && (m.type === "succeeded" || m.type === "failed")) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const mine = messages.filter((m) => m.jobId === jobId);
      assert.ok(mine.some((m) => m.type === "succeeded"), JSON.stringify(mine));
      assert.ok(mine.some((m) => m.type === "progress" && m.message?.startsWith("backtesting")), `backtest progress reached the websocket: ${JSON.stringify(mine)}`);
      assert.ok(workers.some((w) => w.started.includes(jobId)), "a worker process ran it");
      const result = (await (await fetch(`${base}/api/v1/jobs/${jobId}/result`)).json()) as { kind: string; run: { id: number } };
      assert.equal(result.kind, "backtest");
      const stored = await createResultRepository(store!).getBacktest(result.run.id);
      assert.deepEqual(Object.keys(stored!.metrics), ["minVolatility", "hierarchicalRiskParity"]);
    } finally {
      socket.close();
      await app.close();
    }
  });

  it("cancels a running job through the table: its worker stops it", async () => {
    const job = await runner!.submit("backtest", longBacktest);
    await log!.waitFor((e) => e.jobId === job.id && e.type === "progress" && e.message?.startsWith("backtesting") === true, 40_000);
    assert.equal((await runner!.cancel(job.id)).status, "cancelled");
    await log!.waitFor((e) => e.jobId === job.id && e.type === "cancelled");
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the backtest would have ended by now
    const after = await runner!.get(job.id);
    assert.deepEqual([after?.status, after?.resultRef], ["cancelled", null]);
    assert.ok(!log!.of(job.id).some((e) => e.type === "succeeded"));
  });

  it("hands the backtest of a worker killed with SIGKILL to the other worker and stores its run exactly once", async () => {
    const results = createResultRepository(store!);
    const before = (await results.listBacktests({ limit: 1000 })).length;
    const job = await runner!.submit("backtest", longBacktest);
    // In the middle: the backtest has passed a quarter of its dates.
    await log!.waitFor((e) => e.jobId === job.id && e.type === "progress" && e.message?.startsWith("backtesting") === true && e.progress > 0.3, 40_000);
    const victim = workers.find((w) => w.started.includes(job.id));
    assert.ok(victim !== undefined, "one worker logged the start of the job");
    victim.child.kill("SIGKILL");
    await victim.exited;
    const survivor = workers.find((w) => w !== victim)!;
    await log!.waitFor((e) => e.jobId === job.id && e.type === "succeeded", 45_000);
    assert.ok(survivor.started.includes(job.id), "the surviving worker ran the job");
    const starts = log!.of(job.id).filter((e) => e.type === "started");
    assert.deepEqual(starts.map((e) => (e.type === "started" ? e.attempt : 0)), [1, 2]);
    const done = await runner!.get(job.id);
    assert.deepEqual([done?.status, done?.attempts], ["succeeded", 2]);
    const runs = await results.listBacktests({ limit: 1000 });
    assert.equal(runs.length, before + 1, "exactly one run stored");
    assert.equal(done?.resultRef, `backtest:${runs[0].id}`);
    assert.deepEqual(Object.keys(runs[0].metrics), ["minVolatility", "maxSharpe", "hierarchicalRiskParity"]);
    // The survivor stops cleanly on SIGTERM.
    survivor.child.kill("SIGTERM");
    assert.equal(await survivor.exited, 0, survivor.output());
  });
});
