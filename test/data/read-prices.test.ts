import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { DataError, MalformedPriceFileError, readPriceFile } from "../../src/data/index.js";
import { referenceJson, referencePath } from "../support/reference.js";

const returnsRef = referenceJson<{
  tickers: string[];
  prices: { n_rows: number; first_date: string; last_date: string; missing_values: number };
  per_asset: Record<string, { first_price_date: string }>;
}>("expected", "returns.json");

describe("readPriceFile on the reference data", () => {
  it("reads stock_prices.csv: 7126 rows × 20 tickers, ragged starts", async () => {
    const p = await readPriceFile(referencePath("data", "stock_prices.csv"));
    assert.equal(p.dates.length, returnsRef.prices.n_rows);
    assert.deepEqual(p.tickers, returnsRef.tickers);
    assert.equal(p.dates[0], returnsRef.prices.first_date);
    assert.equal(p.dates[p.dates.length - 1], returnsRef.prices.last_date);
    assert.equal(p.report.missingPrices, returnsRef.prices.missing_values);
    assert.deepEqual([p.report.format, p.report.compressed, p.report.sorted], ["wide", false, false]);
    p.tickers.forEach((ticker, j) => {
      const first = p.dates.findIndex((_, i) => !Number.isNaN(p.prices.data[i * p.tickers.length + j]));
      assert.equal(p.dates[first], returnsRef.per_asset[ticker].first_price_date, ticker);
    });
  });

  it("reads the gzipped sp500_dataset.csv.gz: 8313 rows × 20 tickers", async () => {
    const p = await readPriceFile(referencePath("data", "sp500_dataset.csv.gz"));
    assert.deepEqual([p.dates.length, p.tickers.length], [8313, 20]);
    assert.deepEqual([p.dates[0], p.dates[p.dates.length - 1]], ["1990-01-02", "2022-12-28"]);
    assert.equal(p.tickers[0], "AAPL");
    assert.equal(p.report.compressed, true);
    assert.equal(p.report.missingPrices, 0);
  });
});

describe("readPriceFile on files written by the test", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "allocator-read-prices-"));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const text = "date,A,B\n2024-01-03,2,20\n2024-01-02,1,\n";

  it("detects gzip by its magic bytes, not by the name", async () => {
    const plain = join(dir, "plain.csv");
    const zipped = join(dir, "zipped.csv"); // no .gz: the bytes decide
    writeFileSync(plain, text);
    writeFileSync(zipped, gzipSync(Buffer.from(text)));
    const a = await readPriceFile(plain);
    const b = await readPriceFile(zipped);
    assert.deepEqual([a.report.compressed, b.report.compressed], [false, true]);
    assert.deepEqual(b.dates, ["2024-01-02", "2024-01-03"]);
    assert.equal(b.report.sorted, true);
    assert.deepEqual(Array.from(b.prices.data), Array.from(a.prices.data));
  });

  it("names the file, line and column of a malformed file, and returns nothing", async () => {
    const path = join(dir, "prices.csv");
    writeFileSync(path, "date,MSFT,XOM,AAPL\n2024-01-02,1,2,3\n2024-01-03,1,2,abc\n");
    await assert.rejects(readPriceFile(path), (e: unknown) => {
      assert.ok(e instanceof MalformedPriceFileError);
      assert.equal(e.message, `${path} line 3, column 4 (AAPL): 'abc' is not a number`);
      assert.deepEqual([e.file, e.line, e.column, e.columnName], [path, 3, 4, "AAPL"]);
      return true;
    });
    const gz = join(dir, "bad.csv.gz");
    writeFileSync(gz, gzipSync(Buffer.from("date,A\n2024-01-02,1\n2024-01-02,2\n")));
    await assert.rejects(readPriceFile(gz), (e: unknown) =>
      (e as Error).message.startsWith(`${gz} line 3, column 1 (date): duplicate date 2024-01-02`),
    );
    const kept = await readPriceFile(gz, { duplicates: "keepLast" });
    assert.deepEqual(Array.from(kept.prices.data), [2]);
  });

  it("an empty file", async () => {
    const path = join(dir, "empty.csv");
    writeFileSync(path, "");
    await assert.rejects(readPriceFile(path), (e: unknown) => e instanceof MalformedPriceFileError && e.message === `${path} line 1, column 1: the file is empty (no header row)`);
  });

  it("a truncated gzip stream, and bytes that are not UTF-8", async () => {
    const cut = join(dir, "cut.csv.gz");
    const full = gzipSync(Buffer.from(text));
    writeFileSync(cut, full.subarray(0, full.length - 12));
    await assert.rejects(readPriceFile(cut), (e: unknown) => e instanceof MalformedPriceFileError && /not a valid gzip stream/.test(e.message));
    const binary = join(dir, "binary.csv");
    writeFileSync(binary, Buffer.from([0x64, 0x61, 0xff, 0xfe, 0x0a]));
    await assert.rejects(readPriceFile(binary), /not UTF-8 text/);
  });

  it("a missing file and an unreadable one have their own codes", async () => {
    const missing = join(dir, "nope.csv");
    await assert.rejects(readPriceFile(missing), (e: unknown) => e instanceof DataError && e.code === "FILE_NOT_FOUND" && e.message === `${missing}: no such file`);
    const folder = join(dir, "folder.csv");
    mkdirSync(folder);
    await assert.rejects(readPriceFile(folder), (e: unknown) => e instanceof DataError && e.code === "FILE_UNREADABLE");
  });
});
