/**
 * Security at the door: API keys (401 without, 403 wrong or revoked, 200 valid; /health and /docs
 * open), the rate limit (429 with Retry-After, per key), CORS (allowed origin echoed, others not),
 * security headers and request ids.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildApp } from "../../src/api/app.js";
import { connectRateLimitRedis, type RateLimitRedis } from "../../src/api/redis-rate-limit.js";
import { createJobRunner } from "../../src/jobs/index.js";
import { migrateToLatest, openDatabase } from "../../src/store/index.js";
import { forEachApiDialect, problem } from "./support.js";

forEachApiDialect("API keys", { dialects: ["sqlite", "postgres"], seed: false, app: { config: { auth: "required", rateLimitMax: 0 } } }, (fixture) => {
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  test("no key: 401 with a WWW-Authenticate challenge", async () => {
    const response = await fixture.app().inject({ url: "/api/v1/assets" });
    assert.equal(problem(response).code, "UNAUTHORIZED");
    assert.equal(response.statusCode, 401);
    assert.match(String(response.headers["www-authenticate"]), /^Bearer realm=/);
  });

  test("a header that is not Bearer: 401", async () => {
    const response = await fixture.app().inject({ url: "/api/v1/assets", headers: { authorization: "Basic dXNlcjpwdw==" } });
    assert.equal(response.statusCode, 401);
    assert.match(String(response.headers["www-authenticate"]), /invalid_request/);
  });

  test("a wrong key: 403", async () => {
    const { key } = await fixture.app().services.apiKeys.create("wrong-key test");
    const tampered = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    for (const candidate of [tampered, "pk_000000000000_" + "x".repeat(43), "not-a-key"]) {
      const response = await fixture.app().inject({ url: "/api/v1/assets", headers: bearer(candidate) });
      assert.equal(response.statusCode, 403, candidate);
      assert.equal(problem(response).code, "FORBIDDEN");
    }
  });

  test("a valid key: 200, and its use is recorded", async () => {
    const { key, apiKey } = await fixture.app().services.apiKeys.create("valid-key test");
    const response = await fixture.app().inject({ url: "/api/v1/assets", headers: bearer(key) });
    assert.equal(response.statusCode, 200, response.body);
    const listed = (await fixture.app().services.apiKeys.list()).find((k) => k.id === apiKey.id);
    assert.notEqual(listed?.lastUsedAt, null);
  });

  test("a revoked key: 403, at once, even right after it was used", async () => {
    const { key, apiKey } = await fixture.app().services.apiKeys.create("revoked-key test");
    assert.equal((await fixture.app().inject({ url: "/api/v1/assets", headers: bearer(key) })).statusCode, 200);
    await fixture.app().services.apiKeys.revoke(apiKey.id);
    const response = await fixture.app().inject({ url: "/api/v1/assets", headers: bearer(key) });
    assert.equal(response.statusCode, 403);
    assert.match(problem(response).detail, /revoked/);
  });

  test("/health and /docs stay open without a key", async () => {
    assert.equal((await fixture.app().inject({ url: "/health" })).statusCode, 200);
    assert.equal((await fixture.app().inject({ url: "/docs/json" })).statusCode, 200);
  });

  test("/metrics needs a key like the API", async () => {
    assert.equal((await fixture.app().inject({ url: "/metrics" })).statusCode, 401);
    const { key } = await fixture.app().services.apiKeys.create("metrics test");
    const response = await fixture.app().inject({ url: "/metrics", headers: bearer(key) });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /http_requests_total/);
  });
});

forEachApiDialect("API rate limit", { dialects: ["sqlite"], seed: false, app: { config: { auth: "required", rateLimitMax: 3, rateLimitWindowMs: 60_000 } } }, (fixture) => {
  test("the request past the limit gets 429 with Retry-After; another key has its own budget", async () => {
    const first = await fixture.app().services.apiKeys.create("limited 1");
    const second = await fixture.app().services.apiKeys.create("limited 2");
    const call = (key: string) => fixture.app().inject({ url: "/api/v1/portfolios", headers: { authorization: `Bearer ${key}` } });
    for (let i = 0; i < 3; i++) assert.equal((await call(first.key)).statusCode, 200);
    const limited = await call(first.key);
    assert.equal(limited.statusCode, 429);
    assert.equal(problem(limited).code, "RATE_LIMITED");
    const retryAfter = Number(limited.headers["retry-after"]);
    assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${limited.headers["retry-after"]}`);
    assert.equal((await call(second.key)).statusCode, 200);
  });

  test("/health is never rate-limited", async () => {
    for (let i = 0; i < 6; i++) assert.equal((await fixture.app().inject({ url: "/health" })).statusCode, 200);
  });
});

forEachApiDialect("API CORS and headers", { dialects: ["sqlite"], seed: false, app: { config: { corsOrigins: ["https://allowed.example"] } } }, (fixture) => {
  test("an allowed origin is echoed", async () => {
    const response = await fixture.app().inject({ url: "/api/v1/portfolios", headers: { origin: "https://allowed.example" } });
    assert.equal(response.headers["access-control-allow-origin"], "https://allowed.example");
  });

  test("another origin gets no CORS header", async () => {
    const response = await fixture.app().inject({ url: "/api/v1/portfolios", headers: { origin: "https://evil.example" } });
    assert.equal(response.headers["access-control-allow-origin"], undefined);
  });

  test("a preflight from the allowed origin lists the methods and headers", async () => {
    const response = await fixture.app().inject({
      method: "OPTIONS",
      url: "/api/v1/optimize",
      headers: { origin: "https://allowed.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers["access-control-allow-origin"], "https://allowed.example");
    assert.match(String(response.headers["access-control-allow-headers"]), /Authorization/i);
  });

  test("security headers and a request id on every answer", async () => {
    const response = await fixture.app().inject({ url: "/health", headers: { "x-request-id": "trace-42" } });
    assert.equal(response.headers["x-content-type-options"], "nosniff");
    assert.ok(response.headers["content-security-policy"]);
    assert.equal(response.headers["x-request-id"], "trace-42");
    const fresh = await fixture.app().inject({ url: "/health", headers: { "x-request-id": "bad id with spaces" } });
    assert.match(String(fresh.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
  });
});

describe("API rate limit shared through Redis", () => {
  const url = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  let redis: RateLimitRedis | undefined;
  let unavailable: string | false = false;
  before(async () => {
    try {
      redis = await connectRateLimitRedis(url);
    } catch (error) {
      unavailable = `Redis is not reachable at ${url} (${(error as Error).message})`;
    }
  });
  after(async () => redis?.quit());

  test("two app instances on one Redis share one budget", async (t) => {
    if (unavailable !== false || redis === undefined) return t.skip(unavailable || "no Redis");
    const store = await openDatabase("sqlite::memory:");
    await migrateToLatest(store.db);
    const jobs = await createJobRunner({ store, handlers: {} });
    // A fresh bucket per run: the window counts survive in Redis between runs.
    const config = { rateLimitMax: 3, rateLimitWindowMs: 60_000 };
    const apps = [await buildApp({ store, jobs, logger: false, config, rateLimitRedis: redis }), await buildApp({ store, jobs, logger: false, config, rateLimitRedis: redis })];
    const address = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await apps[i % 2].inject({ url: "/api/v1/portfolios", remoteAddress: address })).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    } finally {
      for (const app of apps) await app.close();
      await jobs.close();
      await store.close();
    }
  });
});
