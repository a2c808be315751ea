import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runInThread } from "../../src/jobs/run-in-thread.js";
import { ThreadTaskError } from "../../src/jobs/job-errors.js";
import { backtestPortfolio } from "../../src/service/backtest-portfolio.js";
import { frontierOfPortfolio } from "../../src/service/optimize-portfolio.js";
import { expectClose } from "../support/expect-close.js";
import { syntheticPrices } from "./synthetic-prices.js";

describe("runInThread", () => {
  it("computes a frontier in a worker thread exactly as on this thread", async () => {
    const { panel } = syntheticPrices(8, 120);
    const request = { prices: panel, points: 12, constraints: { bounds: [0, 0.5] as [number, number] } };
    const threaded = await runInThread("frontierOfPortfolio", request);
    const direct = await frontierOfPortfolio(request);
    assert.deepEqual(threaded.tickers, direct.tickers);
    // The same code on the same inputs in another thread: identical to the last bit.
    expectClose(threaded.points.map((p) => p.volatility), direct.points.map((p) => p.volatility), { rtol: 0, atol: 0 });
    expectClose(threaded.points.map((p) => p.expectedReturn), direct.points.map((p) => p.expectedReturn), { rtol: 0, atol: 0 });
    assert.deepEqual(threaded.points[5].weights, direct.points[5].weights);
  });

  it("runs a backtest in a worker thread, forwarding its progress, exactly as on this thread", async () => {
    const { panel } = syntheticPrices(6, 260);
    const request = { prices: panel, models: [{ model: { kind: "minVolatility" as const } }], lookback: 60, rebalance: "weekly" as const };
    const reports: { fraction: number; date: unknown }[] = [];
    const threaded = await runInThread("backtestPortfolio", request, { onProgress: (fraction, info) => reports.push({ fraction, date: (info as { date?: unknown }).date }) });
    const direct = await backtestPortfolio(request);
    // The same code on the same inputs in another thread: identical to the last bit.
    expectClose(threaded.runs[0].equity.map((p) => p[1]), direct.runs[0].equity.map((p) => p[1]), { rtol: 0, atol: 0 });
    assert.ok(reports.length >= 10, `${reports.length} progress reports`);
    for (let k = 1; k < reports.length; k++) assert.ok(reports[k].fraction >= reports[k - 1].fraction, "reports arrive in order");
    assert.equal(reports.at(-1)?.fraction, 1);
    assert.ok(reports.every((r) => typeof r.date === "string" && panel.dates.includes(r.date)), "each report names its date");
  });

  it("rebuilds the task's typed error with its code and whether it was the client's mistake", async () => {
    const { panel } = syntheticPrices(3, 30);
    const error = await runInThread("frontierOfPortfolio", { prices: panel, points: 1 }).then(
      () => assert.fail("a one-point frontier must be refused"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ThreadTaskError);
    assert.deepEqual([error.code, error.clientMistake, error.name], ["INVALID_INPUT", true, "InvalidInputError"]);
    assert.match(error.message, /points ≥ 2, got 1/);
  });

  it("stops a long computation at once when its signal aborts", async () => {
    // 600 assets × 300 days with Ledoit-Wolf and tight bounds: about two seconds of work.
    const { panel } = syntheticPrices(600, 300);
    const control = new AbortController();
    const started = performance.now();
    setTimeout(() => control.abort(new Error("cancelled by the test")), 300);
    await assert.rejects(
      runInThread("frontierOfPortfolio", { prices: panel, points: 200, riskModel: { kind: "ledoitWolf" }, constraints: { bounds: [0, 0.01] } }, { signal: control.signal }),
      /cancelled by the test/,
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1500, `aborted after ${elapsed.toFixed(0)} ms, not at the end of the computation`);
    await assert.rejects(runInThread("frontierOfPortfolio", { prices: panel }, { signal: control.signal }), /cancelled by the test/);
  });
});
