/**
 * PostgreSQL bulk upsert: per chunk of rows, one statement that unnests five array parameters and
 * either inserts them (tickers with no stored prices) or updates the keys that exist, where a value
 * changed, and inserts the others. Writers take turns on a table lock, which makes this safe
 * without ON CONFLICT, whose speculative insertion made a fresh million-row import about twice as
 * slow (measured with bench/store.ts).
 */
import { sql, type Transaction } from "kysely";
import type { PostgresStore } from "./database.js";
import type { PriceRow, UpsertResult } from "./price-repository.js";
import type { Database } from "./schema.js";

// Array literals built here rather than by `pg`: its generic array serialiser was the slowest step
// of a large import (about 2.5× this). Dates are validated ISO text, so they need no quoting;
// tickers are quoted and escaped; NULL stands for a missing number.
export function textArray(values: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) out += `${i === 0 ? "" : ","}"${values[i].replace(/[\\"]/g, "\\$&")}"`;
  return `${out}}`;
}

function numberArray(values: readonly (number | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) out += `${i === 0 ? "" : ","}${values[i] === null ? "NULL" : String(values[i])}`;
  return `${out}}`;
}

/**
 * Makes price writers take turns: SHARE ROW EXCLUSIVE conflicts with itself and with every
 * INSERT/UPDATE, but not with readers, so panels are still read during an import. Two imports of
 * overlapping data run one after the other; the second updates what the first inserted.
 */
export async function lockPricesForWriting(trx: Transaction<Database>): Promise<void> {
  await sql`lock table prices in share row exclusive mode`.execute(trx);
}

/** One chunk as the five array literals the statement unnests. */
function chunkArrays(part: readonly PriceRow[]): string[] {
  return [
    textArray(part.map((r) => r.ticker)),
    `{${part.map((r) => r.date).join(",")}}`,
    numberArray(part.map((r) => r.close)),
    numberArray(part.map((r) => r.adjustedClose)),
    numberArray(part.map((r) => r.volume)),
  ];
}

const BATCH = (arrays: string[]) => sql`
  select * from unnest(${arrays[0]}::text[], ${arrays[1]}::text[], ${arrays[2]}::float8[], ${arrays[3]}::float8[], ${arrays[4]}::float8[])
    as b(ticker, date, close, adjusted_close, volume)`;

/** Rows of tickers with no stored price: a plain insert, no probing of existing keys. */
async function insertChunk(trx: Transaction<Database>, arrays: string[]): Promise<number> {
  const result = await sql`insert into prices (ticker, date, close, adjusted_close, volume) ${BATCH(arrays)}`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Any rows: update the keys that exist where a value changed, insert the others. */
async function upsertChunk(trx: Transaction<Database>, arrays: string[]): Promise<number> {
  const result = await sql<{ inserted: number }>`
    with batch as (${BATCH(arrays)}),
    changed as (
      update prices p set close = b.close, adjusted_close = b.adjusted_close, volume = b.volume
      from batch b
      where p.ticker = b.ticker and p.date = b.date
        and (p.close, p.adjusted_close, p.volume) is distinct from (b.close, b.adjusted_close, b.volume)
    ),
    added as (
      insert into prices (ticker, date, close, adjusted_close, volume)
      select * from batch b where not exists (select 1 from prices p where p.ticker = b.ticker and p.date = b.date)
      returning 1
    )
    select count(*) as inserted from added`.execute(trx);
  return Number(result.rows[0].inserted);
}

/** The tickers among `tickers` that already have prices (one index probe each). */
async function tickersWithPrices(trx: Transaction<Database>, tickers: readonly string[]): Promise<Set<string>> {
  const { rows } = await sql<{ t: string }>`
    select t from unnest(${textArray(tickers)}::text[]) as t where exists (select 1 from prices p where p.ticker = t)`.execute(trx);
  return new Set(rows.map((r) => r.t));
}

/**
 * Writes prepared rows on a transaction that holds `lockPricesForWriting`, `chunk` rows per
 * statement. A chunk whose tickers have no stored prices yet — a first import — is inserted
 * outright; the lock guarantees nobody adds them meanwhile. The next chunk's arrays are built
 * while the server runs the previous statement.
 */
export async function writePostgresPrices(
  trx: Transaction<Database>,
  rows: readonly PriceRow[],
  tickers: readonly string[],
  chunk: number,
): Promise<UpsertResult> {
  // A chunk is tens of thousands of rows, but the planner would still pick hash or merge joins that
  // scan the whole prices table for every chunk; probing the primary key per row is what scales.
  await sql`set local enable_hashjoin = off`.execute(trx);
  await sql`set local enable_mergejoin = off`.execute(trx);
  const stored = await tickersWithPrices(trx, tickers);
  let inserted = 0;
  let running: Promise<number> | undefined;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const arrays = chunkArrays(part);
    const write = part.some((r) => stored.has(r.ticker)) ? upsertChunk : insertChunk;
    if (running !== undefined) inserted += await running;
    running = write(trx, arrays);
    // Handled here as well, so a failure surfacing before the next `await` is never "unhandled".
    running.catch(() => undefined);
  }
  if (running !== undefined) inserted += await running;
  return { inserted, updated: rows.length - inserted };
}

/** Upserts prepared rows in one transaction; `tickers` are the distinct tickers among them. */
export async function upsertPostgresPrices(
  store: PostgresStore,
  rows: readonly PriceRow[],
  tickers: readonly string[],
  chunk: number,
): Promise<UpsertResult> {
  return store.db.transaction().execute(async (trx) => {
    await lockPricesForWriting(trx);
    await sql`insert into assets (ticker) select * from unnest(${textArray(tickers)}::text[]) on conflict (ticker) do nothing`.execute(trx);
    return writePostgresPrices(trx, rows, tickers, chunk);
  });
}
