/** The one-number-per-ticker side files: budgets, holdings, lots and market caps. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readBudgetsFile, readHoldingsFile, readLotsFile, readMarketCapsFile } from "../../src/data/index.js";

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "ticker-values-")), name);
  writeFileSync(path, text);
  return path;
}

test("each file reads into values by ticker", async () => {
  assert.deepEqual(await readBudgetsFile(file("b.csv", "ticker,budget\nAAPL,0.6\nXOM,0.4\n")), { AAPL: 0.6, XOM: 0.4 });
  assert.deepEqual(await readHoldingsFile(file("h.csv", "ticker,shares\nAAPL,10\nXOM,0\nMSFT,2.5\n")), { AAPL: 10, XOM: 0, MSFT: 2.5 });
  assert.deepEqual(await readLotsFile(file("l.csv", "ticker,lot\nAAPL,100\n")), { AAPL: 100 });
  assert.deepEqual(await readMarketCapsFile(file("c.csv", "ticker,market_cap\nAAPL,2.1e12\nSHLD,0\n")), { AAPL: 2.1e12, SHLD: 0 });
});

test("signs, unknown tickers, repeats and headers are refused at their place", async () => {
  const tickers = ["AAPL", "XOM"];
  const cases: [() => Promise<unknown>, RegExp][] = [
    [() => readMarketCapsFile(file("c.csv", "ticker,market_cap\nAAPL,1\nXOM,-5\n"), { tickers }), /c\.csv line 3, column 2 \(market_cap\): market_cap -5 of XOM must be 0 or more/],
    [() => readBudgetsFile(file("b.csv", "ticker,budget\nAAPL,0\n"), { tickers }), /line 2, column 2 \(budget\): budget 0 of AAPL must be greater than 0/],
    [() => readHoldingsFile(file("h.csv", "ticker,shares\nAAPL,1\nNOPE,3\n"), { tickers }), /h\.csv line 3, column 1: unknown ticker 'NOPE': it is not in the price data/],
    [() => readLotsFile(file("l.csv", "ticker,lot\nAAPL,1\nAAPL,2\n"), { tickers }), /line 3, column 1 \(ticker\): ticker 'AAPL' appears twice/],
    [() => readHoldingsFile(file("h.csv", "ticker,weight\nAAPL,1\n"), { tickers }), /header is 'ticker,weight', expected 'ticker,shares'/],
    [() => readHoldingsFile(file("h.csv", "ticker,shares\nAAPL,lots\n"), { tickers }), /line 2, column 2 \(shares\): 'lots' is not a number/],
  ];
  for (const [read, pattern] of cases) {
    await assert.rejects(read(), (error: Error & { code?: string }) => {
      assert.equal(error.code, "MALFORMED_FILE");
      assert.match(error.message, pattern);
      return true;
    });
  }
});
