/**
 * Job runners behind one interface: in process (default; jobs in the jobs table) or BullMQ with
 * `portfolio worker` processes (REDIS_URL), the handler of each job kind, and the worker entry.
 */
import type { Logger } from "pino";
import type { Store } from "../store/index.js";
import { createBullmqRunner, type BullmqRunnerOptions } from "./bullmq-runner.js";
import { createInProcessRunner } from "./in-process-runner.js";
import type { JobHandlers, JobRunner } from "./job-runner.js";

export type { JobContext, JobEvent, JobHandler, JobHandlers, JobKind, JobRunner, SubmitOptions } from "./job-runner.js";
export { createJobHandlers, type JobHandlerOptions } from "./job-handlers.js";
export { createInProcessRunner, type InProcessRunnerOptions } from "./in-process-runner.js";
export { createBullmqRunner, type BullmqRunnerOptions } from "./bullmq-runner.js";
export { runWorker, type RunningWorker, type RunWorkerOptions } from "./run-worker.js";
export { JobRunError, isClientMistake, type JobRunErrorCode } from "./job-errors.js";
export { runInThread, type RunInThreadOptions } from "./run-in-thread.js";

export interface CreateJobRunnerOptions {
  readonly store: Store;
  /** Set: BullMQ on this Redis; unset: the in-process runner. */
  readonly redisUrl?: string;
  readonly handlers: JobHandlers;
  readonly logger?: Logger;
  /** Jobs this process runs at once (default 1). */
  readonly concurrency?: number;
  /** false: this process only submits and reads jobs (an API process next to BullMQ workers). Default true. */
  readonly processJobs?: boolean;
  /** BullMQ key prefix (default `portfolio`). */
  readonly prefix?: BullmqRunnerOptions["prefix"];
}

/** The runner for this process: BullMQ when `redisUrl` is given, otherwise in process. */
export function createJobRunner(options: CreateJobRunnerOptions): Promise<JobRunner> {
  if (options.redisUrl !== undefined && options.redisUrl !== "") {
    return createBullmqRunner({ ...options, redisUrl: options.redisUrl });
  }
  return createInProcessRunner(options);
}
