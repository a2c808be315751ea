/**
 * Jobs as the queue records them: kind, status, progress (0…1), the request, a reference to the
 * stored result, the last error and the attempt count, with the times each state was reached.
 * The runners decide when to move a job; the moves themselves are here, each one a single guarded
 * statement (`… WHERE status = 'running' …`), so two processes racing for the same job — a stalled
 * BullMQ job re-run while its first worker still lives, a cancel arriving as a result is stored —
 * leave exactly one winner on SQLite and PostgreSQL alike.
 */
import { sql, type Kysely, type Selectable, type Updateable } from "kysely";
import { systemClock, timestamp, type Clock } from "./clock.js";
import type { Store } from "./database.js";
import { StoreError } from "./errors.js";
import { fromJsonText, toJsonText, type JsonValue } from "./json-column.js";
import type { Database, JobsTable } from "./schema.js";

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
const FINISHED: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];

export interface JobError {
  readonly code: string;
  readonly message: string;
}

export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly status: JobStatus;
  readonly progress: number;
  readonly parameters: JsonValue;
  /** Where the result is stored, e.g. `optimization:42`. */
  readonly resultRef: string | null;
  readonly error: JobError | null;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** First time the job entered `running`. */
  readonly startedAt: string | null;
  /** When it reached succeeded, failed or cancelled. */
  readonly finishedAt: string | null;
  /** The client's resubmission key, if it gave one. */
  readonly idempotencyKey: string | null;
  /** Attempts before the job is failed for good. */
  readonly maxAttempts: number;
  /** A longer attempt is stopped and counts as failed; null: no limit. */
  readonly timeoutMs: number | null;
  /** A cancel was asked for; whoever runs the job stops it. */
  readonly cancelRequested: boolean;
}

export interface NewJob {
  readonly kind: string;
  readonly parameters: JsonValue;
  readonly idempotencyKey?: string;
  /** Default 3. */
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
}

/** Jobs per status, every status present (0 when none), for /metrics. */
export type JobCounts = Readonly<Record<JobStatus, number>>;

/** A transaction handed to `recordResult`'s writer: store the result through it. */
export type JobTransaction = Kysely<Database>;

export interface JobPatch {
  readonly status?: JobStatus;
  readonly progress?: number;
  readonly resultRef?: string | null;
  readonly error?: JobError | null;
  readonly attempts?: number;
}

export interface ListJobsOptions {
  readonly status?: JobStatus;
  /** `oldest` (default: queue order) or `newest` first. */
  readonly order?: "oldest" | "newest";
  readonly limit?: number;
}

export interface JobRepository {
  /** A new queued job; with an idempotency key already used, the job first created with it. */
  create(job: NewJob): Promise<Job>;
  /**
   * Like `create`, saying whether the job is new. Race-safe: two concurrent submissions with one key
   * meet at the unique index, and the loser reads the winner's row.
   */
  createOnce(job: NewJob): Promise<{ readonly job: Job; readonly created: boolean }>;
  get(id: number): Promise<Job | null>;
  /** @throws JOB_NOT_FOUND; INVALID_RECORD for an unknown status or progress outside [0, 1]. */
  update(id: number, patch: JobPatch): Promise<Job>;
  list(options?: ListJobsOptions): Promise<Job[]>;

  /**
   * Atomically takes the oldest queued job (not cancelled, not in `skip`) and marks it running with
   * one more attempt; null when there is none. One UPDATE guarded by `status = 'queued'`, so two
   * claimers never get the same job.
   */
  claimNext(options?: { readonly skip?: readonly number[] }): Promise<Job | null>;
  /**
   * Marks job `id` running with one more attempt, if it is queued or running (a stalled run taken
   * over), not cancelled and has no result yet; null otherwise.
   */
  claim(id: number): Promise<Job | null>;
  /** Progress of a running job; false when it is no longer running. */
  recordProgress(id: number, progress: number): Promise<boolean>;
  /**
   * Runs `write` (which stores the result and returns its reference) and marks the job succeeded
   * with that reference in the same transaction, only if the job has no result and no cancel
   * request; otherwise rolls `write` back. So a result is stored once however many attempts race.
   */
  recordResult(id: number, write: (trx: JobTransaction) => Promise<string>): Promise<{ readonly job: Job; readonly stored: boolean }>;
  /** Marks a running job succeeded with `resultRef` under the same guard as `recordResult`; null when the guard fails. */
  markSucceeded(id: number, resultRef: string): Promise<Job | null>;
  /** A failed attempt that will be retried: running → queued, keeping the error; null if not running. */
  markRetrying(id: number, error: JobError): Promise<Job | null>;
  /** Failed for good (from queued or running); null when it had already finished. */
  markFailed(id: number, error: JobError): Promise<Job | null>;
  /** Gives a running job back to the queue without counting the attempt (shutdown); null if not running. */
  release(id: number): Promise<Job | null>;
  /**
   * Queued or running → cancelled, with `cancelRequested` set for whoever runs it. A finished job
   * is returned unchanged (`changed: false`). @throws JOB_NOT_FOUND
   */
  requestCancel(id: number): Promise<{ readonly job: Job; readonly changed: boolean; readonly was: JobStatus }>;
  isCancelRequested(id: number): Promise<boolean>;
  /** Every running job back to queued (a restarted in-process runner's jobs); their ids. */
  requeueRunning(): Promise<number[]>;
  countByStatus(): Promise<JobCounts>;
}

function invalid(message: string, details: Record<string, unknown>): StoreError {
  return new StoreError("INVALID_RECORD", message, details);
}

function checkPatch(patch: JobPatch): void {
  if (patch.status !== undefined && !JOB_STATUSES.includes(patch.status)) {
    throw invalid(`unknown job status ${JSON.stringify(patch.status)}; use one of ${JOB_STATUSES.join(", ")}`, { status: patch.status });
  }
  if (patch.progress !== undefined && !(patch.progress >= 0 && patch.progress <= 1)) {
    throw invalid(`job progress ${patch.progress} is outside [0, 1]`, { progress: patch.progress });
  }
  if (patch.attempts !== undefined && !(Number.isInteger(patch.attempts) && patch.attempts >= 0)) {
    throw invalid(`job attempts ${patch.attempts} is not a non-negative integer`, { attempts: patch.attempts });
  }
}

function toJob(row: Selectable<JobsTable>): Job {
  return Object.freeze({
    id: row.id,
    kind: row.kind,
    status: row.status as JobStatus,
    progress: row.progress,
    parameters: fromJsonText(row.parameters),
    resultRef: row.result_ref,
    error: row.error === null ? null : fromJsonText<JobError>(row.error),
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    idempotencyKey: row.idempotency_key,
    maxAttempts: row.max_attempts,
    timeoutMs: row.timeout_ms,
    cancelRequested: row.cancel_requested !== 0,
  });
}

function checkNewJob(job: NewJob): void {
  if (typeof job.kind !== "string" || job.kind === "") throw invalid("a job needs a kind", { kind: job.kind });
  if (job.idempotencyKey !== undefined && (typeof job.idempotencyKey !== "string" || job.idempotencyKey === "")) {
    throw invalid("an idempotency key must be a non-empty string", { idempotencyKey: job.idempotencyKey });
  }
  if (job.maxAttempts !== undefined && !(Number.isInteger(job.maxAttempts) && job.maxAttempts >= 1)) {
    throw invalid(`maxAttempts ${job.maxAttempts} is not a positive integer`, { maxAttempts: job.maxAttempts });
  }
  if (job.timeoutMs !== undefined && !(Number.isInteger(job.timeoutMs) && job.timeoutMs >= 1)) {
    throw invalid(`timeoutMs ${job.timeoutMs} is not a positive integer`, { timeoutMs: job.timeoutMs });
  }
}

/** Thrown inside `recordResult`'s transaction to roll back a result that lost the race. */
class ResultNotNeeded extends Error {}

export function createJobRepository(store: Store, options: { readonly clock?: Clock } = {}): JobRepository {
  const { db } = store;
  const clock = options.clock ?? systemClock;

  async function createOnce(job: NewJob): Promise<{ readonly job: Job; readonly created: boolean }> {
    checkNewJob(job);
    const now = timestamp(clock);
    const row = await db
      .insertInto("jobs")
      .values({
        kind: job.kind,
        status: "queued",
        progress: 0,
        parameters: toJsonText(job.parameters, "parameters"),
        result_ref: null,
        error: null,
        attempts: 0,
        created_at: now,
        updated_at: now,
        started_at: null,
        finished_at: null,
        idempotency_key: job.idempotencyKey ?? null,
        max_attempts: job.maxAttempts ?? 3,
        timeout_ms: job.timeoutMs ?? null,
      })
      // ON CONFLICT works on both engines against the unique index; the loser inserts nothing.
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row !== undefined || job.idempotencyKey === undefined) return { job: toJob(row!), created: true };
    const first = await db.selectFrom("jobs").selectAll().where("idempotency_key", "=", job.idempotencyKey).executeTakeFirstOrThrow();
    return { job: toJob(first), created: false };
  }

  return {
    async create(job) {
      return (await createOnce(job)).job;
    },

    createOnce,

    async get(id) {
      const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? null : toJob(row);
    },

    async update(id, patch) {
      checkPatch(patch);
      const now = timestamp(clock);
      const values: Updateable<JobsTable> = { updated_at: now };
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.progress !== undefined) values.progress = patch.progress;
      if (patch.resultRef !== undefined) values.result_ref = patch.resultRef;
      if (patch.error !== undefined) values.error = patch.error === null ? null : toJsonText({ code: patch.error.code, message: patch.error.message }, "error");
      if (patch.attempts !== undefined) values.attempts = patch.attempts;
      const row = await db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom("jobs").select(["started_at"]).where("id", "=", id).executeTakeFirst();
        if (current === undefined) return undefined;
        if (patch.status === "running" && current.started_at === null) values.started_at = now;
        if (patch.status !== undefined) values.finished_at = FINISHED.includes(patch.status) ? now : null;
        return trx.updateTable("jobs").set(values).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
      });
      if (row === undefined) throw new StoreError("JOB_NOT_FOUND", `no job with id ${id}`, { id });
      return toJob(row);
    },

    async list(o = {}) {
      let query = db.selectFrom("jobs").selectAll();
      if (o.status !== undefined) query = query.where("status", "=", o.status);
      const direction = o.order === "newest" ? "desc" : "asc";
      const rows = await query.orderBy("created_at", direction).orderBy("id", direction).limit(Math.max(1, Math.floor(o.limit ?? 100))).execute();
      return rows.map(toJob);
    },

    async claimNext(o = {}) {
      const now = timestamp(clock);
      const skip = o.skip ?? [];
      const row = await db
        .updateTable("jobs")
        .set({ status: "running", attempts: sql`attempts + 1`, started_at: sql`coalesce(started_at, ${now})`, updated_at: now })
        .where("id", "=", (eb) => {
          let next = eb.selectFrom("jobs").select("id").where("status", "=", "queued").where("cancel_requested", "=", 0);
          if (skip.length > 0) next = next.where("id", "not in", skip);
          next = next.orderBy("id").limit(1);
          // PostgreSQL: concurrent claimers skip a row another is taking instead of all picking the
          // same one (SQLite runs one writer at a time, so it needs no lock).
          return store.dialect === "postgres" ? next.forUpdate().skipLocked() : next;
        })
        // Re-checked on the row itself, so a claim can never take a job that stopped being queued.
        .where("status", "=", "queued")
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toJob(row);
    },

    async claim(id) {
      const now = timestamp(clock);
      const row = await db
        .updateTable("jobs")
        .set({ status: "running", attempts: sql`attempts + 1`, started_at: sql`coalesce(started_at, ${now})`, updated_at: now })
        .where("id", "=", id)
        .where("status", "in", ["queued", "running"])
        .where("cancel_requested", "=", 0)
        .where("result_ref", "is", null)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toJob(row);
    },

    async recordProgress(id, progress) {
      checkPatch({ progress });
      const result = await db
        .updateTable("jobs")
        .set({ progress, updated_at: timestamp(clock) })
        .where("id", "=", id)
        .where("status", "=", "running")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async recordResult(id, write) {
      try {
        const row = await db.transaction().execute(async (trx) => {
          const resultRef = await write(trx);
          const done = await succeed(trx, id, resultRef);
          if (done === undefined) throw new ResultNotNeeded();
          return done;
        });
        return { job: toJob(row), stored: true };
      } catch (error) {
        if (!(error instanceof ResultNotNeeded)) throw error;
        const current = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
        if (current === undefined) throw new StoreError("JOB_NOT_FOUND", `no job with id ${id}`, { id });
        return { job: toJob(current), stored: false };
      }
    },

    async markSucceeded(id, resultRef) {
      const row = await succeed(db, id, resultRef);
      return row === undefined ? null : toJob(row);
    },

    async markRetrying(id, error) {
      const row = await db
        .updateTable("jobs")
        .set({ status: "queued", error: errorText(error), updated_at: timestamp(clock) })
        .where("id", "=", id)
        .where("status", "=", "running")
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toJob(row);
    },

    async markFailed(id, error) {
      const now = timestamp(clock);
      const row = await db
        .updateTable("jobs")
        .set({ status: "failed", error: errorText(error), updated_at: now, finished_at: now })
        .where("id", "=", id)
        .where("status", "in", ["queued", "running"])
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toJob(row);
    },

    async release(id) {
      const row = await db
        .updateTable("jobs")
        .set({ status: "queued", attempts: sql`case when attempts > 0 then attempts - 1 else 0 end`, updated_at: timestamp(clock) })
        .where("id", "=", id)
        .where("status", "=", "running")
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toJob(row);
    },

    async requestCancel(id) {
      // Read, then move with the status read as the guard; a job that moved in between is read again.
      for (;;) {
        const current = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
        if (current === undefined) throw new StoreError("JOB_NOT_FOUND", `no job with id ${id}`, { id });
        const was = current.status as JobStatus;
        if (was !== "queued" && was !== "running") return { job: toJob(current), changed: false, was };
        const now = timestamp(clock);
        const row = await db
          .updateTable("jobs")
          .set({ status: "cancelled", cancel_requested: 1, updated_at: now, finished_at: now })
          .where("id", "=", id)
          .where("status", "=", was)
          .returningAll()
          .executeTakeFirst();
        if (row !== undefined) return { job: toJob(row), changed: true, was };
      }
    },

    async isCancelRequested(id) {
      const row = await db.selectFrom("jobs").select("cancel_requested").where("id", "=", id).executeTakeFirst();
      return row !== undefined && row.cancel_requested !== 0;
    },

    async requeueRunning() {
      const rows = await db
        .updateTable("jobs")
        .set({ status: "queued", updated_at: timestamp(clock) })
        .where("status", "=", "running")
        .returning("id")
        .execute();
      return rows.map((r) => r.id).sort((a, b) => a - b);
    },

    async countByStatus() {
      const rows = await db.selectFrom("jobs").select(["status", (eb) => eb.fn.countAll<number>().as("count")]).groupBy("status").execute();
      const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
      for (const row of rows) if (JOB_STATUSES.includes(row.status as JobStatus)) counts[row.status as JobStatus] = Number(row.count);
      return Object.freeze(counts);
    },
  };

  function errorText(error: JobError): string {
    return toJsonText({ code: error.code, message: error.message }, "error");
  }

  // The one guard for a result: running, no result yet, no cancel request.
  function succeed(executor: Kysely<Database>, id: number, resultRef: string): Promise<Selectable<JobsTable> | undefined> {
    const now = timestamp(clock);
    return executor
      .updateTable("jobs")
      .set({ status: "succeeded", progress: 1, result_ref: resultRef, error: null, updated_at: now, finished_at: now })
      .where("id", "=", id)
      .where("status", "=", "running")
      .where("result_ref", "is", null)
      .where("cancel_requested", "=", 0)
      .returningAll()
      .executeTakeFirst();
  }
}
