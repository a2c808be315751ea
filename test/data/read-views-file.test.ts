/**
 * The Black-Litterman views file: absolute and relative views, the optional confidence column, and
 * errors that name the file, line and column.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readViewsFile } from "../../src/data/index.js";

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "views-")), "views.csv");
  writeFileSync(path, text);
  return path;
}

test("absolute and relative views, with and without confidences", async () => {
  const plain = file("long,short,return\nAAPL,,0.1\nGOOG FB,XOM,0.02\nMA+JPM,BAC + T,-0.01\n");
  assert.deepEqual(await readViewsFile(plain), [
    { ticker: "AAPL", return: 0.1, label: `${plain} line 2` },
    { long: ["GOOG", "FB"], short: ["XOM"], return: 0.02, label: `${plain} line 3` },
    { long: ["MA", "JPM"], short: ["BAC", "T"], return: -0.01, label: `${plain} line 4` },
  ]);
  const sure = file("Long,Short,Return,Confidence\nAAPL,,0.1,1\nGOOG,XOM,0.02,0.25\n");
  const views = await readViewsFile(sure, { tickers: ["AAPL", "GOOG", "XOM"] });
  assert.deepEqual(views.map((v) => v.confidence), [1, 0.25]);
});

test("bad rows are refused at their file, line and column", async () => {
  const cases: [string, RegExp][] = [
    ["long,short,return\nAAPL,,abc\n", /line 2, column 3 \(return\): 'abc' is not a number/],
    ["long,short,return\nAAPL GOOG,,0.1\n", /line 2, column 1 \(long\): an absolute view \(empty short\) names one ticker, not 2/],
    ["long,short,return\nAAPL,AAPL,0.1\n", /line 2, column 2: ticker 'AAPL' is on both sides/],
    ["long,short,return,confidence\nAAPL,,0.1,1.5\n", /line 2, column 4 \(confidence\): confidence 1\.5 is outside \[0, 1\]/],
    ["long,short,return\nAAPL,,0.1\nNOPE,XOM,0.1\n", /line 3, column 1: unknown ticker 'NOPE'/],
    ["long,short,return\nAAPL,XOM NOPE,0.1\n", /line 2, column 2: unknown ticker 'NOPE'/],
    ["ticker,return\nAAPL,0.1\n", /header is 'ticker,return', expected 'long,short,return' \(optionally followed by confidence\)/],
    ["long,short,return\nAAPL,,0.1,0.5\n", /line 2: 4 fields, expected 3/],
  ];
  for (const [text, pattern] of cases) {
    const path = file(text);
    await assert.rejects(readViewsFile(path, { tickers: ["AAPL", "GOOG", "XOM"] }), (error: Error & { code?: string }) => {
      assert.equal(error.code, "MALFORMED_FILE");
      assert.match(error.message, pattern);
      assert.ok(error.message.startsWith(path), error.message);
      return true;
    });
  }
});
