import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ProviderUnavailableError, UnknownTickerError, createYahooProvider } from "../../../src/data/index.js";
import { ADJUSTMENT, referencePrices, volumeOf, yahooChartHandler } from "../support/provider-fixtures.js";
import { refusedUrl, startReplayServer, type ReplayServer } from "../support/replay-server.js";

const AAPL = referencePrices("AAPL", "2017-10-01", "2018-04-11");
// Fast retries: the policy is under test, not the waiting.
const quick = { attempts: 3, backoffMs: 1, timeoutMs: 2000 };

describe("Yahoo provider against a local replay of the chart endpoint", () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer(yahooChartHandler({ AAPL }));
  });
  after(() => server.close());

  it("reads daily bars: exchange dates, raw close and adjusted close apart, volume", async () => {
    server.requests.length = 0;
    const yahoo = createYahooProvider({ ...quick, baseUrl: server.url });
    const bars = await yahoo.fetchDaily("AAPL", "2018-01-02", "2018-01-31");
    const expected = AAPL.filter((d) => d.date >= "2018-01-02" && d.date <= "2018-01-31");
    assert.deepEqual(bars.map((b) => b.date), expected.map((d) => d.date));
    bars.forEach((bar, i) => {
      // The replay sends the reference price as close and price × ADJUSTMENT as adjclose; JSON
      // carries doubles exactly, so the values must come back identical.
      assert.equal(bar.close, expected[i].price);
      assert.equal(bar.adjustedClose, expected[i].price * ADJUSTMENT);
      assert.equal(bar.volume, volumeOf(bar.date));
    });
    // Only the chart URL: no crumb or cookie round trips.
    assert.deepEqual(server.requests.map((r) => r.path), ["/v8/finance/chart/AAPL"]);
    assert.equal(server.requests[0].query.interval, "1d");
  });

  it("returns no bars for a window without trading days", async () => {
    const yahoo = createYahooProvider({ ...quick, baseUrl: server.url });
    assert.deepEqual(await yahoo.fetchDaily("AAPL", "2018-01-06", "2018-01-07"), []);
  });

  it("turns HTTP 404 into UnknownTickerError without retrying", async () => {
    server.requests.length = 0;
    const yahoo = createYahooProvider({ ...quick, baseUrl: server.url });
    await assert.rejects(yahoo.fetchDaily("NOPE", "2018-01-02", "2018-01-31"), (e: unknown) => {
      assert.ok(e instanceof UnknownTickerError);
      assert.equal(e.code, "UNKNOWN_TICKER");
      assert.match(e.message, /Yahoo Finance does not know ticker NOPE/);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });

  it("retries a 503 and a dropped connection, then succeeds", async () => {
    server.requests.length = 0;
    const replies = yahooChartHandler({ AAPL });
    let calls = 0;
    server.handle((request) => {
      calls++;
      if (calls === 1) return { status: 503, body: "Service Unavailable" };
      if (calls === 2) return "reset";
      return replies(request);
    });
    try {
      const yahoo = createYahooProvider({ ...quick, baseUrl: server.url });
      const bars = await yahoo.fetchDaily("AAPL", "2018-01-02", "2018-01-05");
      assert.equal(bars.length, 4);
      assert.equal(server.requests.length, 3);
    } finally {
      server.handle(replies);
    }
  });

  it("gives up after the attempts with ProviderUnavailableError on HTTP 429", async () => {
    server.requests.length = 0;
    server.handle(() => ({ status: 429, body: "Too Many Requests" }));
    try {
      const yahoo = createYahooProvider({ ...quick, baseUrl: server.url });
      await assert.rejects(yahoo.fetchDaily("AAPL", "2018-01-02", "2018-01-05"), (e: unknown) => {
        assert.ok(e instanceof ProviderUnavailableError);
        assert.match(e.message, /^could not reach Yahoo Finance \(offline\?\): HTTP 429 .*ticker AAPL, 3 attempts/);
        return true;
      });
      assert.equal(server.requests.length, 3);
    } finally {
      server.handle(yahooChartHandler({ AAPL }));
    }
  });

  it("times out a request that never answers, per attempt", async () => {
    server.requests.length = 0;
    server.handle(() => "hang");
    try {
      const yahoo = createYahooProvider({ attempts: 2, backoffMs: 1, timeoutMs: 100, baseUrl: server.url });
      await assert.rejects(yahoo.fetchDaily("AAPL", "2018-01-02", "2018-01-05"), /could not reach Yahoo Finance \(offline\?\): timed out/);
      assert.equal(server.requests.length, 2);
    } finally {
      server.handle(yahooChartHandler({ AAPL }));
    }
  });

  it("reports a refused connection (offline) clearly after retrying", async () => {
    const yahoo = createYahooProvider({ ...quick, baseUrl: await refusedUrl() });
    await assert.rejects(yahoo.fetchDaily("AAPL", "2018-01-02", "2018-01-05"), (e: unknown) => {
      assert.ok(e instanceof ProviderUnavailableError);
      assert.equal(e.code, "PROVIDER_UNAVAILABLE");
      assert.equal(e.attempts, 3);
      assert.match(e.message, /could not reach Yahoo Finance \(offline\?\): .*ECONNREFUSED/);
      return true;
    });
  });

  it("rejects a reply that fails the chart schema as InvalidProviderResponseError, without retrying", async () => {
    server.requests.length = 0;
    server.handle(() => ({ status: 200, body: JSON.stringify({ chart: { result: [{ meta: {}, indicators: { quote: [] } }], error: null } }) }));
    try {
      const yahoo = createYahooProvider({ ...quick, baseUrl: server.url });
      await assert.rejects(yahoo.fetchDaily("AAPL", "2018-01-02", "2018-01-05"), { code: "INVALID_PROVIDER_RESPONSE" });
      assert.equal(server.requests.length, 1);
    } finally {
      server.handle(yahooChartHandler({ AAPL }));
    }
  });
});
