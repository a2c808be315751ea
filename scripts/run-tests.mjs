// Runs every test/**/*.test.ts with node's test runner (through tsx, so tests import the TypeScript
// sources directly). Node 20's `--test` takes no glob patterns, so the files are listed here.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function testFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (name.endsWith(".test.ts")) found.push(path);
  }
  return found;
}

const filters = process.argv.slice(2);
const files = testFiles("test").filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
const result = spawnSync(process.execPath, ["--import", "tsx", "--import", "./test/support/fast-check-setup.ts", "--test", "--test-concurrency=2", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
