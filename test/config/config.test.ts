/**
 * Configuration: defaults, parsing, and a bad variable stopping the start with one line that names
 * it (and never prints a password from a URL).
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ConfigError, loadConfig, loadEnvFile } from "../../src/config/index.js";

test("defaults: development, auth off, SQLite, 2000 assets", () => {
  const config = loadConfig({});
  assert.deepEqual(
    [config.port, config.host, config.auth, config.databaseUrl, config.maxAssets, config.rateLimitMax, config.trustProxy],
    [3000, "127.0.0.1", "off", "sqlite:./data/portfolio.db", 2000, 600, false],
  );
});

test("AUTH defaults to required in production", () => {
  assert.equal(loadConfig({ NODE_ENV: "production" }).auth, "required");
  assert.equal(loadConfig({ NODE_ENV: "production", AUTH: "off" }).auth, "off");
});

test("values are parsed: lists, durations, proxies", () => {
  const config = loadConfig({
    CORS_ORIGINS: "https://a.example, http://localhost:5173",
    RATE_LIMIT_WINDOW: "2m",
    TRUST_PROXY: "10.0.0.0/8,127.0.0.1",
    PORT: "8080",
    REDIS_URL: "redis://localhost:6379",
    BODY_LIMIT: "4096",
  });
  assert.deepEqual(config.corsOrigins, ["https://a.example", "http://localhost:5173"]);
  assert.equal(config.rateLimitWindowMs, 120_000);
  assert.deepEqual(config.trustProxy, ["10.0.0.0/8", "127.0.0.1"]);
  assert.equal(config.port, 8080);
  assert.equal(config.redisUrl, "redis://localhost:6379");
  assert.equal(loadConfig({ TRUST_PROXY: "2" }).trustProxy, 2);
  assert.equal(loadConfig({ TRUST_PROXY: "true" }).trustProxy, true);
});

test("blank variables count as unset", () => {
  assert.equal(loadConfig({ PORT: "  ", AUTH: "" }).port, 3000);
});

const bad: [string, string, RegExp][] = [
  ["PORT", "http", /PORT must be an integer from 0 to 65535/],
  ["PORT", "70000", /PORT/],
  ["AUTH", "yes", /AUTH must be required or off/],
  ["CORS_ORIGINS", "https://a.example/path", /CORS_ORIGINS must be a comma-separated list of origins/],
  ["RATE_LIMIT_MAX", "-5", /RATE_LIMIT_MAX/],
  ["RATE_LIMIT_WINDOW", "soon", /RATE_LIMIT_WINDOW must be a duration/],
  ["BODY_LIMIT", "12", /BODY_LIMIT/],
  ["TRUST_PROXY", "a proxy", /TRUST_PROXY/],
  ["LOG_LEVEL", "loud", /LOG_LEVEL must be one of/],
  ["MAX_ASSETS", "0", /MAX_ASSETS/],
  ["DATABASE_URL", "mysql://root:hunter2@db/x", /DATABASE_URL must start with sqlite: or postgres:\/\//],
  ["REDIS_URL", "localhost:6379", /REDIS_URL must be a redis:\/\//],
];

for (const [name, value, message] of bad) {
  test(`${name}=${JSON.stringify(value)} stops the start with one line naming ${name}`, () => {
    assert.throws(
      () => loadConfig({ PORT: "3000", [name]: value }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.variable, name);
        assert.match(error.message, message);
        assert.match(error.message, /^invalid configuration: /);
        assert.doesNotMatch(error.message, /\n/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  });
}

test("a .env file fills in variables not already set", () => {
  const dir = mkdtempSync(join(tmpdir(), "portfolio-env-"));
  const file = join(dir, ".env");
  writeFileSync(file, "PORTFOLIO_TEST_FROM_FILE=file\nPORTFOLIO_TEST_KEPT=file\n");
  process.env.PORTFOLIO_TEST_KEPT = "environment";
  try {
    assert.equal(loadEnvFile(file), true);
    assert.equal(process.env.PORTFOLIO_TEST_FROM_FILE, "file");
    assert.equal(process.env.PORTFOLIO_TEST_KEPT, "environment");
    assert.equal(loadEnvFile(join(dir, "missing.env")), false);
  } finally {
    delete process.env.PORTFOLIO_TEST_FROM_FILE;
    delete process.env.PORTFOLIO_TEST_KEPT;
  }
});
