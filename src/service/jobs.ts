/**
 * Jobs as the API and the CLI use them: submit a long computation, read its state, cancel it, fetch
 * the stored result it points to, count jobs by state. The runner (in process or BullMQ) is handed
 * in; this layer only checks requests and turns the runner's answers into the service's errors.
 */
import type { JobKind, JobRunner, SubmitOptions } from "../jobs/job-runner.js";
import { StoreError, type Job } from "../store/index.js";
import type { JobCounts, JobRepository } from "../store/job-repository.js";
import { InvalidRequestError } from "./errors.js";
import type { JobResult, ResultService } from "./results.js";

export const JOB_KINDS: readonly JobKind[] = ["backtest", "frontier"];

export interface JobService {
  /** @throws INVALID_REQUEST for an unknown kind (or one this deployment cannot run) or a bad option. */
  submit(kind: string, payload: unknown, options?: SubmitOptions): Promise<Job>;
  /** @throws JOB_NOT_FOUND */
  get(id: number): Promise<Job>;
  /** Cancels a queued or running job; a finished job is returned unchanged. @throws JOB_NOT_FOUND */
  cancel(id: number): Promise<Job>;
  /** The run a succeeded job stored. @throws JOB_NOT_FOUND, JOB_NOT_FINISHED, RESULT_NOT_FOUND */
  result(id: number): Promise<JobResult>;
  /** Jobs per status (for /metrics). */
  counts(): Promise<JobCounts>;
}

export interface JobServiceOptions {
  readonly runner: JobRunner;
  readonly results: Pick<ResultService, "jobResult">;
  readonly jobs: Pick<JobRepository, "countByStatus">;
}

const MAX_KEY_LENGTH = 200;
const MAX_ATTEMPTS = 10;

function checkOptions(options: SubmitOptions): void {
  const { idempotencyKey, maxAttempts, timeoutMs } = options;
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== "string" || idempotencyKey.length === 0 || idempotencyKey.length > MAX_KEY_LENGTH)) {
    throw new InvalidRequestError(`an idempotency key must be 1 to ${MAX_KEY_LENGTH} characters`, { idempotencyKey });
  }
  if (maxAttempts !== undefined && !(Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= MAX_ATTEMPTS)) {
    throw new InvalidRequestError(`maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS} (got ${maxAttempts})`, { maxAttempts });
  }
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 1)) {
    throw new InvalidRequestError(`timeoutMs must be a positive integer of milliseconds (got ${timeoutMs})`, { timeoutMs });
  }
}

export function createJobService(options: JobServiceOptions): JobService {
  const { runner, results, jobs } = options;

  async function get(id: number): Promise<Job> {
    const job = await runner.get(id);
    if (job === null) throw new StoreError("JOB_NOT_FOUND", `no job with id ${id}`, { id });
    return job;
  }

  return {
    async submit(kind, payload, submitOptions = {}) {
      if (!JOB_KINDS.includes(kind as JobKind)) {
        throw new InvalidRequestError(`unknown job kind '${kind}'; use one of ${JOB_KINDS.join(", ")}`, { kind });
      }
      checkOptions(submitOptions);
      try {
        return await runner.submit(kind as JobKind, payload, submitOptions);
      } catch (error) {
        if ((error as { code?: unknown }).code === "UNKNOWN_JOB_KIND") {
          throw new InvalidRequestError(`this deployment does not run '${kind}' jobs`, { kind });
        }
        throw error;
      }
    },
    get,
    cancel: (id) => runner.cancel(id),
    async result(id) {
      return results.jobResult(await get(id));
    },
    counts: () => jobs.countByStatus(),
  };
}
