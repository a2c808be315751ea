/**
 * The backtest use case: the equal-weight reference backtests (backtest.json) through the service's
 * report, every portfolio model kind run walk-forward, costs and cash flows in the report, and a clear
 * typed error for every kind of bad request.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { PricePanel } from "../../src/core/returns/index.js";
import { readPriceFile } from "../../src/data/index.js";
import { backtestPortfolio, type BacktestReport, type BacktestRequest, type BacktestRunReport } from "../../src/service/index.js";
import { expectClose } from "../support/expect-close.js";
import { referenceJson, referencePath } from "../support/reference.js";

interface ReferenceMetrics {
  readonly final_value: number;
  readonly total_return: number;
  readonly cagr: number;
  readonly annualised_volatility: number;
  readonly "sharpe_rf_0.02": number;
  readonly "sortino_rf_0.02": number;
  readonly max_drawdown: number;
  readonly calmar: number;
  readonly max_drawdown_peak_date: string;
  readonly max_drawdown_trough_date: string;
}
interface ReferenceCurve {
  readonly metrics: ReferenceMetrics;
  readonly values_sample: Record<string, number>;
  readonly n_rebalances?: number;
  readonly first_rebalance_dates?: readonly string[];
}
const reference = referenceJson<{
  window: { start: string; end: string; n_prices: number };
  risk_free_rate: number;
  equal_weight_buy_and_hold: ReferenceCurve;
  equal_weight_rebalanced_every_21_days: ReferenceCurve;
}>("expected", "backtest.json");

// The reference README asks for 1e-9 relative on backtest values and metrics; our curves agree to
// ~1e-14 (20 price ratios compounded over 895 days), so a slip in the report's mapping would show.
const BACKTEST = { rtol: 1e-9, atol: 0 };

let prices: PricePanel;
before(async () => {
  prices = await readPriceFile(referencePath("data", "stock_prices.csv"));
});

function equalWeight(extra: Partial<BacktestRequest> = {}): Promise<BacktestReport> {
  return backtestPortfolio({
    prices,
    models: [{ model: { kind: "equalWeight" } }],
    start: reference.window.start,
    lookback: 0,
    rebalance: "never",
    riskFreeRate: reference.risk_free_rate,
    ...extra,
  });
}

/** The metric names against the reference file's names. */
function checkReferenceMetrics(metrics: BacktestRunReport["metrics"], expected: ReferenceMetrics, label: string): void {
  expectClose(
    [metrics.finalValue, metrics.totalReturn, metrics.cagr ?? NaN, metrics.volatility ?? NaN, metrics.sharpe ?? NaN, metrics.sortino ?? NaN, metrics.maxDrawdown, metrics.calmar ?? NaN],
    [
      expected.final_value,
      expected.total_return,
      expected.cagr,
      expected.annualised_volatility,
      expected["sharpe_rf_0.02"],
      expected["sortino_rf_0.02"],
      expected.max_drawdown,
      expected.calmar,
    ],
    BACKTEST,
    `${label}: final value, total return, CAGR, volatility, Sharpe, Sortino, max drawdown, Calmar`,
  );
  assert.equal(metrics.maxDrawdownPeakDate, expected.max_drawdown_peak_date, `${label}: drawdown peak`);
  assert.equal(metrics.maxDrawdownTroughDate, expected.max_drawdown_trough_date, `${label}: drawdown trough`);
}

function sampledEquity(run: { equity: readonly (readonly [string, number])[] }, expected: ReferenceCurve): void {
  const byDate = new Map(run.equity.map(([d, v]) => [d, v]));
  const sample = Object.entries(expected.values_sample);
  expectClose(sample.map(([d]) => byDate.get(d) ?? NaN), sample.map(([, v]) => v), BACKTEST, "sampled equity");
}

describe("backtestPortfolio against backtest.json", () => {
  it("equal weight bought and held: metrics, equity and the equal-weight benchmark", async () => {
    const report = await equalWeight();
    const expected = reference.equal_weight_buy_and_hold;
    assert.deepEqual([report.start, report.end, report.periodsPerYear], [reference.window.start, reference.window.end, 252]);
    const [run] = report.runs;
    assert.equal(run.model, "equalWeight");
    assert.equal(run.equity.length, reference.window.n_prices);
    checkReferenceMetrics(run.metrics, expected.metrics, "run");
    sampledEquity(run, expected);
    assert.equal(run.rebalances.length, 1);
    assert.equal(Object.keys(run.rebalances[0].weights).length, 20, "all 20 tickers are priced on the start date");
    // The benchmark is the same portfolio: the same numbers.
    assert.deepEqual(report.benchmarks.map((b) => b.name), ["equalWeight"]);
    checkReferenceMetrics(report.benchmarks[0].metrics, expected.metrics, "benchmark");
    assert.equal(run.metrics.beta !== null && Math.abs(run.metrics.beta - 1) < 1e-12, true, "beta against itself is 1");
  });

  it("equal weight rebalanced every 21 trading days", async () => {
    const expected = reference.equal_weight_rebalanced_every_21_days;
    const report = await equalWeight({ rebalance: { kind: "everyKDays", k: 21 } });
    const [run] = report.runs;
    checkReferenceMetrics(run.metrics, expected.metrics, "every 21 days");
    sampledEquity(run, expected);
    assert.equal(run.rebalances.length - 1, expected.n_rebalances, "rebalances after the first purchase");
    assert.deepEqual(run.rebalances.slice(1, 4).map((r) => r.date), expected.first_rebalance_dates);
    // The benchmark stays bought and held.
    checkReferenceMetrics(report.benchmarks[0].metrics, reference.equal_weight_buy_and_hold.metrics, "benchmark");
  });

  it("costs: bought and held, the final value shrinks by exactly the cost of the first purchase", async () => {
    const free = (await equalWeight()).runs[0];
    const costly = (await equalWeight({ costBps: 25, fixedCostPerTrade: 0.0001 })).runs[0];
    const cost = costly.metrics.totalCosts ?? NaN;
    assert.ok(cost > 0);
    expectClose(cost, costly.rebalances[0].cost, { rtol: 1e-15, atol: 0 }, "one purchase pays every cost");
    // What is left after the purchase is invested in the same proportions as without costs (start
    // value 1), so every later value is scaled by (1 − cost): rounding only, 1e-12.
    expectClose(costly.metrics.finalValue, free.metrics.finalValue * (1 - cost), { rtol: 1e-12, atol: 0 }, "final value");
    assert.ok(costly.metrics.finalValue < free.metrics.finalValue);
  });

  it("contributions are not returns: pro-rata flows into a held portfolio leave the time-weighted metrics unchanged", async () => {
    const plain = (await equalWeight()).runs[0];
    const funded = await equalWeight({ cashFlows: { amount: 0.05, frequency: "monthly" } });
    const run = funded.runs[0];
    assert.ok(run.returnIndex !== undefined, "a run with flows reports its return index");
    // Each contribution buys the drifted weights, so every step's return is the plain run's: the
    // index differs from the plain curve by rounding in the ratios only.
    expectClose(run.returnIndex.map(([, v]) => v), plain.equity.map(([, v]) => v), { rtol: 1e-12, atol: 0 }, "return index");
    expectClose([run.metrics.cagr ?? NaN, run.metrics.sharpe ?? NaN], [plain.metrics.cagr ?? NaN, plain.metrics.sharpe ?? NaN], { rtol: 1e-10, atol: 0 }, "metrics");
    const months = new Set(run.equity.map(([d]) => d.slice(0, 7))).size;
    const final = run.equity[run.equity.length - 1][1];
    assert.ok(final > plain.metrics.finalValue + 0.05 * (months - 2), `the account holds the contributions (${final})`);
    // The equal-weight benchmark gets the same flows and the same treatment.
    expectClose(funded.benchmarks[0].metrics.cagr ?? NaN, plain.metrics.cagr ?? NaN, { rtol: 1e-10, atol: 0 }, "benchmark CAGR");
  });
});

describe("backtestPortfolio models", () => {
  const kinds = [
    "minVolatility",
    "maxSharpe",
    "minCvar",
    "minCdar",
    "minMad",
    "minSemivariance",
    "maxSortino",
    "inverseVolatility",
    "inverseVariance",
    "riskParity",
    "maxDiversification",
    "hierarchicalRiskParity",
    "hierarchicalEqualRiskContribution",
    "nestedClusteredOptimization",
  ] as const;

  it("every portfolio model kind runs walk-forward without a failed rebalance, fully invested and long only", async () => {
    const fractions: number[] = [];
    const report = await backtestPortfolio({
      prices,
      models: kinds.map((kind) => ({ model: { kind } })),
      start: "2016-06-01",
      end: "2017-12-31",
      rebalance: "quarterly",
      lookback: 252,
      onProgress: (f) => fractions.push(f),
    });
    assert.deepEqual(report.runs.map((r) => r.model), [...kinds]);
    for (const run of report.runs) {
      assert.deepEqual(run.events, [], `${run.model}: no events`);
      assert.equal(run.rebalances.length, 7, `${run.model}: the first purchase and 6 quarter starts`);
      for (const r of run.rebalances) {
        const weights = Object.values(r.weights);
        // Solver outputs: the budget holds to 1e-9 (the engine's own slack), bounds to 1e-9.
        expectClose(weights.reduce((s, w) => s + w, 0), 1, { rtol: 0, atol: 1e-9 }, `${run.model} ${r.date} budget`);
        assert.ok(weights.every((w) => w >= -1e-9 && w <= 1 + 1e-9), `${run.model} ${r.date} long only`);
      }
      assert.ok(Number.isFinite(run.metrics.finalValue) && run.metrics.finalValue > 0);
    }
    assert.equal(fractions.at(-1), 1, "progress ends at 1");
    for (let k = 1; k < fractions.length; k++) assert.ok(fractions[k] >= fractions[k - 1], "progress never goes back");
  });

  it("fixed weights by ticker, risk budgets by ticker, and a ticker benchmark first among the benchmarks", async () => {
    const report = await backtestPortfolio({
      prices,
      tickers: ["AAPL", "XOM", "JPM"],
      models: [
        { name: "60/40", model: { kind: "fixedWeights", weights: { AAPL: 0.6, XOM: 0.4 } } },
        { name: "budgets", model: { kind: "riskParity", budgets: { AAPL: 0.5, XOM: 0.25, JPM: 0.25 } } },
      ],
      start: "2016-01-01",
      rebalance: "monthly",
      benchmark: "GOOG",
    });
    assert.deepEqual(report.runs.map((r) => r.model), ["60/40", "budgets"]);
    assert.deepEqual(report.benchmarks.map((b) => b.name), ["GOOG", "equalWeight"]);
    for (const r of report.runs[0].rebalances) assert.deepEqual(r.weights, { AAPL: 0.6, XOM: 0.4 });
    // Risk budgeting: the risk shares equal the budgets (1e-8, the reference README's risk-parity tolerance).
    const shares = report.runs[1].rebalances[0].riskContributions;
    assert.ok(shares !== null);
    expectClose([shares.AAPL, shares.XOM, shares.JPM], [0.5, 0.25, 0.25], { rtol: 0, atol: 1e-8 }, "risk shares");
  });
});

describe("backtestPortfolio bad requests", () => {
  const cases: [string, Partial<BacktestRequest>, string, RegExp][] = [
    ["start after end", { start: "2017-01-01", end: "2016-01-01" }, "INVALID_REQUEST", /start 2017-01-01 is after end 2016-01-01/],
    ["a start that is not a date", { start: "2017-13-01" }, "INVALID_REQUEST", /start '2017-13-01' is not a YYYY-MM-DD date/],
    ["a window longer than the data", { lookback: 10_000, models: [{ model: { kind: "minVolatility" } }] }, "INSUFFICIENT_HISTORY", /needs 10000 return rows/],
    ["an unknown benchmark ticker", { benchmark: "NOPE" }, "UNKNOWN_ASSET", /unknown ticker 'NOPE'/],
    ["no asset priced at the first rebalance", { tickers: ["FB", "BABA"], start: "2005-01-03" }, "INSUFFICIENT_HISTORY", /no asset can be bought on 2005-01-03/],
    ["an unknown model", { models: [{ model: { kind: "magic" } as never }] }, "INVALID_REQUEST", /unknown model 'magic'/],
    ["two runs with one name", { models: [{ model: { kind: "equalWeight" } }, { model: { kind: "equalWeight" } }] }, "INVALID_REQUEST", /both named 'equalWeight'/],
    ["fixed weights for an unknown ticker", { models: [{ model: { kind: "fixedWeights", weights: { ZZZ: 1 } } }] }, "UNKNOWN_ASSET", /unknown ticker 'ZZZ'/],
    ["every 0 days", { rebalance: { kind: "everyKDays", k: 0 } }, "INVALID_INPUT", /k ≥ 1/],
    ["no model", { models: [] }, "INVALID_REQUEST", /at least one model/],
  ];
  for (const [what, request, code, message] of cases) {
    it(`${what} → ${code}`, async () => {
      await assert.rejects(
        equalWeight(request),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, code, error.message);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
