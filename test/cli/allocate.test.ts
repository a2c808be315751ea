/**
 * `portfolio allocate`: whole shares of given weights against PyPortfolioOpt's discrete-allocation
 * facts, optimize-then-allocate, the rebalance planner from holdings, and exit 2 for bad inputs.
 * The command is registered on a fresh program here (main.ts wires it for users).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { registerAllocate } from "../../src/cli/commands/allocate.js";
import { reportError } from "../../src/cli/exit-codes.js";
import { expectClose } from "../support/expect-close.js";
import { pypfoptFact, referencePath } from "../support/reference.js";
import type { CliRun } from "../support/run-cli.js";

interface AllocateJson {
  shares: Record<string, number>;
  leftover: number;
  trades: { ticker: string; side: "buy" | "sell"; shares: number; value: number; fee: number }[];
  weights: Record<string, number>;
  targetWeights: Record<string, number>;
  mode: string;
  method: string;
  model: string | null;
  totalFees: number;
  maxDeviation: number;
  withinTolerance: boolean | null;
  prices: Record<string, number>;
  priceDate: string;
}
interface AllocationFact {
  weights: Record<string, number>;
  latest_prices: Record<string, number>;
  total_portfolio_value: number;
  short_ratio: number;
}

const stockPrices = referencePath("data", "stock_prices.csv");

/** Runs `portfolio …args` with only `allocate` registered, as main.ts runs the full program. */
async function runAllocate(...args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
  const program = new Command("portfolio")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(`portfolio: ${text.trim()}\n`) })
    .exitOverride();
  registerAllocate(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  let code = 0;
  try {
    await program.parseAsync(["node", "portfolio", "allocate", "--prices", stockPrices, ...args]);
  } catch (error) {
    code = reportError(error, (line) => io.stderr(`${line}\n`));
  }
  return { code, stdout, stderr };
}

async function allocateJson(...args: string[]): Promise<AllocateJson> {
  const run = await runAllocate("--json", ...args);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as AllocateJson;
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "portfolio-allocate-")), name);
  writeFileSync(path, text);
  return path;
}

/** The fact's weights as a `--weights` file (String(x) round-trips every double exactly). */
function weightsFile(weights: Record<string, number>): string {
  return tempFile("weights.csv", `ticker,weight\n${Object.entries(weights).map(([t, w]) => `${t},${String(w)}`).join("\n")}\n`);
}

/** PyPortfolioOpt's integer-programming objective Σ|w·B − x·p| + leftover for a long-only book. */
function longOnlyObjective(out: AllocateJson, fact: AllocationFact): number {
  let gap = out.leftover;
  for (const [t, w] of Object.entries(fact.weights)) gap += Math.abs(w * fact.total_portfolio_value - (out.shares[t] ?? 0) * fact.latest_prices[t]);
  return gap;
}

test("allocate --weights --method greedy reproduces PyPortfolioOpt's greedy allocations", async () => {
  for (const id of ["da_greedy_long_only", "da_greedy_short_-1_1"]) {
    const fact = pypfoptFact(id);
    const inputs = fact.inputs as unknown as AllocationFact;
    const value = fact.value as { allocation: Record<string, number>; leftover: number };
    const out = await allocateJson("--weights", weightsFile(inputs.weights), "--value", String(inputs.total_portfolio_value),
      "--method", "greedy", "--short-ratio", String(inputs.short_ratio));
    assert.equal(out.priceDate, "2018-04-11");
    assert.deepEqual(out.prices, Object.fromEntries(Object.entries(inputs.latest_prices).filter(([t]) => inputs.weights[t] !== 0)));
    // Greedy rounding is deterministic: exact shares (the fact's tolerance).
    assert.deepEqual(out.shares, value.allocation, id);
    // The leftover is the same sums of the same prices: the reference cross-check agrees to 2e-11.
    expectClose(out.leftover, value.leftover, { rtol: 0, atol: 1e-9 }, `${id} leftover`);
    assert.equal(out.mode, "allocation");
    assert.equal(out.model, null);
  }
  const rmseFact = pypfoptFact("da_greedy_rmse_long_only");
  const inputs = pypfoptFact("da_greedy_long_only").inputs as unknown as AllocationFact;
  const out = await allocateJson("--weights", weightsFile(inputs.weights), "--value", "10000", "--method", "greedy");
  const tickers = Object.keys(inputs.weights);
  const rmse = Math.sqrt(tickers.reduce((s, t) => s + (out.weights[t] - out.targetWeights[t]) ** 2, 0) / tickers.length);
  // The fact's tolerance: 7 decimals.
  expectClose(rmse, rmseFact.value as number, { rtol: 0, atol: 1.5e-7 }, "rmse");
  assert.deepEqual(out.trades.map((t) => [t.ticker, t.side, t.shares]), Object.entries(out.shares).map(([t, x]) => [t, "buy", x]));
});

test("allocate --weights (MILP by default) reaches the proven optimal objective, never worse than greedy", async () => {
  for (const id of ["da_lp_long_only", "da_lp_long_only_80000_0.4"]) {
    const fact = pypfoptFact(id);
    const inputs = fact.inputs as unknown as AllocationFact;
    const args = ["--weights", weightsFile(inputs.weights), "--value", String(inputs.total_portfolio_value)];
    const milp = await allocateJson(...args);
    assert.equal(milp.method, "milp");
    // The optimum is unique in value (not in shares): 1e-9 relative, the fact's tolerance.
    expectClose(longOnlyObjective(milp, inputs), (fact.value as { objective: number }).objective, { rtol: 1e-9, atol: 0 }, id);
    const greedy = await allocateJson(...args, "--method", "greedy");
    assert.ok(longOnlyObjective(milp, inputs) <= longOnlyObjective(greedy, inputs) + 1e-9, `${id}: MILP ≤ greedy`);
    const spent = Object.entries(milp.shares).reduce((s, [t, x]) => s + x * inputs.latest_prices[t], 0);
    expectClose(spent + milp.leftover, inputs.total_portfolio_value, { rtol: 1e-12, atol: 0 }, "value identity");
  }
});

test("allocate --model optimizes first with the optimize options, then allocates its weights", async () => {
  const out = await allocateJson("--model", "hrp", "--value", "100000", "--tickers", "AAPL,XOM,PFE,JPM,WMT", "--start", "2015-01-01");
  assert.equal(out.model, "hierarchicalRiskParity");
  assert.deepEqual(Object.keys(out.targetWeights), ["AAPL", "XOM", "PFE", "JPM", "WMT"]);
  expectClose(Object.values(out.targetWeights).reduce((s, w) => s + w, 0), 1, { rtol: 0, atol: 1e-12 }, "targets");
  // $100k over five shares of $30–$170: each weight within half a share's value of its target.
  assert.ok(out.maxDeviation < 0.005, `max deviation ${out.maxDeviation}`);
  const text = await runAllocate("--model", "min-volatility", "--value", "10000", "--tickers", "AAPL,XOM,PFE");
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /whole shares \(milp\) of model minVolatility at the prices of 2018-04-11/);
  assert.match(text.stdout, /cash left \d+\.\d\d/);
});

test("allocate from holdings and cash plans trades that reach the band; --buy-only never sells", async () => {
  const holdings = tempFile("holdings.csv", "ticker,shares\nAAPL,100\nXOM,10\nPFE,0\n");
  const weights = tempFile("target.csv", "ticker,weight\nAAPL,0.3\nXOM,0.3\nPFE,0.35\n");
  const base = ["--weights", weights, "--holdings", holdings, "--tickers", "AAPL,XOM,PFE"];
  const plan = await allocateJson(...base, "--cash", "5000", "--fee", "1", "--tolerance", "0.02");
  assert.equal(plan.mode, "rebalance");
  assert.equal(plan.withinTolerance, true);
  const before: Record<string, number> = { AAPL: 100, XOM: 10, PFE: 0 };
  for (const trade of plan.trades) before[trade.ticker] += trade.side === "buy" ? trade.shares : -trade.shares;
  for (const t of ["AAPL", "XOM", "PFE"]) assert.equal(plan.shares[t] ?? 0, before[t], `${t}: holdings + trades = shares after`);
  for (const t of ["AAPL", "XOM", "PFE"]) assert.ok(Math.abs(plan.weights[t] - plan.targetWeights[t]) <= 0.02 + 1e-9, t);
  expectClose(plan.totalFees, plan.trades.length * 1, { rtol: 0, atol: 1e-9 }, "one fixed fee per trade");
  const buyOnly = await allocateJson(...base, "--cash", "20000", "--buy-only");
  assert.ok(buyOnly.trades.every((t) => t.side === "buy"), JSON.stringify(buyOnly.trades));
  assert.ok(buyOnly.leftover >= 0);
});

test("bad allocation inputs: exit 2 and one stderr line naming the problem", async () => {
  const unknownHoldings = tempFile("holdings.csv", "ticker,shares\nAAPL,3\nNOPE,3\n");
  const weights = tempFile("weights.csv", "ticker,weight\nAAPL,0.5\nXOM,0.5\n");
  const unknownWeights = tempFile("weights.csv", "ticker,weight\nAAPL,0.5\nZZZ,0.5\n");
  const lots = tempFile("lots.csv", "ticker,lot\nAAPL,0\n");
  const holdings = tempFile("holdings.csv", "ticker,shares\nAAPL,3\n");
  const cases: [string[], RegExp][] = [
    [["--model", "min-volatility", "--value", "20", "--tickers", "AAPL,XOM"], /INSUFFICIENT_FUNDS.*value of 20 cannot buy one share.*XOM at 77\.43/],
    [["--weights", weights, "--holdings", unknownHoldings], /MALFORMED_FILE.*holdings\.csv line 3, column 1: unknown ticker 'NOPE'/],
    [["--weights", unknownWeights, "--value", "1000"], /UNKNOWN_ASSET.*the target weights: unknown ticker 'ZZZ'/],
    [["--weights", weights, "--value", "1000", "--lot", lots], /lots\.csv line 2, column 2 \(lot\): lot 0 of AAPL must be greater than 0/],
    [["--value", "1000"], /--model M .* or --weights FILE/],
    [["--model", "hrp", "--weights", weights, "--value", "1000"], /--model M .* or --weights FILE/],
    [["--weights", weights, "--holdings", holdings, "--method", "greedy"], /--method chooses how a new account/],
    [["--weights", weights, "--holdings", holdings, "--value", "1000"], /INVALID_REQUEST.*value \(a new account\) or holdings and cash/],
    [["--weights", weights], /INVALID_REQUEST.*needs the value to invest/],
    [["--model", "best-ever", "--value", "1000"], /--model/],
    [["--model", "risk-parity", "--alpha", "0.9", "--value", "1000"], /--alpha applies to min-cvar, min-cdar/],
    [["--weights", weights, "--value", "-5"], /--value.*greater than 0/],
  ];
  for (const [args, message] of cases) {
    const run = await runAllocate(...args);
    assert.equal(run.code, 2, `${args.join(" ")} → exit ${run.code}: ${run.stderr}`);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line for ${args.join(" ")}: ${run.stderr}`);
    assert.match(lines[0], message);
  }
});
