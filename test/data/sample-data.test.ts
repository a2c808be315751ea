import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { loadSampleData, readPriceFile, samplesDirectory } from "../../src/data/index.js";
import { projectPath, referencePath } from "../support/reference.js";
import { createMemoryPriceStore } from "./support/memory-price-store.js";
import { PRICE_STORES, type OpenedStore } from "./support/price-stores.js";

describe("bundled sample data", () => {
  it("is in samples/ beside src/ and dist/, byte-for-byte the reference files", async () => {
    assert.equal(samplesDirectory(), projectPath("samples"));
    for (const name of ["sp500_dataset.csv.gz", "sp500_index.csv.gz"]) {
      const bundled = await readPriceFile(join(samplesDirectory(), name));
      const reference = await readPriceFile(referencePath("data", name));
      assert.deepEqual(bundled.tickers, reference.tickers);
      assert.deepEqual(bundled.dates, reference.dates);
      assert.deepEqual(bundled.prices.data, reference.prices.data);
    }
    assert.ok(existsSync(join(samplesDirectory(), "README.md")));
  });

  it("loads into an empty store once; a store with prices is left alone", async () => {
    const repo = createMemoryPriceStore();
    const first = await loadSampleData(repo);
    assert.equal(first.loaded, true);
    assert.deepEqual(first.imports.map((i) => [i.tickers.length, i.inserted, i.firstDate, i.lastDate]), [
      [20, 20 * 8313, "1990-01-02", "2022-12-28"],
      [1, 8313, "1990-01-02", "2022-12-28"],
    ]);
    assert.equal(first.assets, 21);
    const writes = repo.writes;
    const second = await loadSampleData(repo);
    assert.deepEqual([second.loaded, second.imports.length, repo.writes], [false, 0, writes]);
    const apple = repo.assets().find((a) => a.ticker === "AAPL");
    assert.deepEqual(apple, { ticker: "AAPL", name: "Apple Inc.", sector: "Information Technology", currency: "USD", exchange: "NASDAQ" });
  });

  it("does nothing when the user's own prices are there first", async () => {
    const repo = createMemoryPriceStore();
    await repo.upsertPrices([{ ticker: "X", date: "2024-01-02", close: 1, adjustedClose: 1, volume: null }]);
    assert.equal((await loadSampleData(repo)).loaded, false);
    assert.deepEqual(repo.rows().map((r) => r.ticker), ["X"]);
  });
});

describe("bundled sample data in the SQLite store", () => {
  const sqlite = PRICE_STORES.find((s) => s.name === "sqlite");
  let store: OpenedStore;
  beforeEach(async () => {
    store = await (sqlite as NonNullable<typeof sqlite>).open();
  });
  afterEach(() => store.close());

  it("loads on first start, then never again", async () => {
    assert.equal((await loadSampleData(store.repo)).loaded, true);
    assert.equal((await loadSampleData(store.repo)).loaded, false);
    const assets = await store.repo.listAssets();
    assert.equal(assets.length, 21);
    assert.ok(assets.every((a) => a.rows === 8313));
    assert.deepEqual(await store.repo.dateRange("SP500"), { first: "1990-01-02", last: "2022-12-28", rows: 8313 });
  });
});
