/**
 * The job runners' own failures (a timeout, a cancel, an unknown kind…) and the one rule that decides
 * whether a failed attempt is retried: a client's mistake — a typed error from the core, data,
 * service or store catalogues that the same payload would raise again — fails the job at once;
 * anything else (a lost connection, a bug, a timeout) is worth another attempt.
 */
import { CoreError } from "../core/errors.js";
import { DataError } from "../data/errors.js";
import { ServiceError } from "../service/errors.js";
import { StoreError } from "../store/errors.js";
import type { JobError } from "../store/job-repository.js";

export type JobRunErrorCode =
  | "UNKNOWN_JOB_KIND"
  | "JOB_TIMEOUT"
  | "JOB_CANCELLED"
  | "JOB_INTERRUPTED"
  | "REDIS_DRIVER_MISSING"
  | "INTERNAL_ERROR";

export class JobRunError extends Error {
  readonly code: JobRunErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: JobRunErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "JobRunError";
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** An error raised by a task in a worker thread, rebuilt on this side with its code and class. */
export class ThreadTaskError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** Whether the error was a client's mistake where it was thrown (see `isClientMistake`). */
  readonly clientMistake: boolean;

  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.name = serialized.name;
    this.code = serialized.code;
    this.details = Object.freeze({ ...serialized.details });
    this.clientMistake = serialized.clientMistake;
  }
}

export interface SerializedError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly clientMistake: boolean;
}

// Store failures that the same request would meet again; the others (an unreachable database…) pass.
const STORE_CLIENT_MISTAKES: ReadonlySet<string> = new Set(["PORTFOLIO_NOT_FOUND", "INVALID_QUERY"]);

/** True when retrying cannot help: the payload itself is at fault. */
export function isClientMistake(error: unknown): boolean {
  if (error instanceof CoreError || error instanceof ServiceError || error instanceof DataError) return true;
  if (error instanceof StoreError) return STORE_CLIENT_MISTAKES.has(error.code);
  if (error instanceof ThreadTaskError) return error.clientMistake;
  return error instanceof JobRunError && error.code === "UNKNOWN_JOB_KIND";
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined;
}

/**
 * The `{ code, message }` kept on the job and sent to clients. Errors from our catalogues keep
 * theirs; anything else is a bug whose text may hold internals, so clients get a generic line and
 * the log gets the error.
 */
export function describeError(error: unknown): JobError {
  const code = codeOf(error);
  if (code !== undefined && error instanceof Error) return { code, message: error.message };
  return { code: "INTERNAL_ERROR", message: "the job failed unexpectedly (see the worker log)" };
}

/** `error` as plain data that crosses a thread or process boundary. */
export function serializeError(error: unknown): SerializedError {
  const e = error as { name?: unknown; message?: unknown; details?: unknown };
  return {
    name: typeof e?.name === "string" ? e.name : "Error",
    code: codeOf(error) ?? "INTERNAL_ERROR",
    message: typeof e?.message === "string" ? e.message : String(error),
    details: typeof e?.details === "object" && e.details !== null ? { ...(e.details as Record<string, unknown>) } : {},
    clientMistake: isClientMistake(error),
  };
}

/**
 * Wait before retry `attempt` + 1: base · 2^(attempt − 1), at most an hour — the same exponential
 * schedule BullMQ's `{ type: "exponential" }` backoff follows, so both runners retry alike.
 */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
}
