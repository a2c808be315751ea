/**
 * What the data layer needs from a price store: the few repository methods the importer, the
 * read-through cache and the sample loader call. It is declared here, not imported from src/store,
 * because data may depend on core only (STYLE.md, "Dependency direction"); the store's
 * `createPriceRepository(store)` satisfies it structurally, and the caller (CLI, service) passes
 * one in. The shapes mirror src/store/price-repository.ts field for field.
 */

/** One day of one ticker as stored. `date` is `YYYY-MM-DD`. */
export interface PriceRow {
  readonly ticker: string;
  readonly date: string;
  /** The close as traded that day (not adjusted), when known; see `importPricePanel` for files. */
  readonly close: number;
  /** The close adjusted for later splits and dividends (what returns are computed from). */
  readonly adjustedClose: number | null;
  readonly volume: number | null;
}

/** Descriptive fields of a ticker; absent fields are left as they are on update. */
export interface AssetRow {
  readonly ticker: string;
  readonly name?: string | null;
  readonly currency?: string | null;
  readonly exchange?: string | null;
  readonly sector?: string | null;
}

/** The span of prices stored for one ticker. */
export interface StoredRange {
  readonly first: string;
  readonly last: string;
  readonly rows: number;
}

export interface PriceStore {
  /** All rows or none, in one transaction; (ticker, date) already stored is replaced. */
  upsertPrices(rows: readonly PriceRow[]): Promise<{ readonly inserted: number; readonly updated: number }>;
  upsertAssets(assets: readonly AssetRow[]): Promise<void>;
  listAssets(): Promise<readonly { readonly ticker: string; readonly rows: number }[]>;
  dateRange(ticker: string): Promise<StoredRange | null>;
}
