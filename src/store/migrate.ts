/**
 * Bringing a database to the latest schema with Kysely's Migrator over our static migration list.
 * Safe to call on every start: applied migrations are skipped, and Kysely's lock table serialises
 * two processes starting at once.
 */
import { Migrator, type Kysely, type MigrationProvider } from "kysely";
import { StoreError } from "./errors.js";
import { MIGRATIONS } from "./migrations/index.js";

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

/** The name of the newest migration this program knows: the schema version written into backups. */
export const LATEST_SCHEMA_VERSION: string = Object.keys(MIGRATIONS).sort().at(-1) as string;

export interface MigrationReport {
  /** Migrations applied now, oldest first (empty when the database was already current). */
  readonly applied: readonly string[];
  readonly schemaVersion: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider });
}

/**
 * Applies every pending migration.
 * @throws StoreError `MIGRATION_FAILED` naming the migration that failed (its changes are rolled
 *   back where the engine allows DDL in transactions, which both of ours do).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const { error, results = [] } = await migrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === "Error")?.migrationName ?? "(before any migration)";
    throw new StoreError("MIGRATION_FAILED", `migration ${failed} failed: ${(error as Error).message ?? String(error)}`, { migration: failed }, { cause: error });
  }
  return { applied: results.filter((r) => r.status === "Success").map((r) => r.migrationName), schemaVersion: LATEST_SCHEMA_VERSION };
}

/** The newest migration applied to `db`, or null for a database never migrated. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function schemaVersion(db: Kysely<any>): Promise<string | null> {
  const migrations = await migrator(db).getMigrations();
  const applied = migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name).sort();
  return applied.at(-1) ?? null;
}
