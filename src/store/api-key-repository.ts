/**
 * API keys as stored: a name, the public prefix that finds the row, and the SHA-256 of the whole key
 * (the key itself is shown once, when created, and never stored). Generating and checking keys is
 * the service's business (src/service/api-keys.ts); this file only keeps the rows.
 */
import type { Selectable } from "kysely";
import { systemClock, timestamp, type Clock } from "./clock.js";
import type { Store } from "./database.js";
import { StoreError } from "./errors.js";
import type { ApiKeysTable } from "./schema.js";

export interface ApiKey {
  readonly id: number;
  readonly name: string;
  /** The public part of the key (`pk_…`), safe to show and log. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

/** A key row with its hash, for the check only; never leaves the service. */
export interface StoredApiKey extends ApiKey {
  /** SHA-256 hex of the whole key. */
  readonly keyHash: string;
}

export interface NewApiKey {
  readonly name: string;
  readonly prefix: string;
  readonly keyHash: string;
}

export interface ApiKeyRepository {
  /** @throws INVALID_RECORD for an empty name, a malformed hash, or a prefix already in use. */
  create(key: NewApiKey): Promise<ApiKey>;
  /** The row whose prefix is `prefix`, hash included, or null. */
  findByPrefix(prefix: string): Promise<StoredApiKey | null>;
  /** All keys, oldest first, without hashes. */
  list(): Promise<ApiKey[]>;
  /** Marks the key revoked (keeping the first revocation time); null when no key has that id. */
  revoke(id: number): Promise<ApiKey | null>;
  /** Records a use of the key now. */
  touch(id: number): Promise<void>;
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return Object.freeze({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  });
}

function invalid(message: string, details: Record<string, unknown>, cause?: unknown): StoreError {
  return new StoreError("INVALID_RECORD", message, details, { cause });
}

export function createApiKeyRepository(store: Store, options: { readonly clock?: Clock } = {}): ApiKeyRepository {
  const { db } = store;
  const clock = options.clock ?? systemClock;

  return {
    async create(key) {
      if (typeof key.name !== "string" || key.name.trim() === "") throw invalid(`API key name ${JSON.stringify(key.name)} is empty`, { name: key.name });
      if (!/^[0-9a-f]{64}$/.test(key.keyHash)) throw invalid("an API key hash must be 64 lower-case hex digits (SHA-256)", {});
      try {
        const row = await db
          .insertInto("api_keys")
          .values({ name: key.name, prefix: key.prefix, key_hash: key.keyHash, created_at: timestamp(clock), revoked_at: null, last_used_at: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toApiKey(row);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE") throw invalid(`API key prefix ${key.prefix} is already in use`, { prefix: key.prefix }, error);
        throw error;
      }
    },

    async findByPrefix(prefix) {
      const row = await db.selectFrom("api_keys").selectAll().where("prefix", "=", prefix).executeTakeFirst();
      return row === undefined ? null : Object.freeze({ ...toApiKey(row), keyHash: row.key_hash });
    },

    async list() {
      const rows = await db.selectFrom("api_keys").selectAll().orderBy("id", "asc").execute();
      return rows.map(toApiKey);
    },

    async revoke(id) {
      const now = timestamp(clock);
      // coalesce keeps the first revocation time when a key is revoked twice.
      const row = await db
        .updateTable("api_keys")
        .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", eb.val(now)) }))
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? null : toApiKey(row);
    },

    async touch(id) {
      await db.updateTable("api_keys").set({ last_used_at: timestamp(clock) }).where("id", "=", id).execute();
    },
  };
}
