import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readBoundsFile, readGroupsFile, readWeightsFile } from "../../src/data/index.js";

const dir = mkdtempSync(join(tmpdir(), "ticker-table-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test("groups file: members in file order, a ticker may sit in several groups", async () => {
  const groups = await readGroupsFile(file("groups.csv", "ticker,group\nAAPL,Tech\nMSFT,Tech\nXOM,Energy\nAAPL,US\n"));
  assert.deepEqual(groups, { Tech: ["AAPL", "MSFT"], Energy: ["XOM"], US: ["AAPL"] });
});

test("weights and bounds files", async () => {
  assert.deepEqual(await readWeightsFile(file("w.csv", "Ticker,Weight\nAAPL,0.6\nMSFT,0.4\n")), { AAPL: 0.6, MSFT: 0.4 });
  assert.deepEqual(await readBoundsFile(file("b.csv", "ticker,lower,upper\nAAPL,0,0.2\nMSFT,-0.1,0.5\n")), {
    AAPL: [0, 0.2],
    MSFT: [-0.1, 0.5],
  });
});

test("malformed side files name the file, line and column", async () => {
  await assert.rejects(readWeightsFile(file("bad.csv", "ticker,weight\nAAPL,0.5\nMSFT,lots\n")), {
    code: "MALFORMED_FILE",
    message: /bad\.csv line 3, column 2 \(weight\): 'lots' is not a number/,
  });
  await assert.rejects(readWeightsFile(file("dup.csv", "ticker,weight\nAAPL,0.5\nAAPL,0.5\n")), /line 3.*twice/);
  await assert.rejects(readGroupsFile(file("hdr.csv", "name,sector\nAAPL,Tech\n")), /header is 'name,sector'/);
  await assert.rejects(readBoundsFile(file("short.csv", "ticker,lower,upper\nAAPL,0\n")), /line 2: 2 fields, expected 3/);
  await assert.rejects(readGroupsFile(file("empty.csv", "")), { code: "MALFORMED_FILE" });
  await assert.rejects(readGroupsFile(join(dir, "missing.csv")), { code: "FILE_NOT_FOUND" });
});
