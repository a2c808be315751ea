/** Portfolio service: names checked against the prices, constraints resolved before saving. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createPortfolioService, createPriceService } from "../../src/service/index.js";
import { createPortfolioRepository, createPriceRepository } from "../../src/store/index.js";
import { forEachDialect } from "../store/databases.js";

const CSV = "date,AAA,BBB,CCC\n2024-01-02,10,20,30\n2024-01-03,11,21,31\n";

forEachDialect("portfolio service", (fixture) => {
  const service = async (maxAssets?: number) => {
    const prices = createPriceService(createPriceRepository(fixture.store()), { maxAgeMs: 0 });
    await prices.importCsv(CSV);
    return createPortfolioService(createPortfolioRepository(fixture.store()), prices, { maxAssets });
  };

  test("create, get, list, update, delete", async () => {
    const portfolios = await service();
    const created = await portfolios.create({ name: "core", tickers: ["AAA", "BBB"], constraints: { bounds: [0, 0.7] } });
    assert.deepEqual(created.constraints, { bounds: [0, 0.7] });
    assert.deepEqual((await portfolios.get(created.id)).tickers, ["AAA", "BBB"]);
    const updated = await portfolios.update(created.id, { tickers: ["AAA", "BBB", "CCC"], notes: "wider" });
    assert.deepEqual([updated.tickers, updated.notes, updated.name], [["AAA", "BBB", "CCC"], "wider", "core"]);
    assert.equal((await portfolios.list()).length, 1);
    await portfolios.delete(created.id);
    await assert.rejects(portfolios.get(created.id), { code: "PORTFOLIO_NOT_FOUND" });
  });

  test("refuses unknown tickers, duplicates, empty and oversized universes", async () => {
    const portfolios = await service(2);
    await assert.rejects(portfolios.create({ name: "a", tickers: ["AAA", "ZZZ"] }), { code: "UNKNOWN_ASSET" });
    await assert.rejects(portfolios.create({ name: "b", tickers: ["AAA", "AAA"] }), { code: "INVALID_REQUEST" });
    await assert.rejects(portfolios.create({ name: "c", tickers: [] }), { code: "INVALID_REQUEST" });
    await assert.rejects(portfolios.create({ name: "d", tickers: ["AAA", "BBB", "CCC"] }), { code: "TOO_MANY_ASSETS" });
    assert.deepEqual(await portfolios.list(), []);
  });

  test("constraints are resolved before saving: a bad text or group member is refused", async () => {
    const portfolios = await service();
    await assert.rejects(portfolios.create({ name: "e", tickers: ["AAA", "BBB"], constraints: { constraints: ["AAA <= <= 0.3"] } }), { code: "CONSTRAINT_SYNTAX" });
    await assert.rejects(portfolios.create({ name: "f", tickers: ["AAA"], constraints: { groups: { G: ["ZZZ"] } } }), { code: "UNKNOWN_ASSET" });
    const ok = await portfolios.create({ name: "g", tickers: ["AAA", "BBB"], constraints: { groups: { G: ["AAA", "CCC"] }, constraints: ["G <= 0.5"] } });
    await assert.rejects(portfolios.update(ok.id, { constraints: { groupLimits: { H: { upper: 0.2 } } } }), { code: "INVALID_REQUEST" });
    assert.deepEqual((await portfolios.get(ok.id)).constraints, { groups: { G: ["AAA", "CCC"] }, constraints: ["G <= 0.5"] });
  });

  test("a duplicate name is DUPLICATE_PORTFOLIO", async () => {
    const portfolios = await service();
    await portfolios.create({ name: "same", tickers: ["AAA"] });
    await assert.rejects(portfolios.create({ name: "same", tickers: ["BBB"] }), { code: "DUPLICATE_PORTFOLIO" });
  });
});
