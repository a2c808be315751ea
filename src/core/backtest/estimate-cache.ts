/**
 * A per-date memo of estimates, so that several strategies of one comparison run that use the same
 * window and the same estimator (a Ledoit-Wolf covariance, a mean return) compute it once. The engine
 * clears it when it moves to the next date, so it never holds more than one date's estimates.
 * `keep` holds state that must outlive a date (the running sums of a rolling estimator).
 */

export interface EstimateCache {
  /** The value stored under `key`, computing it with `compute` the first time; a thrown error is memoised too. */
  memo<T>(key: string, compute: () => T): T;
  /** A mutable slot that lives for the whole run, created on first use (for incremental estimators). */
  keep<T extends object>(key: string, create: () => T): T;
  /** Computations done and answers served from the memo, since the cache was made. */
  readonly stats: { readonly computed: number; readonly reused: number };
}

/** The engine's side of the cache: it also clears it between dates. */
export interface ClearableEstimateCache extends EstimateCache {
  clear(): void;
}

type Entry = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** A new, empty cache. */
export function createEstimateCache(): ClearableEstimateCache {
  const entries = new Map<string, Entry>();
  const kept = new Map<string, object>();
  const stats = { computed: 0, reused: 0 };
  return {
    memo<T>(key: string, compute: () => T): T {
      let entry = entries.get(key);
      if (entry === undefined) {
        stats.computed++;
        try {
          entry = { ok: true, value: compute() };
        } catch (error) {
          entry = { ok: false, error };
        }
        entries.set(key, entry);
      } else {
        stats.reused++;
      }
      if (!entry.ok) throw entry.error;
      return entry.value as T;
    },
    keep<T extends object>(key: string, create: () => T): T {
      let slot = kept.get(key);
      if (slot === undefined) {
        slot = create();
        kept.set(key, slot);
      }
      return slot as T;
    },
    stats,
    clear() {
      entries.clear();
    },
  };
}
