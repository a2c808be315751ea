import assert from "node:assert/strict";
import { it } from "node:test";
import { createJobRepository } from "../../src/store/job-repository.js";
import { createResultRepository } from "../../src/store/result-repository.js";
import type { Store } from "../../src/store/database.js";
import { forEachDialect } from "./databases.js";

function steppingClock(): () => Date {
  let t = Date.parse("2026-03-01T12:00:00.000Z");
  return () => new Date((t += 1000));
}

forEachDialect("job repository", ({ store }) => {
  it("records a job's life: queued → running (started) → succeeded (finished, result reference)", async () => {
    const jobs = createJobRepository(store(), { clock: steppingClock() });
    const job = await jobs.create({ kind: "optimize", parameters: { model: { kind: "maxSharpe" } } });
    assert.deepEqual(job, {
      id: job.id,
      kind: "optimize",
      status: "queued",
      progress: 0,
      parameters: { model: { kind: "maxSharpe" } },
      resultRef: null,
      error: null,
      attempts: 0,
      createdAt: "2026-03-01T12:00:01.000Z",
      updatedAt: "2026-03-01T12:00:01.000Z",
      startedAt: null,
      finishedAt: null,
      idempotencyKey: null,
      maxAttempts: 3,
      timeoutMs: null,
      cancelRequested: false,
    });
    const running = await jobs.update(job.id, { status: "running", attempts: 1 });
    assert.deepEqual([running.startedAt, running.finishedAt, running.attempts], ["2026-03-01T12:00:02.000Z", null, 1]);
    const halfway = await jobs.update(job.id, { progress: 0.5 });
    assert.equal(halfway.startedAt, running.startedAt);
    const done = await jobs.update(job.id, { status: "succeeded", progress: 1, resultRef: "optimization:7" });
    assert.deepEqual([done.status, done.progress, done.resultRef, done.finishedAt], ["succeeded", 1, "optimization:7", "2026-03-01T12:00:04.000Z"]);
    assert.deepEqual(await jobs.get(job.id), done);
  });

  it("keeps the error of a failed attempt and lists by status in queue order", async () => {
    const jobs = createJobRepository(store(), { clock: steppingClock() });
    const a = await jobs.create({ kind: "backtest", parameters: {} });
    const b = await jobs.create({ kind: "backtest", parameters: {} });
    const c = await jobs.create({ kind: "optimize", parameters: {} });
    const failed = await jobs.update(b.id, { status: "failed", error: { code: "INFEASIBLE_CONSTRAINTS", message: "bounds sum to 0.8" }, attempts: 3 });
    assert.deepEqual(failed.error, { code: "INFEASIBLE_CONSTRAINTS", message: "bounds sum to 0.8" });
    assert.deepEqual((await jobs.list({ status: "queued" })).map((j) => j.id), [a.id, c.id]);
    assert.deepEqual((await jobs.list({ order: "newest", limit: 2 })).map((j) => j.id), [c.id, b.id]);
    const retried = await jobs.update(b.id, { status: "queued", error: null });
    assert.deepEqual([retried.error, retried.finishedAt], [null, null]);
  });

  it("refuses unknown statuses, progress outside [0, 1] and missing jobs", async () => {
    const jobs = createJobRepository(store());
    const job = await jobs.create({ kind: "optimize", parameters: null });
    await assert.rejects(jobs.update(job.id, { status: "done" as never }), { code: "INVALID_RECORD" });
    await assert.rejects(jobs.update(job.id, { progress: 1.5 }), { code: "INVALID_RECORD" });
    await assert.rejects(jobs.update(job.id, { progress: Number.NaN }), { code: "INVALID_RECORD" });
    await assert.rejects(jobs.update(987_654, { progress: 0.1 }), { code: "JOB_NOT_FOUND" });
    assert.equal(await jobs.get(987_654), null);
  });

  it("returns the first job for a repeated idempotency key, also when submissions race", async () => {
    const jobs = createJobRepository(store());
    const first = await jobs.createOnce({ kind: "frontier", parameters: { points: 5 }, idempotencyKey: "k-1", maxAttempts: 5, timeoutMs: 1000 });
    assert.equal(first.created, true);
    assert.deepEqual([first.job.idempotencyKey, first.job.maxAttempts, first.job.timeoutMs], ["k-1", 5, 1000]);
    const again = await jobs.createOnce({ kind: "frontier", parameters: { points: 9 }, idempotencyKey: "k-1" });
    assert.deepEqual([again.created, again.job], [false, first.job]);
    const racing = await Promise.all(Array.from({ length: 6 }, () => jobs.createOnce({ kind: "backtest", parameters: null, idempotencyKey: "k-2" })));
    assert.equal(racing.filter((r) => r.created).length, 1);
    assert.equal(new Set(racing.map((r) => r.job.id)).size, 1);
    // Without a key every submission is a new job.
    const a = await jobs.create({ kind: "frontier", parameters: null });
    const b = await jobs.create({ kind: "frontier", parameters: null });
    assert.notEqual(a.id, b.id);
    await assert.rejects(jobs.create({ kind: "frontier", parameters: null, maxAttempts: 0 }), { code: "INVALID_RECORD" });
    await assert.rejects(jobs.create({ kind: "frontier", parameters: null, idempotencyKey: "" }), { code: "INVALID_RECORD" });
  });

  it("claims each queued job once, oldest first, however many claimers race", async () => {
    const jobs = createJobRepository(store());
    const a = await jobs.create({ kind: "frontier", parameters: null });
    const b = await jobs.create({ kind: "frontier", parameters: null });
    const c = await jobs.create({ kind: "frontier", parameters: null });
    await jobs.requestCancel(c.id);
    const claims = await Promise.all(Array.from({ length: 5 }, () => jobs.claimNext()));
    const claimed = claims.filter((j) => j !== null);
    assert.deepEqual(claimed.map((j) => j.id).sort((x, y) => x - y), [a.id, b.id]);
    for (const job of claimed) assert.deepEqual([job.status, job.attempts, job.startedAt !== null], ["running", 1, true]);
    assert.equal(await jobs.claimNext(), null);
    const d = await jobs.create({ kind: "frontier", parameters: null });
    assert.equal(await jobs.claimNext({ skip: [d.id] }), null);
    assert.equal((await jobs.claimNext({ skip: [a.id] }))?.id, d.id);
  });

  it("moves a running job through retry, failure and release only from the states they start from", async () => {
    const jobs = createJobRepository(store());
    const job = await jobs.create({ kind: "frontier", parameters: null });
    assert.equal(await jobs.markRetrying(job.id, { code: "X", message: "not running yet" }), null);
    await jobs.claim(job.id);
    assert.equal(await jobs.recordProgress(job.id, 0.25), true);
    const retrying = await jobs.markRetrying(job.id, { code: "NO_CONVERGENCE", message: "try again" });
    assert.deepEqual([retrying?.status, retrying?.progress, retrying?.error?.code, retrying?.attempts], ["queued", 0.25, "NO_CONVERGENCE", 1]);
    assert.equal(await jobs.recordProgress(job.id, 0.5), false);
    const second = await jobs.claim(job.id);
    assert.equal(second?.attempts, 2);
    assert.equal((await jobs.release(job.id))?.attempts, 1);
    await jobs.claim(job.id);
    const failed = await jobs.markFailed(job.id, { code: "NO_CONVERGENCE", message: "gave up" });
    assert.deepEqual([failed?.status, failed?.finishedAt !== null], ["failed", true]);
    assert.equal(await jobs.markFailed(job.id, { code: "X", message: "twice" }), null);
    assert.equal(await jobs.claim(job.id), null);
  });

  it("stores a result exactly once when attempts race, and not at all after a cancel", async () => {
    const jobs = createJobRepository(store());
    const runs = createResultRepository(store());
    const job = await jobs.create({ kind: "frontier", parameters: null });
    await jobs.claim(job.id);
    await jobs.claim(job.id); // a stalled run taken over: both attempts see the job running
    const write = (trx: Parameters<Parameters<typeof jobs.recordResult>[1]>[0]) =>
      createResultRepository({ ...store(), db: trx } as Store)
        .saveOptimization({ model: "frontier", parameters: {}, weights: { A: 1 }, metrics: {}, programVersion: "test", panelHash: "sha256:x" })
        .then((run) => `optimization:${run.id}`);
    const outcomes = await Promise.all([jobs.recordResult(job.id, write), jobs.recordResult(job.id, write)]);
    assert.deepEqual(outcomes.map((o) => o.stored).sort(), [false, true]);
    const stored = await runs.listOptimizations();
    assert.equal(stored.length, 1);
    for (const o of outcomes) assert.deepEqual([o.job.status, o.job.resultRef, o.job.progress], ["succeeded", `optimization:${stored[0].id}`, 1]);
    assert.equal(await jobs.markSucceeded(job.id, "optimization:999"), null);

    const cancelled = await jobs.create({ kind: "frontier", parameters: null });
    await jobs.claim(cancelled.id);
    await jobs.requestCancel(cancelled.id);
    const late = await jobs.recordResult(cancelled.id, write);
    assert.deepEqual([late.stored, late.job.status, late.job.resultRef], [false, "cancelled", null]);
    assert.equal((await runs.listOptimizations()).length, 1);
  });

  it("cancels queued and running jobs, leaves finished ones, re-queues running ones and counts by status", async () => {
    const jobs = createJobRepository(store());
    const queued = await jobs.create({ kind: "frontier", parameters: null });
    const running = await jobs.create({ kind: "frontier", parameters: null });
    const orphan = await jobs.create({ kind: "frontier", parameters: null });
    const done = await jobs.create({ kind: "frontier", parameters: null });
    await jobs.claim(running.id);
    await jobs.claim(orphan.id);
    await jobs.claim(done.id);
    await jobs.markSucceeded(done.id, "optimization:1");
    const a = await jobs.requestCancel(queued.id);
    assert.deepEqual([a.changed, a.was, a.job.status, a.job.cancelRequested, a.job.finishedAt !== null], [true, "queued", "cancelled", true, true]);
    const b = await jobs.requestCancel(running.id);
    assert.deepEqual([b.changed, b.was, b.job.status], [true, "running", "cancelled"]);
    assert.equal(await jobs.isCancelRequested(running.id), true);
    assert.equal(await jobs.isCancelRequested(orphan.id), false);
    const c = await jobs.requestCancel(done.id);
    assert.deepEqual([c.changed, c.was, c.job.status], [false, "succeeded", "succeeded"]);
    await assert.rejects(jobs.requestCancel(987_654), { code: "JOB_NOT_FOUND" });
    assert.deepEqual(await jobs.countByStatus(), { queued: 0, running: 1, succeeded: 1, failed: 0, cancelled: 2 });
    assert.deepEqual(await jobs.requeueRunning(), [orphan.id]);
    assert.deepEqual(await jobs.countByStatus(), { queued: 1, running: 0, succeeded: 1, failed: 0, cancelled: 2 });
  });
});
