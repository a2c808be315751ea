/**
 * Bad input never reaches the 500 branch: each case below is answered with the expected 4xx status
 * and code as application/problem+json (RFC 9457 fields, no stack trace).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { forEachApiDialect, problem } from "./support.js";

const optimize = (body: unknown) => ({ method: "POST" as const, url: "/api/v1/optimize", payload: body as object });
const good = { tickers: ["AAPL", "MSFT", "KO"], model: { kind: "maxSharpe" } };

interface Case {
  readonly name: string;
  readonly request: { method: "GET" | "POST" | "PATCH" | "DELETE"; url: string; payload?: string | object; headers?: Record<string, string> };
  readonly status: number;
  readonly code: string;
}

const cases: Case[] = [
  { name: "malformed JSON", request: { method: "POST", url: "/api/v1/optimize", payload: '{"tickers": [', headers: { "content-type": "application/json" } }, status: 400, code: "MALFORMED_JSON" },
  { name: "empty JSON body", request: { method: "POST", url: "/api/v1/optimize", payload: "", headers: { "content-type": "application/json" } }, status: 400, code: "MALFORMED_JSON" },
  { name: "tickers of the wrong type", request: optimize({ ...good, tickers: "AAPL" }), status: 400, code: "VALIDATION_FAILED" },
  { name: "a number given as text", request: optimize({ ...good, riskFreeRate: "0.02" }), status: 400, code: "VALIDATION_FAILED" },
  { name: '"NaN" where a number is expected', request: optimize({ ...good, riskFreeRate: "NaN" }), status: 400, code: "VALIDATION_FAILED" },
  { name: '"NaN" as a target', request: optimize({ ...good, model: { kind: "efficientRisk", targetVolatility: "NaN" } }), status: 400, code: "VALIDATION_FAILED" },
  { name: "unknown model", request: optimize({ ...good, model: { kind: "maxAlpha" } }), status: 400, code: "VALIDATION_FAILED" },
  { name: "unknown field", request: optimize({ ...good, tickerz: ["AAPL"] }), status: 400, code: "VALIDATION_FAILED" },
  { name: "unknown ticker", request: optimize({ ...good, tickers: ["AAPL", "NOPE"] }), status: 422, code: "UNKNOWN_ASSET" },
  { name: "unknown ticker in a group", request: optimize({ ...good, constraints: { groups: { Tech: ["AAPL", "NOPE"] } } }), status: 422, code: "UNKNOWN_ASSET" },
  { name: "10 000 assets", request: optimize({ ...good, tickers: Array.from({ length: 10_000 }, (_, i) => `T${i}`) }), status: 422, code: "TOO_MANY_ASSETS" },
  { name: "infeasible bounds", request: optimize({ ...good, constraints: { bounds: [0, 0.2] } }), status: 422, code: "INFEASIBLE_CONSTRAINTS" },
  { name: "target return out of reach", request: optimize({ ...good, model: { kind: "efficientReturn", targetReturn: 5 } }), status: 422, code: "TARGET_OUT_OF_RANGE" },
  { name: "an L2 penalty on max Sortino", request: optimize({ ...good, model: { kind: "maxSortino" }, constraints: { l2Gamma: 0.1 } }), status: 422, code: "INVALID_INPUT" },
  { name: "a negative L2 penalty", request: optimize({ ...good, model: { kind: "minCvar" }, constraints: { l2Gamma: -1 } }), status: 400, code: "VALIDATION_FAILED" },
  { name: "constraint text that does not parse", request: optimize({ ...good, constraints: { constraints: ["AAPL <<= 0.3"] } }), status: 400, code: "CONSTRAINT_SYNTAX" },
  { name: "start after end", request: optimize({ ...good, start: "2022-01-01", end: "2021-01-01" }), status: 422, code: "INVALID_REQUEST" },
  { name: "an impossible date", request: optimize({ ...good, start: "2022-02-30" }), status: 400, code: "VALIDATION_FAILED" },
  { name: "no universe", request: optimize({ model: { kind: "minVolatility" } }), status: 422, code: "INVALID_REQUEST" },
  { name: "unknown portfolio", request: optimize({ portfolioId: 999_999, model: { kind: "minVolatility" } }), status: 404, code: "PORTFOLIO_NOT_FOUND" },
  { name: "huge body", request: { method: "POST", url: "/api/v1/optimize", payload: JSON.stringify({ ...good, pad: "x".repeat(2 << 20) }), headers: { "content-type": "application/json" } }, status: 413, code: "BODY_TOO_LARGE" },
  { name: "unsupported media type", request: { method: "POST", url: "/api/v1/optimize", payload: "tickers=AAPL", headers: { "content-type": "application/x-www-form-urlencoded" } }, status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  { name: "prototype pollution", request: { method: "POST", url: "/api/v1/optimize", payload: '{"__proto__": {"x": 1}, "model": {"kind": "maxSharpe"}}', headers: { "content-type": "application/json" } }, status: 400, code: "MALFORMED_JSON" },
  { name: "malformed CSV upload", request: { method: "POST", url: "/api/v1/prices", payload: "date,AAPL\n2020-01-02,abc\n", headers: { "content-type": "text/csv" } }, status: 400, code: "MALFORMED_PRICE_FILE" },
  { name: "price row with a negative close", request: { method: "POST", url: "/api/v1/prices", payload: [{ ticker: "AAPL", date: "2020-01-02", close: -1 }] }, status: 400, code: "VALIDATION_FAILED" },
  { name: "backtest without models", request: { method: "POST", url: "/api/v1/backtests", payload: { tickers: ["AAPL"], models: [], start: "2020-01-01", end: "2021-01-01" } }, status: 400, code: "VALIDATION_FAILED" },
  { name: "backtest of a model that cannot take a constraint", request: { method: "POST", url: "/api/v1/backtests", payload: { tickers: ["AAPL", "KO"], models: [{ kind: "minCvar" }, { kind: "hierarchicalRiskParity" }], constraints: { l2Gamma: 0.1 }, start: "2020-01-01", end: "2021-01-01" } }, status: 422, code: "INVALID_INPUT" },
  { name: "backtest with an unknown ticker", request: { method: "POST", url: "/api/v1/backtests", payload: { tickers: ["NOPE"], models: [{ kind: "minVolatility" }], start: "2020-01-01", end: "2021-01-01" } }, status: 422, code: "UNKNOWN_ASSET" },
  { name: "backtest of 10 000 assets", request: { method: "POST", url: "/api/v1/backtests", payload: { tickers: Array.from({ length: 10_000 }, (_, i) => `T${i}`), models: [{ kind: "minVolatility" }], start: "2020-01-01", end: "2021-01-01" } }, status: 422, code: "TOO_MANY_ASSETS" },
  { name: "non-numeric id", request: { method: "GET", url: "/api/v1/results/abc" }, status: 400, code: "VALIDATION_FAILED" },
  { name: "unknown result", request: { method: "GET", url: "/api/v1/results/999999" }, status: 404, code: "RESULT_NOT_FOUND" },
  { name: "unknown job", request: { method: "GET", url: "/api/v1/jobs/999999" }, status: 404, code: "JOB_NOT_FOUND" },
  { name: "unknown asset's prices", request: { method: "GET", url: "/api/v1/assets/NOPE/prices" }, status: 404, code: "ASSET_NOT_FOUND" },
  { name: "unknown route", request: { method: "GET", url: "/api/v1/nothing-here" }, status: 404, code: "NOT_FOUND" },
  { name: "duplicate tickers in a portfolio", request: { method: "POST", url: "/api/v1/portfolios", payload: { name: "dup", tickers: ["AAPL", "AAPL"] } }, status: 422, code: "INVALID_REQUEST" },
  { name: "allocation with an unknown field", request: { method: "POST", url: "/api/v1/allocate", payload: { weights: { AAPL: 1 }, value: 1000, cashh: 5 } }, status: 400, code: "VALIDATION_FAILED" },
  { name: "allocation of a negative value", request: { method: "POST", url: "/api/v1/allocate", payload: { weights: { AAPL: 1 }, value: -1000 } }, status: 400, code: "VALIDATION_FAILED" },
  { name: "allocation of an unknown method", request: { method: "POST", url: "/api/v1/allocate", payload: { weights: { AAPL: 1 }, value: 1000, method: "round" } }, status: 400, code: "VALIDATION_FAILED" },
  { name: "allocation too small to buy a share", request: { method: "POST", url: "/api/v1/allocate", payload: { weights: { AAPL: 1 }, value: 1 } }, status: 422, code: "INSUFFICIENT_FUNDS" },
  { name: "allocation of an unknown ticker", request: { method: "POST", url: "/api/v1/allocate", payload: { weights: { AAPL: 0.5, NOPE: 0.5 }, value: 10_000 } }, status: 422, code: "UNKNOWN_ASSET" },
  { name: "allocation of 10 000 assets", request: { method: "POST", url: "/api/v1/allocate", payload: { tickers: Array.from({ length: 10_000 }, (_, i) => `T${i}`), model: { kind: "equalWeight" }, value: 1000 } }, status: 422, code: "TOO_MANY_ASSETS" },
  { name: "history of an unknown kind", request: { method: "GET", url: "/api/v1/results?kind=trades" }, status: 400, code: "VALIDATION_FAILED" },
  { name: "history cursor that is not a time", request: { method: "GET", url: "/api/v1/results?before=yesterday" }, status: 400, code: "VALIDATION_FAILED" },
  { name: "history of an unknown portfolio", request: { method: "GET", url: "/api/v1/results?portfolioId=999999" }, status: 404, code: "PORTFOLIO_NOT_FOUND" },
  { name: "deleting an unknown result", request: { method: "DELETE", url: "/api/v1/results/999999" }, status: 404, code: "RESULT_NOT_FOUND" },
  { name: "deleting a result by a non-numeric id", request: { method: "DELETE", url: "/api/v1/results/abc" }, status: 400, code: "VALIDATION_FAILED" },
  { name: "unknown backtest", request: { method: "GET", url: "/api/v1/backtests/999999" }, status: 404, code: "RESULT_NOT_FOUND" },
  { name: "deleting an unknown backtest", request: { method: "DELETE", url: "/api/v1/backtests/999999" }, status: 404, code: "RESULT_NOT_FOUND" },
  { name: "price fetch without tickers", request: { method: "POST", url: "/api/v1/prices/fetch", payload: { tickers: [] } }, status: 400, code: "VALIDATION_FAILED" },
  { name: "price fetch from an impossible date", request: { method: "POST", url: "/api/v1/prices/fetch", payload: { tickers: ["AAPL"], start: "2020-13-01" } }, status: 400, code: "VALIDATION_FAILED" },
  { name: "price fetch of a malformed ticker", request: { method: "POST", url: "/api/v1/prices/fetch", payload: { tickers: ["AA PL"] } }, status: 400, code: "VALIDATION_FAILED" },
];

forEachApiDialect("API bad input", {}, (fixture) => {
  for (const c of cases) {
    test(`${c.name} → ${c.status} ${c.code}`, async () => {
      const response = await fixture.app().inject(c.request);
      const body = problem(response);
      assert.equal(response.statusCode, c.status, response.body);
      assert.equal(body.code, c.code, response.body);
      assert.equal(body.instance, c.request.url.split("?")[0]);
    });
  }

  test("a validation error names the field", async () => {
    const body = problem(await fixture.app().inject(optimize({ ...good, riskFreeRate: "NaN" })));
    assert.ok(body.errors?.some((e) => e.path === "body/riskFreeRate"), JSON.stringify(body.errors));
    assert.match(body.detail, /body\/riskFreeRate/);
  });

  test("an infeasible request says why in finance terms", async () => {
    const body = problem(await fixture.app().inject(optimize({ ...good, constraints: { bounds: [0, 0.2] } })));
    assert.match(body.detail, /0\.2|bound|budget/i);
  });
});
