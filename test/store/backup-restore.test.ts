/**
 * Backup and restore across engines. The acceptance round trip: import the reference price file,
 * back up, restore into the other engine, export — the CSV is byte-identical to the export before.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { readPriceFile } from "../../src/data/index.js";
import { backupDatabase } from "../../src/store/backup.js";
import { openDatabase, type Store } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { createPortfolioRepository } from "../../src/store/portfolio-repository.js";
import { formatWideCsv } from "../../src/store/price-csv.js";
import { createPriceRepository } from "../../src/store/price-repository.js";
import { createJobRepository } from "../../src/store/job-repository.js";
import { createResultRepository } from "../../src/store/result-repository.js";
import { restoreDatabase } from "../../src/store/restore.js";
import { tablePages } from "../../src/store/table-reader.js";
import { TABLES } from "../../src/store/tables.js";
import { referencePath } from "../support/reference.js";
import { createTestDatabase, DIALECTS, skipReason, type TestDatabase, type TestDialect } from "./databases.js";
import { days, panelToRows, row } from "./price-rows.js";

const reference = await readPriceFile(referencePath("data", "stock_prices.csv"));
const workDir = mkdtempSync(join(tmpdir(), "portfolio-backup-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

const opened: { store: Store; database: TestDatabase }[] = [];
after(async () => {
  for (const { store, database } of opened) {
    await store.close();
    await database.drop();
  }
});

async function freshStore(dialect: TestDialect, migrate = true): Promise<Store> {
  const database = await createTestDatabase(dialect);
  const store = await openDatabase(database.url);
  opened.push({ store, database });
  if (migrate) await migrateToLatest(store.db);
  return store;
}

/** A store holding the reference prices and one record of every other kind. */
async function populatedStore(dialect: TestDialect): Promise<Store> {
  const store = await freshStore(dialect);
  await createPriceRepository(store).upsertPrices(panelToRows(reference));
  await createPriceRepository(store).upsertAssets([{ ticker: "AAPL", name: "Apple Inc.", currency: "USD", exchange: "NASDAQ", sector: "Technology" }]);
  const portfolio = await createPortfolioRepository(store).create({ name: "tech, \"quoted\" ünïcode", tickers: ["AAPL", "GOOG"], constraints: { maxWeight: 0.6 }, notes: "line 1\nline 2" });
  await createPortfolioRepository(store).create({ name: "second", tickers: ["XOM"] });
  const results = createResultRepository(store);
  await results.saveOptimization({
    portfolioId: portfolio.id,
    model: "maxSharpe",
    parameters: { model: { kind: "maxSharpe" }, riskFreeRate: 0.02 },
    weights: { AAPL: 0.6, GOOG: 0.4 },
    metrics: { expectedReturn: 0.1 + 0.2, volatility: 1 / 3 },
    programVersion: "0.1.0",
    panelHash: "sha256:abc",
  });
  await results.saveBacktest({
    portfolioId: portfolio.id,
    parameters: { rebalance: "monthly" },
    sharpe: 1.25,
    maxDrawdown: -0.31,
    winRate: null,
    metrics: { cagr: 0.08 },
    series: { dates: ["2024-01-02"], equity: [1] },
    programVersion: "0.1.0",
    panelHash: "sha256:def",
  });
  const jobs = createJobRepository(store);
  const job = await jobs.create({ kind: "optimize", parameters: { portfolioId: portfolio.id } });
  await jobs.update(job.id, { status: "failed", error: { code: "INFEASIBLE_CONSTRAINTS", message: "no" }, attempts: 2, progress: 0.5 });
  return store;
}

async function allRows(store: Store): Promise<Record<string, unknown[][]>> {
  const tables: Record<string, unknown[][]> = {};
  for (const table of TABLES) {
    tables[table.name] = [];
    for await (const page of tablePages(store.db, table)) tables[table.name].push(...page.map((r) => [...r]));
  }
  return tables;
}

let fileNumber = 0;
const nextFile = (ext: string): string => join(workDir, `backup-${++fileNumber}.${ext}`);

const pairs = DIALECTS.flatMap((from) => DIALECTS.map((to) => [from, to] as const));
for (const [from, to] of pairs) {
  describe(`backup of ${from}, restore into ${to}`, { skip: skipReason(from) || skipReason(to) }, () => {
    let source: Store;
    before(async () => {
      source = await populatedStore(from);
    });

    it("round-trips the reference prices to a byte-identical CSV, and every other row unchanged", async () => {
      const csvBefore = await createPriceRepository(source).exportCsv();
      // The store's export is the file's own panel, written the same way: nothing was lost on import.
      assert.equal(await createPriceRepository(source).exportCsv({ tickers: reference.tickers }), formatWideCsv(reference));
      const backup = await backupDatabase(source, nextFile(from === "sqlite" ? "sqlite" : "jsonl.gz"));
      assert.equal(backup.format, from === "sqlite" ? "sqlite" : "dump");
      assert.equal(backup.rows.prices, panelToRows(reference).length);

      const target = await freshStore(to, false);
      const report = await restoreDatabase(target, backup.file);
      assert.deepEqual(report.rows, backup.rows);
      assert.equal(await createPriceRepository(target).exportCsv(), csvBefore);
      assert.deepEqual(await allRows(target), await allRows(source));

      // New ids continue after the restored ones.
      const restored = await createPortfolioRepository(target).list();
      const added = await createPortfolioRepository(target).create({ name: "after restore", tickers: [] });
      assert.ok(added.id > Math.max(...restored.map((p) => p.id)), `new id ${added.id} reuses a restored id`);
    });

    it("refuses a target that holds data, and replaces it with --force", async () => {
      const backup = await backupDatabase(source, nextFile("bak"), { format: from === "sqlite" ? "sqlite" : "dump" });
      const target = await freshStore(to);
      await createPriceRepository(target).upsertPrices([row("OLD", "2024-01-02", 1)]);
      await assert.rejects(restoreDatabase(target, backup.file), (error: Error & { code?: string }) => {
        assert.equal(error.code, "TARGET_NOT_EMPTY");
        assert.match(error.message, /prices: 1 rows/);
        return true;
      });
      assert.equal((await createPriceRepository(target).dateRange("OLD"))?.rows, 1);
      await restoreDatabase(target, backup.file, { force: true });
      assert.equal(await createPriceRepository(target).dateRange("OLD"), null);
      assert.deepEqual(await allRows(target), await allRows(source));
    });
  });
}

describe("backup files", () => {
  it("a SQLite store can also be dumped, and the dump restores", async () => {
    const source = await freshStore("sqlite");
    await createPriceRepository(source).upsertPrices([row("A", "2024-01-02", 1.5), row("B", "2024-01-03", 2.5, { volume: 10 })]);
    const backup = await backupDatabase(source, nextFile("jsonl.gz"), { format: "dump" });
    const target = await freshStore("sqlite", false);
    await restoreDatabase(target, backup.file);
    assert.deepEqual(await allRows(target), await allRows(source));
  });

  it("is consistent while imports run: a concurrent batch is in the backup entirely or not at all", async () => {
    for (const dialect of DIALECTS) {
      if (skipReason(dialect)) continue;
      const source = await freshStore(dialect);
      await createPriceRepository(source).upsertPrices([row("BASE", "2024-01-02", 1)]);
      const batch = days("1990-01-01", 1000).flatMap((d) => [0, 1, 2, 3, 4].map((k) => row(`NEW${k}`, d, k + 1)));
      const [backup] = await Promise.all([backupDatabase(source, nextFile("bak")), createPriceRepository(source).upsertPrices(batch)]);
      assert.ok([1, 5001].includes(backup.rows.prices), `${dialect}: ${backup.rows.prices} price rows in the backup`);
      const target = await freshStore("sqlite", false);
      const restored = await restoreDatabase(target, backup.file);
      assert.equal(restored.rows.prices, backup.rows.prices);
    }
  });

  it("refuses an existing file unless overwrite, and leaves no partial file behind", async () => {
    const source = await freshStore("sqlite");
    const file = nextFile("sqlite");
    await backupDatabase(source, file);
    await assert.rejects(backupDatabase(source, file), { code: "BACKUP_FILE_EXISTS" });
    await backupDatabase(source, file, { overwrite: true });
  });

  it("rejects what is not a complete backup: missing, not a backup, truncated dump", async () => {
    const target = await freshStore("sqlite");
    await assert.rejects(restoreDatabase(target, join(workDir, "missing.bak")), { code: "BACKUP_UNREADABLE", message: /no such file/ });
    const text = nextFile("txt");
    writeFileSync(text, "date,A\n2024-01-02,1\n");
    await assert.rejects(restoreDatabase(target, text), { code: "BACKUP_UNREADABLE", message: /neither a SQLite database nor a portfolio-opt dump/ });

    const foreignFile = nextFile("sqlite");
    const foreign = new BetterSqlite3(foreignFile);
    foreign.exec("create table prices (x)");
    foreign.close();
    await assert.rejects(restoreDatabase(target, foreignFile), { code: "BACKUP_UNREADABLE", message: /not one of ours/ });

    const source = await freshStore("sqlite");
    await createPriceRepository(source).upsertPrices([row("A", "2024-01-02", 1), row("A", "2024-01-03", 2)]);
    const dump = (await backupDatabase(source, nextFile("jsonl.gz"), { format: "dump" })).file;
    const lines = gunzipSync(readFileSync(dump)).toString("utf8").trimEnd().split("\n");
    const truncated = nextFile("jsonl.gz");
    writeFileSync(truncated, gzipSync(`${lines.slice(0, -1).join("\n")}\n`));
    await assert.rejects(restoreDatabase(target, truncated), { code: "BACKUP_UNREADABLE", message: /truncated/ });
    const wrongCount = nextFile("jsonl.gz");
    writeFileSync(wrongCount, gzipSync(`${lines.filter((l) => l !== '["A","2024-01-03",2,null,null]').join("\n")}\n`));
    await assert.rejects(restoreDatabase(target, wrongCount), { code: "BACKUP_UNREADABLE" });
    // Nothing of the failed restores reached the target.
    assert.equal(await createPriceRepository(target).exportCsv(), "date\n");
  });
});
