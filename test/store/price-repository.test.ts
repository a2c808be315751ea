import assert from "node:assert/strict";
import { it } from "node:test";
import { sql } from "kysely";
import { createPriceRepository } from "../../src/store/price-repository.js";
import type { PriceRow } from "../../src/store/price-repository.js";
import { forEachDialect } from "./databases.js";
import { days, row } from "./price-rows.js";

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<Error> {
  let caught: unknown;
  await promise.catch((error) => (caught = error));
  assert.ok(caught instanceof Error, `expected a ${code} error, got ${String(caught)}`);
  assert.equal((caught as { code?: string }).code, code, (caught as Error).message);
  return caught as Error;
}

forEachDialect("price repository", ({ store, dialect }) => {
  const prices = () => createPriceRepository(store());

  it("upserts: counts inserts and updates, replaces values, and the last row of a repeated key wins", async () => {
    const repo = prices();
    assert.deepEqual(await repo.upsertPrices([row("AAA", "2024-01-02", 10), row("AAA", "2024-01-03", 11)]), { inserted: 2, updated: 0 });
    const second = await repo.upsertPrices([
      row("AAA", "2024-01-03", 12, { adjustedClose: 11.5, volume: 1000 }),
      row("AAA", "2024-01-04", 13),
      row("AAA", "2024-01-04", 14),
    ]);
    assert.deepEqual(second, { inserted: 1, updated: 1 });
    const panel = await repo.loadPanel({ tickers: ["AAA"], field: "close" });
    assert.deepEqual(panel.dates, ["2024-01-02", "2024-01-03", "2024-01-04"]);
    assert.deepEqual([...panel.prices.data], [10, 12, 14]);
    assert.deepEqual(await repo.upsertPrices([]), { inserted: 0, updated: 0 });
  });

  it("rejects a bad row in the middle of an import, naming it, and writes nothing", async () => {
    const repo = prices();
    await repo.upsertPrices([row("KEEP", "2024-01-02", 1)]);
    const batch: PriceRow[] = days("2020-01-01", 5000).map((d, k) => row(`T${k % 7}`, d, 100 + k));
    for (const [field, bad] of [
      ["close", { close: -1 }],
      ["close", { close: Number.NaN }],
      ["date", { date: "2024-02-30" }],
      ["ticker", { ticker: "" }],
      ["volume", { volume: -5 }],
    ] as const) {
      const rows = batch.slice();
      rows[2500] = { ...rows[2500], ...bad };
      const error = await rejectsWithCode(repo.upsertPrices(rows), "INVALID_PRICE_ROW");
      assert.match(error.message, /price row 2500/);
      assert.equal((error as unknown as { details: { field: string } }).details.field, field);
    }
    assert.deepEqual(
      (await repo.listAssets()).map((a) => [a.ticker, a.rows]),
      [["KEEP", 1]],
    );
  });

  it("rolls back every chunk already written when the database fails part-way", async () => {
    // A trigger makes the database itself refuse one row in the last chunk, after validation passed.
    const db = store().db;
    if (dialect === "sqlite") {
      await sql`create trigger refuse_boom before insert on prices when new.ticker = 'BOOM' begin select raise(abort, 'boom refused'); end`.execute(db);
    } else {
      await sql`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.ticker = 'BOOM' then raise exception 'boom refused'; end if; return new; end $$`.execute(db);
      await sql`create trigger refuse_boom before insert on prices for each row execute function refuse_boom()`.execute(db);
    }
    try {
      const repo = createPriceRepository(store(), { pgChunkSize: 1000 });
      await repo.upsertPrices([row("AAA", "2023-12-29", 5)]);
      const rows = days("2010-01-01", 4000).map((d) => row("AAA", d, 10));
      rows.push(row("BOOM", "2024-01-01", 1));
      await assert.rejects(repo.upsertPrices(rows), /boom refused/);
      assert.deepEqual(await repo.dateRange("AAA"), { first: "2023-12-29", last: "2023-12-29", rows: 1 });
      assert.equal(await repo.dateRange("BOOM"), null);
    } finally {
      await sql`drop trigger refuse_boom${dialect === "postgres" ? sql` on prices` : sql``}`.execute(db);
      if (dialect === "postgres") await sql`drop function refuse_boom()`.execute(db);
    }
  });

  it("leaves exactly one row per ticker and date after two concurrent imports of overlapping data", async () => {
    const a = days("2020-01-01", 3000).flatMap((d) => [row("X", d, 1), row("Y", d, 2)]);
    const b = days("2021-01-01", 3000).flatMap((d) => [row("Y", d, 3), row("X", d, 4)]);
    const [ra, rb] = await Promise.all([prices().upsertPrices(a), prices().upsertPrices(b.reverse())]);
    const overlap = 2 * (3000 - 366); // 2020 is a leap year
    assert.equal(ra.inserted + rb.inserted, a.length + b.length - overlap);
    assert.equal(ra.updated + rb.updated, overlap);
    const { rows } = await sql<{ n: number }>`select count(*) as n from (select ticker, date from prices group by ticker, date having count(*) > 1) dup`.execute(store().db);
    assert.equal(Number(rows[0].n), 0);
    const x = await prices().dateRange("X");
    assert.deepEqual(x, { first: "2020-01-01", last: days("2021-01-01", 3000)[2999], rows: 366 + 3000 });
  });

  it("loads an aligned panel: dates ascending, tickers in the order asked, NaN where a ticker has no price", async () => {
    const repo = prices();
    await repo.upsertPrices([
      row("B", "2024-01-03", 20, { adjustedClose: 19 }),
      row("A", "2024-01-02", 10),
      row("A", "2024-01-04", 11, { adjustedClose: 10.5 }),
      row("B", "2024-01-04", 21),
      row("C", "2024-01-05", 30),
    ]);
    const panel = await repo.loadPanel({ tickers: ["B", "A"] });
    assert.deepEqual(panel.dates, ["2024-01-02", "2024-01-03", "2024-01-04"]);
    assert.deepEqual(panel.tickers, ["B", "A"]);
    // Adjusted close by default, the close where no adjusted close is stored.
    assert.deepEqual([...panel.prices.data], [NaN, 10, 19, NaN, 21, 10.5]);
    assert.deepEqual(panel.prices, { rows: 3, cols: 2, data: panel.prices.data });
    const closes = await repo.loadPanel({ tickers: ["A", "B"], field: "close", start: "2024-01-03", end: "2024-01-04" });
    assert.deepEqual(closes.dates, ["2024-01-03", "2024-01-04"]);
    assert.deepEqual([...closes.prices.data], [NaN, 20, 11, 21]);
    const none = await repo.loadPanel({ tickers: ["ZZZ"] });
    assert.deepEqual([none.dates.length, none.prices.rows, none.prices.cols], [0, 0, 1]);
    await rejectsWithCode(repo.loadPanel({ tickers: ["A", "A"] }), "INVALID_QUERY");
    await rejectsWithCode(repo.loadPanel({ tickers: ["A"], start: "2024-1-1" }), "INVALID_QUERY");
  });

  it("pairs dates and prices correctly whatever order the rows were stored in", async () => {
    // Later dates stored first, then rewritten: PostgreSQL's heap order is now neither date nor insertion order.
    const repo = prices();
    const dates = days("2024-01-01", 40);
    for (let k = dates.length - 1; k >= 0; k -= 5) await repo.upsertPrices(dates.slice(Math.max(0, k - 4), k + 1).map((d) => row("A", d, 1000 + Number(d.slice(8)))));
    await repo.upsertPrices(dates.filter((_, k) => k % 3 === 0).map((d) => row("A", d, 2000 + Number(d.slice(8)))));
    await repo.upsertPrices(dates.map((d) => row("B", d, 1)));
    const panel = await repo.loadPanel({ tickers: ["A", "B"] });
    assert.deepEqual(panel.dates, dates);
    dates.forEach((d, i) => assert.equal(panel.prices.data[2 * i], (i % 3 === 0 ? 2000 : 1000) + Number(d.slice(8)), d));
  });

  it("keeps doubles exact: the panel equals a slow row-by-row read of awkward values", async () => {
    const repo = prices();
    const awkward = [0.1 + 0.2, 1 / 3, 123456789.12345679, 5e-324, 1.7976931348623157e308, 2 ** -30, 100.00000000000001, 9007199254740994];
    await repo.upsertPrices(awkward.map((v, k) => row(`V${k}`, "2024-01-02", v)));
    const panel = await repo.loadPanel({ tickers: awkward.map((_, k) => `V${k}`), field: "close" });
    assert.deepEqual([...panel.prices.data], awkward);
    const slow = await store().db.selectFrom("prices").select(["ticker", "close"]).orderBy("ticker").execute();
    assert.deepEqual(slow.map((r) => r.close), awkward);
  });

  it("exports deterministic wide CSV: sorted dates, tickers as given or alphabetical, blanks for missing, quoting", async () => {
    const repo = prices();
    await repo.upsertPrices([row("b,c", "2024-01-03", 2.5), row("A", "2024-01-02", 0.1 + 0.2), row("A", "2024-01-03", 1e21), row("Q", "2023-12-01", 7)]);
    // Code-unit order: upper case sorts before lower case; Q has no price from 2024 on.
    assert.equal(await repo.exportCsv({ start: "2024-01-01" }), 'date,A,"b,c"\n2024-01-02,0.30000000000000004,\n2024-01-03,1e+21,2.5\n');
    assert.equal(await repo.exportCsv({ tickers: ["Q", "A"], end: "2024-01-02" }), "date,Q,A\n2023-12-01,7,\n2024-01-02,,0.30000000000000004\n");
    await repo.deletePrices();
    assert.equal(await repo.exportCsv(), "date\n");
  });

  it("lists assets with their price span, keeps fields not given on update, and deletes prices by ticker", async () => {
    const repo = prices();
    await repo.upsertAssets([{ ticker: "MSFT", name: "Microsoft", currency: "USD", exchange: "NASDAQ", sector: "Technology" }, { ticker: "NONE" }]);
    await repo.upsertAssets([{ ticker: "MSFT", sector: "Software" }]);
    await repo.upsertPrices([row("MSFT", "2024-01-03", 370), row("MSFT", "2024-01-02", 371), row("AAPL", "2024-01-02", 185)]);
    assert.deepEqual(await repo.listAssets(), [
      { ticker: "AAPL", name: null, currency: null, exchange: null, sector: null, firstDate: "2024-01-02", lastDate: "2024-01-02", rows: 1 },
      { ticker: "MSFT", name: "Microsoft", currency: "USD", exchange: "NASDAQ", sector: "Software", firstDate: "2024-01-02", lastDate: "2024-01-03", rows: 2 },
      { ticker: "NONE", name: null, currency: null, exchange: null, sector: null, firstDate: null, lastDate: null, rows: 0 },
    ]);
    assert.deepEqual(await repo.dateRange("MSFT"), { first: "2024-01-02", last: "2024-01-03", rows: 2 });
    assert.equal(await repo.dateRange("NONE"), null);
    assert.equal(await repo.deletePrices("MSFT"), 2);
    assert.equal(await repo.dateRange("MSFT"), null);
    assert.equal(await repo.deletePrices(), 1);
    await rejectsWithCode(repo.upsertAssets([{ ticker: " X" }]), "INVALID_RECORD");
  });
});
