import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { MalformedPriceFileError, importPriceFile } from "../../src/data/index.js";
import { referencePath } from "../support/reference.js";
import { PRICE_STORES, type OpenedStore } from "./support/price-stores.js";

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "allocator-import-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

for (const factory of PRICE_STORES) {
  describe(`importPriceFile, ${factory.name} store`, () => {
    let store: OpenedStore;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(() => store.close());

    it("imports a wide file: each price as close and adjusted close, missing cells skipped", async () => {
      const path = file("wide.csv", "date,A,B\n2024-01-02,10,\n2024-01-03,11,20.5\n");
      const result = await importPriceFile(store.repo, path);
      assert.deepEqual(
        { tickers: result.tickers, rows: result.rows, inserted: result.inserted, updated: result.updated, firstDate: result.firstDate, lastDate: result.lastDate },
        { tickers: ["A", "B"], rows: 3, inserted: 3, updated: 0, firstDate: "2024-01-02", lastDate: "2024-01-03" },
      );
      assert.deepEqual(
        (await store.rows(["A", "B"])).map((r) => [r.ticker, r.date, r.close, r.adjustedClose]),
        [["A", "2024-01-02", 10, 10], ["A", "2024-01-03", 11, 11], ["B", "2024-01-03", 20.5, 20.5]],
      );
    });

    it("keeps a long file's raw close apart from its adjusted close", async () => {
      const path = file("long.csv", "ticker,date,close,adj_close\nA,2024-01-03,101,99.5\nA,2024-01-02,100,98.25\nB,2024-01-02,50,50\n");
      await importPriceFile(store.repo, path);
      assert.deepEqual(
        (await store.rows(["A", "B"])).map((r) => [r.ticker, r.date, r.close, r.adjustedClose]),
        [["A", "2024-01-02", 100, 98.25], ["A", "2024-01-03", 101, 99.5], ["B", "2024-01-02", 50, 50]],
      );
    });

    it("is idempotent: importing again inserts nothing and leaves the same values", async () => {
      const path = referencePath("data", "spy_prices.csv");
      const first = await importPriceFile(store.repo, path);
      assert.equal(first.inserted, 6765);
      const before = await store.rows(["SPY"]);
      const second = await importPriceFile(store.repo, path);
      assert.equal(second.inserted, 0);
      assert.equal(second.updated + second.inserted, 6765);
      assert.deepEqual(await store.rows(["SPY"]), before);
    });

    it("rejects a file with a bad row in the middle, naming the line, and writes nothing", async () => {
      await importPriceFile(store.repo, file("good.csv", "date,A\n2024-01-02,10\n"));
      const before = await store.rows(["A", "B"]);
      const lines = ["date,A,B"];
      for (let d = 3; d <= 20; d++) lines.push(`2024-01-${String(d).padStart(2, "0")},${d},${d + 100}`);
      lines[9] = "2024-01-11,11,abc"; // line 10 of the file
      const path = file("bad.csv.gz", gzipSync(lines.join("\n") + "\n"));
      await assert.rejects(importPriceFile(store.repo, path), (e: unknown) => {
        assert.ok(e instanceof MalformedPriceFileError);
        assert.equal(e.code, "MALFORMED_PRICE_FILE");
        assert.deepEqual([e.file, e.line, e.column, e.columnName], [path, 10, 3, "B"]);
        assert.match(e.message, /bad\.csv\.gz line 10, column 3 \(B\): 'abc' is not a number/);
        return true;
      });
      assert.deepEqual(await store.rows(["A", "B"]), before);
    });

    it("rejects a long file whose raw close is bad even where the adjusted close is fine", async () => {
      const path = file("long-bad.csv", "date,ticker,close,adjclose\n2024-01-02,A,100,99\n2024-01-03,A,-1,99.5\n");
      await assert.rejects(importPriceFile(store.repo, path), /line 3, column 3 \(close of A\): '-1' is not a positive price/);
      assert.deepEqual(await store.rows(["A"]), []);
    });
  });
}
