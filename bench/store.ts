/**
 * Store: bulk price import and the aligned panel read back, on SQLite and PostgreSQL, for 500
 * tickers × 10 years of business days (1.26 M rows). Each of our fast paths runs next to the
 * straightforward Kysely version it replaced, on the same data in the same run:
 * - import: ours (SQLite: 50-row prepared upserts in one better-sqlite3 transaction; PostgreSQL:
 *   unnest of array literals, update-then-insert under a table lock) against Kysely's
 *   `insertInto().values(1,000 rows).onConflict(doUpdateSet)` in one transaction, timed on a tenth of
 *   the rows and scaled ×10 (marked ~);
 * - panel: ours (one row per ticker, dates and prices aggregated as text) against Kysely
 *   `selectFrom("prices")…orderBy(date, ticker)` with one object per price.
 * Each engine gets a fresh database: a temporary SQLite file, and a PostgreSQL database created from
 * BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) and dropped afterwards.
 *
 * Run alone with `npx tsx bench/store.ts`, or as a topic of `npm run bench`.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { backupDatabase } from "../src/store/backup.js";
import { openDatabase, type Store } from "../src/store/database.js";
import { migrateToLatest } from "../src/store/migrate.js";
import { createPriceRepository, type PriceRow } from "../src/store/price-repository.js";
import type { TargetCheck } from "./covariance.js";

const TICKERS = 500;
const DAYS = 2520;
const IMPORT_TARGET_MS = 10_000;
const PANEL_TARGET_MS = 1_000;
const BASELINE_FRACTION = 10;
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Row {
  readonly engine: string;
  readonly operation: string;
  readonly implementation: string;
  readonly ours: boolean;
  readonly ms: number;
  readonly rows: number;
  readonly estimated?: boolean;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function businessDays(count: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(2015, 0, 1); out.length < count; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** Seeded random walks (xorshift32), so every run imports the same numbers. */
function syntheticPrices(): PriceRow[] {
  let seed = 0x9e3779b9;
  const uniform = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const dates = businessDays(DAYS);
  const rows: PriceRow[] = [];
  for (let j = 0; j < TICKERS; j++) {
    const ticker = `T${String(j).padStart(3, "0")}`;
    let price = 20 + 200 * uniform();
    for (const date of dates) {
      price *= 1 + 0.02 * (uniform() - 0.5);
      rows.push({ ticker, date, close: price, adjustedClose: price * 0.98, volume: Math.floor(1e6 * uniform()) });
    }
  }
  return rows;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

async function kyselyImport(store: Store, rows: readonly PriceRow[]): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (let k = 0; k < rows.length; k += 1000) {
      await trx
        .insertInto("prices")
        .values(rows.slice(k, k + 1000).map((r) => ({ ticker: r.ticker, date: r.date, close: r.close, adjusted_close: r.adjustedClose, volume: r.volume })))
        .onConflict((oc) =>
          oc.columns(["ticker", "date"]).doUpdateSet((eb) => ({
            close: eb.ref("excluded.close"),
            adjusted_close: eb.ref("excluded.adjusted_close"),
            volume: eb.ref("excluded.volume"),
          })),
        )
        .execute();
    }
  });
}

async function kyselyPanel(store: Store, tickers: readonly string[]): Promise<number> {
  const rows = await store.db
    .selectFrom("prices")
    .select(["date", "ticker", "adjusted_close", "close"])
    .where("ticker", "in", [...tickers])
    .orderBy("date")
    .orderBy("ticker")
    .execute();
  const column = new Map(tickers.map((t, j) => [t, j]));
  const dates: string[] = [];
  for (const r of rows) if (dates[dates.length - 1] !== r.date) dates.push(r.date);
  const data = new Float64Array(dates.length * tickers.length).fill(NaN);
  let i = -1;
  let last = "";
  for (const r of rows) {
    if (r.date !== last) [i, last] = [i + 1, r.date];
    data[i * tickers.length + (column.get(r.ticker) as number)] = r.adjusted_close ?? r.close;
  }
  return dates.length;
}

async function benchEngine(engine: string, url: string, rows: readonly PriceRow[], results: Row[]): Promise<void> {
  const tickers = [...new Set(rows.map((r) => r.ticker))];
  const store = await openDatabase(url);
  try {
    await migrateToLatest(store.db);
    const repo = createPriceRepository(store);
    const fresh = await time(() => repo.upsertPrices(rows));
    results.push({ engine, operation: "import (new rows)", implementation: "ours: upsertPrices", ours: true, ms: fresh.ms, rows: rows.length });
    const again = await time(() => repo.upsertPrices(rows));
    results.push({ engine, operation: "import (same rows again)", implementation: "ours: upsertPrices", ours: true, ms: again.ms, rows: rows.length });
    const panels: number[] = [];
    for (let k = 0; k < 3; k++) panels.push((await time(() => repo.loadPanel({ tickers }))).ms);
    panels.sort((a, b) => a - b);
    results.push({ engine, operation: "panel 500 × 2520", implementation: "ours: loadPanel (median of 3)", ours: true, ms: panels[1], rows: rows.length });
    const baselinePanel = await time(() => kyselyPanel(store, tickers));
    results.push({ engine, operation: "panel 500 × 2520", implementation: "Kysely rows ordered by date, ticker", ours: false, ms: baselinePanel.ms, rows: rows.length });
    const csv = await time(() => repo.exportCsv());
    results.push({ engine, operation: "export CSV", implementation: "ours: exportCsv", ours: true, ms: csv.ms, rows: rows.length });
    const dir = mkdtempSync(join(tmpdir(), "portfolio-bench-"));
    try {
      const backup = await time(() => backupDatabase(store, join(dir, "backup")));
      results.push({ engine, operation: `backup (${backup.result.format})`, implementation: "ours: backupDatabase", ours: true, ms: backup.ms, rows: rows.length });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await repo.deletePrices();
    const part = rows.slice(0, Math.floor(rows.length / BASELINE_FRACTION));
    const baseline = await time(() => kyselyImport(store, part));
    results.push({
      engine,
      operation: "import (new rows)",
      implementation: `Kysely values(1000).onConflict, ${part.length} rows × ${BASELINE_FRACTION}`,
      ours: false,
      ms: baseline.ms * BASELINE_FRACTION,
      rows: rows.length,
      estimated: true,
    });
  } finally {
    await store.close();
  }
}

async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    return `PostgreSQL not reachable at ${new URL(ADMIN_URL).host} (${(error as { code?: string }).code ?? String(error)}); set BENCH_POSTGRES_URL`;
  }
  const name = `portfolio_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

function printRows(rows: readonly Row[]): void {
  console.log(`${"engine".padEnd(10)}${"operation".padEnd(26)}${"implementation".padEnd(52)}${"time".padStart(10)}${"k rows/s".padStart(10)}${"theirs/ours".padStart(13)}`);
  for (const row of rows) {
    const ours = rows.find((r) => r.ours && r.engine === row.engine && r.operation === row.operation);
    const ratio = !row.ours && ours !== undefined ? `${(row.ms / ours.ms).toFixed(1)}×` : "";
    console.log(
      `${row.engine.padEnd(10)}${row.operation.padEnd(26)}${row.implementation.padEnd(52)}` +
        `${((row.estimated ? "~" : "") + formatMs(row.ms)).padStart(10)}${(row.rows / row.ms).toFixed(0).padStart(10)}${ratio.padStart(13)}`,
    );
  }
}

export async function benchStore(): Promise<TargetCheck[]> {
  console.log(`Store: ${TICKERS} tickers × ${DAYS} business days = ${(TICKERS * DAYS).toLocaleString("en")} price rows (seeded random walks)`);
  const rows = syntheticPrices();
  const results: Row[] = [];
  const sqliteDir = mkdtempSync(join(tmpdir(), "portfolio-bench-db-"));
  try {
    await benchEngine("sqlite", `sqlite:${join(sqliteDir, "bench.db")}`, rows, results);
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }
  const postgres = await postgresDatabase();
  if (typeof postgres === "string") {
    console.log(`  postgres skipped: ${postgres}`);
  } else {
    try {
      await benchEngine("postgres", postgres.url, rows, results);
    } finally {
      await postgres.drop();
    }
  }
  printRows(results);
  console.log();
  const checks: TargetCheck[] = [];
  for (const engine of ["sqlite", "postgres"]) {
    const load = results.find((r) => r.engine === engine && r.ours && r.operation === "import (new rows)");
    const panel = results.find((r) => r.engine === engine && r.ours && r.operation.startsWith("panel"));
    if (load !== undefined) checks.push({ pass: load.ms < IMPORT_TARGET_MS, text: `store ${engine}: import 1.26 M price rows < 10 s (${formatMs(load.ms)})` });
    if (panel !== undefined) checks.push({ pass: panel.ms < PANEL_TARGET_MS, text: `store ${engine}: aligned panel 500 × 2520 < 1 s (${formatMs(panel.ms)})` });
  }
  return checks;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const checks = await benchStore();
  console.log("Targets:");
  for (const check of checks) console.log(`  ${check.pass ? "PASS" : "MISS"}  ${check.text}`);
}
