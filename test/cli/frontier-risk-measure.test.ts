/**
 * `portfolio frontier --risk-measure …`: the JSON contract's `risk` and `riskMeasure`, the CVaR
 * frontier against the reference minimum CVaR, and the option checks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { expectClose } from "../support/expect-close.js";
import { referenceJson, referencePath } from "../support/reference.js";
import { runCli } from "../support/run-cli.js";

interface FrontierJson {
  riskMeasure: string;
  points: { expectedReturn: number; volatility: number; sharpe: number | null; risk: number; weights: Record<string, number> }[];
}

const stockPrices = referencePath("data", "stock_prices.csv");

async function frontierJson(...args: string[]): Promise<FrontierJson> {
  const run = await runCli("frontier", "--prices", stockPrices, "--json", ...args);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as FrontierJson;
}

test("frontier --risk-measure cvar starts at the reference minimum CVaR and rises", async () => {
  const ref = referenceJson<{ min_cvar: { objective_cvar_daily: number } }>("expected", "cvar.json");
  const out = await frontierJson("--risk-measure", "cvar", "--alpha", "0.95", "--points", "8", "--start", "2014-09-19");
  assert.deepEqual(Object.keys(out), ["points", "riskMeasure"]);
  assert.equal(out.riskMeasure, "cvar");
  assert.equal(out.points.length, 8);
  assert.deepEqual(Object.keys(out.points[0]), ["expectedReturn", "volatility", "sharpe", "risk", "weights"]);
  // LP objective: 1e-6 relative (README).
  expectClose(out.points[0].risk, ref.min_cvar.objective_cvar_daily, { rtol: 1e-6, atol: 0 }, "min CVaR");
  for (let k = 1; k < out.points.length; k++) {
    assert.ok(out.points[k].expectedReturn > out.points[k - 1].expectedReturn, `return rises at ${k}`);
    assert.ok(out.points[k].risk >= out.points[k - 1].risk - 1e-12, `CVaR rises at ${k}`);
    const sum = Object.values(out.points[k].weights).reduce((s, w) => s + w, 0);
    expectClose(sum, 1, { rtol: 0, atol: 1e-9 }, `budget at ${k}`);
  }
});

test("every risk measure traces a frontier; a lower alpha gives a lower CVaR", async () => {
  for (const [measure, name] of [["cdar", "cdar"], ["mad", "meanAbsoluteDeviation"], ["semivariance", "semideviation"]]) {
    const out = await frontierJson("--risk-measure", measure, "--points", "4", "--start", "2016-01-01", "--tickers", "AAPL,XOM,PFE,JPM");
    assert.equal(out.riskMeasure, name);
    assert.ok(out.points.every((p) => Number.isFinite(p.risk) && p.risk > 0), measure);
  }
  const tight = await frontierJson("--risk-measure", "cvar", "--alpha", "0.99", "--points", "2", "--start", "2016-01-01");
  const loose = await frontierJson("--risk-measure", "cvar", "--alpha", "0.9", "--points", "2", "--start", "2016-01-01");
  assert.ok(loose.points[0].risk < tight.points[0].risk, "CVaR₀.₉ < CVaR₀.₉₉ at their minima");
  const text = await runCli("frontier", "--prices", stockPrices, "--risk-measure", "mad", "--points", "3", "--tickers", "AAPL,XOM");
  assert.match(text.stdout.split("\n")[0], /return\s+volatility\s+MAD\s+Sharpe/);
});

test("frontier option errors: exit 2, one line", async () => {
  const cases: [string[], RegExp][] = [
    [["--risk-measure", "cvar", "--alpha", "1"], /--alpha.*strictly between 0 and 1/],
    [["--risk-measure", "variance", "--alpha", "0.9"], /--alpha applies to --risk-measure cvar or cdar/],
    [["--risk-measure", "drawdown"], /--risk-measure/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli("frontier", "--prices", stockPrices, ...args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], message);
  }
});
