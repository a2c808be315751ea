import assert from "node:assert/strict";
import { it } from "node:test";
import { createJobRepository } from "../../src/store/job-repository.js";
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
});
