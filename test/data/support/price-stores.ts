/**
 * The stores the data tests run against, like Kysely's tests loop over DIALECTS: the in-memory one
 * and the real store on SQLite in a temporary directory (PostgreSQL is the store's own tests' job).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PriceRow, PriceStore } from "../../../src/data/index.js";
import { openDatabase } from "../../../src/store/database.js";
import { migrateToLatest } from "../../../src/store/migrate.js";
import { createPriceRepository } from "../../../src/store/price-repository.js";
import { createMemoryPriceStore } from "./memory-price-store.js";

export interface OpenedStore {
  readonly repo: PriceStore;
  /** Every stored row of `tickers`, by ticker then date (to assert the store is unchanged). */
  rows(tickers: readonly string[]): Promise<PriceRow[]>;
  close(): Promise<void>;
}

export interface StoreFactory {
  readonly name: string;
  open(): Promise<OpenedStore>;
}

const memory: StoreFactory = {
  name: "memory",
  async open() {
    const repo = createMemoryPriceStore();
    return { repo, rows: async (tickers) => repo.rows().filter((r) => tickers.includes(r.ticker)), close: async () => {} };
  },
};

const sqlite: StoreFactory = {
  name: "sqlite",
  async open() {
    const dir = mkdtempSync(join(tmpdir(), "allocator-data-"));
    const store = await openDatabase(`sqlite:${join(dir, "test.db")}`);
    await migrateToLatest(store.db);
    const repository = createPriceRepository(store);
    // The store's repository must satisfy the data layer's port: this line fails to compile if not.
    const repo: PriceStore = repository;
    return {
      repo,
      async rows(tickers) {
        const out: PriceRow[] = [];
        for (const ticker of [...tickers].sort()) {
          const range = await repository.dateRange(ticker);
          if (range === null) continue;
          const close = await repository.loadPanel({ tickers: [ticker], field: "close" });
          const adjusted = await repository.loadPanel({ tickers: [ticker], field: "adjustedClose" });
          close.dates.forEach((date, i) => {
            if (Number.isNaN(close.prices.data[i])) return;
            out.push({ ticker, date, close: close.prices.data[i], adjustedClose: adjusted.prices.data[i], volume: null });
          });
        }
        return out;
      },
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const PRICE_STORES: readonly StoreFactory[] = [memory, sqlite];
