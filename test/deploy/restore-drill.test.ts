/**
 * The disaster-recovery drill of docs/deploy.md, run for real: a `portfolio serve` on SQLite takes
 * writes (optimizations saved as runs, portfolios created) while `portfolio backup` copies its
 * database from another process; the copy is restored elsewhere with `portfolio restore`, and every
 * table's row count and checksum must match the backup's. The backup must be one consistent
 * snapshot: it holds every run written before it started and none that did not exist when it ended.
 * Then the same backup goes into PostgreSQL (`restore`), out again as a dump (`backup`) and back into
 * SQLite: the checksums still match, so nothing was lost or changed on the way through PostgreSQL.
 */
import assert from "node:assert/strict";
import BetterSqlite3 from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { TABLES } from "../../src/store/tables.js";
import { createTestDatabase, postgresUnavailable, type TestDatabase } from "../store/databases.js";
import { builtCliMissing, IN_CI, runPortfolio, skipUnless, startServe, type ChildServer } from "./support.js";

interface TableDigest {
  readonly rows: number;
  readonly sha256: string;
}

/**
 * Row count and SHA-256 of every table of a SQLite file, read with plain SQL (not with the store's
 * backup code under test): rows in key order, each row's values as JSON, one line per row.
 */
function digestSqlite(file: string): Record<string, TableDigest> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const out: Record<string, TableDigest> = {};
    for (const table of TABLES) {
      const hash = createHash("sha256");
      let rows = 0;
      const statement = db.prepare(`select ${table.columns.map((c) => `"${c}"`).join(", ")} from "${table.name}" order by ${table.key.map((k) => `"${k}"`).join(", ")}`).raw();
      for (const row of statement.iterate()) {
        hash.update(`${JSON.stringify(row)}\n`);
        rows += 1;
      }
      out[table.name] = { rows, sha256: hash.digest("hex") };
    }
    return out;
  } finally {
    db.close();
  }
}

const postJson = (base: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const UNIVERSES = [
  ["AAPL", "KO", "XOM"],
  ["MSFT", "JNJ", "PG", "WMT"],
  ["JPM", "PEP", "MRK"],
];

describe("restore drill: backup under load, restore elsewhere, compare every table", { skip: skipUnless(builtCliMissing(), "the restore drill") }, () => {
  const dir = mkdtempSync(join(tmpdir(), "portfolio-drill-"));
  const liveFile = join(dir, "live.db");
  const backupFile = join(dir, "backup.sqlite");
  let server: ChildServer | undefined;
  let base = "";
  let written = { beforeBackup: 0, afterBackup: 0 };
  /** Requests completed while the backup ran: proof that it ran under load. */
  let requestsDuringBackup = 0;
  let backupDigest: Record<string, TableDigest> = {};

  before(async () => {
    ({ server, base } = await startServe({ DATABASE_URL: `sqlite:${liveFile}`, AUTH: "off", RATE_LIMIT_MAX: "0", LOG_LEVEL: "warn" }));
    // Load: a few clients in a loop, each request a write (a saved run or a new portfolio).
    let completed = 0;
    let stop = false;
    const failures: string[] = [];
    const client = async (n: number) => {
      for (let i = 0; !stop; i += 1) {
        const tickers = UNIVERSES[(n + i) % UNIVERSES.length];
        const response =
          i % 4 === 3
            ? await postJson(base, "/api/v1/portfolios", { name: `drill ${n}-${i}`, tickers, notes: "written during the backup" })
            : await postJson(base, "/api/v1/optimize", { tickers, model: { kind: i % 2 === 0 ? "minVolatility" : "maxSharpe" } });
        if (response.status >= 300) failures.push(`${response.status} ${await response.text()}`);
        else await response.arrayBuffer();
        completed += 1;
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    // Let the load build up, then back up while it runs.
    while (completed < 40) await new Promise((resolve) => setTimeout(resolve, 10));
    const countRuns = () => {
      const db = new BetterSqlite3(liveFile, { readonly: true });
      try {
        return (db.prepare("select count(*) as n from optimization_results").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    written = { beforeBackup: countRuns(), afterBackup: 0 };
    const backupStarted = completed;
    const backup = await runPortfolio(["backup", backupFile, "--database-url", `sqlite:${liveFile}`]);
    written.afterBackup = countRuns();
    const duringBackup = completed;
    requestsDuringBackup = duringBackup - backupStarted;
    // A little more load after the backup, so the live database has moved on from it.
    while (completed < duringBackup + 20) await new Promise((resolve) => setTimeout(resolve, 10));
    stop = true;
    await Promise.all(clients);
    assert.equal(backup.code, 0, backup.stderr);
    assert.deepEqual(failures, [], "every request under load succeeded");
    backupDigest = digestSqlite(backupFile);
  });

  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the backup is a consistent snapshot taken under load", () => {
    const runs = backupDigest.optimization_results.rows;
    assert.ok(runs >= written.beforeBackup && runs <= written.afterBackup, `backup holds ${runs} runs; ${written.beforeBackup} before, ${written.afterBackup} after`);
    assert.ok(requestsDuringBackup > 0, "requests were answered while the backup ran");
    assert.ok(backupDigest.prices.rows > 10_000, "the sample prices are in the backup");
    assert.ok(backupDigest.portfolios.rows > 0);
    const live = digestSqlite(liveFile);
    assert.ok(live.optimization_results.rows > runs, "the live database moved on after the backup");
  });

  test("restored into another SQLite database: same row counts and checksums in every table", async () => {
    const target = join(dir, "restored.db");
    const restored = await runPortfolio(["restore", backupFile, "--database-url", `sqlite:${target}`]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.deepEqual(digestSqlite(target), backupDigest);
  });

  test("a restore into a database that holds data is refused without --force", async () => {
    const target = join(dir, "restored.db");
    const again = await runPortfolio(["restore", backupFile, "--database-url", `sqlite:${target}`]);
    assert.notEqual(again.code, 0);
    assert.deepEqual(digestSqlite(target), backupDigest, "the refused restore changed nothing");
  });

  describe("through PostgreSQL", { skip: postgresUnavailable !== undefined && !IN_CI ? postgresUnavailable : false }, () => {
    let database: TestDatabase | undefined;
    after(async () => database?.drop());

    test("SQLite backup → PostgreSQL → dump → SQLite: same counts and checksums", async () => {
      database = await createTestDatabase("postgres");
      const intoPostgres = await runPortfolio(["restore", backupFile, "--database-url", database.url]);
      assert.equal(intoPostgres.code, 0, intoPostgres.stderr);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        for (const table of TABLES) {
          const { rows } = await client.query<{ n: string }>(`select count(*) as n from "${table.name}"`);
          assert.equal(Number(rows[0].n), backupDigest[table.name].rows, `${table.name} rows in PostgreSQL`);
        }
      } finally {
        await client.end();
      }
      const dump = join(dir, "postgres.jsonl.gz");
      const dumped = await runPortfolio(["backup", dump, "--database-url", database.url]);
      assert.equal(dumped.code, 0, dumped.stderr);
      const back = join(dir, "from-postgres.db");
      const restored = await runPortfolio(["restore", dump, "--database-url", `sqlite:${back}`]);
      assert.equal(restored.code, 0, restored.stderr);
      assert.deepEqual(digestSqlite(back), backupDigest);
    });
  });
});
