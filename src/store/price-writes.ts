/**
 * Bulk upserts of prepared price rows, one transaction per call, by the fastest route measured on
 * each engine (price-writes-sqlite.ts, price-writes-postgres.ts).
 */
import type { Store } from "./database.js";
import type { PriceRow, UpsertResult } from "./price-repository.js";
import { upsertPostgresPrices } from "./price-writes-postgres.js";
import { upsertSqlitePrices } from "./price-writes-sqlite.js";

/** Rows per PostgreSQL statement: large enough to amortise the round trip, small enough for memory. */
export const DEFAULT_PG_CHUNK = 20_000;

function distinctTickers(rows: readonly PriceRow[]): string[] {
  const tickers = new Set<string>();
  for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i].ticker !== rows[i - 1].ticker) tickers.add(rows[i].ticker);
  return [...tickers];
}

/** Upserts prepared rows (validated, unique, sorted: see `preparePriceRows`) in one transaction. */
export async function upsertPreparedPrices(store: Store, rows: readonly PriceRow[], pgChunk = DEFAULT_PG_CHUNK): Promise<UpsertResult> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const tickers = distinctTickers(rows);
  return store.dialect === "sqlite" ? upsertSqlitePrices(store, rows, tickers) : upsertPostgresPrices(store, rows, tickers, pgChunk);
}
