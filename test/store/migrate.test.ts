import assert from "node:assert/strict";
import { it } from "node:test";
import { LATEST_SCHEMA_VERSION, migrateToLatest, schemaVersion } from "../../src/store/migrate.js";
import { forEachDialect } from "./databases.js";

forEachDialect("migrations", ({ store }) => {
  it("are applied once: a second run applies nothing and the schema version stays the latest", async () => {
    // The fixture already migrated the database once.
    assert.equal(await schemaVersion(store().db), LATEST_SCHEMA_VERSION);
    const again = await migrateToLatest(store().db);
    assert.deepEqual(again.applied, []);
    assert.equal(again.schemaVersion, LATEST_SCHEMA_VERSION);
  });

  it("create every table the store uses", async () => {
    const tables = (await store().db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith("kysely_"));
    assert.deepEqual(tables.sort(), ["api_keys", "assets", "backtest_results", "jobs", "optimization_results", "portfolios", "prices"]);
  });
});
