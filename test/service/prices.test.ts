/** Price service: CSV and row imports (atomic), histories, cached panels invalidated on import. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createPriceService } from "../../src/service/index.js";
import { createPriceRepository, panelHash } from "../../src/store/index.js";
import { forEachDialect } from "../store/databases.js";

const WIDE = "date,AAA,BBB\n2024-01-02,10,20\n2024-01-03,11,\n2024-01-04,12,22\n";
const LONG = "date,ticker,close\n2024-01-02,CCC,5\n2024-01-03,CCC,5.5\n";

forEachDialect("price service", (fixture) => {
  test("imports wide and long CSV text and reads histories back", async () => {
    const service = createPriceService(createPriceRepository(fixture.store()));
    const wide = await service.importCsv(WIDE);
    assert.deepEqual([wide.rows, wide.inserted, wide.tickers], [5, 5, ["AAA", "BBB"]]);
    const long = await service.importCsv(LONG, { source: "long.csv" });
    assert.deepEqual([long.source, long.tickers, long.rows], ["long.csv", ["CCC"], 2]);
    const history = await service.history("BBB");
    assert.deepEqual(history.prices, [{ date: "2024-01-02", price: 20 }, { date: "2024-01-04", price: 22 }]);
    assert.deepEqual((await service.history("AAA", { start: "2024-01-03", end: "2024-01-03" })).prices, [{ date: "2024-01-03", price: 11 }]);
    await assert.rejects(service.history("NOPE"), { code: "ASSET_NOT_FOUND" });
  });

  test("a malformed CSV names its line and writes nothing", async () => {
    const service = createPriceService(createPriceRepository(fixture.store()));
    await assert.rejects(service.importCsv("date,AAA\n2024-01-02,10\n2024-01-03,abc\n", { source: "upload.csv" }), (error: Error & { code?: string }) => {
      assert.equal(error.code, "MALFORMED_PRICE_FILE");
      assert.match(error.message, /^upload\.csv line 3/);
      return true;
    });
    assert.deepEqual(await service.listAssets(), []);
  });

  test("rows import atomically: one bad row rejects them all", async () => {
    const service = createPriceService(createPriceRepository(fixture.store()));
    await assert.rejects(
      service.importRows([
        { ticker: "AAA", date: "2024-01-02", close: 10 },
        { ticker: "AAA", date: "2024-13-02", close: 11 },
      ]),
      { code: "INVALID_PRICE_ROW" },
    );
    assert.deepEqual(await service.listAssets(), []);
    const ok = await service.importRows([{ ticker: "AAA", date: "2024-01-02", close: 10, adjustedClose: 9.5 }]);
    assert.deepEqual([ok.rows, ok.firstDate, ok.lastDate], [1, "2024-01-02", "2024-01-02"]);
    assert.equal((await service.history("AAA", { field: "close" })).prices[0].price, 10);
    assert.equal((await service.history("AAA")).prices[0].price, 9.5);
  });

  test("panels are cached with their hash, and an import through the service refreshes them", async () => {
    const service = createPriceService(createPriceRepository(fixture.store()));
    await service.importCsv(WIDE);
    const first = await service.panel(["AAA", "BBB"]);
    assert.equal(first.hash, panelHash(first.panel));
    assert.equal(await service.panel(["AAA", "BBB"]), first, "served from the cache");
    await service.importRows([{ ticker: "AAA", date: "2024-01-05", close: 13 }]);
    const second = await service.panel(["AAA", "BBB"]);
    assert.notEqual(second.hash, first.hash);
    assert.equal(second.panel.dates.at(-1), "2024-01-05");
  });

  test("an unknown ticker is UNKNOWN_ASSET; a failed load is not cached", async () => {
    const service = createPriceService(createPriceRepository(fixture.store()));
    await service.importCsv(WIDE);
    await assert.rejects(service.panel(["AAA", "ZZZ"]), { code: "UNKNOWN_ASSET" });
    await assert.rejects(service.assertKnown(["ZZZ"]), { code: "UNKNOWN_ASSET" });
    await service.importRows([{ ticker: "ZZZ", date: "2024-01-02", close: 1 }]);
    assert.deepEqual((await service.panel(["AAA", "ZZZ"])).panel.tickers, ["AAA", "ZZZ"]);
  });
});
