import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { backtestModelKinds } from "../../src/service/backtest-strategies.js";
import { backtestJobPayloadSchema, parseBacktestJobPayload } from "../../src/service/backtest-job-payload.js";
import { backtestModelSchema } from "../../src/service/request-schemas.js";
import { InvalidRequestError } from "../../src/service/errors.js";

const minimal = { tickers: ["AAPL", "KO"], models: [{ model: { kind: "equalWeight" } }] };

describe("backtest job payload", () => {
  it("accepts a full request and returns it unchanged", () => {
    const full = {
      tickers: ["AAPL", "BRK-B", "^GSPC"],
      models: [
        { model: { kind: "maxSharpe" }, name: "sharpe", riskModel: { kind: "ledoitWolf", target: "constantCorrelation" }, lookback: 126 },
        { model: { kind: "fixedWeights", weights: { AAPL: 0.6, "BRK-B": 0.4 } } },
        { model: { kind: "nestedClusteredOptimization", linkage: "ward", innerModel: { kind: "maxSharpe" } }, constraints: { bounds: [0, 0.5] } },
        { model: { kind: "minCvar", confidence: 0.9, targetReturn: 0.05 } },
        { model: { kind: "riskParity", budgets: { AAPL: 0.5, "BRK-B": 0.3, "^GSPC": 0.2 } } },
      ],
      start: "2018-01-02",
      end: "2020-12-31",
      rebalance: { kind: "weekly", weekday: 5 },
      lookback: 252,
      window: "expanding",
      minHistory: 200,
      expectedReturns: { kind: "ema", span: 100 },
      riskModel: { kind: "sample" },
      constraints: { bounds: [0, 0.4], groups: { tech: ["AAPL"] }, groupLimits: { tech: { upper: 0.3 } } },
      costBps: 5,
      fixedCostPerTrade: 1,
      initialValue: 10_000,
      cashRate: 0.01,
      cashFlows: { amount: 100, frequency: "monthly" },
      bands: { relative: 0.2 },
      onFailure: "equalWeight",
      benchmark: "SPY",
      equalWeightBenchmark: false,
      riskFreeRate: 0.03,
      periodsPerYear: 252,
    };
    assert.deepEqual(parseBacktestJobPayload(full), full);
    assert.deepEqual(parseBacktestJobPayload({ portfolioId: 3, models: [{ model: { kind: "minVolatility" } }] }), { portfolioId: 3, models: [{ model: { kind: "minVolatility" } }] });
  });

  it("covers every model kind the backtest service runs", () => {
    for (const kind of backtestModelKinds) {
      const model = kind === "efficientRisk" ? { kind, targetVolatility: 0.1 } : kind === "efficientReturn" ? { kind, targetReturn: 0.1 } : kind === "minTrackingError" ? { kind, benchmark: { A: 1 } } : kind === "fixedWeights" ? { kind, weights: { A: 1 } } : { kind };
      assert.equal(backtestModelSchema.safeParse(model).success, true, kind);
    }
  });

  const bad: [string, unknown, RegExp][] = [
    ["not an object", "backtest", /\(payload\)/],
    ["no model", { tickers: ["A"], models: [] }, /models/],
    ["no assets", { models: minimal.models }, /tickers or a portfolioId/],
    ["an unknown field", { ...minimal, rebalanceEvery: 5 }, /rebalanceEvery/],
    ["an unknown model", { tickers: ["A"], models: [{ model: { kind: "magic" } }] }, /models\.0\.model\.kind/],
    ["a model option of the wrong type", { tickers: ["A"], models: [{ model: { kind: "minCvar", confidence: "high" } }] }, /confidence/],
    ["a NaN-like string", { ...minimal, costBps: "NaN" }, /costBps/],
    ["a negative cost", { ...minimal, costBps: -1 }, /costBps/],
    ["a cost of 100 %", { ...minimal, costBps: 10_000 }, /costBps/],
    ["a fractional lookback", { ...minimal, lookback: 2.5 }, /lookback/],
    ["a bad date", { ...minimal, start: "2020-02-30" }, /start/],
    ["start after end", { ...minimal, start: "2021-01-01", end: "2020-01-01" }, /end: start must not be after end/],
    ["a bad schedule", { ...minimal, rebalance: { kind: "everyKDays", k: 0 } }, /rebalance/],
    ["empty bands", { ...minimal, bands: {} }, /bands/],
    ["a bad ticker", { tickers: ["AA PL"], models: minimal.models }, /tickers\.0/],
    ["too many models", { tickers: ["A"], models: Array.from({ length: 21 }, () => ({ model: { kind: "equalWeight" } })) }, /models/],
  ];
  for (const [what, payload, message] of bad) {
    it(`refuses ${what} as the client's mistake`, () => {
      assert.throws(() => parseBacktestJobPayload(payload), (error: unknown) => {
        assert.ok(error instanceof InvalidRequestError);
        assert.equal(error.code, "INVALID_REQUEST");
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it("answers any JSON value with the payload or an INVALID_REQUEST, never another error", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ tickers: fc.jsonValue(), models: fc.jsonValue(), costBps: fc.jsonValue() }, { requiredKeys: [] })), (value) => {
        try {
          const parsed = parseBacktestJobPayload(value);
          assert.equal(backtestJobPayloadSchema.safeParse(parsed).success, true);
        } catch (error) {
          assert.ok(error instanceof InvalidRequestError, String(error));
        }
      }),
    );
  });
});
