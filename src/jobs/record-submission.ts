/**
 * The submission step both runners share: refuse a kind without a handler, then insert the job row
 * (or find the one an idempotency key already made). The runner then queues it its own way.
 */
import type { JsonValue } from "../store/index.js";
import type { Job, JobRepository } from "../store/job-repository.js";
import { JobRunError } from "./job-errors.js";
import type { JobHandlers, JobKind, SubmitOptions } from "./job-runner.js";

/** `created` is false when the idempotency key returned an earlier job (nothing to queue). */
export async function recordSubmission(
  jobs: Pick<JobRepository, "createOnce">,
  handlers: JobHandlers,
  kind: JobKind,
  payload: unknown,
  options: SubmitOptions,
): Promise<{ readonly job: Job; readonly created: boolean }> {
  if (handlers[kind] === undefined) {
    throw new JobRunError("UNKNOWN_JOB_KIND", `no handler for job kind '${kind}'; known: ${Object.keys(handlers).join(", ")}`, { kind });
  }
  return jobs.createOnce({
    kind,
    parameters: payload as JsonValue,
    idempotencyKey: options.idempotencyKey,
    maxAttempts: options.maxAttempts,
    timeoutMs: options.timeoutMs,
  });
}
