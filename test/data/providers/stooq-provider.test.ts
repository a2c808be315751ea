import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ProviderUnavailableError,
  UnknownTickerError,
  createFallbackProvider,
  createStooqProvider,
  createYahooProvider,
  stooqSymbol,
} from "../../../src/data/index.js";
import { referencePrices, stooqCsvHandler, volumeOf, yahooChartHandler } from "../support/provider-fixtures.js";
import { refusedUrl, startReplayServer, type ReplayServer } from "../support/replay-server.js";

const JPM = referencePrices("JPM", "2018-01-01", "2018-04-11");
const AAPL = referencePrices("AAPL", "2018-01-01", "2018-04-11");
const quick = { attempts: 2, backoffMs: 1, timeoutMs: 2000 };

describe("Stooq provider", () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer(stooqCsvHandler({ AAPL }));
  });
  after(() => server.close());

  it("maps tickers to Stooq symbols", () => {
    assert.deepEqual(["AAPL", "BRK-B", "vod.uk", "^SPX"].map(stooqSymbol), ["aapl.us", "brk-b.us", "vod.uk", "^spx"]);
  });

  it("reads the CSV download: the one (adjusted) close as both fields", async () => {
    server.requests.length = 0;
    const stooq = createStooqProvider({ ...quick, baseUrl: server.url });
    const bars = await stooq.fetchDaily("AAPL", "2018-02-01", "2018-02-09");
    const expected = AAPL.filter((d) => d.date >= "2018-02-01" && d.date <= "2018-02-09");
    assert.deepEqual(
      bars,
      expected.map((d) => ({ date: d.date, close: d.price, adjustedClose: d.price, volume: volumeOf(d.date) })),
    );
    assert.deepEqual(server.requests.map((r) => r.query), [{ s: "aapl.us", i: "d", d1: "20180201", d2: "20180209" }]);
  });

  it("answers 'No data' with no bars", async () => {
    const stooq = createStooqProvider({ ...quick, baseUrl: server.url });
    assert.deepEqual(await stooq.fetchDaily("AAPL", "2018-02-03", "2018-02-04"), []);
  });

  it("rejects a text reply that is not price CSV", async () => {
    server.handle(() => ({ status: 200, body: "Exceeded the daily hits limit", contentType: "text/plain" }));
    try {
      const stooq = createStooqProvider({ ...quick, baseUrl: server.url });
      await assert.rejects(stooq.fetchDaily("AAPL", "2018-02-01", "2018-02-09"), { code: "INVALID_PROVIDER_RESPONSE" });
    } finally {
      server.handle(stooqCsvHandler({ AAPL }));
    }
  });
});

describe("fallback provider: Yahoo Finance, then Stooq", () => {
  let yahooServer: ReplayServer;
  let stooqServer: ReplayServer;
  before(async () => {
    yahooServer = await startReplayServer(yahooChartHandler({ AAPL }));
    stooqServer = await startReplayServer(stooqCsvHandler({ AAPL, JPM }));
  });
  after(async () => {
    await yahooServer.close();
    await stooqServer.close();
  });

  it("uses Yahoo when it answers, without asking Stooq", async () => {
    stooqServer.requests.length = 0;
    const auto = createFallbackProvider([
      createYahooProvider({ ...quick, baseUrl: yahooServer.url }),
      createStooqProvider({ ...quick, baseUrl: stooqServer.url }),
    ]);
    const bars = await auto.fetchDaily("AAPL", "2018-02-01", "2018-02-09");
    assert.equal(bars.length, 7);
    assert.notEqual(bars[0].adjustedClose, bars[0].close); // Yahoo's bars: adjusted ≠ raw in the replay
    assert.equal(stooqServer.requests.length, 0);
  });

  it("falls back to Stooq when Yahoo cannot be reached", async () => {
    const auto = createFallbackProvider([
      createYahooProvider({ ...quick, baseUrl: await refusedUrl() }),
      createStooqProvider({ ...quick, baseUrl: stooqServer.url }),
    ]);
    const bars = await auto.fetchDaily("AAPL", "2018-02-01", "2018-02-09");
    assert.equal(bars.length, 7);
    assert.equal(bars[0].adjustedClose, bars[0].close); // Stooq's bars
  });

  it("falls back to Stooq for a ticker Yahoo does not know", async () => {
    const auto = createFallbackProvider([
      createYahooProvider({ ...quick, baseUrl: yahooServer.url }),
      createStooqProvider({ ...quick, baseUrl: stooqServer.url }),
    ]);
    assert.equal((await auto.fetchDaily("JPM", "2018-02-01", "2018-02-09")).length, 7);
  });

  it("names both providers when neither can be reached", async () => {
    const down = await refusedUrl();
    const auto = createFallbackProvider([
      createYahooProvider({ ...quick, baseUrl: down }),
      createStooqProvider({ ...quick, baseUrl: down }),
    ]);
    await assert.rejects(auto.fetchDaily("AAPL", "2018-02-01", "2018-02-09"), (e: unknown) => {
      assert.ok(e instanceof ProviderUnavailableError);
      assert.match(e.message, /^could not reach Yahoo Finance or Stooq \(offline\?\): Yahoo Finance: .*ECONNREFUSED.*; Stooq: .*ECONNREFUSED/);
      assert.equal(e.attempts, 4);
      return true;
    });
  });

  it("says unknown ticker only when every provider said so", async () => {
    const auto = createFallbackProvider([createYahooProvider({ ...quick, baseUrl: yahooServer.url })]);
    await assert.rejects(auto.fetchDaily("NOPE", "2018-02-01", "2018-02-09"), (e: unknown) => e instanceof UnknownTickerError);
  });
});
