import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import {
  InvalidDataRequestError,
  ProviderUnavailableError,
  createFallbackProvider,
  createStooqProvider,
  createYahooProvider,
  fetchPrices,
} from "../../src/data/index.js";
import { ADJUSTMENT, barTimestamp, referencePrices, stooqCsvHandler, yahooChartHandler, type DailyPrice } from "./support/provider-fixtures.js";
import { PRICE_STORES, type OpenedStore } from "./support/price-stores.js";
import { refusedUrl, startReplayServer, type ReplayRequest, type ReplayServer } from "./support/replay-server.js";

const AAPL = referencePrices("AAPL", "2017-06-01", "2018-04-11");
const JPM = referencePrices("JPM", "2017-06-01", "2018-04-11");
// A clock well after the data, so "today" caps nothing unless a test says so.
const now = new Date("2019-01-15T12:00:00Z");
const quick = { attempts: 3, backoffMs: 1, timeoutMs: 2000 };

const datesBetween = (history: readonly DailyPrice[], start: string, end: string): string[] =>
  history.filter((d) => d.date >= start && d.date <= end).map((d) => d.date);

/**
 * The span of exchange dates a chart request asked for. The Yahoo provider pads its window by a day
 * before and two days after (period1 = start − 1 day, period2 = end + 2 days, midnight UTC) so that
 * bars stamped on the previous UTC day (exchanges east of Greenwich) are not missed, and trims the
 * reply to start…end itself; this undoes that padding.
 */
function askedSpan(request: ReplayRequest): { start: string; end: string } {
  const day = 86_400;
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  return { start: iso(Number(request.query.period1) + day), end: iso(Number(request.query.period2) - 2 * day) };
}

for (const factory of PRICE_STORES) {
  describe(`fetchPrices through Yahoo (replayed), ${factory.name} store`, () => {
    let server: ReplayServer;
    let store: OpenedStore;
    before(async () => {
      server = await startReplayServer(yahooChartHandler({ AAPL, JPM }));
    });
    after(() => server.close());
    beforeEach(async () => {
      store = await factory.open();
      server.requests.length = 0;
      server.handle(yahooChartHandler({ AAPL, JPM }));
    });
    afterEach(() => store.close());

    const yahoo = () => createYahooProvider({ ...quick, baseUrl: server.url });

    it("stores a fetched range with raw and adjusted closes apart", async () => {
      const result = await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2018-01-01", end: "2018-01-31", now });
      const expected = AAPL.filter((d) => d.date >= "2018-01-01" && d.date <= "2018-01-31");
      assert.equal(result.tickers[0].rows, expected.length);
      assert.equal(result.tickers[0].inserted, expected.length);
      assert.equal(result.tickers[0].cached, null);
      const rows = await store.rows(["AAPL"]);
      assert.deepEqual(rows.map((r) => r.date), expected.map((d) => d.date));
      rows.forEach((r, i) => {
        // Doubles go through JSON and the database unchanged: exact equality.
        assert.equal(r.close, expected[i].price);
        assert.equal(r.adjustedClose, expected[i].price * ADJUSTMENT);
      });
      assert.equal(server.requests.length, 1);
    });

    it("fetches only the missing leading and trailing parts of a wider range", async () => {
      await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2018-01-01", end: "2018-01-31", now });
      server.requests.length = 0;
      const result = await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2017-12-01", end: "2018-02-28", now });
      assert.deepEqual(result.tickers[0].cached, { first: "2018-01-02", last: "2018-01-31", rows: 21 });
      assert.deepEqual(result.tickers[0].requested, [
        { start: "2017-12-01", end: "2018-01-01" },
        { start: "2018-02-01", end: "2018-02-28" },
      ]);
      // What the server was asked: exactly the two missing spans.
      assert.deepEqual(server.requests.map(askedSpan), [
        { start: "2017-12-01", end: "2018-01-01" },
        { start: "2018-02-01", end: "2018-02-28" },
      ]);
      // The padding brings back a stored bar or two; they are trimmed, so only new dates are inserted.
      assert.equal(result.tickers[0].inserted, datesBetween(AAPL, "2017-12-01", "2018-02-28").length - 21);
      assert.deepEqual((await store.rows(["AAPL"])).map((r) => r.date), datesBetween(AAPL, "2017-12-01", "2018-02-28"));
    });

    it("makes no request at all for a range already stored", async () => {
      await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL", "JPM"], start: "2018-01-01", end: "2018-03-29", now });
      server.requests.length = 0;
      // Inside the stored span (2018-01-02 … 2018-03-29), and ending on a weekend: 2018-01-07 and
      // 2018-03-03 are a Sunday and a Saturday.
      for (const [start, end] of [["2018-01-02", "2018-03-29"], ["2018-01-07", "2018-03-03"], ["2018-02-01", "2018-02-01"]]) {
        const inner = await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL", "JPM"], start, end, now });
        assert.deepEqual(inner.tickers.map((t) => [t.ticker, t.requested.length, t.rows]), [["AAPL", 0, 0], ["JPM", 0, 0]]);
      }
      assert.equal(server.requests.length, 0);
    });

    it("asks again for an edge made only of a holiday, which comes back empty (documented limit)", async () => {
      await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2018-03-01", end: "2018-03-29", now });
      server.requests.length = 0;
      // 2018-03-30 was Good Friday: a weekday without trading; the store cannot know it was asked.
      const again = await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2018-03-01", end: "2018-03-30", now });
      assert.deepEqual(again.tickers[0].requested, [{ start: "2018-03-30", end: "2018-03-30" }]);
      assert.equal(again.tickers[0].rows, 0);
      assert.equal(server.requests.length, 1);
    });

    it("never stores today's bar: the range ends the day before the clock", async () => {
      const today = new Date("2018-01-12T15:00:00Z");
      const result = await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2018-01-08", end: "2018-01-31", now: today });
      assert.equal(result.end, "2018-01-11");
      assert.deepEqual((await store.rows(["AAPL"])).map((r) => r.date), ["2018-01-08", "2018-01-09", "2018-01-10", "2018-01-11"]);
      // Next day, only the 12th is missing.
      server.requests.length = 0;
      await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2018-01-08", now: new Date("2018-01-13T15:00:00Z") });
      assert.deepEqual(server.requests.map(askedSpan), [{ start: "2018-01-12", end: "2018-01-12" }]);
      assert.deepEqual((await store.rows(["AAPL"])).map((r) => r.date).at(-1), "2018-01-12");
    });

    it("reports an unknown ticker and goes on with the others", async () => {
      const result = await fetchPrices(store.repo, yahoo(), { tickers: ["NOPE", "JPM"], start: "2018-01-01", end: "2018-01-31", now });
      assert.equal(result.tickers[0].error?.code, "UNKNOWN_TICKER");
      assert.equal(result.tickers[1].rows, datesBetween(JPM, "2018-01-01", "2018-01-31").length);
    });

    it("retries a 5xx and stores the range once it succeeds", async () => {
      const replay = yahooChartHandler({ AAPL, JPM });
      let calls = 0;
      server.handle((request) => (++calls === 1 ? { status: 502, body: "Bad Gateway" } : replay(request)));
      const result = await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2018-01-01", end: "2018-01-31", now });
      assert.equal(server.requests.length, 2);
      assert.equal(result.tickers[0].inserted, 21);
    });

    it("offline: retries, then ProviderUnavailableError, and the store is unchanged", async () => {
      await fetchPrices(store.repo, yahoo(), { tickers: ["AAPL"], start: "2018-01-01", end: "2018-01-31", now });
      const before = await store.rows(["AAPL", "JPM"]);
      const offline = createYahooProvider({ ...quick, baseUrl: await refusedUrl() });
      await assert.rejects(
        fetchPrices(store.repo, offline, { tickers: ["AAPL", "JPM"], start: "2017-12-01", end: "2018-02-28", now }),
        (e: unknown) => {
          assert.ok(e instanceof ProviderUnavailableError);
          assert.equal(e.attempts, 3);
          assert.match(e.message, /^could not reach Yahoo Finance \(offline\?\): .*ECONNREFUSED.*ticker AAPL/);
          return true;
        },
      );
      assert.deepEqual(await store.rows(["AAPL", "JPM"]), before);
    });

    it("falls back to Stooq when Yahoo is down", async () => {
      const stooqServer = await startReplayServer(stooqCsvHandler({ AAPL }));
      try {
        server.handle(() => ({ status: 503, body: "down" }));
        const auto = createFallbackProvider([yahoo(), createStooqProvider({ ...quick, baseUrl: stooqServer.url })]);
        const result = await fetchPrices(store.repo, auto, { tickers: ["AAPL"], start: "2018-01-01", end: "2018-01-31", now });
        assert.equal(result.provider, "Yahoo Finance or Stooq");
        assert.equal(server.requests.length, 3); // Yahoo's three attempts
        assert.equal(stooqServer.requests.length, 1);
        const rows = await store.rows(["AAPL"]);
        assert.equal(rows.length, 21);
        assert.equal(rows[0].close, rows[0].adjustedClose); // Stooq has adjusted closes only
      } finally {
        await stooqServer.close();
      }
    });
  });
}

describe("fetchPrices request checks", () => {
  const provider = { id: "none", name: "none", fetchDaily: async () => [] };
  const store = PRICE_STORES[0];
  it("rejects bad requests before any I/O", async () => {
    const { repo } = await store.open();
    for (const options of [
      { tickers: [], start: "2018-01-01" },
      { tickers: ["AAPL"], start: "2018-02-30" },
      { tickers: ["AAPL"], start: "2018-02-01", end: "2018-01-01" },
      { tickers: ["AA PL"], start: "2018-01-01" },
    ]) {
      await assert.rejects(fetchPrices(repo, provider, { ...options, now }), (e: unknown) => e instanceof InvalidDataRequestError && e.code === "INVALID_DATA_REQUEST");
    }
  });

  it("bar timestamps in the replay fall on the bar's own New York date", () => {
    // The fixture's stamp (14:30 UTC) minus 5 h is 09:30 the same day: the provider's date rule holds.
    assert.equal(new Date((barTimestamp("2018-01-02") - 18000) * 1000).toISOString().slice(0, 10), "2018-01-02");
  });
});
