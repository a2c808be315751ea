import assert from "node:assert/strict";
import { it } from "node:test";
import { InvalidInputError } from "../../src/core/errors.js";
import { createInProcessRunner } from "../../src/jobs/in-process-runner.js";
import type { JobHandler, JobHandlers, JobRunner } from "../../src/jobs/job-runner.js";
import { InvalidRequestError } from "../../src/service/errors.js";
import { createJobRepository } from "../../src/store/job-repository.js";
import { forEachDialect } from "../store/databases.js";
import { eventually, recordEvents } from "./job-events.js";

/** A handler that waits until its signal aborts, then rejects with the abort reason. */
const untilAborted: JobHandler = (_payload, context) =>
  new Promise((_, reject) => context.signal.addEventListener("abort", () => reject(context.signal.reason), { once: true }));

forEachDialect("in-process job runner", ({ store }) => {
  const open: JobRunner[] = [];
  async function runner(handlers: JobHandlers, options: { concurrency?: number; backoffMs?: number } = {}): Promise<JobRunner> {
    const r = await createInProcessRunner({ store: store(), handlers, pollMs: 50, cancelPollMs: 20, shutdownGraceMs: 0, ...options });
    open.push(r);
    return r;
  }
  async function closeAll(): Promise<void> {
    for (const r of open.splice(0)) await r.close();
  }

  it("runs a job: queued → started → progress in order → succeeded, throttled to ≤ 10 writes a second", async (t) => {
    t.after(closeAll);
    const r = await runner({
      frontier: async (payload, context) => {
        assert.deepEqual(payload, { points: 3 });
        for (let k = 1; k <= 200; k++) {
          context.reportProgress(k / 200, `step ${k}`);
          if (k % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 15));
        }
        return "optimization:7";
      },
    });
    const log = recordEvents(r);
    const submitted = await r.submit("frontier", { points: 3 });
    assert.equal(submitted.status, "queued");
    await log.waitFor((e) => e.type === "succeeded" && e.jobId === submitted.id);
    const events = log.of(submitted.id);
    assert.deepEqual(events[0], { type: "queued", jobId: submitted.id, kind: "frontier", at: events[0].at });
    assert.deepEqual(events[1], { type: "started", jobId: submitted.id, attempt: 1, at: events[1].at });
    const progress = events.filter((e) => e.type === "progress").map((e) => (e.type === "progress" ? e.progress : NaN));
    assert.ok(progress.length >= 2 && progress.length < 40, `${progress.length} progress events for 200 reports over ~150 ms`);
    for (let k = 1; k < progress.length; k++) assert.ok(progress[k] > progress[k - 1], "progress arrives in the order reported");
    assert.equal(progress.at(-1), 1, "the last value reported is written before the job succeeds");
    assert.deepEqual(events.at(-1), { type: "succeeded", jobId: submitted.id, resultRef: "optimization:7", at: events.at(-1)!.at });
    const done = await r.get(submitted.id);
    assert.deepEqual([done?.status, done?.progress, done?.resultRef, done?.attempts], ["succeeded", 1, "optimization:7", 1]);
  });

  it("returns the same job for a repeated idempotency key and runs it once", async (t) => {
    t.after(closeAll);
    let calls = 0;
    const r = await runner({ frontier: async () => `optimization:${++calls}` });
    const log = recordEvents(r);
    const [a, b] = await Promise.all([r.submit("frontier", {}, { idempotencyKey: "abc" }), r.submit("frontier", {}, { idempotencyKey: "abc" })]);
    assert.equal(a.id, b.id);
    await log.waitFor((e) => e.type === "succeeded");
    const again = await r.submit("frontier", {}, { idempotencyKey: "abc" });
    assert.deepEqual([again.id, again.status, again.resultRef], [a.id, "succeeded", "optimization:1"]);
    assert.equal(calls, 1);
    assert.equal(log.events.filter((e) => e.type === "queued").length, 1);
    await assert.rejects(r.submit("backtest", {}), { code: "UNKNOWN_JOB_KIND" });
  });

  it("cancels a queued job before it starts and aborts a running one", async (t) => {
    t.after(closeAll);
    const started: number[] = [];
    const r = await runner({
      frontier: (payload, context) => {
        started.push(context.jobId);
        return untilAborted(payload, context);
      },
    });
    const log = recordEvents(r);
    const first = await r.submit("frontier", {});
    const second = await r.submit("frontier", {});
    await log.waitFor((e) => e.type === "started" && e.jobId === first.id);
    const queued = await r.cancel(second.id);
    assert.deepEqual([queued.status, queued.cancelRequested], ["cancelled", true]);
    const running = await r.cancel(first.id);
    assert.equal(running.status, "cancelled");
    await log.waitFor((e) => e.type === "cancelled" && e.jobId === first.id);
    await new Promise((resolve) => setTimeout(resolve, 150)); // time enough to (wrongly) start the second
    assert.deepEqual(started, [first.id]);
    assert.deepEqual([(await r.get(first.id))?.status, (await r.get(second.id))?.status], ["cancelled", "cancelled"]);
    assert.equal((await r.cancel(first.id)).status, "cancelled", "cancelling again changes nothing");
    assert.equal(log.events.filter((e) => e.type === "cancelled").length, 2);
  });

  it("retries a failing job with exponential backoff, then succeeds", async (t) => {
    t.after(closeAll);
    let calls = 0;
    const r = await runner(
      {
        frontier: async () => {
          calls += 1;
          if (calls < 3) throw new Error(`connection reset (attempt ${calls})`);
          return "optimization:3";
        },
      },
      { backoffMs: 40 },
    );
    const log = recordEvents(r);
    const job = await r.submit("frontier", {}, { maxAttempts: 3 });
    await log.waitFor((e) => e.type === "succeeded");
    const kinds = log.of(job.id).map((e) => (e.type === "started" || e.type === "retrying" ? `${e.type}:${e.attempt}` : e.type));
    assert.deepEqual(kinds, ["queued", "started:1", "retrying:1", "started:2", "retrying:2", "started:3", "succeeded"]);
    const at = (kind: string) => log.of(job.id)[kinds.indexOf(kind)].at;
    // Timers fire no earlier than asked (less 1 ms of clock granularity): 40 ms, then 80 ms.
    assert.ok(at("started:2") - at("retrying:1") >= 39, `first backoff ${at("started:2") - at("retrying:1")} ms`);
    assert.ok(at("started:3") - at("retrying:2") >= 79, `second backoff ${at("started:3") - at("retrying:2")} ms`);
    const retrying = log.of(job.id).find((e) => e.type === "retrying");
    assert.deepEqual(retrying?.type === "retrying" ? retrying.error : null, { code: "INTERNAL_ERROR", message: "the job failed unexpectedly (see the worker log)" });
    const done = await r.get(job.id);
    assert.deepEqual([done?.status, done?.attempts, done?.error], ["succeeded", 3, null]);
  });

  it("fails at once, without retry, on a client's mistake; gives up after maxAttempts otherwise", async (t) => {
    t.after(closeAll);
    const r = await runner(
      {
        frontier: async (payload) => {
          if ((payload as { bad: string }).bad === "service") throw new InvalidRequestError("start 2024-01-01 is after end 2023-01-01");
          if ((payload as { bad: string }).bad === "core") throw new InvalidInputError("a frontier needs an integer number of points ≥ 2, got 1");
          throw new Error("disk full");
        },
      },
      { backoffMs: 5 },
    );
    const log = recordEvents(r);
    const service = await r.submit("frontier", { bad: "service" }, { maxAttempts: 5 });
    const core = await r.submit("frontier", { bad: "core" }, { maxAttempts: 5 });
    const transient = await r.submit("frontier", { bad: "io" }, { maxAttempts: 2 });
    for (const job of [service, core, transient]) await log.waitFor((e) => e.type === "failed" && e.jobId === job.id);
    const s = await r.get(service.id);
    assert.deepEqual([s?.status, s?.attempts, s?.error], ["failed", 1, { code: "INVALID_REQUEST", message: "start 2024-01-01 is after end 2023-01-01" }]);
    assert.deepEqual([(await r.get(core.id))?.attempts, (await r.get(core.id))?.error?.code], [1, "INVALID_INPUT"]);
    assert.deepEqual([(await r.get(transient.id))?.attempts, (await r.get(transient.id))?.error?.code], [2, "INTERNAL_ERROR"]);
    assert.equal(log.events.filter((e) => e.type === "retrying").length, 1);
  });

  it("stops an attempt at its timeout and counts it as a failed attempt", async (t) => {
    t.after(closeAll);
    let ignoring = 0;
    const r = await runner(
      {
        frontier: async (payload, context) => {
          if ((payload as { ignore?: boolean }).ignore) {
            ignoring += 1;
            return new Promise<string>(() => undefined); // never looks at its signal
          }
          return untilAborted(payload, context);
        },
      },
      { backoffMs: 5, concurrency: 2 },
    );
    const log = recordEvents(r);
    const cooperative = await r.submit("frontier", {}, { timeoutMs: 60, maxAttempts: 2 });
    const stubborn = await r.submit("frontier", { ignore: true }, { timeoutMs: 60, maxAttempts: 1 });
    for (const job of [cooperative, stubborn]) await log.waitFor((e) => e.type === "failed" && e.jobId === job.id);
    const a = await r.get(cooperative.id);
    assert.deepEqual([a?.status, a?.attempts, a?.error], ["failed", 2, { code: "JOB_TIMEOUT", message: "the attempt took longer than 60 ms" }]);
    const b = await r.get(stubborn.id);
    assert.deepEqual([b?.status, b?.attempts, b?.error?.code, ignoring], ["failed", 1, "JOB_TIMEOUT", 1]);
  });

  it("re-queues a job that a crashed process left running, and runs it on start", async (t) => {
    t.after(closeAll);
    const jobs = createJobRepository(store());
    const orphan = await jobs.create({ kind: "frontier", parameters: { n: 1 } });
    await jobs.claim(orphan.id); // the crashed process had started attempt 1
    const r = await runner({ frontier: async (_p, context) => `optimization:${context.attempt}` });
    const done = await eventually(() => r.get(orphan.id), (j) => j?.status === "succeeded");
    assert.deepEqual([done?.resultRef, done?.attempts], ["optimization:2", 2]);
  });

  it("gives a running job back to the queue when closed, for the next runner to finish", async (t) => {
    t.after(closeAll);
    const first = await runner({ frontier: untilAborted });
    const log = recordEvents(first);
    const job = await first.submit("frontier", {});
    await log.waitFor((e) => e.type === "started");
    await first.close();
    const released = await first.get(job.id);
    assert.deepEqual([released?.status, released?.attempts], ["queued", 0]);
    const second = await runner({ frontier: async () => "optimization:1" });
    assert.equal((await eventually(() => second.get(job.id), (j) => j?.status === "succeeded"))?.attempts, 1);
    assert.equal(await second.healthy(), true);
  });
});
