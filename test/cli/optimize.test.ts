/**
 * `portfolio optimize` and `portfolio frontier`: the JSON contracts (README) against the shared
 * reference results in both data views, constraints from the command line, and exit 2 with one
 * stderr line for every kind of bad request.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectClose } from "../support/expect-close.js";
import { pypfoptFact, referenceJson, referencePath } from "../support/reference.js";
import { runCli } from "../support/run-cli.js";

interface OptimizeJson {
  model: string;
  weights: Record<string, number>;
  performance: { expectedReturn: number; volatility: number; sharpe: number | null };
  solver: { status: string; iterations: number; kkt: Record<string, number> };
  riskContributions: Record<string, number> | null;
  fallbackFrom: { model: string; code: string; message: string }[];
  riskMeasure: { name: string; value: number; quantile?: number } | null;
}
interface ReferenceSolution {
  weights: Record<string, number>;
  performance: { expected_return: number; volatility: number; sharpe: number };
}
interface ReferenceView {
  tickers: string[];
  min_variance: ReferenceSolution;
  max_sharpe: ReferenceSolution;
  efficient_risk: ReferenceSolution & { target_volatility: number };
  efficient_return: ReferenceSolution & { target_return: number };
  efficient_frontier: { points: { expected_return: number; volatility: number; weights: Record<string, number> }[] };
}

const stockPrices = referencePath("data", "stock_prices.csv");
const views = {
  full: { args: [] as string[], ref: referenceJson<ReferenceView>("expected", "optimizers_full_history.json") },
  common: { args: ["--start", "2014-09-19"], ref: referenceJson<ReferenceView>("expected", "optimizers_common_window.json") },
};
// The reference README: objectives 1e-6 relative; weights 1e-4 absolute (1e-6 is reachable for these
// strictly convex problems, so we ask for it).
const objective = { rtol: 1e-6, atol: 0 };
const weightTolerance = { rtol: 0, atol: 1e-6 };

async function optimizeJson(...args: string[]): Promise<OptimizeJson> {
  const run = await runCli("optimize", "--prices", stockPrices, "--json", ...args);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split("\n");
  assert.equal(lines.length, 1, "--json prints one line");
  return JSON.parse(lines[0]) as OptimizeJson;
}

function checkAgainst(out: OptimizeJson, ref: ReferenceSolution, tickers: string[], label: string): void {
  assert.deepEqual(Object.keys(out), ["model", "weights", "performance", "solver", "riskContributions", "fallbackFrom", "riskMeasure"]);
  assert.equal(out.riskMeasure, null);
  assert.deepEqual(Object.keys(out.weights), tickers);
  expectClose(tickers.map((t) => out.weights[t]), tickers.map((t) => ref.weights[t]), weightTolerance, `${label} weights`);
  const sum = tickers.reduce((s, t) => s + out.weights[t], 0);
  expectClose(sum, 1, { rtol: 0, atol: 1e-10 }, `${label} budget`);
  expectClose(
    [out.performance.expectedReturn, out.performance.volatility, out.performance.sharpe ?? NaN],
    [ref.performance.expected_return, ref.performance.volatility, ref.performance.sharpe],
    objective,
    `${label} performance`,
  );
  assert.equal(out.solver.status, "optimal");
}

for (const [name, view] of Object.entries(views)) {
  test(`optimize --json matches the reference long-only models (${name} history)`, async () => {
    const { ref } = view;
    checkAgainst(await optimizeJson(...view.args, "--model", "min-volatility"), ref.min_variance, ref.tickers, "min vol");
    checkAgainst(await optimizeJson(...view.args, "--model", "max-sharpe"), ref.max_sharpe, ref.tickers, "max Sharpe");
    checkAgainst(
      await optimizeJson(...view.args, "--model", "efficient-risk", "--target-volatility", String(ref.efficient_risk.target_volatility)),
      ref.efficient_risk,
      ref.tickers,
      "efficient risk",
    );
    checkAgainst(
      await optimizeJson(...view.args, "--model", "efficient-return", "--target-return", String(ref.efficient_return.target_return)),
      ref.efficient_return,
      ref.tickers,
      "efficient return",
    );
  });

  test(`frontier --json matches the reference 20-point frontier (${name} history)`, async () => {
    const run = await runCli("frontier", "--prices", stockPrices, "--json", "--points", "20", ...view.args);
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { points: { expectedReturn: number; volatility: number; sharpe: number; risk: number; weights: Record<string, number> }[] };
    assert.deepEqual(Object.keys(out), ["points", "riskMeasure"]);
    const ref = view.ref.efficient_frontier.points;
    assert.equal(out.points.length, ref.length);
    out.points.forEach((p, k) => {
      assert.deepEqual(Object.keys(p), ["expectedReturn", "volatility", "sharpe", "risk", "weights"]);
      assert.equal(p.risk, p.volatility, "a variance frontier's risk is its volatility");
      expectClose([p.expectedReturn, p.volatility], [ref[k].expected_return, ref[k].volatility], objective, `point ${k}`);
      const tickers = view.ref.tickers;
      expectClose(tickers.map((t) => p.weights[t]), tickers.map((t) => ref[k].weights[t]), { rtol: 0, atol: 1e-4 }, `point ${k} weights`);
    });
  });
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "portfolio-opt-cli-")), name);
  writeFileSync(path, text);
  return path;
}

test("optimize with groups, text constraints, shorting bounds and max holdings: every constraint holds", async () => {
  const groups = tempFile("groups.csv", "ticker,group\nGOOG,Tech\nAAPL,Tech\nFB,Tech\nAMZN,Tech\nMA,Tech\nXOM,Energy\nRRC,Energy\n");
  const grouped = await optimizeJson("--model", "max-sharpe", "--groups", groups, "--constraint", "Tech <= 0.3",
    "--constraint", "Energy >= 0.1", "--constraint", "PFE + JPM <= 0.15");
  const w = grouped.weights;
  assert.ok(w.GOOG + w.AAPL + w.FB + w.AMZN + w.MA <= 0.3 + 1e-9);
  assert.ok(w.XOM + w.RRC >= 0.1 - 1e-9);
  assert.ok(w.PFE + w.JPM <= 0.15 + 1e-9);
  const shorting = await optimizeJson("--model", "min-volatility", "--bounds", "-0.2,0.5", "--leverage", "1.4");
  const values = Object.values(shorting.weights);
  assert.ok(values.every((x) => x >= -0.2 - 1e-9 && x <= 0.5 + 1e-9));
  assert.ok(values.reduce((s, x) => s + Math.abs(x), 0) <= 1.4 + 1e-9);
  const few = await optimizeJson("--model", "min-volatility", "--max-holdings", "4", "--min-position", "0.1");
  const held = Object.values(few.weights).filter((x) => x !== 0);
  assert.ok(held.length <= 4 && held.every((x) => x >= 0.1 - 1e-12), JSON.stringify(few.weights));
});

test("optimize --fallback reports the model that failed and the one that produced the weights", async () => {
  const out = await optimizeJson("--model", "efficient-return", "--target-return", "0.9", "--fallback", "min-volatility");
  assert.equal(out.model, "minVolatility");
  assert.equal(out.fallbackFrom.length, 1);
  assert.equal(out.fallbackFrom[0].code, "TARGET_OUT_OF_RANGE");
});

test("optimize and frontier work on a universe they were not tuned on (sp500, gzip)", async () => {
  const sp500 = referencePath("data", "sp500_dataset.csv.gz");
  for (const model of [["min-volatility"], ["max-sharpe"], ["max-quadratic-utility", "--risk-aversion", "3"],
    ["efficient-risk", "--target-volatility", "0.2"], ["efficient-return", "--target-return", "0.15"]]) {
    const run = await runCli("optimize", "--prices", sp500, "--json", "--risk", "ledoit-wolf", "--start", "2015-01-01", "--model", ...model);
    assert.equal(run.code, 0, `${model[0]}: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as OptimizeJson;
    const weights = Object.values(out.weights);
    assert.equal(weights.length, 20);
    assert.ok(weights.every((x) => Number.isFinite(x) && x >= -1e-12 && x <= 1 + 1e-12));
    expectClose(weights.reduce((s, x) => s + x, 0), 1, { rtol: 0, atol: 1e-10 }, model[0]);
  }
  const run = await runCli("frontier", "--prices", sp500, "--json", "--points", "30", "--start", "2015-01-01");
  assert.equal(run.code, 0, run.stderr);
  const points = (JSON.parse(run.stdout) as { points: { expectedReturn: number; volatility: number }[] }).points;
  assert.equal(points.length, 30);
  for (let k = 1; k < points.length; k++) {
    assert.ok(points[k].expectedReturn > points[k - 1].expectedReturn);
    assert.ok(points[k].volatility >= points[k - 1].volatility - 1e-12, "risk rises with return");
  }
});

test("optimize prints a readable table without --json", async () => {
  const run = await runCli("optimize", "--prices", stockPrices, "--model", "min-volatility", "--tickers", "XOM,AAPL,PFE");
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /model: minVolatility/);
  assert.match(run.stdout, /expected return .* volatility .* Sharpe/);
});

test("bad requests: exit 2 and exactly one stderr line that says why", async () => {
  const badGroups = tempFile("groups.csv", "ticker,group\nAAPL,Tech\n");
  const cases: [string[], RegExp][] = [
    [["--model", "efficient-return", "--target-return", "0.6"], /TARGET_OUT_OF_RANGE.*0\.6 is above the highest achievable 0\.38/],
    [["--model", "efficient-risk", "--target-volatility", "0.05"], /TARGET_OUT_OF_RANGE.*below the minimum/],
    [["--model", "efficient-risk"], /--target-volatility/],
    [["--model", "max-sharpe", "--risk-free-rate", "0.9"], /MAX_SHARPE_UNDEFINED/],
    [["--model", "max-sharpe", "--market-neutral"], /MAX_SHARPE_UNDEFINED/],
    [["--model", "min-volatility", "--constraint", "AAPL + MSFTT <= 0.25"], /CONSTRAINT_SYNTAX.*'MSFTT'.*column 8/],
    [["--model", "min-volatility", "--constraint", "AAPL * MA <= 0.25"], /CONSTRAINT_SYNTAX/],
    [["--model", "min-volatility", "--groups", badGroups, "--constraint", "Tech <= 0.2", "--constraint", "Tech >= 0.3"], /INFEASIBLE_CONSTRAINTS.*Tech/],
    [["--model", "min-volatility", "--bounds", "0,0.04"], /INFEASIBLE_CONSTRAINTS.*0\.8/],
    [["--model", "min-volatility", "--bounds", "0.5,0.2"], /--bounds/],
    [["--model", "min-volatility", "--max-holdings", "0"], /--max-holdings/],
    [["--model", "nonsense"], /--model/],
    [["--model", "min-volatility", "--tickers", "AAPL,NOPE"], /UNKNOWN_ASSET.*NOPE/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli("optimize", "--prices", stockPrices, ...args);
    assert.equal(run.code, 2, `${args.join(" ")} → exit ${run.code}: ${run.stderr}`);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line for ${args.join(" ")}: ${run.stderr}`);
    assert.match(lines[0], message);
  }
});

test("optimize --model hrp and risk-parity match the reference (full history, pairwise sample covariance)", async () => {
  const ref = referenceJson<{ tickers: string[]; hrp: { weights: Record<string, number> }; risk_parity: { weights: Record<string, number> } }>(
    "expected",
    "optimizers_full_history.json",
  );
  const hrp = await optimizeJson("--model", "hrp");
  assert.equal(hrp.model, "hierarchicalRiskParity");
  // Deterministic arithmetic: 1e-10 (README). Needs pandas' pairwise correlation for the clustering.
  expectClose(ref.tickers.map((t) => hrp.weights[t]), ref.tickers.map((t) => ref.hrp.weights[t]), { rtol: 0, atol: 1e-10 }, "hrp");
  const parity = await optimizeJson("--model", "risk-parity");
  expectClose(ref.tickers.map((t) => parity.weights[t]), ref.tickers.map((t) => ref.risk_parity.weights[t]), weightTolerance, "risk parity");
  // Risk shares at the risk-budgeting solution: 1e-8 (README).
  expectClose(Object.values(parity.riskContributions ?? {}), ref.tickers.map(() => 0.05), { rtol: 0, atol: 1e-8 }, "risk shares");
  const budgets = tempFile("budgets.csv", "ticker,budget\nXOM,0.5\nAAPL,0.25\nPFE,0.25\n");
  const budgeted = await optimizeJson("--model", "risk-parity", "--budgets", budgets, "--tickers", "XOM,AAPL,PFE");
  expectClose(["XOM", "AAPL", "PFE"].map((t) => budgeted.riskContributions?.[t] ?? NaN), [0.5, 0.25, 0.25], { rtol: 0, atol: 1e-8 }, "budgets");
});

test("optimize --model min-cvar over the common window reaches the reference CVaR and reports it", async () => {
  const ref = referenceJson<{ min_cvar: { objective_cvar_daily: number } }>("expected", "cvar.json");
  const out = await optimizeJson("--model", "min-cvar", "--start", "2014-09-19", "--alpha", "0.95");
  assert.equal(out.model, "minCvar");
  assert.equal(out.riskMeasure?.name, "cvar");
  // LP objective: 1e-6 relative (README); its weights need not be unique.
  expectClose(out.riskMeasure?.value ?? NaN, ref.min_cvar.objective_cvar_daily, { rtol: 1e-6, atol: 0 }, "CVaR");
  assert.ok((out.riskMeasure?.quantile ?? NaN) <= (out.riskMeasure?.value ?? NaN), "VaR ≤ CVaR");
  const floor = await optimizeJson("--model", "min-cvar", "--start", "2014-09-19", "--target-return", "0.3");
  assert.ok(floor.performance.expectedReturn >= 0.3 - 1e-9, "--target-return is a floor for min-cvar");
  assert.ok((floor.riskMeasure?.value ?? 0) >= ref.min_cvar.objective_cvar_daily);
});

test("optimize --model min-cvar --gamma 0.1 over the common window matches PyPortfolioOpt's cvar_min_L2_gamma0.1", async () => {
  // (return, daily CVaR) at rtol/atol 1e-4, the fact's own tolerance; μ is the window's geometric mean.
  const out = await optimizeJson("--model", "min-cvar", "--start", "2014-09-19", "--gamma", "0.1");
  expectClose([out.performance.expectedReturn, out.riskMeasure?.value ?? NaN], pypfoptFact("cvar_min_L2_gamma0.1").value as number[], { rtol: 1e-4, atol: 1e-4 }, "cvar_min_L2_gamma0.1");
  const plain = await optimizeJson("--model", "min-cvar", "--start", "2014-09-19");
  assert.ok((plain.riskMeasure?.value ?? NaN) < (out.riskMeasure?.value ?? NaN), "the penalty costs CVaR");
});

test("optimize with Black-Litterman files gives what the service gives for the same views", async () => {
  const { optimizePortfolio } = await import("../../src/service/index.js");
  const { readPriceFile } = await import("../../src/data/index.js");
  const caps = tempFile("caps.csv", "ticker,market_cap\nAAPL,900\nXOM,400\nPFE,200\nMA,300\n");
  const views = tempFile("views.csv", "long,short,return,confidence\nAAPL,,0.2,0.5\nXOM PFE,MA,0.03,0.8\n");
  const args = ["--tickers", "AAPL,XOM,PFE,MA", "--start", "2015-01-01", "--market-caps", caps, "--views", views, "--tau", "0.1"];
  const out = await optimizeJson("--model", "max-sharpe", ...args);
  const direct = await optimizePortfolio({
    prices: await readPriceFile(stockPrices),
    tickers: ["AAPL", "XOM", "PFE", "MA"],
    start: "2015-01-01",
    expectedReturns: { kind: "meanHistorical", compounding: true },
    riskModel: { kind: "sample" },
    gaps: "drop",
    model: { kind: "maxSharpe" },
    blackLitterman: {
      marketCaps: { AAPL: 900, XOM: 400, PFE: 200, MA: 300 },
      tau: 0.1,
      views: [{ ticker: "AAPL", return: 0.2, confidence: 0.5 }, { long: ["XOM", "PFE"], short: ["MA"], return: 0.03, confidence: 0.8 }],
    },
  });
  // The same request through files and flags: identical numbers.
  assert.deepEqual(out.weights, direct.weights);
  const text = await runCli("optimize", "--prices", stockPrices, "--model", "max-sharpe", ...args);
  assert.match(text.stdout, /Black-Litterman: 2 views \(idzorek\), τ 0\.1, δ 1\.000 \(default\)/);
});

test("optimize accepts every new model name, and prints the risk measure in the table", async () => {
  for (const model of ["min-semivariance", "min-cvar", "min-cdar", "min-mad", "max-sortino", "equal-weight", "inverse-volatility",
    "inverse-variance", "risk-parity", "max-diversification", "hrp", "herc", "nco"]) {
    const out = await optimizeJson("--model", model, "--start", "2016-01-01", "--tickers", "AAPL,XOM,PFE,JPM,WMT");
    const w = Object.values(out.weights);
    expectClose(w.reduce((s, x) => s + x, 0), 1, { rtol: 0, atol: 1e-9 }, model);
    assert.equal(out.riskMeasure === null, !model.startsWith("min-c") && !["min-mad", "min-semivariance", "max-sortino"].includes(model), model);
  }
  const text = await runCli("optimize", "--prices", stockPrices, "--model", "min-cdar", "--alpha", "0.9", "--tickers", "AAPL,XOM,PFE");
  assert.match(text.stdout, /model: minCdar/);
  assert.match(text.stdout, /CDaR \d+\.\d\d% \(quantile/);
  // The hierarchical models meet bounds and group limits exactly (the core's method; here through the CLI).
  const groups = tempFile("groups.csv", "ticker,group\nGOOG,Tech\nAAPL,Tech\nFB,Tech\nAMZN,Tech\nMA,Tech\n");
  for (const model of ["hrp", "herc", "nco"]) {
    const bounded = await optimizeJson("--model", model, "--bounds", "0.02,0.09", "--groups", groups, "--constraint", "Tech <= 0.2");
    const w = bounded.weights;
    assert.ok(Object.values(w).every((x) => x >= 0.02 - 1e-9 && x <= 0.09 + 1e-9), `${model}: ${JSON.stringify(w)}`);
    assert.ok(w.GOOG + w.AAPL + w.FB + w.AMZN + w.MA <= 0.2 + 1e-9, `${model}: Tech`);
  }
  const ward = await optimizeJson("--model", "hrp", "--linkage", "ward", "--tickers", "AAPL,XOM,PFE,JPM", "--start", "2016-01-01");
  const leaves = (ward.solver as unknown as { leafOrder: string[] }).leafOrder;
  assert.deepEqual([...leaves].sort(), ["AAPL", "JPM", "PFE", "XOM"], "the leaf order names the tickers");
});

test("bad model inputs: exit 2 and one stderr line naming the problem (and the file line)", async () => {
  const budgets = tempFile("budgets.csv", "ticker,budget\nXOM,0.5\nAAPL,0.3\nPFE,0.1\n");
  const unknownBudget = tempFile("budgets.csv", "ticker,budget\nXOM,0.5\nAAPL,0.3\nNOPE,0.2\n");
  const caps = tempFile("caps.csv", "ticker,market_cap\nAAPL,900\nXOM,400\nPFE,200\n");
  const negativeCaps = tempFile("caps.csv", "ticker,market_cap\nAAPL,900\nXOM,-400\nPFE,200\n");
  const unknownView = tempFile("views.csv", "long,short,return\nAAPL,,0.1\nXOM,ZZZZ,0.02\n");
  const views = tempFile("views.csv", "long,short,return\nAAPL,,0.1\n");
  const three = ["--tickers", "XOM,AAPL,PFE"];
  const cases: [string[], RegExp][] = [
    [["--model", "risk-parity", "--budgets", budgets, ...three], /INVALID_REQUEST.*risk budgets sum to 0\.9/],
    [["--model", "risk-parity", "--budgets", unknownBudget, ...three], /MALFORMED_FILE.*budgets\.csv line 4, column 1: unknown ticker 'NOPE'/],
    [["--model", "min-volatility", "--budgets", budgets, ...three], /--budgets applies to risk-parity/],
    [["--model", "min-cvar", "--alpha", "1.2"], /--alpha.*strictly between 0 and 1/],
    [["--model", "min-cvar", "--alpha", "0"], /--alpha.*strictly between 0 and 1/],
    [["--model", "hrp", "--alpha", "0.9"], /--alpha applies to min-cvar, min-cdar/],
    [["--model", "min-volatility", "--linkage", "ward"], /--linkage applies to hrp, herc, nco/],
    [["--model", "hrp", "--linkage", "centroid"], /--linkage/],
    [["--model", "min-everything"], /--model/],
    [["--model", "max-sharpe", "--fallback", "hrp,nope"], /--fallback.*'nope'/],
    [["--model", "max-sharpe", "--views", unknownView, "--market-caps", caps, ...three], /views\.csv line 3, column 2: unknown ticker 'ZZZZ'/],
    [["--model", "max-sharpe", "--views", views, "--market-caps", negativeCaps, ...three], /caps\.csv line 3, column 2 \(market_cap\): market_cap -400 of XOM must be 0 or more/],
    [["--model", "max-sharpe", "--views", views, ...three], /INVALID_REQUEST.*needs market caps/],
    [["--model", "max-sharpe", "--tau", "0.1"], /--tau is a Black-Litterman option/],
    [["--model", "min-cvar", "--target-return", "3", "--start", "2016-01-01"], /TARGET_OUT_OF_RANGE/],
    [["--model", "max-sortino", "--gamma", "0.1", ...three], /INVALID_INPUT.*l2Gamma is not supported by the maxSortino model/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli("optimize", "--prices", stockPrices, ...args);
    assert.equal(run.code, 2, `${args.join(" ")} → exit ${run.code}: ${run.stderr}`);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line for ${args.join(" ")}: ${run.stderr}`);
    assert.match(lines[0], message);
  }
});
