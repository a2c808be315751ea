/** API keys: format, hashing at rest, constant-time verification, revocation, use tracking. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { createApiKeyService } from "../../src/service/index.js";
import { createApiKeyRepository } from "../../src/store/index.js";
import { forEachDialect } from "../store/databases.js";

forEachDialect("API key service", (fixture) => {
  test("a created key has the pk_<prefix>_<secret> form and only its SHA-256 is stored", async () => {
    const repo = createApiKeyRepository(fixture.store());
    const { key, apiKey } = await createApiKeyService(repo).create("  notebook  ");
    assert.match(key, /^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.equal(apiKey.name, "notebook");
    assert.ok(key.startsWith(`${apiKey.prefix}_`));
    const stored = await repo.findByPrefix(apiKey.prefix);
    assert.equal(stored?.keyHash, createHash("sha256").update(key).digest("hex"));
    const rows = await fixture.store().db.selectFrom("api_keys").selectAll().execute();
    assert.ok(!JSON.stringify(rows).includes(key.slice(apiKey.prefix.length + 1)), "the secret is not stored");
  });

  test("two keys never share a prefix or a secret", async () => {
    const service = createApiKeyService(createApiKeyRepository(fixture.store()));
    const a = await service.create("a");
    const b = await service.create("b");
    assert.notEqual(a.apiKey.prefix, b.apiKey.prefix);
    assert.notEqual(a.key, b.key);
  });

  test("verify: valid, wrong secret, unknown prefix, malformed, revoked", async () => {
    const service = createApiKeyService(createApiKeyRepository(fixture.store()), { cacheMs: 0 });
    const { key, apiKey } = await service.create("ci");
    assert.equal((await service.verify(key)).status, "valid");
    const wrongSecret = `${apiKey.prefix}_${"A".repeat(43)}`;
    assert.equal((await service.verify(wrongSecret)).status, "invalid");
    assert.equal((await service.verify(`pk_ffffffffffff_${"A".repeat(43)}`)).status, "invalid");
    assert.equal((await service.verify("Bearer nonsense")).status, "invalid");
    await service.revoke(apiKey.id);
    assert.equal((await service.verify(key)).status, "revoked");
  });

  test("revoking keeps the first revocation time; an unknown id is API_KEY_NOT_FOUND", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const repo = createApiKeyRepository(fixture.store(), { clock: () => new Date(now) });
    const service = createApiKeyService(repo);
    const { apiKey } = await service.create("x");
    const first = await service.revoke(apiKey.id);
    now += 60_000;
    const second = await service.revoke(apiKey.id);
    assert.equal(second.revokedAt, first.revokedAt);
    await assert.rejects(service.revoke(987_654), { code: "API_KEY_NOT_FOUND" });
  });

  test("use is recorded at most once per interval", async () => {
    let clock = 0;
    const repo = createApiKeyRepository(fixture.store());
    const service = createApiKeyService(repo, { touchIntervalMs: 1000, cacheMs: 0, now: () => clock });
    const { key, apiKey } = await service.create("touch");
    await service.verify(key);
    const firstUse = (await repo.list()).find((k) => k.id === apiKey.id)?.lastUsedAt;
    assert.notEqual(firstUse, null);
    await fixture.store().db.updateTable("api_keys").set({ last_used_at: null }).execute();
    clock = 500;
    await service.verify(key);
    assert.equal((await repo.list())[0].lastUsedAt, null, "not recorded again within the interval");
    clock = 1500;
    await service.verify(key);
    assert.notEqual((await repo.list())[0].lastUsedAt, null);
  });
});
