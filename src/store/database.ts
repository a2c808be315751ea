/**
 * Opening the store: Kysely over better-sqlite3 (one connection, WAL) or over a `pg` pool, chosen by
 * DATABASE_URL. Opening checks that the database answers, so a wrong URL fails here with a typed
 * error rather than on the first query. Migrations are not run here: see `migrateToLatest`.
 */
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import pg from "pg";
import { DEFAULT_DATABASE_URL, describeTarget, parseDatabaseUrl, type DatabaseTarget } from "./database-url.js";
import { StoreError } from "./errors.js";
import type { Database } from "./schema.js";

export type Dialect = "sqlite" | "postgres";

interface StoreBase {
  readonly db: Kysely<Database>;
  /** The file, or `host:port/database` (never the password). */
  readonly location: string;
  close(): Promise<void>;
}

export interface SqliteStore extends StoreBase {
  readonly dialect: "sqlite";
  /** The one connection Kysely also uses; only touch it while holding it (see `withSqliteConnection`). */
  readonly sqlite: BetterSqlite3.Database;
}

export interface PostgresStore extends StoreBase {
  readonly dialect: "postgres";
  readonly pool: pg.Pool;
}

export type Store = SqliteStore | PostgresStore;

export interface OpenDatabaseOptions {
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
  /** How long a PostgreSQL connection attempt may take (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** How long SQLite waits for another process's write lock (default 5 s). */
  readonly busyTimeoutMs?: number;
  /** Open an existing SQLite file read-only (reading a backup). */
  readonly readonly?: boolean;
}

function openSqlite(target: DatabaseTarget & { dialect: "sqlite" }, options: OpenDatabaseOptions): SqliteStore {
  const memory = target.file === ":memory:";
  let native: BetterSqlite3.Database;
  try {
    if (!memory && !options.readonly) mkdirSync(dirname(target.file), { recursive: true });
    native = new BetterSqlite3(target.file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    native.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
    // WAL lets readers (the API, a backup) run while a writer imports; NORMAL sync is durable in WAL
    // mode except for the last transactions on power loss, which an import can redo.
    if (!memory && !options.readonly) {
      native.pragma("journal_mode = WAL");
      native.pragma("synchronous = NORMAL");
    }
    native.pragma("foreign_keys = ON");
  } catch (cause) {
    const reason = (cause as { code?: string }).code ?? (cause as Error).message;
    throw new StoreError("DATABASE_UNAVAILABLE", `cannot open SQLite database ${target.file} (${reason})`, { file: target.file }, { cause });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: native }) });
  return { dialect: "sqlite", db, sqlite: native, location: target.file, close: () => db.destroy() };
}

// count(*) and other bigints arrive as text by default; our counts fit in a double.
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (text: string) => Number(text) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

function unavailableReason(error: unknown, target: DatabaseTarget & { dialect: "postgres" }): string {
  const e = error as { code?: string; message?: string };
  switch (e.code) {
    case "3D000":
      return `database '${target.database}' does not exist on ${target.host}:${target.port}`;
    case "28P01":
    case "28000":
      return `PostgreSQL at ${target.host}:${target.port} refused user '${target.user}' (${e.message})`;
    default:
      return `cannot reach PostgreSQL at ${target.host}:${target.port} (${e.code ?? e.message ?? String(error)}); is the server running?`;
  }
}

async function openPostgres(target: DatabaseTarget & { dialect: "postgres" }, options: OpenDatabaseOptions): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    types: pgTypes,
    // Doubles must travel as text that reads back exactly; a server configured with
    // extra_float_digits ≤ 0 would round them to 15 digits.
    options: "-c extra_float_digits=3",
  });
  // An idle client losing its server emits 'error' on the pool; unhandled, that would end the
  // process. The next query reports the outage instead.
  pool.on("error", () => undefined);
  try {
    await pool.query("select 1");
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new StoreError(
      "DATABASE_UNAVAILABLE",
      unavailableReason(cause, target),
      { host: target.host, port: target.port, database: target.database },
      { cause },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { dialect: "postgres", db, pool, location: describeTarget(target), close: () => db.destroy() };
}

/**
 * Opens the database named by `url` (default: DATABASE_URL, else `sqlite:./data/portfolio.db`,
 * creating the file and its directory on first use).
 *
 * @throws StoreError `INVALID_DATABASE_URL` for a URL we cannot read; `DATABASE_UNAVAILABLE` when the
 *   file cannot be opened or the server does not answer (naming host and port, never the password).
 * @example const store = await openDatabase("sqlite::memory:"); await migrateToLatest(store.db); await store.close();
 */
export async function openDatabase(
  url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  options: OpenDatabaseOptions = {},
): Promise<Store> {
  const target = parseDatabaseUrl(url);
  return target.dialect === "sqlite" ? openSqlite(target, options) : openPostgres(target, options);
}

/**
 * Runs `work` with exclusive use of the SQLite connection: Kysely's own queries wait on the same
 * mutex, so direct better-sqlite3 calls inside never interleave with a Kysely transaction.
 */
export async function withSqliteConnection<T>(store: SqliteStore, work: (native: BetterSqlite3.Database) => T): Promise<T> {
  return store.db.connection().execute(async () => work(store.sqlite));
}
