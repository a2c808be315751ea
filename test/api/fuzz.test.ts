/**
 * Fuzzing the two bodies most exposed to clients: every field of a valid optimize or backtest body
 * replaced by random JSON (and random extra fields) must give a status below 500, and every error a
 * problem+json body. fast-check's seed is fixed by test/support/fast-check-setup.ts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { forEachApiDialect } from "./support.js";

const OPTIMIZE = {
  tickers: ["AAPL", "MSFT", "KO"],
  start: "2020-01-01",
  end: "2022-12-31",
  expectedReturns: { kind: "meanHistorical" },
  riskModel: { kind: "ledoitWolf" },
  model: { kind: "maxSharpe" },
  constraints: { bounds: [0, 0.6] },
  riskFreeRate: 0.02,
};

const BACKTEST = {
  tickers: ["AAPL", "MSFT", "KO"],
  models: [{ kind: "minVolatility" }],
  rebalance: "monthly",
  lookback: 252,
  costBps: 10,
  benchmark: "JNJ",
  start: "2020-01-01",
  end: "2022-12-31",
};

/** Random JSON, plus the awkward values a client might send in its place. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("NaN", "Infinity", "-1e400", "", null, [], {}, -0, 1e308, "2020-13-45", "AAPL"),
);

/** A valid body with some fields replaced by random values and possibly an extra one. */
function mutated(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  return fc
    .tuple(fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 3 }), fc.option(fc.tuple(fc.string({ maxLength: 8 }), anyValue)))
    .map(([replacements, extra]) => ({ ...base, ...replacements, ...(extra === null ? {} : { [extra[0]]: extra[1] }) }));
}

forEachApiDialect("API fuzz", { dialects: ["sqlite"] }, (fixture) => {
  for (const [name, url, base] of [
    ["optimize", "/api/v1/optimize", OPTIMIZE],
    ["backtest", "/api/v1/backtests", BACKTEST],
  ] as const) {
    test(`random ${name} bodies give a status < 500 and problem+json errors`, async () => {
      await fc.assert(
        fc.asyncProperty(mutated(base), async (body) => {
          const response = await fixture.app().inject({ method: "POST", url, payload: body });
          assert.ok(response.statusCode < 500, `${response.statusCode} for ${JSON.stringify(body).slice(0, 300)}: ${response.body.slice(0, 300)}`);
          if (response.statusCode >= 400) assert.match(String(response.headers["content-type"]), /^application\/problem\+json/);
        }),
        { numRuns: 150 },
      );
    });
  }

  test("random JSON documents as the whole body give a status < 500", async () => {
    await fc.assert(
      fc.asyncProperty(anyValue, async (body) => {
        const response = await fixture.app().inject({ method: "POST", url: "/api/v1/optimize", payload: JSON.stringify(body), headers: { "content-type": "application/json" } });
        assert.ok(response.statusCode < 500, `${response.statusCode} for ${JSON.stringify(body)}: ${response.body.slice(0, 300)}`);
        assert.match(String(response.headers["content-type"]), /^application\/problem\+json/);
      }),
      { numRuns: 100 },
    );
  });
});
