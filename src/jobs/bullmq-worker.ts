/**
 * The worker side of the BullMQ runner: a BullMQ Worker takes jobs from Redis and runs each as an
 * attempt on its jobs-table row (run-attempt.ts, the same as in process), then tells BullMQ what
 * happened — done; retry (throw, BullMQ waits out the exponential backoff); fail for good
 * (UnrecoverableError); or give back on shutdown (moved to delayed without spending an attempt).
 *
 * A worker killed mid-job loses its lock; BullMQ's stalled-job check hands the job to another
 * worker, whose `claim` takes over the row (still `running`) unless a result was already stored —
 * the result commit is guarded, so it is stored once.
 */
import { DelayedError, UnrecoverableError, Worker, type Job as BullJob } from "bullmq";
import type { Logger } from "pino";
import type { JobRepository } from "../store/job-repository.js";
import type { JobEventBus } from "./job-event-bus.js";
import { JobRunError } from "./job-errors.js";
import type { JobHandlers } from "./job-runner.js";
import { runAttempt, type AttemptEnvironment } from "./run-attempt.js";
import type { BullJobData, QueueNames } from "./bullmq-names.js";
import type { RedisClient } from "./redis-connection.js";

export interface BullmqWorkerOptions {
  readonly env: AttemptEnvironment & { readonly jobs: JobRepository; readonly events: JobEventBus; readonly logger: Logger };
  readonly handlers: JobHandlers;
  readonly names: QueueNames;
  readonly connection: RedisClient;
  readonly concurrency: number;
  /** How long a worker holds a job without renewing its lock before it counts as stalled (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 30 s). */
  readonly stalledIntervalMs?: number;
  /** On close, how long running jobs may take to finish before they are given back (default 30 s). */
  readonly shutdownGraceMs?: number;
}

export interface BullmqWorker {
  close(): Promise<void>;
}

export async function startBullmqWorker(options: BullmqWorkerOptions): Promise<BullmqWorker> {
  const { env, handlers, names } = options;
  const { jobs, events, logger } = env;
  const running = new Map<number, AbortController>();

  async function processJob(bullJob: BullJob<BullJobData>, token?: string): Promise<string | undefined> {
    const id = bullJob.data.jobId;
    const handler = handlers[bullJob.name as keyof JobHandlers];
    if (handler === undefined) {
      const error = { code: "UNKNOWN_JOB_KIND", message: `no handler for job kind '${bullJob.name}' in this worker` };
      if ((await jobs.markFailed(id, error)) !== null) await events.publish({ type: "failed", jobId: id, error });
      throw new UnrecoverableError(error.message);
    }
    const job = await jobs.claim(id);
    if (job === null) return undefined; // cancelled, finished, or already stored by an earlier attempt
    const control = new AbortController();
    running.set(id, control);
    try {
      const outcome = await runAttempt(env, job, handler, control);
      switch (outcome.kind) {
        case "succeeded":
          await events.publish({ type: "succeeded", jobId: id, resultRef: outcome.job.resultRef ?? "" });
          return outcome.job.resultRef ?? undefined;
        case "cancelled":
          return undefined;
        case "interrupted":
          await jobs.release(id);
          // Back to the queue at once, without spending one of BullMQ's attempts.
          await bullJob.moveToDelayed(Date.now(), token);
          throw new DelayedError();
        case "failed": {
          const allowed = Math.min(bullJob.opts.attempts ?? 1, job.maxAttempts);
          if (outcome.retryable && bullJob.attemptsMade + 1 < allowed && (await jobs.markRetrying(id, outcome.error)) !== null) {
            await events.publish({ type: "retrying", jobId: id, attempt: job.attempts, error: outcome.error });
            throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
          }
          if ((await jobs.markFailed(id, outcome.error)) !== null) await events.publish({ type: "failed", jobId: id, error: outcome.error });
          throw new UnrecoverableError(`${outcome.error.code}: ${outcome.error.message}`);
        }
      }
    } finally {
      running.delete(id);
    }
  }

  const worker = new Worker<BullJobData, string | undefined>(names.queue, processJob, {
    connection: options.connection,
    prefix: names.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // One stall (a killed worker) is retried; a job that keeps killing its workers is failed.
    maxStalledCount: 1,
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 1000 },
  });
  worker.on("error", (error) => logger.error({ err: error }, "BullMQ worker error"));
  worker.on("failed", (bullJob, error) => {
    // Failed by BullMQ itself (stalled too often): the row must not stay running.
    if (bullJob !== undefined && error.message.includes("stalled")) {
      const jobError = { code: "JOB_STALLED", message: error.message };
      void jobs.markFailed(bullJob.data.jobId, jobError).then((row) => (row === null ? undefined : events.publish({ type: "failed", jobId: row.id, error: jobError })));
    }
  });
  await worker.waitUntilReady();

  return {
    async close() {
      // Finish what is running, within the grace period; then give it back and stop.
      const closing = worker.close();
      let grace: NodeJS.Timeout | undefined;
      const over = new Promise<void>((resolve) => {
        grace = setTimeout(resolve, options.shutdownGraceMs ?? 30_000);
      });
      await Promise.race([closing, over]);
      clearTimeout(grace);
      for (const control of running.values()) control.abort(new JobRunError("JOB_INTERRUPTED", "the worker is shutting down"));
      await closing;
    },
  };
}
