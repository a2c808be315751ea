/**
 * Jobs as the queue records them: kind, status, progress (0…1), the request, a reference to the
 * stored result, the last error and the attempt count, with the times each state was reached.
 * Only the storage lives here; the in-process and BullMQ runners decide the transitions.
 */
import type { Selectable, Updateable } from "kysely";
import { systemClock, timestamp, type Clock } from "./clock.js";
import type { Store } from "./database.js";
import { StoreError } from "./errors.js";
import { fromJsonText, toJsonText, type JsonValue } from "./json-column.js";
import type { JobsTable } from "./schema.js";

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
}

export interface NewJob {
  readonly kind: string;
  readonly parameters: JsonValue;
}

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
  create(job: NewJob): Promise<Job>;
  get(id: number): Promise<Job | null>;
  /** @throws JOB_NOT_FOUND; INVALID_RECORD for an unknown status or progress outside [0, 1]. */
  update(id: number, patch: JobPatch): Promise<Job>;
  list(options?: ListJobsOptions): Promise<Job[]>;
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
  });
}

export function createJobRepository(store: Store, options: { readonly clock?: Clock } = {}): JobRepository {
  const { db } = store;
  const clock = options.clock ?? systemClock;

  return {
    async create(job) {
      if (typeof job.kind !== "string" || job.kind === "") throw invalid("a job needs a kind", { kind: job.kind });
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
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toJob(row);
    },

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
  };
}
