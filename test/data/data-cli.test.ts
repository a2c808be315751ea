/**
 * `portfolio data …` end to end on a SQLite file in a temporary directory, with Yahoo replayed by a
 * local server (PORTFOLIO_YAHOO_URL) and Stooq pointed at a closed port: no internet. The command is
 * registered on a bare program here, as main.ts will register it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Command } from "commander";
import { registerData } from "../../src/cli/commands/data.js";
import { EXIT_OK, reportError } from "../../src/cli/exit-codes.js";
import { referencePrices, yahooChartHandler } from "./support/provider-fixtures.js";
import { refusedUrl, startReplayServer, type ReplayServer } from "./support/replay-server.js";

async function runData(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const program = new Command("portfolio")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`portfolio: ${text.trim()}\n`) })
    .exitOverride();
  registerData(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  try {
    await program.parseAsync(["node", "portfolio", ...args]);
    return { code: EXIT_OK, stdout, stderr };
  } catch (error) {
    return { code: reportError(error, (line) => io.stderr(`${line}\n`)), stdout, stderr };
  }
}

describe("portfolio data", () => {
  let dir: string;
  let yahoo: ReplayServer;
  const saved = { ...process.env };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "allocator-data-cli-"));
    yahoo = await startReplayServer(yahooChartHandler({ AAPL: referencePrices("AAPL", "2017-01-01", "2018-04-11"), SBUX: referencePrices("SBUX", "2017-01-01", "2018-04-11") }));
    process.env.DATABASE_URL = `sqlite:${join(dir, "portfolio.db")}`;
    process.env.PORTFOLIO_YAHOO_URL = yahoo.url;
    process.env.PORTFOLIO_STOOQ_URL = await refusedUrl();
  });
  after(async () => {
    process.env = saved;
    await yahoo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("list: loads the sample data on first start and lists the 21 assets", async () => {
    const run = await runData("data", "list");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /first start: loaded the bundled sample data \(21 assets, 174573 prices/);
    const lines = run.stdout.trim().split("\n");
    assert.equal(lines.length, 21);
    assert.equal(lines[0], "AAPL\tApple Inc., Information Technology\t1990-01-02 … 2022-12-28\t8313 rows");
    const again = await runData("data", "list", "--json");
    assert.equal(again.stderr, "");
    assert.equal((JSON.parse(again.stdout) as unknown[]).length, 21);
  });

  it("import: a file, then the same file again (idempotent), then a bad one (exit 2, line named)", async () => {
    const good = join(dir, "mine.csv");
    writeFileSync(good, "date,MINE\n2024-01-02,10\n2024-01-03,10.5\n");
    assert.equal((await runData("data", "import", good)).stdout, `imported ${good}: 1 tickers, 2 rows (2 new, 0 updated), 2024-01-02 … 2024-01-03\n`);
    assert.match((await runData("data", "import", good)).stdout, /2 rows \(0 new, 2 updated\)/);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "date,MINE\n2024-01-04,11\n2024-01-05,oops\n");
    const run = await runData("data", "import", bad);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, `portfolio: error [MALFORMED_PRICE_FILE]: ${bad} line 3, column 2 (MINE): 'oops' is not a number\n`);
  });

  it("fetch: downloads what is missing, then nothing", async () => {
    yahoo.requests.length = 0;
    const first = await runData("data", "fetch", "AAPL", "--start", "2017-03-01", "--end", "2017-03-31", "--provider", "yahoo");
    assert.equal(first.code, 0, first.stderr);
    // AAPL's sample history ends 2022-12-28, so March 2017 is already stored: no request.
    assert.match(first.stdout, /^AAPL: already stored \(1990-01-02 … 2022-12-28\), nothing to fetch\n$/);
    assert.equal(yahoo.requests.length, 0);
    // SBUX is not in the sample: January 2018 comes from the replayed Yahoo Finance.
    const sbux = await runData("data", "fetch", "SBUX", "--start", "2018-01-01", "--end", "2018-01-31", "--provider", "yahoo");
    assert.equal(sbux.stdout, "SBUX: 21 rows from Yahoo Finance (21 new, 0 updated) for 2018-01-01 … 2018-01-31\n");
    assert.equal(yahoo.requests.length, 1);
    const cached = await runData("data", "fetch", "SBUX", "--start", "2018-01-02", "--end", "2018-01-31", "--provider", "yahoo");
    assert.equal(cached.stdout, "SBUX: already stored (2018-01-02 … 2018-01-31), nothing to fetch\n");
    assert.equal(yahoo.requests.length, 1);
    const fresh = await runData("data", "fetch", "MINE2", "--start", "2017-03-01", "--end", "2017-03-31", "--provider", "yahoo");
    assert.equal(fresh.code, 2);
    assert.match(fresh.stderr, /^portfolio: error \[UNKNOWN_TICKER\]: Yahoo Finance does not know ticker MINE2/);
  });

  it("fetch: offline is one clear line and exit 2", async () => {
    process.env.PORTFOLIO_YAHOO_URL = process.env.PORTFOLIO_STOOQ_URL;
    try {
      const run = await runData("data", "fetch", "NEWCO", "--start", "2017-03-01", "--end", "2017-03-31");
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^portfolio: error \[PROVIDER_UNAVAILABLE\]: could not reach Yahoo Finance or Stooq \(offline\?\): .*ECONNREFUSED/);
      assert.equal(run.stderr.trim().split("\n").length, 1);
    } finally {
      process.env.PORTFOLIO_YAHOO_URL = yahoo.url;
    }
  });

  it("export: a wide CSV of the chosen tickers and dates, to stdout or a file", async () => {
    const run = await runData("data", "export", "--tickers", "AAPL,SP500", "--start", "2022-12-27", "--end", "2022-12-28");
    assert.equal(run.code, 0, run.stderr);
    const [header, ...rows] = run.stdout.trim().split("\n");
    assert.equal(header, "date,AAPL,SP500");
    assert.deepEqual(rows.map((r) => r.split(",")[0]), ["2022-12-27", "2022-12-28"]);
    const out = join(dir, "out.csv");
    assert.equal((await runData("data", "export", "--tickers", "MINE", "--output", out)).stdout, `wrote ${out}: 2 rows\n`);
    assert.equal(readFileSync(out, "utf8"), "date,MINE\n2024-01-02,10\n2024-01-03,10.5\n");
    assert.equal((await runData("data", "export", "--format", "xlsx")).code, 2);
  });
});
