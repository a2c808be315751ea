/**
 * `restoreDatabase(store, file)`: a backup of either kind (SQLite file or our dump) into a database
 * of either engine — so a SQLite install moves to PostgreSQL by backup and restore. The target is
 * migrated first, must be empty unless `force` (then its rows are deleted), and is filled in one
 * transaction: a failure part-way leaves it as it was.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import { openBackupSource, type BackupSource } from "./backup-source.js";
import type { Store } from "./database.js";
import { StoreError } from "./errors.js";
import { LATEST_SCHEMA_VERSION, migrateToLatest } from "./migrate.js";
import type { PriceRow } from "./price-repository.js";
import { lockPricesForWriting, writePostgresPrices } from "./price-writes-postgres.js";
import { writeSqlitePrices } from "./price-writes-sqlite.js";
import type { Database } from "./schema.js";
import { tableCounts } from "./table-reader.js";
import { TABLES, type TableRow, type TableSpec } from "./tables.js";

export interface RestoreOptions {
  /** Delete whatever the target holds instead of refusing (default false). */
  readonly force?: boolean;
}

export interface RestoreReport {
  readonly format: BackupSource["kind"];
  readonly schemaVersion: string;
  readonly rows: Readonly<Record<string, number>>;
}

// Bound parameters per statement stay under SQLite's 32,766 and PostgreSQL's 65,535.
const PARAMETERS_PER_STATEMENT = 30_000;

async function insertRows(trx: Transaction<Database>, table: TableSpec, rows: readonly TableRow[]): Promise<void> {
  const perStatement = Math.floor(PARAMETERS_PER_STATEMENT / table.columns.length);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one loop over every table's columns
  const db = trx as unknown as Kysely<any>;
  for (let start = 0; start < rows.length; start += perStatement) {
    const values = rows.slice(start, start + perStatement).map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])));
    await db.insertInto(table.name).values(values).execute();
  }
}

function priceRows(rows: readonly TableRow[]): PriceRow[] {
  return rows.map(([ticker, date, close, adjustedClose, volume]) => ({ ticker, date, close, adjustedClose, volume }) as PriceRow);
}

async function writePrices(store: Store, trx: Transaction<Database>, rows: readonly TableRow[]): Promise<void> {
  const prices = priceRows(rows);
  const tickers = [...new Set(prices.map((r) => r.ticker))];
  if (store.dialect === "postgres") await writePostgresPrices(trx, prices, tickers, 20_000);
  // The transaction holds SQLite's one connection, so these direct calls run inside it.
  else writeSqlitePrices(store.sqlite, prices, tickers);
}

/** Moves each identity sequence past the ids copied in (PostgreSQL; SQLite's AUTOINCREMENT follows inserts). */
async function resetSequences(trx: Transaction<Database>): Promise<void> {
  for (const table of TABLES.filter((t) => t.identity)) {
    await sql`select setval(pg_get_serial_sequence(${table.name}, 'id'), coalesce(max(id), 1), max(id) is not null) from ${sql.table(table.name)}`.execute(trx);
  }
}

async function emptyTarget(trx: Transaction<Database>, force: boolean): Promise<void> {
  const counts = await tableCounts(trx);
  const occupied = Object.entries(counts).filter(([, n]) => n > 0);
  if (occupied.length === 0) return;
  if (!force) {
    throw new StoreError(
      "TARGET_NOT_EMPTY",
      `the target database is not empty (${occupied.map(([t, n]) => `${t}: ${n} rows`).join(", ")}); restore into an empty database or use --force to replace its contents`,
      { rows: Object.fromEntries(occupied) },
    );
  }
  for (const table of [...TABLES].reverse()) await trx.deleteFrom(table.name).execute();
}

/**
 * Restores `file` into `store`.
 * @throws StoreError `BACKUP_UNREADABLE`, `BACKUP_SCHEMA_MISMATCH` (a backup from another schema
 *   version), `TARGET_NOT_EMPTY` (without `force`).
 */
export async function restoreDatabase(store: Store, file: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const source = await openBackupSource(file);
  try {
    if (source.schemaVersion !== LATEST_SCHEMA_VERSION) {
      throw new StoreError(
        "BACKUP_SCHEMA_MISMATCH",
        `${file} has schema version ${source.schemaVersion ?? "(none)"}; this program restores ${LATEST_SCHEMA_VERSION}`,
        { file, schemaVersion: source.schemaVersion, expected: LATEST_SCHEMA_VERSION },
      );
    }
    await migrateToLatest(store.db);
    const rows: Record<string, number> = Object.fromEntries(TABLES.map((t) => [t.name, 0]));
    await store.db.transaction().execute(async (trx) => {
      if (store.dialect === "postgres") await lockPricesForWriting(trx);
      await emptyTarget(trx, options.force ?? false);
      for await (const batch of source.batches()) {
        if (batch.table.name === "prices") await writePrices(store, trx, batch.rows);
        else await insertRows(trx, batch.table, batch.rows);
        rows[batch.table.name] += batch.rows.length;
      }
      if (store.dialect === "postgres") await resetSequences(trx);
    });
    return { format: source.kind, schemaVersion: LATEST_SCHEMA_VERSION, rows };
  } finally {
    source.close();
  }
}
