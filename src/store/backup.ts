/**
 * `backupDatabase(store, file)`: a consistent copy of a live database.
 * - SQLite: SQLite's online backup API (through better-sqlite3), which copies pages under a read
 *   lock and restarts if another connection writes meanwhile, so the copy is one committed state.
 * - PostgreSQL: our logical dump (dump-format.ts) read in one REPEATABLE READ snapshot; restoring
 *   it needs only this program, not pg_dump/pg_restore.
 * Either is written under a temporary name and renamed, so a failed backup leaves no file that
 * looks complete. `restoreDatabase` reads both kinds into either engine.
 */
import BetterSqlite3 from "better-sqlite3";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { systemClock, timestamp, type Clock } from "./clock.js";
import { withSqliteConnection, type SqliteStore, type Store } from "./database.js";
import { writeDump } from "./dump-writer.js";
import { StoreError } from "./errors.js";
import { TABLES } from "./tables.js";

export type BackupFormat = "sqlite" | "dump";

export interface BackupOptions {
  /** `sqlite` (a SQLite file; SQLite stores only) or `dump`; default: `sqlite` for SQLite, `dump` for PostgreSQL. */
  readonly format?: BackupFormat;
  /** Replace an existing file (default false). */
  readonly overwrite?: boolean;
  readonly clock?: Clock;
}

export interface BackupReport {
  readonly file: string;
  readonly format: BackupFormat;
  readonly bytes: number;
  readonly rows: Readonly<Record<string, number>>;
}

/** The file name `portfolio backup` uses when none is given, e.g. `backups/portfolio-2026-11-25T08-39-59Z.sqlite`. */
export function defaultBackupFile(format: BackupFormat, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/:/g, "-");
  return `backups/portfolio-${stamp}.${format === "sqlite" ? "sqlite" : "jsonl.gz"}`;
}

export function defaultBackupFormat(store: Store): BackupFormat {
  return store.dialect === "sqlite" ? "sqlite" : "dump";
}

async function sqliteBackup(store: SqliteStore, file: string): Promise<Record<string, number>> {
  // Holding the connection keeps Kysely's own transactions (uncommitted pages) out of the copy.
  // After the first step, ask for every remaining page at once: one pass, one snapshot.
  await withSqliteConnection(store, (native) => native.backup(file, { progress: () => 1_000_000_000 }));
  const copy = new BetterSqlite3(file);
  try {
    // A self-contained file: no -wal/-shm companions needed to read it, even read-only.
    copy.pragma("journal_mode = DELETE");
    return Object.fromEntries(TABLES.map((t) => [t.name, copy.prepare(`select count(*) from "${t.name}"`).pluck().get() as number]));
  } finally {
    copy.close();
  }
}

/**
 * Writes a consistent backup of `store` to `file` (its directory is created).
 * @throws StoreError `INVALID_RECORD` for a SQLite-file backup of a PostgreSQL store, `BACKUP_FILE_EXISTS`
 *   when `file` exists and `overwrite` is not set.
 */
export async function backupDatabase(store: Store, file: string, options: BackupOptions = {}): Promise<BackupReport> {
  const format = options.format ?? defaultBackupFormat(store);
  if (format === "sqlite" && store.dialect !== "sqlite") {
    throw new StoreError("INVALID_RECORD", "a PostgreSQL database is backed up as a dump, not a SQLite file", { format });
  }
  if (!options.overwrite && (await stat(file).catch(() => null)) !== null) {
    throw new StoreError("BACKUP_FILE_EXISTS", `${file} already exists; choose another name or remove it`, { file });
  }
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  try {
    const rows =
      format === "sqlite"
        ? await sqliteBackup(store as SqliteStore, partial)
        : await writeDump(store, partial, timestamp(options.clock ?? systemClock));
    await rename(partial, file);
    return { file, format, bytes: (await stat(file)).size, rows };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
