/**
 * An in-memory `PriceStore` with the store's contract (atomic upserts, inserted/updated counts,
 * stored ranges), so the data layer's tests also run without a database and show which behaviour
 * comes from the data layer itself.
 */
import type { AssetRow, PriceRow, PriceStore, StoredRange } from "../../../src/data/index.js";

export interface MemoryPriceStore extends PriceStore {
  /** Every row, sorted by ticker then date. */
  rows(): PriceRow[];
  assets(): AssetRow[];
  /** Calls of `upsertPrices` so far. */
  readonly writes: number;
}

export function createMemoryPriceStore(): MemoryPriceStore {
  const prices = new Map<string, PriceRow>();
  const assets = new Map<string, AssetRow>();
  let writes = 0;
  return {
    get writes() {
      return writes;
    },
    async upsertPrices(rows) {
      writes++;
      // Check everything first: all rows or none, as the store's transaction does.
      for (const r of rows) {
        if (!(r.close > 0) || !/^\d{4}-\d{2}-\d{2}$/.test(r.date)) throw new Error(`bad row ${JSON.stringify(r)}`);
      }
      let inserted = 0;
      let updated = 0;
      for (const r of rows) {
        const key = `${r.ticker}\u0000${r.date}`;
        if (prices.has(key)) updated++;
        else inserted++;
        prices.set(key, { ...r });
        if (!assets.has(r.ticker)) assets.set(r.ticker, { ticker: r.ticker });
      }
      return { inserted, updated };
    },
    async upsertAssets(rows) {
      for (const a of rows) assets.set(a.ticker, { ...assets.get(a.ticker), ...a });
    },
    async listAssets() {
      return [...assets.values()].map((a) => ({ ticker: a.ticker, rows: [...prices.values()].filter((r) => r.ticker === a.ticker).length }));
    },
    async dateRange(ticker): Promise<StoredRange | null> {
      const dates = [...prices.values()].filter((r) => r.ticker === ticker).map((r) => r.date).sort();
      return dates.length === 0 ? null : { first: dates[0], last: dates[dates.length - 1], rows: dates.length };
    },
    rows() {
      return [...prices.values()].sort((a, b) => (a.ticker + a.date < b.ticker + b.date ? -1 : 1));
    },
    assets() {
      return [...assets.values()];
    },
  };
}
