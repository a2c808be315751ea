import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { projectPath } from "../support/reference.js";

describe("portfolio worker", () => {
  it("exits 2 with one line naming REDIS_URL when no Redis is configured", () => {
    const env = { ...process.env };
    delete env.REDIS_URL;
    const run = spawnSync(process.execPath, ["--import", "tsx", projectPath("src/jobs/worker-main.ts"), "--concurrency", "2"], {
      cwd: projectPath("."),
      env,
      encoding: "utf8",
    });
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /^portfolio: error \[INVALID_ARGUMENT\]: portfolio worker needs REDIS_URL \(or --redis-url\)[^\n]*\n$/);
  });

  it("refuses a concurrency that is not a positive integer", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", projectPath("src/jobs/worker-main.ts"), "--concurrency", "0"], {
      cwd: projectPath("."),
      env: { ...process.env, REDIS_URL: "redis://127.0.0.1:1" },
      encoding: "utf8",
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /--concurrency/);
  });
});
