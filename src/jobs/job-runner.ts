/**
 * The one interface the API, the CLI and the service see for long work, whatever runs it: an
 * in-process queue (the default; jobs live in the jobs table, so a restart re-queues the ones that
 * were running) or BullMQ queues with `portfolio worker` processes (`REDIS_URL`). Events reach every
 * subscriber in every process (Redis pub/sub when distributed), so a websocket client connected to
 * any API instance sees a job run by any worker.
 */
import type { Job, Store } from "../store/index.js";

/** What kinds of work a job can be; each has one handler in the service layer. */
export type JobKind = "backtest" | "frontier";

export interface SubmitOptions {
  /** A client's key: submitting again with the same key returns the first job, not a new one. */
  readonly idempotencyKey?: string;
  /** Attempts before the job is marked failed (default 3); retries back off exponentially. */
  readonly maxAttempts?: number;
  /** A running attempt longer than this is stopped and counts as failed (default: none). */
  readonly timeoutMs?: number;
}

export type JobEvent =
  | { readonly type: "queued"; readonly jobId: number; readonly kind: string }
  | { readonly type: "started"; readonly jobId: number; readonly attempt: number }
  | { readonly type: "progress"; readonly jobId: number; readonly progress: number; readonly message?: string }
  | { readonly type: "succeeded"; readonly jobId: number; readonly resultRef: string }
  /** `attempt` is the attempt that failed; the next one starts after the backoff. */
  | { readonly type: "retrying"; readonly jobId: number; readonly attempt: number; readonly error: { readonly code: string; readonly message: string } }
  | { readonly type: "failed"; readonly jobId: number; readonly error: { readonly code: string; readonly message: string } }
  | { readonly type: "cancelled"; readonly jobId: number };

/** What a handler gets besides its payload. */
export interface JobContext {
  readonly jobId: number;
  readonly attempt: number;
  /** Fraction done in [0, 1]; throttled by the runner before it reaches storage and subscribers. */
  reportProgress(progress: number, message?: string): void;
  /** Aborted on cancel, timeout or shutdown. */
  readonly signal: AbortSignal;
  /**
   * Stores the result through `write` (given the store inside a transaction) and marks the job
   * succeeded in that same transaction, so the result exists exactly once even when a stalled job
   * is run twice: a later attempt's write is rolled back and the first reference returned. Rejects
   * with the abort reason when the job was cancelled meanwhile.
   */
  commitResult(write: (transaction: Store) => Promise<string>): Promise<string>;
}

/** Runs one job to completion and returns where its result was stored (e.g. `backtest:42`). */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<string>;

/** One handler per kind this deployment runs; submitting a kind without one is refused. */
export type JobHandlers = Readonly<Partial<Record<JobKind, JobHandler>>>;

export interface JobRunner {
  readonly mode: "in-process" | "bullmq";
  submit(kind: JobKind, payload: unknown, options?: SubmitOptions): Promise<Job>;
  get(id: number): Promise<Job | null>;
  /** Marks the job cancelled (a queued job never starts; a running one is aborted). */
  cancel(id: number): Promise<Job>;
  /** Subscribes to every job's events; returns the unsubscribe function. */
  subscribe(listener: (event: JobEvent) => void): () => void;
  /** Health of the queue backend (Redis ping for BullMQ; always true in process). */
  healthy(): Promise<boolean>;
  /** Stops taking jobs, lets running ones finish or re-queues them, closes connections. */
  close(): Promise<void>;
}
