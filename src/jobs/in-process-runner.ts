/**
 * The default runner: jobs live in the jobs table and a loop in this process claims them
 * (`claimNext`, one guarded UPDATE), at most `concurrency` at a time. Starting re-queues the jobs a
 * crashed process left `running`, so this runner assumes it is the only one working on its
 * database; several processes sharing one database use the BullMQ runner instead.
 *
 * Handlers are async; the heavy numeric part of a job runs in a worker thread (run-in-thread.ts), so
 * the API served by this process stays responsive while a job computes.
 */
import pino, { type Logger } from "pino";
import type { Store } from "../store/index.js";
import { createJobRepository, type Job } from "../store/job-repository.js";
import { createLocalEventBus } from "./job-event-bus.js";
import { recordSubmission } from "./record-submission.js";
import { JobRunError, retryDelayMs } from "./job-errors.js";
import type { JobHandlers, JobRunner } from "./job-runner.js";
import { runAttempt, type AttemptOutcome } from "./run-attempt.js";

export interface InProcessRunnerOptions {
  readonly store: Store;
  readonly handlers: JobHandlers;
  readonly logger?: Logger;
  /** Jobs run at once (default 1). */
  readonly concurrency?: number;
  /** false: only submit and read jobs (another process runs them). Default true. */
  readonly processJobs?: boolean;
  /** First retry delay; each later one doubles (default 1 s). */
  readonly backoffMs?: number;
  /** How often the table is looked at for jobs submitted elsewhere (default 1 s). */
  readonly pollMs?: number;
  readonly progressIntervalMs?: number;
  readonly cancelPollMs?: number;
  /** On close, how long running jobs may take to finish before they are given back (default 10 s). */
  readonly shutdownGraceMs?: number;
}

export async function createInProcessRunner(options: InProcessRunnerOptions): Promise<JobRunner> {
  const { store, handlers } = options;
  const logger = options.logger ?? pino({ enabled: false });
  const jobs = createJobRepository(store);
  const events = createLocalEventBus();
  const env = { store, jobs, events, logger, progressIntervalMs: options.progressIntervalMs, cancelPollMs: options.cancelPollMs };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const processJobs = options.processJobs ?? true;
  const backoffMs = options.backoffMs ?? 1000;

  const running = new Map<number, { readonly control: AbortController; readonly settled: Promise<void> }>();
  const notBefore = new Map<number, number>(); // job id → when its retry may start
  let closing = false;
  let pumping = false;
  let pumpAgain = false;

  if (processJobs) {
    const requeued = await jobs.requeueRunning();
    if (requeued.length > 0) logger.warn({ jobIds: requeued }, "re-queued jobs left running by a previous process");
  }

  async function settle(job: Job, outcome: AttemptOutcome): Promise<void> {
    switch (outcome.kind) {
      case "succeeded":
        await events.publish({ type: "succeeded", jobId: job.id, resultRef: outcome.job.resultRef ?? "" });
        return;
      case "cancelled":
        return; // cancel() has already recorded and announced it
      case "interrupted":
        await jobs.release(job.id);
        return;
      case "failed":
        if (outcome.retryable && job.attempts < job.maxAttempts && (await jobs.markRetrying(job.id, outcome.error)) !== null) {
          const delay = retryDelayMs(job.attempts, backoffMs);
          notBefore.set(job.id, Date.now() + delay);
          setTimeout(wake, delay).unref();
          await events.publish({ type: "retrying", jobId: job.id, attempt: job.attempts, error: outcome.error });
          return;
        }
        if ((await jobs.markFailed(job.id, outcome.error)) !== null) {
          await events.publish({ type: "failed", jobId: job.id, error: outcome.error });
        }
    }
  }

  function start(job: Job): void {
    const handler = handlers[job.kind as keyof JobHandlers];
    const control = new AbortController();
    const settled = (async () => {
      try {
        const outcome: AttemptOutcome =
          handler === undefined
            ? { kind: "failed", retryable: false, error: { code: "UNKNOWN_JOB_KIND", message: `no handler for job kind '${job.kind}' in this process` } }
            : await runAttempt(env, job, handler, control);
        await settle(job, outcome);
      } catch (error) {
        logger.error({ err: error, jobId: job.id }, "could not record a job's outcome");
      } finally {
        running.delete(job.id);
        wake();
      }
    })();
    running.set(job.id, { control, settled });
  }

  async function pump(): Promise<void> {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        while (!closing && running.size < concurrency) {
          const now = Date.now();
          for (const [id, at] of notBefore) if (at <= now) notBefore.delete(id);
          const job = await jobs.claimNext({ skip: [...notBefore.keys()] });
          if (job === null) break;
          notBefore.delete(job.id);
          start(job);
        }
      } while (pumpAgain && !closing);
    } catch (error) {
      logger.error({ err: error }, "could not claim the next job");
    } finally {
      pumping = false;
    }
  }

  function wake(): void {
    if (processJobs && !closing) setImmediate(() => void pump());
  }

  const poller = processJobs ? setInterval(wake, options.pollMs ?? 1000) : undefined;
  poller?.unref();
  wake();

  return {
    mode: "in-process",

    async submit(kind, payload, submitOptions = {}) {
      const { job, created } = await recordSubmission(jobs, handlers, kind, payload, submitOptions);
      if (created) {
        await events.publish({ type: "queued", jobId: job.id, kind });
        wake();
      }
      return job;
    },

    get: (id) => jobs.get(id),

    async cancel(id) {
      const { job, changed, was } = await jobs.requestCancel(id);
      if (changed) {
        running.get(id)?.control.abort(new JobRunError("JOB_CANCELLED", `job ${id} was cancelled`, { jobId: id }));
        notBefore.delete(id);
        await events.publish({ type: "cancelled", jobId: id });
        logger.info({ jobId: id, was }, "job cancelled");
      }
      return job;
    },

    subscribe: (listener) => events.subscribe(listener),

    async healthy() {
      return true;
    },

    async close() {
      if (closing) return;
      closing = true;
      if (poller !== undefined) clearInterval(poller);
      const all = () => Promise.all([...running.values()].map((r) => r.settled));
      let grace: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => {
        grace = setTimeout(resolve, options.shutdownGraceMs ?? 10_000);
      });
      await Promise.race([all(), graceOver]);
      clearTimeout(grace);
      for (const { control } of running.values()) control.abort(new JobRunError("JOB_INTERRUPTED", "the runner is shutting down"));
      await all();
      await events.close();
    },
  };
}
