/**
 * `POST /allocate` through `app.inject` on both engines: whole shares for a new account (from a model
 * or given weights), the rebalance planner for an existing one, each saved as a run in the history,
 * and the allocation errors as problem+json.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { InjectOptions } from "fastify";
import { expectClose } from "../support/expect-close.js";
import { forEachApiDialect, problem } from "./support.js";

const json = (response: { body: string }) => JSON.parse(response.body);

interface Allocation {
  runId: number;
  mode: string;
  method: string;
  tickers: string[];
  prices: Record<string, number>;
  priceDate: string;
  shares: Record<string, number>;
  leftover: number;
  trades: { ticker: string; side: string; shares: number; value: number; fee: number }[];
  weights: Record<string, number>;
  targetWeights: Record<string, number>;
  totalFees: number;
  optimization: { model: string; weights: Record<string, number> } | null;
}

/** Money spent on shares at the prices used. */
const invested = (a: Allocation) => Object.entries(a.shares).reduce((sum, [t, n]) => sum + n * a.prices[t], 0);

forEachApiDialect("API allocate", {}, (fixture) => {
  const inject = (options: InjectOptions) => fixture.app().inject(options);
  const allocate = (payload: object) => inject({ method: "POST", url: "/api/v1/allocate", payload });

  test("a model's weights become whole shares (MILP by default), saved as a run", async () => {
    const response = await allocate({ tickers: ["AAPL", "MSFT", "KO", "JNJ"], model: { kind: "minVolatility" }, riskModel: { kind: "ledoitWolf" }, value: 100_000 });
    assert.equal(response.statusCode, 200, response.body);
    const a = json(response) as Allocation;
    assert.equal(a.mode, "allocation");
    assert.equal(a.method, "milp");
    assert.equal(a.optimization?.model, "minVolatility");
    assert.deepEqual(a.targetWeights, a.optimization?.weights);
    // Shares and leftover account for every cent of the value (sums of a few products of doubles).
    expectClose([invested(a) + a.leftover], [100_000], { rtol: 1e-12, atol: 1e-9 });
    assert.ok(a.leftover >= 0 && a.leftover < Math.max(...Object.values(a.prices)), `leftover ${a.leftover}`);
    assert.ok(Object.values(a.shares).every((n) => Number.isInteger(n) && n > 0));
    assert.ok(a.priceDate >= "2018-01-01");

    const run = json(await inject({ url: `/api/v1/results/${a.runId}` }));
    assert.equal(run.model, "minVolatility");
    assert.equal((run.parameters as { kind: string }).kind, "allocate");
    assert.deepEqual(run.weights, a.weights);
    // The stored metrics are the answer's, copied (no arithmetic in between except rmse and value).
    assert.equal(run.metrics.leftover, a.leftover);
    assert.equal(run.metrics.value, 100_000);
    assert.equal(run.metrics.totalFees, 0);
    const squares = a.tickers.map((t) => (a.weights[t] - a.targetWeights[t]) ** 2);
    expectClose([run.metrics.rmse], [Math.sqrt(squares.reduce((s, x) => s + x, 0) / squares.length)], { rtol: 1e-12, atol: 1e-15 });
  });

  test("given weights are allocated as they are (greedy), and the run's model is 'allocation'", async () => {
    const a = json(await allocate({ weights: { AAPL: 0.5, KO: 0.5 }, value: 20_000, method: "greedy" })) as Allocation;
    assert.equal(a.method, "greedy");
    assert.equal(a.optimization, null);
    assert.deepEqual(a.tickers, ["AAPL", "KO"]);
    assert.deepEqual(a.targetWeights, { AAPL: 0.5, KO: 0.5 });
    expectClose([invested(a) + a.leftover], [20_000], { rtol: 1e-12, atol: 1e-9 });
    assert.equal(json(await inject({ url: `/api/v1/results/${a.runId}` })).model, "allocation");
  });

  test("holdings and cash get the rebalance planner's trades, with fees", async () => {
    const response = await allocate({
      weights: { AAPL: 0.4, MSFT: 0.4, KO: 0.2 },
      holdings: { AAPL: 100, KO: 50 },
      cash: 5_000,
      fees: { fixed: 1, proportionalBps: 5 },
      tolerance: 0.02,
    });
    assert.equal(response.statusCode, 200, response.body);
    const a = json(response) as Allocation;
    assert.equal(a.mode, "rebalance");
    assert.equal(a.method, "planner");
    assert.ok(a.trades.length > 0);
    // Fees are sums of a few products: equal to rounding.
    expectClose([a.trades.reduce((s, t) => s + t.fee, 0)], [a.totalFees], { rtol: 1e-12, atol: 1e-12 });
    assert.ok(a.totalFees > 0);
    const run = json(await inject({ url: `/api/v1/results/${a.runId}` }));
    // The account's worth: cash plus the holdings at the prices used.
    expectClose([run.metrics.value], [5_000 + 100 * a.prices.AAPL + 50 * a.prices.KO], { rtol: 1e-12, atol: 1e-9 });
  });

  test("a stored allocation re-runs as an allocation", async () => {
    const a = json(await allocate({ weights: { JNJ: 0.3, PG: 0.7 }, value: 50_000 })) as Allocation;
    const rerun = json(await inject({ method: "POST", url: `/api/v1/results/${a.runId}/rerun` }));
    assert.equal(rerun.rerun.model, "allocation");
    assert.equal(rerun.differences.samePrices, true);
    assert.equal(rerun.differences.maxAbsWeightChange, 0);
  });

  test("errors: too little money, unknown tickers, neither or both of model and weights, value and holdings", async () => {
    const cases: [object, number, string][] = [
      [{ weights: { AAPL: 1 }, value: 1 }, 422, "INSUFFICIENT_FUNDS"],
      [{ weights: { AAPL: 0.5, NOPE: 0.5 }, value: 10_000 }, 422, "UNKNOWN_ASSET"],
      [{ tickers: ["AAPL", "NOPE"], model: { kind: "maxSharpe" }, value: 10_000 }, 422, "UNKNOWN_ASSET"],
      [{ tickers: ["AAPL", "KO"], value: 10_000 }, 422, "INVALID_REQUEST"],
      [{ tickers: ["AAPL", "KO"], model: { kind: "maxSharpe" }, weights: { AAPL: 1 }, value: 10_000 }, 422, "INVALID_REQUEST"],
      [{ weights: { AAPL: 1 }, value: 10_000, holdings: { AAPL: 1 } }, 422, "INVALID_REQUEST"],
      [{ weights: { AAPL: 1 } }, 422, "INVALID_REQUEST"],
    ];
    for (const [body, status, code] of cases) {
      const response = await allocate(body);
      assert.equal(response.statusCode, status, `${JSON.stringify(body)}: ${response.body}`);
      assert.equal(problem(response).code, code, JSON.stringify(body));
    }
  });
});
