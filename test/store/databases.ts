/**
 * Test databases for the store suite, which runs once per engine like Kysely's tests loop over
 * DIALECTS. Every test file gets its own fresh database per engine — a uniquely named PostgreSQL
 * database (created from the admin database, dropped afterwards) or a SQLite file in a temporary
 * directory — so files running in parallel never share state.
 *
 * PostgreSQL: TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) names a database
 * to connect to for CREATE/DROP DATABASE. When it is unreachable, the PostgreSQL half of the suite
 * is skipped with a message saying what to start — except under CI (CI=true), where it fails.
 */
import { after, afterEach, before, describe } from "node:test";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";

export type TestDialect = "sqlite" | "postgres";
export const DIALECTS: readonly TestDialect[] = ["sqlite", "postgres"];

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const IN_CI = process.env.CI === "true" || process.env.CI === "1";

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    const where = ADMIN_URL.replace(/\/\/([^:@/]*):[^@]*@/, "//$1:***@");
    return (
      `PostgreSQL is not reachable at ${where} (${(error as { code?: string }).code ?? (error as Error).message}); ` +
      "start it (e.g. `docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15`, then create database test) " +
      "or set TEST_POSTGRES_URL"
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export const postgresUnavailable: string | undefined = await probePostgres();
if (postgresUnavailable !== undefined && !IN_CI) console.log(`# skipping PostgreSQL store tests: ${postgresUnavailable}`);

/** The `skip` option for a dialect's tests: never under CI, so a missing server fails there. */
export function skipReason(dialect: TestDialect): string | false {
  return dialect === "postgres" && postgresUnavailable !== undefined && !IN_CI ? postgresUnavailable : false;
}

export interface TestDatabase {
  readonly dialect: TestDialect;
  readonly url: string;
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A new, empty database of `dialect` (not migrated). */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "portfolio-store-"));
    return { dialect, url: `sqlite:${join(dir, "portfolio.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (postgresUnavailable !== undefined) throw new Error(postgresUnavailable);
  const name = `portfolio_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { dialect, url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

export interface DialectFixture {
  readonly dialect: TestDialect;
  /** The suite's store: migrated, emptied after every test. */
  store(): Store;
  /** Another empty database of this engine, dropped when the suite ends. */
  createDatabase(): Promise<TestDatabase>;
}

const TABLES_CHILDREN_FIRST = ["api_keys", "jobs", "backtest_results", "optimization_results", "portfolios", "prices", "assets"] as const;

/**
 * Defines `describe("<name> (<dialect>)")` once per engine, with a fresh migrated database for the
 * file; tables are emptied after each test so every test starts from an empty store.
 */
export function forEachDialect(name: string, define: (fixture: DialectFixture) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${name} (${dialect})`, { skip: skipReason(dialect) }, () => {
      let database: TestDatabase | undefined;
      let current: Store | undefined;
      const extras: TestDatabase[] = [];
      before(async () => {
        database = await createTestDatabase(dialect);
        current = await openDatabase(database.url);
        await migrateToLatest(current.db);
      });
      afterEach(async () => {
        for (const table of TABLES_CHILDREN_FIRST) await current?.db.deleteFrom(table).execute();
      });
      after(async () => {
        await current?.close();
        await database?.drop();
        for (const extra of extras) await extra.drop();
      });
      define({
        dialect,
        store: () => {
          if (current === undefined) throw new Error("the store is opened in before()");
          return current;
        },
        createDatabase: async () => {
          const extra = await createTestDatabase(dialect);
          extras.push(extra);
          return extra;
        },
      });
    });
  }
}
