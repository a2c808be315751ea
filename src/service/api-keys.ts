/**
 * API keys: `pk_<prefix>_<secret>`, a 48-bit public prefix (finds the row, safe to log) and a
 * 256-bit secret, both from `crypto.randomBytes`. Only the SHA-256 of the whole key is stored: a
 * random 256-bit secret cannot be guessed, so a slow password hash would add cost without safety.
 * Checking a key is one indexed lookup by prefix and one constant-time comparison of the hashes
 * (`timingSafeEqual`), so response times say nothing about how much of a guess was right.
 *
 * A valid key is remembered for `cacheMs` (default 5 s, by its hash, never the key itself) so a busy
 * client costs no lookup per request; revoking through this service forgets it at once, and a
 * revocation made by another process takes effect within `cacheMs`.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ApiKey, ApiKeyRepository } from "../store/index.js";
import { ApiKeyNotFoundError, InvalidRequestError } from "./errors.js";

const KEY_FORMAT = /^(pk_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface CreatedApiKey {
  /** The whole key: shown once, never stored. */
  readonly key: string;
  readonly apiKey: ApiKey;
}

export type KeyCheck =
  | { readonly status: "valid"; readonly apiKey: ApiKey }
  /** A real key that was revoked. */
  | { readonly status: "revoked"; readonly apiKey: ApiKey }
  /** Not a key of ours: malformed, unknown prefix, or wrong secret. */
  | { readonly status: "invalid" };

export interface ApiKeyService {
  create(name: string): Promise<CreatedApiKey>;
  list(): Promise<ApiKey[]>;
  /** @throws API_KEY_NOT_FOUND */
  revoke(id: number): Promise<ApiKey>;
  verify(key: string): Promise<KeyCheck>;
}

export interface ApiKeyServiceOptions {
  /** Record `lastUsedAt` at most this often per key (default 60 s), so checks stay reads. */
  readonly touchIntervalMs?: number;
  /** How long a valid key is trusted without a lookup (default 5 s; 0: always look up). */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export function createApiKeyService(repo: ApiKeyRepository, options: ApiKeyServiceOptions = {}): ApiKeyService {
  const touchInterval = options.touchIntervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  const lastTouched = new Map<number, number>();
  const cacheMs = options.cacheMs ?? 5_000;
  const trusted = new Map<string, { apiKey: ApiKey; until: number }>();
  // Compared against when the prefix is unknown, so that path costs the same as a wrong secret.
  const decoy = sha256("pk_000000000000_decoy");

  return {
    async create(name) {
      if (typeof name !== "string" || name.trim() === "") throw new InvalidRequestError("an API key needs a name");
      const prefix = `pk_${randomBytes(6).toString("hex")}`;
      const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
      const apiKey = await repo.create({ name: name.trim(), prefix, keyHash: sha256(key).toString("hex") });
      return { key, apiKey };
    },

    list: () => repo.list(),

    async revoke(id) {
      const revoked = await repo.revoke(id);
      if (revoked === null) throw new ApiKeyNotFoundError(id);
      for (const [hash, entry] of trusted) if (entry.apiKey.id === id) trusted.delete(hash);
      return revoked;
    },

    async verify(key) {
      const match = KEY_FORMAT.exec(key);
      if (match === null) return { status: "invalid" };
      const given = sha256(key);
      const remembered = trusted.get(given.toString("hex"));
      if (remembered !== undefined && remembered.until > now()) return { status: "valid", apiKey: remembered.apiKey };
      const stored = await repo.findByPrefix(match[1]);
      const expected = stored === null ? decoy : Buffer.from(stored.keyHash, "hex");
      const equal = expected.length === given.length && timingSafeEqual(expected, given);
      if (stored === null || !equal) return { status: "invalid" };
      const { keyHash: _hash, ...apiKey } = stored;
      if (stored.revokedAt !== null) return { status: "revoked", apiKey };
      if (now() - (lastTouched.get(stored.id) ?? -Infinity) >= touchInterval) {
        lastTouched.set(stored.id, now());
        await repo.touch(stored.id);
      }
      if (cacheMs > 0) {
        // Bounded: a flood of distinct valid keys cannot grow the map past a few thousand entries.
        if (trusted.size >= 4096) trusted.clear();
        trusted.set(given.toString("hex"), { apiKey, until: now() + cacheMs });
      }
      return { status: "valid", apiKey };
    },
  };
}
