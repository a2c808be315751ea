/**
 * `portfolio stats`: the JSON contract (README) against the shared reference results, the readable
 * output, and exit 2 with one line on stderr for every kind of bad input.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectClose } from "../support/expect-close.js";
import { pypfoptFact, referenceJson, referencePath } from "../support/reference.js";
import { runCli } from "../support/run-cli.js";

interface StatsJson {
  tickers: string[];
  expectedReturns: Record<string, number>;
  covariance: number[][];
  shrinkage: number | null;
  observations: number;
  correlation?: number[][];
}
interface CovarianceRef {
  tickers: string[];
  matrices: Record<string, { matrix: number[][]; shrinkage?: number }>;
}

const stockPrices = referencePath("data", "stock_prices.csv");
const covariances = referenceJson<CovarianceRef>("expected", "covariance.json");
// Closed-form estimators: the reference README's 1e-10 relative; atol for entries near zero.
const estimator = { rtol: 1e-10, atol: 1e-14 };

async function statsJson(...args: string[]): Promise<StatsJson> {
  const run = await runCli("stats", "--prices", stockPrices, "--json", ...args);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  const lines = run.stdout.trim().split("\n");
  assert.equal(lines.length, 1, "--json prints exactly one line, one object");
  return JSON.parse(lines[0]) as StatsJson;
}

test("stats --json defaults: PyPortfolioOpt's mean historical return and pairwise sample covariance", async () => {
  const out = await statsJson();
  assert.deepEqual(Object.keys(out), ["tickers", "expectedReturns", "covariance", "shrinkage", "observations"]);
  assert.deepEqual(out.tickers, covariances.tickers);
  assert.equal(out.observations, 7125);
  assert.equal(out.shrinkage, null);
  const fact = pypfoptFact("mean_historical_return");
  // The fact's own tolerance: assert_array_almost_equal decimal=6.
  expectClose(out.tickers.map((t) => out.expectedReturns[t]), fact.value as number[], { rtol: 0, atol: 1.5e-6 });
  expectClose(out.covariance, covariances.matrices.sample_full_history_pairwise.matrix, estimator, "covariance");
});

test("stats --json --risk ledoit-wolf matches PyPortfolioOpt's CovarianceShrinkage (missing returns as 0)", async () => {
  const out = await statsJson("--risk", "ledoit-wolf");
  const ref = covariances.matrices.ledoit_wolf_full_history_nan_as_zero;
  expectClose(out.shrinkage ?? NaN, ref.shrinkage ?? NaN, estimator, "shrinkage");
  expectClose(out.covariance, ref.matrix, estimator, "covariance");
});

test("stats --json on the common window (--start): sample and Ledoit-Wolf as scikit-learn computes them", async () => {
  const sample = await statsJson("--start", "2014-09-19");
  assert.equal(sample.observations, 895);
  expectClose(sample.covariance, covariances.matrices.sample_common_window.matrix, estimator, "sample");
  const lw = await statsJson("--start", "2014-09-19", "--risk", "ledoit-wolf");
  expectClose(lw.shrinkage ?? NaN, covariances.matrices.ledoit_wolf_common_window.shrinkage ?? NaN, estimator);
  expectClose(lw.covariance, covariances.matrices.ledoit_wolf_common_window.matrix, estimator, "ledoit-wolf");
  const ewm = await statsJson("--start", "2014-09-19", "--risk", "exp-cov", "--span", "180");
  expectClose(ewm.covariance, covariances.matrices.ewm_common_window_span180.matrix, estimator, "exp-cov");
});

test("stats --json --returns capm --market: PyPortfolioOpt's CAPM against SPY", async () => {
  const out = await statsJson("--returns", "capm", "--market", referencePath("data", "spy_prices.csv"));
  expectClose(
    out.tickers.map((t) => out.expectedReturns[t]),
    pypfoptFact("capm_return_spy_market").value as number[],
    { rtol: 0, atol: 1.5e-6 }, // the fact's decimal=6
  );
});

test("stats --json --tickers and --correlation: subset in the order asked, unit diagonal", async () => {
  const out = await statsJson("--tickers", "XOM,AAPL", "--correlation");
  assert.deepEqual(out.tickers, ["XOM", "AAPL"]);
  assert.ok(out.correlation);
  expectClose([out.correlation[0][0], out.correlation[1][1]], [1, 1], { rtol: 0, atol: 1e-15 });
  assert.equal(out.correlation[0][1], out.correlation[1][0]);
});

test("stats --json works on every risk model over a universe it was not tuned on (sp500, gzip)", async () => {
  const sp500 = referencePath("data", "sp500_dataset.csv.gz");
  for (const risk of ["sample", "semicovariance", "exp-cov", "ledoit-wolf", "ledoit-wolf-single-factor",
    "ledoit-wolf-constant-correlation", "oas", "denoised", "detoned", "gerber"]) {
    const run = await runCli("stats", "--prices", sp500, "--json", "--risk", risk, "--start", "2018-01-01");
    assert.equal(run.code, 0, `${risk}: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as StatsJson;
    assert.equal(out.tickers.length, 20);
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 20; j++) {
        assert.ok(Number.isFinite(out.covariance[i][j]), `${risk} [${i}][${j}]`);
        assert.equal(out.covariance[i][j], out.covariance[j][i], `${risk} symmetric`);
      }
      assert.ok(out.covariance[i][i] > 0, `${risk}: positive variance`);
    }
    if (out.shrinkage !== null) assert.ok(out.shrinkage >= 0 && out.shrinkage <= 1);
  }
});

test("stats prints a readable table without --json", async () => {
  const run = await runCli("stats", "--prices", stockPrices, "--tickers", "AAPL,GOOG");
  assert.equal(run.code, 0);
  assert.match(run.stdout, /2 assets, \d+ return rows/);
  assert.match(run.stdout, /^AAPL\s+29\.43%/m);
  assert.match(run.stdout, /covariance \(annualised\)/);
});

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "portfolio-cli-")), name);
  writeFileSync(path, text);
  return path;
}

test("bad input: exit 2 and exactly one line on stderr saying what and where", async () => {
  const malformed = tempFile("bad.csv", "date,A,B\n2020-01-01,1,2\n2020-01-02,1,abc\n");
  const cases: [string[], RegExp][] = [
    [["stats", "--prices", "/nonexistent/prices.csv"], /prices\.csv/],
    [["stats", "--prices", malformed], /bad\.csv line 3, column 3 \(B\): 'abc' is not a number/],
    [["stats", "--prices", stockPrices, "--risk", "nonsense"], /--risk/],
    [["stats", "--prices", stockPrices, "--span", "-3"], /--span/],
    [["stats", "--prices", stockPrices, "--start", "2019-13-01"], /--start/],
    [["stats", "--prices", stockPrices, "--tickers", "AAPL,NOPE"], /unknown ticker 'NOPE'/],
    [["stats", "--prices", stockPrices, "--start", "2018-01-01", "--end", "2017-01-01"], /after/],
    [["stats", "--prices", stockPrices, "--start", "2030-01-01"], /price date/],
    [["stats"], /--prices/],
    [["frobnicate"], /unknown command/],
  ];
  for (const [args, message] of cases) {
    const run = await runCli(...args);
    assert.equal(run.code, 2, `${args.join(" ")} → exit ${run.code}: ${run.stderr}`);
    assert.equal(run.stdout, "");
    const lines = run.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line for ${args.join(" ")}: ${run.stderr}`);
    assert.match(lines[0], message);
  }
});

test("--help and --version exit 0", async () => {
  const help = await runCli("--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /stats/);
  const version = await runCli("--version");
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
});
