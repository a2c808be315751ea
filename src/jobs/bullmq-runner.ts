/**
 * The distributed runner (REDIS_URL set): jobs are rows in the jobs table, as in process, and each
 * is also a BullMQ job (id `job-<row id>`, the kind as its name) on one queue that `portfolio worker`
 * processes on any machine take from. Events travel on one Redis pub/sub channel, so `subscribe` in
 * any process sees every job. Retries use BullMQ's attempts and exponential backoff; a cancel is
 * written to the row, where the worker running the job sees it within a poll (250 ms).
 */
import { Queue } from "bullmq";
import pino, { type Logger } from "pino";
import type { Store } from "../store/index.js";
import { createJobRepository } from "../store/job-repository.js";
import { bullJobId, queueNames, type BullJobData } from "./bullmq-names.js";
import { startBullmqWorker, type BullmqWorker } from "./bullmq-worker.js";
import { recordSubmission } from "./record-submission.js";
import type { JobHandlers, JobRunner } from "./job-runner.js";
import { connectRedis } from "./redis-connection.js";
import { createRedisEventBus } from "./redis-event-bus.js";

export interface BullmqRunnerOptions {
  readonly store: Store;
  readonly redisUrl: string;
  readonly handlers: JobHandlers;
  readonly logger?: Logger;
  /** Jobs this process runs at once, when it runs jobs (default 1). */
  readonly concurrency?: number;
  /** false (an API process): submit and read only; `portfolio worker` processes run the jobs. Default true. */
  readonly processJobs?: boolean;
  /** Redis key prefix (default `portfolio`). */
  readonly prefix?: string;
  /** First retry delay; each later one doubles (default 1 s). */
  readonly backoffMs?: number;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  readonly progressIntervalMs?: number;
  readonly cancelPollMs?: number;
  readonly shutdownGraceMs?: number;
}

const PING_TIMEOUT_MS = 1000;

export async function createBullmqRunner(options: BullmqRunnerOptions): Promise<JobRunner> {
  const { store, handlers } = options;
  const logger = options.logger ?? pino({ enabled: false });
  const names = queueNames(options.prefix);
  const jobs = createJobRepository(store);
  const backoffMs = options.backoffMs ?? 1000;

  const client = connectRedis(options.redisUrl, { role: "client" });
  // Subscribing waits for the connection (the client itself fails fast while Redis is down).
  const subscriber = client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  subscriber.on("error", () => undefined);
  const closers: (() => Promise<unknown>)[] = [];
  let queue: Queue<BullJobData, string | undefined> | undefined;
  let worker: BullmqWorker | undefined;
  try {
    const events = await createRedisEventBus(client, subscriber, names.eventsChannel);
    queue = new Queue<BullJobData, string | undefined>(names.queue, { connection: client, prefix: names.prefix });
    queue.on("error", (error) => logger.error({ err: error }, "BullMQ queue error"));
    await queue.waitUntilReady();
    const q = queue;

    const enqueue = (id: number, kind: string, maxAttempts: number) =>
      q.add(kind, { jobId: id }, {
        jobId: bullJobId(id),
        attempts: maxAttempts,
        backoff: { type: "exponential", delay: backoffMs },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      });

    if (options.processJobs ?? true) {
      const workerConnection = connectRedis(options.redisUrl, { role: "worker" });
      closers.push(() => workerConnection.quit().catch(() => workerConnection.disconnect()));
      // Rows queued while Redis was unreachable (or by a process that died between the insert and
      // the add) get their BullMQ job now; for the others the add is a no-op (same job id).
      for (const job of await jobs.list({ status: "queued", limit: 10_000 })) await enqueue(job.id, job.kind, job.maxAttempts);
      worker = await startBullmqWorker({
        env: { store, jobs, events, logger, progressIntervalMs: options.progressIntervalMs, cancelPollMs: options.cancelPollMs },
        handlers,
        names,
        connection: workerConnection,
        concurrency: Math.max(1, Math.floor(options.concurrency ?? 1)),
        lockDurationMs: options.lockDurationMs,
        stalledIntervalMs: options.stalledIntervalMs,
        shutdownGraceMs: options.shutdownGraceMs,
      });
    }

    let closed = false;
    return {
      mode: "bullmq",

      async submit(kind, payload, submitOptions = {}) {
        const { job, created } = await recordSubmission(jobs, handlers, kind, payload, submitOptions);
        if (created) {
          // "queued" first: once the BullMQ job exists a worker may start it (and say "started")
          // before a publish after the add goes out. The row is queued from its insert on.
          await events.publish({ type: "queued", jobId: job.id, kind });
          await enqueue(job.id, kind, job.maxAttempts);
        }
        return job;
      },

      get: (id) => jobs.get(id),

      async cancel(id) {
        const { job, changed, was } = await jobs.requestCancel(id);
        if (changed) {
          // A queued job is dropped from Redis; a running one is locked by its worker, which sees
          // the cancel in the row and stops.
          if (was === "queued") await q.remove(bullJobId(id)).catch(() => undefined);
          await events.publish({ type: "cancelled", jobId: id });
        }
        return job;
      },

      subscribe: (listener) => events.subscribe(listener),

      async healthy() {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve("timeout"), PING_TIMEOUT_MS);
        });
        try {
          return (await Promise.race([client.ping(), timeout])) === "PONG";
        } catch {
          return false;
        } finally {
          clearTimeout(timer);
        }
      },

      async close() {
        if (closed) return;
        closed = true;
        await worker?.close();
        await q.close();
        await events.close();
        for (const close of closers) await close();
        await subscriber.quit().catch(() => subscriber.disconnect());
        await client.quit().catch(() => client.disconnect());
      },
    };
  } catch (error) {
    await worker?.close().catch(() => undefined);
    await queue?.close().catch(() => undefined);
    for (const close of closers) await close().catch(() => undefined);
    subscriber.disconnect();
    client.disconnect();
    throw error;
  }
}
