/**
 * Several strategies in one pass: the same results as separate runs, estimates shared through the
 * cache, benchmarks on the same dates, risk contributions recorded, and extra strategy kinds plugged in.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  compareBacktests,
  runBacktest,
  strategyFromSpec,
  type BacktestOptions,
  type BacktestStrategy,
  type OpenStrategySpec,
} from "../../../src/core/backtest/index.js";
import { sliceDates, type PricePanel } from "../../../src/core/returns/index.js";
import { readPriceFile } from "../../../src/data/index.js";
import { expectClose } from "../../support/expect-close.js";
import { referencePath } from "../../support/reference.js";

let options: BacktestOptions;
before(async () => {
  const prices: PricePanel = sliceDates(await readPriceFile(referencePath("data", "stock_prices.csv")), "2015-01-01", "2017-06-30");
  options = { prices, periodsPerYear: 252, lookback: 120, schedule: "monthly", costBps: 5 };
});

const meanVariance = (name: string, model: { kind: "minVolatility" } | { kind: "maxSharpe" } | { kind: "maxQuadraticUtility"; riskAversion: number }) =>
  strategyFromSpec({ kind: "meanVariance", name, model, riskModel: { kind: "ledoitWolf" }, riskFreeRate: 0 });

describe("compareBacktests", () => {
  it("gives each strategy the result of its own run", () => {
    const together = compareBacktests(options, [meanVariance("minVol", { kind: "minVolatility" }), meanVariance("utility", { kind: "maxQuadraticUtility", riskAversion: 3 })]);
    const alone = runBacktest({ ...options, strategy: meanVariance("utility", { kind: "maxQuadraticUtility", riskAversion: 3 }) });
    assert.deepEqual(together.runs.map((r) => r.strategy), ["minVol", "utility"]);
    assert.deepEqual(together.runs[1].dates, alone.runs[0].dates);
    // The same arithmetic on the same inputs: identical to the last bit.
    assert.deepEqual(Array.from(together.runs[1].values), Array.from(alone.runs[0].values));
  });

  it("records risk contributions that sum to 1 and weights within the long-only budget", () => {
    const run = runBacktest({ ...options, strategy: meanVariance("minVol", { kind: "minVolatility" }) }).runs[0];
    assert.ok(run.rebalances.length > 20);
    for (const r of run.rebalances) {
      const total = r.weights.reduce((a, b) => a + b, 0);
      expectClose(total, 1, { rtol: 0, atol: 1e-9 }, "budget"); // the optimiser holds Σw = 1 to 1e-10
      for (const w of r.weights) assert.ok(w >= 0);
      assert.ok(r.riskContributions !== null);
      expectClose(r.riskContributions.reduce((a, b) => a + b, 0), 1, { rtol: 0, atol: 1e-9 }, "risk shares");
    }
  });

  it("computes an estimate once per date for strategies sharing it", () => {
    let computed = 0;
    const sharing = (name: string): BacktestStrategy => ({
      name,
      allocate(ctx) {
        const count = ctx.estimates.memo(`${ctx.windowKey}|count`, () => ++computed);
        assert.ok(count > 0);
        return new Float64Array(ctx.assets.length).fill(1 / ctx.assets.length);
      },
    });
    const result = compareBacktests(options, [sharing("a"), sharing("b"), sharing("c")]);
    assert.equal(computed, result.runs[0].rebalances.length);
  });

  it("returns benchmarks on the runs' dates", () => {
    const result = compareBacktests({ ...options, benchmarks: [{ kind: "ticker", ticker: "AAPL" }, { kind: "equalWeight" }] }, [
      meanVariance("minVol", { kind: "minVolatility" }),
    ]);
    const [aapl, equal] = result.benchmarks;
    assert.equal(aapl.name, "AAPL");
    assert.equal(aapl.values.length, result.dates.length);
    const column = options.prices.tickers.indexOf("AAPL");
    const row = (date: string) => options.prices.dates.indexOf(date);
    const price = (date: string) => options.prices.prices.data[row(date) * options.prices.tickers.length + column];
    const last = result.dates[result.dates.length - 1];
    expectClose(aapl.values[aapl.values.length - 1], price(last) / price(result.dates[0]), { rtol: 1e-14, atol: 0 }, "AAPL");
    const held = runBacktest({ ...options, start: result.dates[0], schedule: "never", strategy: strategyFromSpec({ kind: "equalWeight" }) });
    assert.equal(equal.name, "equalWeight");
    assert.deepEqual(Array.from(equal.values), Array.from(held.runs[0].values));
  });

  it("accepts extra strategy kinds", () => {
    const inverseCount = (spec: OpenStrategySpec): BacktestStrategy => ({
      name: spec.name ?? spec.kind,
      lookback: 0,
      allocate: (ctx) => new Float64Array(ctx.assets.length).fill(0.5 / ctx.assets.length),
    });
    const strategy = strategyFromSpec({ kind: "halfInvested", name: "half" }, { halfInvested: inverseCount });
    const run = runBacktest({ ...options, strategy }).runs[0];
    assert.equal(run.strategy, "half");
    // Half bought from cash at 5 bps: V′ = 1 / (1 + c·0.5), and half of V′ stays in cash.
    expectClose(run.cash[0], 0.5 / (1 + 0.0005 * 0.5), { rtol: 1e-14, atol: 0 }, "half in cash after costs");
  });
});
