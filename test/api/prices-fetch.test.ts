/**
 * `POST /prices/fetch` against local replays of Yahoo's chart endpoint and Stooq's CSV (no network):
 * fetched prices are stored and read back, a second fetch asks for nothing, Stooq answers when Yahoo
 * is down, unknown tickers are listed (or a 422 when none is known), and no provider is a 503.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance, InjectOptions } from "fastify";
import { buildApp } from "../../src/api/app.js";
import { ADJUSTMENT, referencePrices, stooqCsvHandler, yahooChartHandler } from "../data/support/provider-fixtures.js";
import { refusedUrl, startReplayServer, type ReplayServer } from "../data/support/replay-server.js";
import { forEachApiDialect, problem } from "./support.js";

const json = (response: { body: string }) => JSON.parse(response.body);
const START = "2018-01-02";
const END = "2018-01-31";
// The reference AAPL and GOOG histories, served under tickers the seeded store does not hold.
const AAPL = referencePrices("AAPL", "2017-12-01", "2018-03-01");
const GOOG = referencePrices("GOOG", "2017-12-01", "2018-03-01");
const inWindow = AAPL.filter((d) => d.date >= START && d.date <= END);

forEachApiDialect("API price fetch", { seed: false }, (fixture) => {
  let yahoo: ReplayServer;
  let stooq: ReplayServer;
  let app: FastifyInstance;
  let offline: FastifyInstance;

  before(async () => {
    yahoo = await startReplayServer(yahooChartHandler({ ZZF: AAPL, ZZG: GOOG, ZZH: AAPL }));
    stooq = await startReplayServer(stooqCsvHandler({ ZZS: GOOG }));
    app = await buildApp({ store: fixture.store(), jobs: fixture.jobs(), logger: false, config: { yahooUrl: yahoo.url, stooqUrl: stooq.url } });
    const nowhere = await refusedUrl();
    offline = await buildApp({ store: fixture.store(), jobs: fixture.jobs(), logger: false, config: { yahooUrl: nowhere, stooqUrl: nowhere } });
  });
  after(async () => {
    await app.close();
    await offline.close();
    await yahoo.close();
    await stooq.close();
  });

  const fetchPrices = (payload: object, on: () => FastifyInstance = () => app) =>
    on().inject({ method: "POST", url: "/api/v1/prices/fetch", payload } satisfies InjectOptions);

  test("stores what the provider sends and answers the import summary", async () => {
    const response = await fetchPrices({ tickers: ["ZZF", "ZZG"], start: START, end: END });
    assert.equal(response.statusCode, 200, response.body);
    const body = json(response);
    assert.deepEqual(body, {
      source: "Yahoo Finance or Stooq",
      provider: "Yahoo Finance or Stooq",
      start: START,
      end: END,
      tickers: ["ZZF", "ZZG"],
      rows: 2 * inWindow.length,
      inserted: 2 * inWindow.length,
      updated: 0,
      firstDate: inWindow[0].date,
      lastDate: inWindow[inWindow.length - 1].date,
      failed: [],
    });
    const history = json(await app.inject({ url: `/api/v1/assets/ZZF/prices?start=${START}&end=${END}` }));
    // The replay sends price × ADJUSTMENT as the adjusted close; JSON carries doubles exactly.
    assert.deepEqual(history.prices, inWindow.map((d) => ({ date: d.date, price: d.price * ADJUSTMENT })));
    const again = json(await fetchPrices({ tickers: ["ZZF"], start: START, end: END }));
    assert.deepEqual([again.rows, again.inserted], [0, 0], "a stored range is not asked again");
  });

  test("Stooq answers when Yahoo does not know the ticker", async () => {
    const body = json(await fetchPrices({ tickers: ["ZZS"], start: START, end: END }));
    assert.equal(body.rows, GOOG.filter((d) => d.date >= START && d.date <= END).length);
    assert.deepEqual(body.failed, []);
  });

  test("unknown tickers are listed beside the fetched ones; none known is a 422", async () => {
    const body = json(await fetchPrices({ tickers: ["ZZH", "NOPE"], start: START, end: END }));
    assert.deepEqual(body.tickers, ["ZZH"]);
    assert.deepEqual(body.failed.map((f: { ticker: string; code: string }) => [f.ticker, f.code]), [["NOPE", "UNKNOWN_TICKER"]]);
    const none = await fetchPrices({ tickers: ["NOPE"], start: START, end: END });
    assert.deepEqual([none.statusCode, problem(none).code], [422, "UNKNOWN_TICKER"]);
    assert.match(problem(none).detail, /NOPE/);
  });

  test("bad requests are 4xx: a malformed ticker, start after end", async () => {
    const malformed = await fetchPrices({ tickers: ["no spaces"], start: START });
    assert.deepEqual([malformed.statusCode, problem(malformed).code], [400, "VALIDATION_FAILED"]);
    const backwards = await fetchPrices({ tickers: ["ZZF"], start: END, end: START });
    assert.deepEqual([backwards.statusCode, problem(backwards).code], [422, "INVALID_DATA_REQUEST"]);
  });

  test("no provider reachable is a 503 problem", async () => {
    const response = await fetchPrices({ tickers: ["ZZQ"], start: START, end: END }, () => offline);
    const body = problem(response);
    assert.deepEqual([response.statusCode, body.code], [503, "PROVIDER_UNAVAILABLE"]);
  });
});
