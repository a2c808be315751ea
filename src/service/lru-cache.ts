/**
 * A small least-recently-used cache with an optional age limit, for the service's read caches
 * (price panels, optimization results). A Map keeps insertion order, so re-inserting on every hit
 * makes its first key the least recently used one.
 */
export interface LruCacheOptions {
  /** Most entries kept; the least recently used one goes first. */
  readonly maxEntries: number;
  /** Entries older than this are treated as absent (default: no age limit). */
  readonly maxAgeMs?: number;
  /** Milliseconds now (default `Date.now`); tests pass a fake. */
  readonly now?: () => number;
}

export class LruCache<K, V> {
  readonly #entries = new Map<K, { value: V; storedAt: number }>();
  readonly #max: number;
  readonly #maxAge: number;
  readonly #now: () => number;

  constructor(options: LruCacheOptions) {
    this.#max = Math.max(1, Math.floor(options.maxEntries));
    this.#maxAge = options.maxAgeMs ?? Infinity;
    this.#now = options.now ?? Date.now;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (this.#now() - entry.storedAt > this.#maxAge) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, storedAt: this.#now() });
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
