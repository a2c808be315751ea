/**
 * Prices and assets: bulk upserts, the aligned panel the core reads, and a deterministic CSV export.
 * The API below is what the market-data importer and the read-through cache are written against.
 */
import type { PricePanel } from "../core/returns/index.js";
import type { Store } from "./database.js";
import { formatWideCsv } from "./price-csv.js";
import { queryPanel } from "./price-panel-query.js";
import { prepareAssetRows, preparePriceRows } from "./price-rows.js";
import { DEFAULT_PG_CHUNK, upsertPreparedPrices } from "./price-writes.js";

/** One close of one ticker on one day. `date` is ISO `YYYY-MM-DD`. */
export interface PriceRow {
  readonly ticker: string;
  readonly date: string;
  readonly close: number;
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

/** An asset with the span of prices stored for it (`null` dates and 0 rows when it has none). */
export interface AssetSummary {
  readonly ticker: string;
  readonly name: string | null;
  readonly currency: string | null;
  readonly exchange: string | null;
  readonly sector: string | null;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  readonly rows: number;
}

export interface DateRange {
  readonly first: string;
  readonly last: string;
  readonly rows: number;
}

export interface UpsertResult {
  readonly inserted: number;
  readonly updated: number;
}

/** Which price a panel is built from. `adjustedClose` falls back to `close` where it is null. */
export type PriceField = "adjustedClose" | "close";

export interface LoadPanelOptions {
  readonly tickers: readonly string[];
  /** Inclusive ISO dates. */
  readonly start?: string;
  readonly end?: string;
  readonly field?: PriceField;
}

export interface ExportCsvOptions {
  /** Column order; when omitted, every ticker with a price in [start, end], in code-unit order. */
  readonly tickers?: readonly string[];
  readonly start?: string;
  readonly end?: string;
}

export interface PriceRepository {
  /** Inserts or replaces prices by (ticker, date) in one transaction: all rows or none. */
  upsertPrices(rows: readonly PriceRow[]): Promise<UpsertResult>;
  upsertAssets(assets: readonly AssetRow[]): Promise<void>;
  listAssets(): Promise<AssetSummary[]>;
  dateRange(ticker: string): Promise<DateRange | null>;
  /** Dates ascending × `tickers` in the order given, NaN where a ticker has no price on a date another has. */
  loadPanel(options: LoadPanelOptions): Promise<PricePanel>;
  /** Wide CSV (`date,T1,T2…`), shortest round-trip numbers, blank where missing, `\n` line ends. */
  exportCsv(options?: ExportCsvOptions): Promise<string>;
  /** Deletes one ticker's prices, or all prices; resolves to the number of rows deleted. */
  deletePrices(ticker?: string): Promise<number>;
}

export interface PriceRepositoryOptions {
  /** Rows per PostgreSQL INSERT statement (default 20,000); results do not depend on it. */
  readonly pgChunkSize?: number;
}

const ASSET_FIELDS = ["name", "currency", "exchange", "sector"] as const;

// Text order by code unit, the same on both engines whatever the PostgreSQL collation.
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function createPriceRepository(store: Store, options: PriceRepositoryOptions = {}): PriceRepository {
  const { db } = store;
  const pgChunk = Math.max(1, Math.floor(options.pgChunkSize ?? DEFAULT_PG_CHUNK));

  return {
    async upsertPrices(rows) {
      return upsertPreparedPrices(store, preparePriceRows(rows), pgChunk);
    },

    async upsertAssets(assets) {
      const prepared = prepareAssetRows(assets);
      if (prepared.length === 0) return;
      // Few rows with differing field sets: one statement per asset, all in one transaction.
      await db.transaction().execute(async (trx) => {
        for (const asset of prepared) {
          const given = ASSET_FIELDS.filter((f) => asset[f] !== undefined);
          const values = Object.fromEntries(given.map((f) => [f, asset[f] ?? null]));
          await trx
            .insertInto("assets")
            .values({ ticker: asset.ticker, ...values })
            .onConflict((oc) => (given.length === 0 ? oc.column("ticker").doNothing() : oc.column("ticker").doUpdateSet(values)))
            .execute();
        }
      });
    },

    async listAssets() {
      const spans = db
        .selectFrom("prices")
        .select((eb) => ["ticker", eb.fn.min("date").as("first_date"), eb.fn.max("date").as("last_date"), eb.fn.countAll<number>().as("rows")])
        .groupBy("ticker")
        .as("spans");
      const rows = await db
        .selectFrom("assets")
        .leftJoin(spans, "spans.ticker", "assets.ticker")
        .select(["assets.ticker", "name", "currency", "exchange", "sector", "first_date", "last_date", "rows"])
        .execute();
      return rows
        .map((r) => ({
          ticker: r.ticker,
          name: r.name,
          currency: r.currency,
          exchange: r.exchange,
          sector: r.sector,
          firstDate: r.first_date ?? null,
          lastDate: r.last_date ?? null,
          rows: Number(r.rows ?? 0),
        }))
        .sort((a, b) => byCodeUnit(a.ticker, b.ticker));
    },

    async dateRange(ticker) {
      const r = await db
        .selectFrom("prices")
        .select((eb) => [eb.fn.min("date").as("first"), eb.fn.max("date").as("last"), eb.fn.countAll<number>().as("rows")])
        .where("ticker", "=", ticker)
        .executeTakeFirstOrThrow();
      const rows = Number(r.rows);
      return rows === 0 ? null : { first: r.first as string, last: r.last as string, rows };
    },

    loadPanel: (query) => queryPanel(store, query),

    async exportCsv(query = {}) {
      let tickers = query.tickers;
      if (tickers === undefined) {
        let found = db.selectFrom("prices").select("ticker").distinct();
        if (query.start !== undefined) found = found.where("date", ">=", query.start);
        if (query.end !== undefined) found = found.where("date", "<=", query.end);
        tickers = (await found.execute()).map((r) => r.ticker).sort(byCodeUnit);
      }
      if (tickers.length === 0) return "date\n";
      return formatWideCsv(await queryPanel(store, { tickers, start: query.start, end: query.end }));
    },

    async deletePrices(ticker) {
      let statement = db.deleteFrom("prices");
      if (ticker !== undefined) statement = statement.where("ticker", "=", ticker);
      const result = await statement.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
