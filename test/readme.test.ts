/**
 * The README's library example runs as written against the built package (resolved by its name,
 * `portfolio-opt`, as a user's project would), on a real price file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { projectPath, referencePath } from "./support/reference.js";

test("README library example runs against the built package", () => {
  const readme = readFileSync(projectPath("README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Library"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code, "README has a ts example under ## Library");
  const dir = mkdtempSync(join(tmpdir(), "portfolio-readme-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(projectPath(), join(dir, "node_modules", "portfolio-opt"), "dir");
  copyFileSync(referencePath("data", "stock_prices.csv"), join(dir, "prices.csv"));
  writeFileSync(join(dir, "example.mjs"), code);
  const run = spawnSync(process.execPath, ["example.mjs"], { cwd: dir, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /expectedReturn/);
  assert.match(run.stdout, /sharpe/);
});
