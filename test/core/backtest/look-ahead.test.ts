/**
 * No look-ahead: replacing every price from a date D on with random numbers must not change anything
 * the backtest decided before D's close. The weights chosen at D (trades at D's close) come from
 * returns up to D − 1, so they are identical too; the equity marked at D uses D's prices and may differ.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { runBacktest, strategyFromSpec, type BacktestRun } from "../../../src/core/backtest/index.js";
import { pricePanel, sliceDates, type PricePanel } from "../../../src/core/returns/index.js";
import { readPriceFile } from "../../../src/data/index.js";
import { referencePath } from "../../support/reference.js";
import { seededRandom } from "../../support/seeded-random.js";

let prices: PricePanel;
before(async () => {
  prices = sliceDates(await readPriceFile(referencePath("data", "stock_prices.csv")), "2014-01-01", "2016-12-31");
});

function scrambledFrom(panel: PricePanel, date: string, seed: number): PricePanel {
  const random = seededRandom(seed);
  const data = Float64Array.from(panel.prices.data);
  const cols = panel.tickers.length;
  const from = panel.dates.indexOf(date);
  for (let k = from * cols; k < data.length; k++) if (!Number.isNaN(data[k])) data[k] = 1 + 500 * random();
  return pricePanel({ dates: panel.dates, tickers: panel.tickers, prices: { rows: panel.dates.length, cols, data } }).panel;
}

function backtest(panel: PricePanel): BacktestRun {
  return runBacktest({
    prices: panel,
    periodsPerYear: 252,
    start: "2015-01-02",
    lookback: 60,
    schedule: { kind: "everyKDays", k: 10 },
    costBps: 10,
    strategy: strategyFromSpec({ kind: "meanVariance", model: { kind: "minVolatility" }, riskModel: { kind: "ledoitWolf" } }),
  }).runs[0];
}

describe("look-ahead", () => {
  it("prices from D on do not change the weights chosen up to D nor the equity before D", () => {
    const original = backtest(prices);
    assert.ok(original.rebalances.length > 20);
    // D: a rebalance date in the middle, so the decision taken at D's close is itself checked.
    const d = original.rebalances[12].date;
    const altered = backtest(scrambledFrom(prices, d, 7));
    const k = original.dates.indexOf(d);
    assert.deepEqual(Array.from(altered.values.subarray(0, k)), Array.from(original.values.subarray(0, k)));
    assert.notEqual(altered.values[k], original.values[k], "the random prices do reach the equity at D");
    const upToD = (run: BacktestRun) => run.rebalances.filter((r) => r.date <= d);
    assert.equal(upToD(altered).length, 13);
    upToD(original).forEach((r, i) => {
      assert.equal(upToD(altered)[i].date, r.date);
      assert.deepEqual(Array.from(upToD(altered)[i].weights), Array.from(r.weights), `weights on ${r.date}`);
    });
    // After D the scrambled future does change the decisions: the test would see a leak.
    const after = original.rebalances.findIndex((r) => r.date > d);
    assert.notDeepEqual(Array.from(altered.rebalances[after].weights), Array.from(original.rebalances[after].weights));
  });
});
