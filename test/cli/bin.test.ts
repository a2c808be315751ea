/**
 * The installed command: `bin/portfolio.js` runs the compiled CLI (built by `npm install`'s prepare
 * script and again before `npm test`), so what a user types is what is tested here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { projectPath, referencePath } from "../support/reference.js";

function portfolio(...args: string[]) {
  return spawnSync(process.execPath, [projectPath("bin", "portfolio.js"), ...args], { encoding: "utf8" });
}

test("bin/portfolio.js prints help and the version", () => {
  const help = portfolio("--help");
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: portfolio/);
  const version = portfolio("--version");
  assert.equal(version.status, 0);
  assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test("bin/portfolio.js stats --json prints one JSON object; bad input exits 2 with one stderr line", () => {
  const ok = portfolio("stats", "--prices", referencePath("data", "stock_prices.csv"), "--json", "--tickers", "AAPL,MA");
  assert.equal(ok.status, 0, ok.stderr);
  const body = JSON.parse(ok.stdout) as { tickers: string[] };
  assert.deepEqual(body.tickers, ["AAPL", "MA"]);
  const bad = portfolio("stats", "--prices", "no-such-file.csv");
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trimEnd().split("\n").length, 1);
  assert.doesNotMatch(bad.stderr, /at .*\.js:\d+/, "no stack trace");
});
