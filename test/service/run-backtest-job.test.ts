import assert from "node:assert/strict";
import { before, it } from "node:test";
import { createInProcessRunner } from "../../src/jobs/in-process-runner.js";
import { createJobHandlers } from "../../src/jobs/job-handlers.js";
import type { JobRunner } from "../../src/jobs/job-runner.js";
import { backtestPortfolio, type BacktestReport, type BacktestRequest } from "../../src/service/backtest-portfolio.js";
import { createBacktestJobHandler } from "../../src/service/run-backtest-job.js";
import { createPortfolioRepository, createPriceRepository, createResultRepository } from "../../src/store/index.js";
import { panelHash } from "../../src/store/panel-hash.js";
import { expectClose } from "../support/expect-close.js";
import { recordEvents } from "../jobs/job-events.js";
import { SAMPLE_INDEX, SAMPLE_TICKERS, samplePrices, type SamplePrices } from "../jobs/sample-prices.js";
import { syntheticPrices } from "../jobs/synthetic-prices.js";
import { forEachDialect } from "../store/databases.js";

// Ten S&P 500 stocks, three models, monthly, with costs and the index as benchmark.
const payload = {
  tickers: [...SAMPLE_TICKERS],
  models: [{ model: { kind: "minVolatility" } }, { model: { kind: "equalWeight" }, name: "equal" }, { model: { kind: "hierarchicalRiskParity" } }],
  rebalance: "monthly",
  lookback: 126,
  costBps: 10,
  riskModel: { kind: "ledoitWolf" },
  benchmark: SAMPLE_INDEX,
  start: "2017-01-03",
  end: "2019-12-31",
};

const METRICS = ["totalReturn", "cagr", "volatility", "sharpe", "sortino", "maxDrawdown", "winRate", "averageTurnover", "totalCosts", "beta"] as const;

let sample: SamplePrices;
before(async () => {
  sample = await samplePrices();
});

forEachDialect("backtest job", ({ store }) => {
  let runner: JobRunner | undefined;
  async function start(handlers = createJobHandlers({ store: store(), programVersion: "9.9.9" })): Promise<JobRunner> {
    runner = await createInProcessRunner({ store: store(), handlers, pollMs: 50, cancelPollMs: 20, shutdownGraceMs: 0 });
    return runner;
  }
  const closeRunner = async () => {
    await runner?.close();
    runner = undefined;
  };

  it("runs a backtest on the stored prices in a worker thread, reports progress and stores the run once", async (t) => {
    t.after(closeRunner);
    await createPriceRepository(store()).upsertPrices(sample.rows);
    const jobs = await start();
    const log = recordEvents(jobs);
    const job = await jobs.submit("backtest", payload);
    await log.waitFor((e) => e.jobId === job.id && (e.type === "succeeded" || e.type === "failed"), 30_000);
    const done = await jobs.get(job.id);
    assert.equal(done?.status, "succeeded", JSON.stringify(done?.error));

    const progress = log.of(job.id).flatMap((e) => (e.type === "progress" ? [e] : []));
    assert.equal(progress[0].message, "loading prices");
    assert.ok(progress.some((e) => e.message?.startsWith("backtesting 201")), "the backtest's own progress (with its date) reached the subscribers");
    assert.equal(progress.at(-1)?.message, "storing the run");
    for (let k = 1; k < progress.length; k++) assert.ok(progress[k].progress > progress[k - 1].progress, "progress only rises");

    const runs = await createResultRepository(store()).listBacktests();
    assert.equal(runs.length, 1);
    const [run] = runs;
    assert.equal(done?.resultRef, `backtest:${run.id}`);
    assert.deepEqual([run.programVersion, run.portfolioId], ["9.9.9", null]);
    assert.deepEqual(run.parameters, payload);
    const stored = await createPriceRepository(store()).loadPanel({ tickers: [...SAMPLE_TICKERS, SAMPLE_INDEX], end: payload.end });
    assert.equal(run.panelHash, panelHash(stored));

    // The same backtest run here on the same stored prices: the job (another thread, a JSON round
    // trip through the store) must give the same numbers to the last bits; 1e-12 relative allows
    // only the text round trip of a double, which is exact anyway.
    const direct = await backtestPortfolio({ ...(payload as unknown as Omit<BacktestRequest, "prices">), prices: stored });
    const report = run.series as unknown as BacktestReport;
    assert.deepEqual(report.runs.map((r) => r.model), ["minVolatility", "equal", "hierarchicalRiskParity"]);
    assert.deepEqual(report.benchmarks.map((b) => b.name), direct.benchmarks.map((b) => b.name));
    assert.ok(report.benchmarks.some((b) => b.name === SAMPLE_INDEX));
    for (const [k, r] of direct.runs.entries()) {
      const metrics = run.metrics[r.model] as Record<string, number | null>;
      for (const name of METRICS) expectClose([metrics[name] ?? NaN], [r.metrics[name] ?? NaN], { rtol: 1e-12, atol: 1e-15 });
      expectClose(report.runs[k].equity.map((p) => p[1]), r.equity.map((p) => p[1]), { rtol: 1e-12, atol: 0 });
    }
    // The headline columns are the first run's.
    const first = direct.runs[0].metrics;
    expectClose([run.sharpe!, run.maxDrawdown!, run.winRate!], [first.sharpe!, first.maxDrawdown, first.winRate], { rtol: 1e-12, atol: 0 });

    // Sane numbers: trading starts at 1 on the first date from `start`, and ends on `end`'s last date.
    for (const r of report.runs) {
      assert.deepEqual(r.equity[0], ["2017-01-03", 1]);
      assert.equal(r.equity.at(-1)?.[0], "2019-12-31");
      assert.equal(r.equity.length, sample.stocks.dates.filter((d) => d >= payload.start).length);
      assert.ok(r.metrics.maxDrawdown > 0 && r.metrics.maxDrawdown < 0.5, `${r.model} max drawdown ${r.metrics.maxDrawdown}`);
      assert.ok(r.metrics.winRate > 0.4 && r.metrics.winRate < 0.7, `${r.model} win rate ${r.metrics.winRate}`);
      assert.ok(r.rebalances.length >= 35 && r.rebalances.length <= 37, `${r.model}: ${r.rebalances.length} monthly rebalances in three years`);
      for (const rb of r.rebalances) expectClose([Object.values(rb.weights).reduce((a, b) => a + b, 0)], [1], { rtol: 0, atol: 1e-9 });
    }
  });

  it("fails a bad request at once, without a retry, naming what is wrong", async (t) => {
    t.after(closeRunner);
    await createPriceRepository(store()).upsertPrices(sample.rows);
    const jobs = await start();
    const log = recordEvents(jobs);
    const cases = [
      { payload: { tickers: ["AAPL"], models: [] }, code: "INVALID_REQUEST", message: /models/ },
      { payload: { tickers: ["AAPL", "KO"], models: [{ model: { kind: "magic" } }] }, code: "INVALID_REQUEST", message: /models\.0\.model\.kind/ },
      { payload: { tickers: ["AAPL", "KO"], models: [{ model: { kind: "minVolatility" } }], costBps: "ten" }, code: "INVALID_REQUEST", message: /costBps/ },
      { payload: { models: [{ model: { kind: "equalWeight" } }] }, code: "INVALID_REQUEST", message: /tickers or a portfolioId/ },
      { payload: { tickers: ["AAPL", "NOPE"], models: [{ model: { kind: "equalWeight" } }] }, code: "UNKNOWN_ASSET", message: /NOPE/ },
      { payload: { tickers: ["AAPL", "KO"], models: [{ model: { kind: "fixedWeights", weights: { AAPL: 0.5, ZZZ: 0.5 } } }] }, code: "UNKNOWN_ASSET", message: /ZZZ/ },
      { payload: { tickers: ["AAPL", "KO"], models: [{ model: { kind: "equalWeight" } }], start: "2030-01-01" }, code: "INVALID_INPUT", message: /two trading dates/ },
    ];
    const submitted = [];
    for (const c of cases) submitted.push(await jobs.submit("backtest", c.payload, { maxAttempts: 3 }));
    for (const [k, job] of submitted.entries()) {
      await log.waitFor((e) => e.jobId === job.id && e.type === "failed");
      const failed = await jobs.get(job.id);
      assert.deepEqual([failed?.status, failed?.attempts, failed?.error?.code], ["failed", 1, cases[k].code], JSON.stringify(cases[k].payload));
      assert.match(failed!.error!.message, cases[k].message);
    }
    assert.ok(!log.events.some((e) => e.type === "retrying"));
    assert.equal((await createResultRepository(store()).listBacktests()).length, 0);
  });

  it("stops a long backtest in its thread on cancel and stores nothing", async (t) => {
    t.after(closeRunner);
    // 80 assets rebalanced daily by two optimizers: a few seconds of work, cancelled early on.
    const big = syntheticPrices(80, 400, 7);
    await createPriceRepository(store()).upsertPrices(big.rows);
    const jobs = await start();
    const log = recordEvents(jobs);
    const long = { tickers: big.panel.tickers, models: [{ model: { kind: "minVolatility" } }, { model: { kind: "maxSharpe" } }], rebalance: "daily", lookback: 60 };
    const job = await jobs.submit("backtest", long);
    await log.waitFor((e) => e.jobId === job.id && e.type === "progress" && e.message?.startsWith("backtesting 2") === true, 20_000);
    assert.equal((await jobs.cancel(job.id)).status, "cancelled");
    await log.waitFor((e) => e.jobId === job.id && e.type === "cancelled");
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for a wrongly finished backtest to be stored
    const after = await jobs.get(job.id);
    assert.deepEqual([after?.status, after?.resultRef, after?.attempts], ["cancelled", null, 1]);
    const events = log.of(job.id);
    assert.ok(!events.some((e) => e.type === "succeeded" || e.type === "failed" || (e.type === "progress" && e.message === "storing the run")), JSON.stringify(events));
    assert.equal((await createResultRepository(store()).listBacktests()).length, 0);
  });

  it("takes the universe and constraints of a portfolio", async (t) => {
    t.after(closeRunner);
    await createPriceRepository(store()).upsertPrices(sample.rows);
    const portfolio = await createPortfolioRepository(store()).create({
      name: "four",
      tickers: ["AAPL", "JNJ", "KO", "XOM"],
      constraints: { bounds: [0.1, 0.4] },
    });
    let reported = 0;
    const handler = createBacktestJobHandler({ store: store(), programVersion: "1.0.0" });
    const ref = await handler(
      { portfolioId: portfolio.id, models: [{ model: { kind: "minVolatility" } }], start: "2018-01-02", lookback: 200 },
      {
        jobId: 1,
        attempt: 1,
        signal: new AbortController().signal,
        reportProgress: () => reported++,
        commitResult: (write) => write(store()),
      },
    );
    const run = await createResultRepository(store()).getBacktest(Number(ref.split(":")[1]));
    assert.equal(run?.portfolioId, portfolio.id);
    assert.deepEqual((run?.parameters as { tickers: string[] }).tickers, ["AAPL", "JNJ", "KO", "XOM"]);
    const report = run?.series as unknown as BacktestReport;
    for (const rb of report.runs[0].rebalances) {
      for (const w of Object.values(rb.weights)) assert.ok(w >= 0.1 - 1e-9 && w <= 0.4 + 1e-9, `weight ${w} within the portfolio's bounds`);
    }
    assert.ok(reported >= 3);
  });
});
