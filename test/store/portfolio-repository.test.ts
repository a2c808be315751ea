import assert from "node:assert/strict";
import { it } from "node:test";
import { createPortfolioRepository } from "../../src/store/portfolio-repository.js";
import { forEachDialect } from "./databases.js";

/** A clock that advances one second per reading, so created and updated times differ. */
function steppingClock(start = "2026-01-01T00:00:00.000Z"): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
}

forEachDialect("portfolio repository", ({ store }) => {
  it("creates, reads by id and name, lists by name, updates and deletes", async () => {
    const repo = createPortfolioRepository(store(), { clock: steppingClock() });
    const tech = await repo.create({ name: "tech", tickers: ["AAPL", "MSFT"], constraints: { bounds: { AAPL: [0, 0.5] } }, notes: "core" });
    assert.deepEqual(tech, {
      id: tech.id,
      name: "tech",
      tickers: ["AAPL", "MSFT"],
      constraints: { bounds: { AAPL: [0, 0.5] } },
      notes: "core",
      createdAt: "2026-01-01T00:00:01.000Z",
      updatedAt: "2026-01-01T00:00:01.000Z",
    });
    const energy = await repo.create({ name: "Energy", tickers: ["XOM"] });
    assert.deepEqual(energy.constraints, {});
    assert.equal(energy.notes, null);
    assert.deepEqual(await repo.get(tech.id), tech);
    assert.deepEqual(await repo.getByName("Energy"), energy);
    assert.equal(await repo.getByName("nope"), null);
    assert.deepEqual((await repo.list()).map((p) => p.name), ["Energy", "tech"]);

    const renamed = await repo.update(tech.id, { name: "technology", tickers: ["AAPL"] });
    assert.deepEqual([renamed.name, renamed.tickers, renamed.notes, renamed.createdAt], ["technology", ["AAPL"], "core", tech.createdAt]);
    assert.ok(renamed.updatedAt > tech.updatedAt);
    await repo.delete(energy.id);
    assert.equal(await repo.get(energy.id), null);
  });

  it("refuses a duplicate name (on create and on rename) with DUPLICATE_PORTFOLIO", async () => {
    const repo = createPortfolioRepository(store());
    const first = await repo.create({ name: "core", tickers: [] });
    const other = await repo.create({ name: "other", tickers: [] });
    await assert.rejects(repo.create({ name: "core", tickers: ["X"] }), { code: "DUPLICATE_PORTFOLIO", message: /'core' already exists/ });
    await assert.rejects(repo.update(other.id, { name: "core" }), { code: "DUPLICATE_PORTFOLIO" });
    assert.deepEqual(await repo.get(first.id), first);
  });

  it("reports a missing portfolio and invalid input with typed errors", async () => {
    const repo = createPortfolioRepository(store());
    await assert.rejects(repo.update(999_999, { notes: "x" }), { code: "PORTFOLIO_NOT_FOUND" });
    await assert.rejects(repo.delete(999_999), { code: "PORTFOLIO_NOT_FOUND" });
    await assert.rejects(repo.create({ name: " ", tickers: [] }), { code: "INVALID_RECORD" });
    await assert.rejects(repo.create({ name: "dup", tickers: ["A", "A"] }), { code: "INVALID_RECORD", message: /A appears twice/ });
  });
});
