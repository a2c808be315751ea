/**
 * What the HTTP service and its job queue need on top of the first schema:
 * - `api_keys`: keys are shown once and stored only as a SHA-256 hash of the secret (a random
 *   256-bit secret needs no slow hash); `prefix` is the public part that finds the row, so a key is
 *   checked by one indexed lookup and one constant-time comparison;
 * - `jobs.idempotency_key`: a client that resubmits with the same key gets the first job back;
 * - `jobs.cancel_requested`: a cancel reaches a job running in another process (a worker polls it);
 * - `jobs.max_attempts` / `jobs.timeout_ms`: per-job retry and timeout policy, kept with the job so
 *   any runner (in-process or BullMQ worker) applies the same one.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- a migration sees the schema as it was written */
import { PostgresAdapter, sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const key = postgres ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable("api_keys")
    .addColumn("id", "integer", (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("prefix", key, (c) => c.notNull().unique())
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("last_used_at", "text")
    .execute();

  await db.schema.alterTable("jobs").addColumn("idempotency_key", key).execute();
  await db.schema.alterTable("jobs").addColumn("cancel_requested", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("jobs").addColumn("max_attempts", "integer", (c) => c.notNull().defaultTo(3)).execute();
  await db.schema.alterTable("jobs").addColumn("timeout_ms", "integer").execute();
  await db.schema.createIndex("jobs_idempotency_key").on("jobs").column("idempotency_key").unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("jobs_idempotency_key").ifExists().execute();
  for (const column of ["timeout_ms", "max_attempts", "cancel_requested", "idempotency_key"]) {
    await db.schema.alterTable("jobs").dropColumn(column).execute();
  }
  await db.schema.dropTable("api_keys").ifExists().execute();
}
