/**
 * The first schema: assets, prices, portfolios, run records (optimization and backtest results)
 * and jobs. Typed `Kysely<any>` and importing nothing from the app, so it keeps running unchanged
 * after the app's types move on. Types are chosen to read back identically on both engines (see
 * src/store/schema.ts).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- Kysely's migration guide: a migration sees the
   schema as it was when written, not the app's current types, so it is typed Kysely<any>. */
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from "kysely";

// Kysely has no engine-neutral auto-increment: PostgreSQL takes an identity column, SQLite an
// INTEGER PRIMARY KEY (AUTOINCREMENT so a deleted run's id is never handed out again). "By
// default" rather than "always" so a restore may insert the ids it read.
function identity(db: Kysely<any>): (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return (col) => (postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement());
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Keys compare bytewise on PostgreSQL, as SQLite's do, whatever the database's locale: the same
  // order on both engines, and cheaper comparisons in the (ticker, date) index.
  const key = postgres ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable("assets")
    .addColumn("ticker", key, (c) => c.primaryKey())
    .addColumn("name", "text")
    .addColumn("currency", "text")
    .addColumn("exchange", "text")
    .addColumn("sector", "text")
    .execute();

  // (ticker, date) is the key: it makes imports idempotent (ON CONFLICT) and serves both the
  // per-ticker range queries and the panel. On SQLite the table is clustered on it.
  let prices = db.schema
    .createTable("prices")
    .addColumn("ticker", key, (c) => c.notNull())
    .addColumn("date", key, (c) => c.notNull())
    .addColumn("close", "double precision", (c) => c.notNull())
    .addColumn("adjusted_close", "double precision")
    .addColumn("volume", "double precision")
    .addPrimaryKeyConstraint("prices_pkey", ["ticker", "date"])
    .addCheckConstraint("prices_date_iso", sql`length(date) = 10`)
    .addCheckConstraint("prices_close_positive", sql`close > 0`)
    .addCheckConstraint("prices_adjusted_close_positive", sql`adjusted_close is null or adjusted_close > 0`)
    .addCheckConstraint("prices_volume_non_negative", sql`volume is null or volume >= 0`);
  if (!postgres) prices = prices.modifyEnd(sql`without rowid`);
  await prices.execute();

  await db.schema
    .createTable("portfolios")
    .addColumn("id", "integer", identity(db))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("tickers", "text", (c) => c.notNull())
    .addColumn("constraints", "text", (c) => c.notNull())
    .addColumn("notes", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  // A run outlives its portfolio: deleting the portfolio keeps the record, unlinked.
  await db.schema
    .createTable("optimization_results")
    .addColumn("id", "integer", identity(db))
    .addColumn("portfolio_id", "integer", (c) => c.references("portfolios.id").onDelete("set null"))
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("parameters", "text", (c) => c.notNull())
    .addColumn("weights", "text", (c) => c.notNull())
    .addColumn("metrics", "text", (c) => c.notNull())
    .addColumn("program_version", "text", (c) => c.notNull())
    .addColumn("panel_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("backtest_results")
    .addColumn("id", "integer", identity(db))
    .addColumn("portfolio_id", "integer", (c) => c.references("portfolios.id").onDelete("set null"))
    .addColumn("parameters", "text", (c) => c.notNull())
    .addColumn("sharpe", "double precision")
    .addColumn("max_drawdown", "double precision")
    .addColumn("win_rate", "double precision")
    .addColumn("metrics", "text", (c) => c.notNull())
    .addColumn("series", "text", (c) => c.notNull())
    .addColumn("program_version", "text", (c) => c.notNull())
    .addColumn("panel_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("jobs")
    .addColumn("id", "integer", identity(db))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("progress", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("parameters", "text", (c) => c.notNull())
    .addColumn("result_ref", "text")
    .addColumn("error", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .execute();

  // The API lists a portfolio's runs newest first, all runs newest first, and jobs by status.
  await db.schema.createIndex("optimization_results_portfolio_created").on("optimization_results").columns(["portfolio_id", "created_at"]).execute();
  await db.schema.createIndex("optimization_results_created").on("optimization_results").column("created_at").execute();
  await db.schema.createIndex("backtest_results_portfolio_created").on("backtest_results").columns(["portfolio_id", "created_at"]).execute();
  await db.schema.createIndex("backtest_results_created").on("backtest_results").column("created_at").execute();
  await db.schema.createIndex("jobs_status_created").on("jobs").columns(["status", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["jobs", "backtest_results", "optimization_results", "portfolios", "prices", "assets"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
