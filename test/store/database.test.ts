import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openDatabase } from "../../src/store/database.js";
import { parseDatabaseUrl, redactUrl } from "../../src/store/database-url.js";
import { skipReason } from "./databases.js";

const dir = mkdtempSync(join(tmpdir(), "portfolio-db-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("DATABASE_URL", () => {
  it("reads sqlite: with relative, absolute and in-memory paths, and postgres URLs", () => {
    assert.deepEqual(parseDatabaseUrl("sqlite:./data/portfolio.db"), { dialect: "sqlite", file: resolve("data/portfolio.db") });
    assert.deepEqual(parseDatabaseUrl("sqlite:/var/lib/p.db"), { dialect: "sqlite", file: "/var/lib/p.db" });
    assert.deepEqual(parseDatabaseUrl("sqlite:///var/lib/p.db"), { dialect: "sqlite", file: "/var/lib/p.db" });
    assert.deepEqual(parseDatabaseUrl("sqlite::memory:"), { dialect: "sqlite", file: ":memory:" });
    assert.deepEqual(parseDatabaseUrl("postgresql://me:secret@db.example:6543/prices"), {
      dialect: "postgres",
      connectionString: "postgresql://me:secret@db.example:6543/prices",
      host: "db.example",
      port: 6543,
      database: "prices",
      user: "me",
    });
  });

  it("rejects an unknown scheme or an empty path with INVALID_DATABASE_URL, never echoing a password", () => {
    for (const url of ["mysql://root:hunter2@localhost/db", "portfolio.db", "sqlite:", "postgres://u:hunter2@/db"]) {
      assert.throws(
        () => parseDatabaseUrl(url),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, "INVALID_DATABASE_URL");
          assert.doesNotMatch(error.message, /hunter2/);
          return true;
        },
      );
    }
    assert.equal(redactUrl("postgres://me:s3cr@t@host/db"), "postgres://me:***@host/db");
  });
});

describe("openDatabase", () => {
  it("creates a SQLite file and its parent directories on first use, in WAL mode with foreign keys on", async () => {
    const file = join(dir, "nested", "deeper", "portfolio.db");
    const store = await openDatabase(`sqlite:${file}`);
    try {
      assert.equal(store.dialect, "sqlite");
      assert.ok(existsSync(file));
      if (store.dialect === "sqlite") {
        assert.equal(store.sqlite.pragma("journal_mode", { simple: true }), "wal");
        assert.equal(store.sqlite.pragma("foreign_keys", { simple: true }), 1);
      }
    } finally {
      await store.close();
    }
  });

  it("reports a SQLite file it cannot open as DATABASE_UNAVAILABLE naming the file", async () => {
    await assert.rejects(openDatabase(`sqlite:${dir}`), (error: Error & { code?: string }) => {
      assert.equal(error.code, "DATABASE_UNAVAILABLE");
      assert.ok(error.message.includes(dir), error.message);
      return true;
    });
  });

  it("reports an unreachable PostgreSQL server as DATABASE_UNAVAILABLE with host and port, not the password", async () => {
    // Port 1 on the loopback interface: nothing listens there, the connection is refused at once.
    await assert.rejects(openDatabase("postgres://me:hunter2@127.0.0.1:1/prices", { connectTimeoutMs: 2000 }), (error: Error & { code?: string }) => {
      assert.equal(error.code, "DATABASE_UNAVAILABLE");
      assert.match(error.message, /127\.0\.0\.1:1\b/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  });

  it("names a PostgreSQL database that does not exist", { skip: skipReason("postgres") }, async () => {
    const admin = new URL(process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test");
    admin.pathname = "/portfolio_no_such_database";
    await assert.rejects(openDatabase(admin.toString()), { code: "DATABASE_UNAVAILABLE", message: /database 'portfolio_no_such_database' does not exist/ });
  });
});
