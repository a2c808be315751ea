/**
 * Reading whole tables in key order, a page at a time (keyset pagination: no OFFSET, no server-side
 * cursor), inside a transaction that gives one consistent snapshot: PostgreSQL REPEATABLE READ
 * read-only, SQLite a read transaction (in WAL mode, a snapshot that writers do not disturb).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Store } from "./database.js";
import type { Database } from "./schema.js";
import { TABLES, type TableRow, type TableSpec } from "./tables.js";

const PAGE_ROWS = 10_000;

/** Runs `read` in a snapshot of the whole database. */
export async function inSnapshot<T>(store: Store, read: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const builder = store.db.transaction();
  return store.dialect === "postgres" ? builder.setIsolationLevel("repeatable read").setAccessMode("read only").execute(read) : builder.execute(read);
}

/** Pages of `table`'s rows in key order, each row its values in `table.columns` order. */
export async function* tablePages(db: Kysely<Database>, table: TableSpec): AsyncGenerator<TableRow[]> {
  const keyList = sql.join(table.key.map((k) => sql.ref(k)));
  let after: readonly unknown[] | undefined;
  for (;;) {
    const where = after === undefined ? sql`` : sql`where (${keyList}) > (${sql.join(after.map((v) => sql`${v}`))})`;
    const { rows } = await sql<Record<string, unknown>>`
      select ${sql.join(table.columns.map((c) => sql.ref(c)))} from ${sql.table(table.name)} ${where}
      order by ${keyList} limit ${PAGE_ROWS}`.execute(db);
    if (rows.length === 0) return;
    const page = rows.map((row) => table.columns.map((c) => row[c]));
    yield page;
    if (rows.length < PAGE_ROWS) return;
    const last = rows[rows.length - 1];
    after = table.key.map((k) => last[k]);
  }
}

/** Row counts of every table, for reports and the emptiness check. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`.execute(db);
    counts[table.name] = Number(rows[0].n);
  }
  return counts;
}
