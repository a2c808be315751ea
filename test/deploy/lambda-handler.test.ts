/**
 * The Lambda handler answers API Gateway HTTP API (payload format 2.0) events stored under
 * test/deploy/events/ — a load balancer's health check, an optimization on the stored sample prices
 * and a malformed request (its body base64-encoded, as API Gateway sends some bodies) — the way the
 * Lambda runtime calls it: the exported function, an event and a context, one after another in one
 * warm container.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createPriceRepository } from "../../src/store/price-repository.js";
import { loadSampleData } from "../../src/data/sample-data.js";
import { createLambdaApp, type LambdaApp } from "../../src/lambda/index.js";
import { openDatabase } from "../../src/store/database.js";
import { migrateToLatest } from "../../src/store/migrate.js";
import { projectPath } from "../support/reference.js";

type ProxyEvent = { headers: Record<string, string>; requestContext: { requestId: string; http: Record<string, unknown> } } & Record<string, unknown>;
const event = (name: string): ProxyEvent => JSON.parse(readFileSync(projectPath("test", "deploy", "events", `${name}.json`), "utf8")) as ProxyEvent;

/** The health event sent to another path (a GET as API Gateway forwards it). */
function getEvent(path: string): ProxyEvent {
  const base = event("health");
  return { ...base, rawPath: path, requestContext: { ...base.requestContext, http: { ...base.requestContext.http, path } } };
}

/** What the Lambda runtime passes beside the event (the handler must not depend on more). */
const context = {
  functionName: "portfolio-api",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-central-1:123456789012:function:portfolio-api",
  memoryLimitInMB: "1024",
  awsRequestId: "8f5e2a4c-3b1d-4e6f-9a7b-0c1d2e3f4a5b",
  logGroupName: "/aws/lambda/portfolio-api",
  logStreamName: "2025/11/25/[$LATEST]0123456789abcdef",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 29_000,
};

describe("AWS Lambda handler (API Gateway v2 events)", () => {
  let dir = "";
  let databaseUrl = "";
  let lambda: LambdaApp;
  let guarded: LambdaApp;

  before(async () => {
    // The deploy step's work (`portfolio migrate`, an import) done beforehand: the handler migrates nothing.
    dir = mkdtempSync(join(tmpdir(), "portfolio-lambda-"));
    databaseUrl = `sqlite:${join(dir, "portfolio.db")}`;
    const store = await openDatabase(databaseUrl);
    await migrateToLatest(store.db);
    await loadSampleData(createPriceRepository(store));
    await store.close();
    const env = { DATABASE_URL: databaseUrl, NODE_ENV: "production", LOG_LEVEL: "silent" };
    lambda = createLambdaApp({ env: { ...env, AUTH: "off" } });
    guarded = createLambdaApp({ env });
  });
  after(async () => {
    await lambda?.close();
    await guarded?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("health: 200 with the database up and the queue mode", async () => {
    const result = await lambda.handler(event("health"), context);
    assert.equal(result.statusCode, 200, result.body);
    assert.match(result.headers["content-type"], /^application\/json/);
    const body = JSON.parse(result.body) as { status: string; database: string; queueMode: string };
    assert.equal(body.status, "ok");
    assert.equal(body.database, "ok");
    assert.equal(body.queueMode, "in-process", "no REDIS_URL: jobs wait in the table, none run here");
    // The request id follows API Gateway's, so a log line can be found from either side.
    assert.ok(result.headers["x-request-id"] !== undefined);
  });

  test("optimize on the stored sample prices: weights that sum to 1, saved as a run", async () => {
    const result = await lambda.handler(event("optimize"), context);
    assert.equal(result.statusCode, 200, result.body);
    const body = JSON.parse(result.body) as { runId: number; tickers: string[]; weights: Record<string, number>; model: unknown };
    assert.deepEqual(body.tickers, ["AAPL", "KO", "XOM", "JNJ"]);
    const weights = Object.values(body.weights);
    // Solver output: the budget constraint holds to the solver's tolerance (1e-6 absolute).
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-6, JSON.stringify(body.weights));
    assert.ok(weights.every((w) => w >= -1e-9 && w <= 1 + 1e-9), JSON.stringify(body.weights));
    // The run is stored: the same warm container reads it back.
    const read = await lambda.handler(getEvent(`/api/v1/results/${body.runId}`), context);
    assert.equal(read.statusCode, 200, read.body);
  });

  test("a malformed request: 400 problem+json naming the field, no stack trace", async () => {
    const bad = event("optimize-bad-request");
    assert.equal(bad.isBase64Encoded, true);
    const result = await lambda.handler(bad, context);
    assert.equal(result.statusCode, 400, result.body);
    assert.match(result.headers["content-type"], /^application\/problem\+json/);
    const problem = JSON.parse(result.body) as { status: number; title: string; detail: string; code: string };
    assert.equal(problem.status, 400);
    assert.match(problem.detail, /tickers/);
    assert.doesNotMatch(result.body, /\bat .+\.(js|ts):\d+/, "no stack trace reaches a client");
  });

  test("production defaults: without a key the API answers 401, /health stays open", async () => {
    const denied = await guarded.handler(event("optimize"), context);
    assert.equal(denied.statusCode, 401, denied.body);
    assert.match(denied.headers["content-type"], /^application\/problem\+json/);
    assert.equal((await guarded.handler(event("health"), context)).statusCode, 200);
  });

  test("a failed cold start fails that event only: the next event starts again", async () => {
    // The database's directory is blocked by a file, so opening fails until it is removed.
    const blocked = join(dir, "blocked");
    writeFileSync(blocked, "");
    const flaky = createLambdaApp({ env: { DATABASE_URL: `sqlite:${join(blocked, "portfolio.db")}`, AUTH: "off", LOG_LEVEL: "silent" } });
    try {
      await assert.rejects(flaky.handler(event("health"), context), /DATABASE_UNAVAILABLE|cannot open SQLite/);
      rmSync(blocked);
      const result = await flaky.handler(event("health"), context);
      assert.equal(result.statusCode, 200, result.body);
    } finally {
      await flaky.close();
    }
  });
});
