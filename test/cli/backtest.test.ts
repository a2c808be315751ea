/**
 * `portfolio backtest`: the `--json` contract (README) against backtest.json, a two-model comparison on
 * the bundled sample, costs, the readable table, the progress bar, and exit 2 with one stderr line for
 * every kind of bad request. The command is mounted on a program built like `buildProgram`, so the
 * test does not depend on main.ts registering it.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Command } from "commander";
import { registerBacktest } from "../../src/cli/commands/backtest.js";
import { EXIT_OK, reportError } from "../../src/cli/exit-codes.js";
import { progressBar } from "../../src/cli/progress-bar.js";
import { expectClose } from "../support/expect-close.js";
import { projectPath, referenceJson, referencePath } from "../support/reference.js";

interface RunJson {
  model: string;
  metrics: Record<string, number | string | null>;
  equity: [string, number][];
  drawdown: [string, number][];
  rebalances: { date: string; turnover: number; cost: number; weights: Record<string, number>; riskContributions: Record<string, number> | null; source: string }[];
  events: { date: string; code: string; message: string; action: string }[];
  series: Record<string, unknown>;
}
interface BacktestJson {
  tickers: string[];
  start: string;
  end: string;
  periodsPerYear: number;
  runs: RunJson[];
  benchmarks: { name: string; metrics: Record<string, number | string | null>; equity: [string, number][]; drawdown: [string, number][] }[];
}
interface ReferenceCurve {
  metrics: Record<string, number | string>;
  n_rebalances?: number;
}
const reference = referenceJson<{
  window: { start: string; end: string; n_prices: number };
  equal_weight_buy_and_hold: ReferenceCurve;
  equal_weight_rebalanced_every_21_days: ReferenceCurve;
}>("expected", "backtest.json");

const stockPrices = referencePath("data", "stock_prices.csv");
const sample = projectPath("samples", "sp500_dataset.csv.gz");

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `portfolio backtest …` in-process with captured output (stderr not a terminal unless asked). */
async function backtestCli(args: readonly string[], stderrIsTTY = false): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), stderrIsTTY };
  const program = new Command("portfolio")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`portfolio: ${text.trim()}\n`) })
    .exitOverride();
  registerBacktest(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  let code = EXIT_OK;
  try {
    await program.parseAsync(["node", "portfolio", "backtest", ...args]);
  } catch (error) {
    code = reportError(error, (line) => io.stderr(`${line}\n`));
  }
  return { code, stdout, stderr };
}

async function backtestJson(...args: string[]): Promise<BacktestJson> {
  const run = await backtestCli([...args, "--json"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "", "nothing on stderr when it is not a terminal");
  const lines = run.stdout.trim().split("\n");
  assert.equal(lines.length, 1, "--json prints one line");
  return JSON.parse(lines[0]) as BacktestJson;
}

// The contract names (left) and backtest.json's (right).
const CONTRACT: readonly [string, string][] = [
  ["totalReturn", "total_return"],
  ["cagr", "cagr"],
  ["volatility", "annualised_volatility"],
  ["sharpe", "sharpe_rf_0.02"],
  ["sortino", "sortino_rf_0.02"],
  ["calmar", "calmar"],
  ["maxDrawdown", "max_drawdown"],
  ["finalValue", "final_value"],
];

// The reference README: backtest values and metrics to 1e-9 relative.
const BACKTEST = { rtol: 1e-9, atol: 0 };

function checkAgainstReference(run: RunJson, expected: ReferenceCurve, label: string): void {
  expectClose(
    CONTRACT.map(([ours]) => run.metrics[ours] as number),
    CONTRACT.map(([, theirs]) => expected.metrics[theirs] as number),
    BACKTEST,
    `${label} metrics ${CONTRACT.map(([n]) => n).join(", ")}`,
  );
  assert.equal(run.metrics.maxDrawdownPeakDate, expected.metrics.max_drawdown_peak_date);
  assert.equal(run.metrics.maxDrawdownTroughDate, expected.metrics.max_drawdown_trough_date);
  expectClose(run.equity[run.equity.length - 1][1], expected.metrics.final_value as number, BACKTEST, `${label} last equity point`);
  assert.deepEqual(run.equity[0], [reference.window.start, 1]);
  assert.equal(run.equity.length, reference.window.n_prices);
  assert.equal(run.drawdown.length, reference.window.n_prices);
}

const REQUIRED_METRICS = ["totalReturn", "cagr", "volatility", "sharpe", "sortino", "calmar", "maxDrawdown", "winRate"];
/** Where the contract allows null: undefined ratios and dates, series before their window fills. */
const NULLABLE = new Set([
  "maxDrawdownRecoveryDate",
  "longestDrawdownRecoveryDate",
  "informationRatio",
  "riskContributions",
  "rollingVolatility",
  "rollingSharpe",
  "monthlyReturnsTable",
]);

/** A benchmark is not measured against itself, and a price benchmark does not trade. */
const BENCHMARK_NULLABLE = new Set(["beta", "alpha", "trackingError", "informationRatio", "upCapture", "downCapture", "averageTurnover", "totalCosts"]);

/** Every number in the body is finite, and null appears only under a key the contract allows. */
function checkNoHoles(value: unknown, path: string, nullable: ReadonlySet<string>, nullableAncestor = false): void {
  if (value === null) {
    assert.ok(nullableAncestor, `null at ${path}`);
  } else if (typeof value === "number") {
    assert.ok(Number.isFinite(value), `${path} is ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkNoHoles(v, `${path}[${i}]`, nullable, nullableAncestor));
  } else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value)) checkNoHoles(v, `${path}.${k}`, nullable, nullableAncestor || nullable.has(k));
  }
}

describe("portfolio backtest --json against backtest.json", () => {
  it("equal weight bought and held from 2014-09-19", async () => {
    const out = await backtestJson("--prices", stockPrices, "--model", "equal-weight", "--rebalance", "never", "--lookback", "0", "--start", "2014-09-19");
    assert.deepEqual(Object.keys(out), ["tickers", "start", "end", "periodsPerYear", "runs", "benchmarks"]);
    assert.deepEqual([out.start, out.end], [reference.window.start, reference.window.end]);
    assert.equal(out.runs.length, 1);
    const [run] = out.runs;
    assert.equal(run.model, "equal-weight");
    for (const key of ["model", "metrics", "equity", "drawdown", "rebalances", "events"]) assert.ok(key in run, `runs[0].${key}`);
    checkAgainstReference(run, reference.equal_weight_buy_and_hold, "buy and hold");
    assert.equal(run.rebalances.length, 1);
    assert.deepEqual(out.benchmarks.map((b) => b.name), ["equalWeight"]);
  });

  it("equal weight rebalanced every 21 trading days (--rebalance 21)", async () => {
    const expected = reference.equal_weight_rebalanced_every_21_days;
    const out = await backtestJson("--prices", stockPrices, "--model", "equal-weight", "--rebalance", "21", "--lookback", "0", "--start", "2014-09-19");
    checkAgainstReference(out.runs[0], expected, "every 21 days");
    assert.equal(out.runs[0].rebalances.length - 1, expected.n_rebalances);
  });
});

describe("portfolio backtest on the bundled sample", () => {
  const common = ["--prices", sample, "--model", "min-volatility,max-sharpe", "--risk", "ledoit-wolf", "--rebalance", "monthly", "--start", "2012-01-03"];

  it("min volatility beside max Sharpe: valid JSON with a number wherever one is required", async () => {
    const out = await backtestJson(...common);
    checkNoHoles(out.runs, "runs", NULLABLE);
    checkNoHoles(out.benchmarks, "benchmarks", new Set([...NULLABLE, ...BENCHMARK_NULLABLE]));
    assert.equal(typeof out.benchmarks[0].metrics.totalCosts, "number", "the equal-weight benchmark reports its costs");
    assert.deepEqual(out.runs.map((r) => r.model), ["min-volatility", "max-sharpe"]);
    for (const run of out.runs) {
      for (const name of REQUIRED_METRICS) assert.equal(typeof run.metrics[name], "number", `${run.model} ${name}`);
      assert.deepEqual(run.events, [], `${run.model}: no failed rebalance`);
      assert.ok(run.rebalances.length > 100, "monthly over a decade");
      assert.ok(run.equity.every(([, v]) => v > 0));
      // Walk-forward on the same dates: both curves share every date.
      assert.deepEqual(run.equity.map(([d]) => d), out.runs[0].equity.map(([d]) => d));
    }
    // Min volatility is the less volatile of the two, out of sample too (a loose sanity check).
    assert.ok((out.runs[0].metrics.volatility as number) < (out.runs[1].metrics.volatility as number));
  });

  it("costs lower the final value and are reported", async () => {
    const free = await backtestJson(...common);
    const costly = await backtestJson(...common, "--cost-bps", "25");
    for (const [k, run] of costly.runs.entries()) {
      const paid = run.metrics.totalCosts as number;
      assert.ok(paid > 0, `${run.model} paid costs`);
      expectClose(run.rebalances.reduce((s, r) => s + r.cost, 0), paid, { rtol: 1e-12, atol: 0 }, "costs add up");
      assert.ok((run.metrics.finalValue as number) < (free.runs[k].metrics.finalValue as number), `${run.model}: costs lower the final value`);
      assert.equal(free.runs[k].metrics.totalCosts, 0);
    }
  });

  it("prints a side-by-side table and the events without --json", async () => {
    const run = await backtestCli([...common, "--benchmark", "XOM"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
    const header = run.stdout.split("\n").find((l) => l.includes("min-volatility") && l.includes("XOM (benchmark)"));
    assert.ok(header !== undefined && header.includes("max-sharpe") && header.includes("equalWeight (benchmark)"), run.stdout);
    for (const label of ["CAGR", "Sharpe", "max drawdown", "win rate (daily)", "tracking error", "events: none"]) {
      assert.ok(run.stdout.includes(label), `the table shows ${label}`);
    }
  });
});

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "portfolio-opt-backtest-")), name);
  writeFileSync(path, text);
  return path;
}

describe("portfolio backtest bad requests", () => {
  const base = ["--prices", stockPrices];
  const weights = tempFile("weights.csv", "ticker,weight\nAAPL,0.5\nNOPE,0.5\n");
  const cases: [string[], RegExp][] = [
    [["--model", "min-volatility", "--lookback", "100000"], /INSUFFICIENT_HISTORY.*needs 100000 return rows/],
    [["--model", "equal-weight", "--benchmark", "NOPE"], /UNKNOWN_ASSET.*unknown ticker 'NOPE'/],
    [["--model", "equal-weight", "--start", "2017-01-01", "--end", "2016-01-01"], /start 2017-01-01 is after end 2016-01-01/],
    [["--model", "equal-weight", "--tickers", "FB,BABA", "--start", "2005-01-03"], /no asset can be bought on 2005-01-03/],
    [["--model", "magic"], /'magic' is not one of min-volatility/],
    // A model that cannot take a constraint is refused up front, not at every rebalance.
    [["--model", "min-cvar,hrp", "--gamma", "0.1"], /INVALID_INPUT.*hierarchicalRiskParity does not take constraints\.l2Gamma/],
    [["--model", "max-sortino", "--gamma", "0.1"], /INVALID_INPUT.*l2Gamma is not supported by the maxSortino model/],
    [["--model", "max-sharpe,max-sharpe"], /'max-sharpe' is given twice/],
    [["--model", "equal-weight", "--rebalance", "0"], /every K trading days needs K ≥ 1/],
    [["--model", "equal-weight", "--rebalance", "fortnightly"], /'fortnightly' is not one of never, daily/],
    [["--model", "equal-weight", "--start", "2017-02-30"], /'2017-02-30' is not a date|not a YYYY-MM-DD date/],
    [["--model", "equal-weight", "--start", "01/02/2017"], /'01\/02\/2017' is not a date/],
    [["--model", "fixed-weights", "--weights", weights], /UNKNOWN_ASSET.*unknown ticker 'NOPE'/],
    [["--model", "fixed-weights"], /fixed-weights needs --weights FILE/],
    [["--model", "equal-weight", "--weights", weights], /--weights is for --model fixed-weights/],
    [["--model", "efficient-risk"], /efficient-risk needs --target-volatility/],
    [["--model", "hrp,fixed-weights", "--alpha", "0.9"], /--alpha applies to min-cvar, min-cdar, not to hrp/],
    [["--model", "equal-weight", "--prices", "/no/such/file.csv"], /no\/such\/file\.csv/],
    [["--model", "equal-weight", "--lookback", "-3"], /must be a whole number ≥ 0/],
  ];
  for (const [args, message] of cases) {
    it(`${args.join(" ")} → exit 2`, async () => {
      const run = await backtestCli([...base, ...args]);
      assert.equal(run.code, 2, `exit ${run.code}: ${run.stderr}`);
      assert.equal(run.stdout, "");
      const lines = run.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `one stderr line, got: ${run.stderr}`);
      assert.match(lines[0], /^portfolio: /);
      assert.match(lines[0], message);
    });
  }
});

describe("portfolio backtest with fixed weights and risk-measure models", () => {
  it("fixed weights from a file are the targets of every rebalance; min CVaR runs beside them", async () => {
    const weights = tempFile("mix.csv", "ticker,weight\nAAPL,0.6\nXOM,0.4\n");
    const out = await backtestJson(
      "--prices", stockPrices, "--model", "fixed-weights,min-cvar", "--weights", weights, "--alpha", "0.9",
      "--tickers", "AAPL,XOM,JPM,PFE", "--start", "2017-01-03", "--rebalance", "quarterly", "--benchmark", "GOOG",
    );
    assert.deepEqual(out.runs.map((r) => r.model), ["fixed-weights", "min-cvar"]);
    assert.deepEqual(out.benchmarks.map((b) => b.name), ["GOOG", "equalWeight"]);
    for (const r of out.runs[0].rebalances) assert.deepEqual(r.weights, { AAPL: 0.6, XOM: 0.4 });
    assert.deepEqual(out.runs[1].events, []);
    for (const r of out.runs[1].rebalances) {
      // An LP's weights: the risk-measure layer returns them summing to the budget within 1e-10, and
      // the engine scales away at most 1e-9 of overshoot, so 1e-9 is the loosest honest bound.
      expectClose(Object.values(r.weights).reduce((a, w) => a + w, 0), 1, { rtol: 0, atol: 1e-9 }, `${r.date} budget`);
    }
  });
});

describe("progress bar", () => {
  it("draws nothing before the delay, then redraws in place, and erases itself", () => {
    let clock = 0;
    let written = "";
    const bar = progressBar({ write: (t) => (written += t), now: () => clock, delayMs: 1000, columns: 60, label: "backtest" });
    bar.update(0.3, "2016-01-04");
    assert.equal(written, "", "a quick run shows nothing");
    clock = 1500;
    bar.update(0.5, "2017-01-03");
    assert.match(written, /^\rbacktest \[#+\.+\] {2}50% 2017-01-03$/);
    assert.ok(written.length - 1 <= 59, "fits the terminal width");
    bar.update(0.5, "2017-01-03");
    assert.equal(written.split("\r").length, 2, "no redraw when nothing changed");
    bar.update(1, "2018-04-11");
    assert.match(written, /\rbacktest \[#+\] 100% 2018-04-11$/);
    bar.done();
    assert.ok(written.endsWith("\r\u001b[2K"), "the line is erased");
  });

  it("a command whose stderr is a terminal but finishes in under a second writes nothing there", async () => {
    const run = await backtestCli(["--prices", stockPrices, "--model", "equal-weight", "--lookback", "0", "--start", "2018-01-02", "--json"], true);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
  });
});
