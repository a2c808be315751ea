/**
 * One attempt at one job, the same in both runners: publish `started`, run the handler with a
 * context (throttled progress, an abort signal, the exactly-once result commit), and stop it on a
 * cancel (polled from the table, so a cancel made by any process arrives), on the job's timeout or
 * on shutdown. The runner then decides what the outcome means (retry, fail, give back).
 */
import type { Logger } from "pino";
import type { Store } from "../store/index.js";
import type { Job, JobError, JobRepository } from "../store/job-repository.js";
import type { JobEventBus } from "./job-event-bus.js";
import { describeError, isClientMistake, JobRunError } from "./job-errors.js";
import type { JobContext, JobHandler } from "./job-runner.js";
import { createProgressReporter } from "./progress-reporter.js";

export interface AttemptEnvironment {
  readonly store: Store;
  readonly jobs: JobRepository;
  readonly events: JobEventBus;
  readonly logger: Logger;
  /** Least time between two progress writes (default 100 ms). */
  readonly progressIntervalMs?: number;
  /** How often a running job looks for a cancel request in the table (default 250 ms). */
  readonly cancelPollMs?: number;
}

export type AttemptOutcome =
  | { readonly kind: "succeeded"; readonly job: Job }
  | { readonly kind: "cancelled" }
  /** Stopped by shutdown: the job should be given back, not failed. */
  | { readonly kind: "interrupted" }
  | { readonly kind: "failed"; readonly error: JobError; readonly retryable: boolean };

const cancelled = (id: number): JobRunError => new JobRunError("JOB_CANCELLED", `job ${id} was cancelled`, { jobId: id });

/**
 * Runs `job` (already claimed: status running, `attempts` counting this one) with `handler`.
 * `control` is aborted by the caller to cancel (reason JOB_CANCELLED) or shut down (JOB_INTERRUPTED).
 */
export async function runAttempt(env: AttemptEnvironment, job: Job, handler: JobHandler, control: AbortController): Promise<AttemptOutcome> {
  const { jobs, events, logger } = env;
  const { signal } = control;
  const log = logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
  await events.publish({ type: "started", jobId: job.id, attempt: job.attempts });
  log.info("job started");

  const timers: NodeJS.Timeout[] = [];
  if (job.timeoutMs !== null) {
    const limit = job.timeoutMs;
    timers.push(setTimeout(() => control.abort(new JobRunError("JOB_TIMEOUT", `the attempt took longer than ${limit} ms`, { timeoutMs: limit })), limit));
  }
  let polling = false;
  const poll = setInterval(() => {
    if (polling || signal.aborted) return;
    polling = true;
    jobs
      .isCancelRequested(job.id)
      .then((requested) => {
        if (requested) control.abort(cancelled(job.id));
      })
      .catch(() => undefined) // a database hiccup: look again next time
      .finally(() => {
        polling = false;
      });
  }, env.cancelPollMs ?? 250);
  timers.push(poll);

  const progress = createProgressReporter(env.progressIntervalMs ?? 100, async (value, message) => {
    if (await jobs.recordProgress(job.id, value)) {
      await events.publish(message === undefined ? { type: "progress", jobId: job.id, progress: value } : { type: "progress", jobId: job.id, progress: value, message });
    }
  });

  const context: JobContext = {
    jobId: job.id,
    attempt: job.attempts,
    signal,
    reportProgress: (value, message) => progress.report(value, message),
    async commitResult(write) {
      signal.throwIfAborted();
      // Progress still held back by the throttle is written while the job is still running.
      await progress.drain();
      const { job: after } = await jobs.recordResult(job.id, (trx) => write({ ...env.store, db: trx } as Store));
      if (after.status === "succeeded" && after.resultRef !== null) return after.resultRef;
      if (after.cancelRequested) control.abort(cancelled(job.id));
      throw signal.reason ?? new JobRunError("JOB_INTERRUPTED", `job ${job.id} is no longer running (status ${after.status})`);
    },
  };

  const stopped = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  stopped.catch(() => undefined);
  // Started in a microtask so that a handler throwing synchronously is an attempt failure too.
  const work = Promise.resolve().then(() => handler(job.parameters, context));
  // A handler that ignores its signal may settle after we stopped waiting; that is not an error.
  work.catch(() => undefined);

  try {
    const resultRef = await Promise.race([work, stopped]);
    await progress.drain();
    const done = await jobs.markSucceeded(job.id, resultRef);
    if (done !== null) return { kind: "succeeded", job: done };
    // Committed through the context, or by another attempt; or cancelled meanwhile.
    const current = await jobs.get(job.id);
    if (current?.status === "succeeded") return { kind: "succeeded", job: current };
    if (current?.cancelRequested) return { kind: "cancelled" };
    return { kind: "interrupted" };
  } catch (error) {
    await progress.stop();
    const reason: unknown = signal.aborted ? signal.reason : error;
    const code = reason instanceof JobRunError ? reason.code : undefined;
    if (code === "JOB_CANCELLED") {
      log.info("job cancelled");
      return { kind: "cancelled" };
    }
    if (code === "JOB_INTERRUPTED") {
      log.info("job interrupted by shutdown");
      return { kind: "interrupted" };
    }
    const retryable = code === "JOB_TIMEOUT" || !isClientMistake(reason);
    const described = describeError(reason);
    if (described.code === "INTERNAL_ERROR") log.error({ err: reason }, "job attempt failed");
    else log.warn({ code: described.code, message: described.message }, "job attempt failed");
    return { kind: "failed", error: described, retryable };
  } finally {
    for (const timer of timers) clearTimeout(timer);
    clearInterval(poll);
    if (!signal.aborted) control.abort(new JobRunError("JOB_INTERRUPTED", "the attempt is over"));
  }
}
