import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pricePanel, type PricePanel } from "../../src/core/returns/index.js";
import { InvalidDataRequestError, alignPanel, readPriceFile } from "../../src/data/index.js";
import { referencePath } from "../support/reference.js";

const N = NaN;
function panel(dates: string[], tickers: string[], rows: number[][]): PricePanel {
  return pricePanel({ dates, tickers, prices: rows.map((r) => r.map((v) => (Number.isNaN(v) ? null : v))) }).panel;
}
const column = (p: PricePanel, ticker: string): number[] => {
  const j = p.tickers.indexOf(ticker);
  return p.dates.map((_, i) => p.prices.data[i * p.tickers.length + j]);
};

// Two weeks of January 2018; US stocks A, B, C, a European stock E trading on 2018-01-15 (Martin
// Luther King Day: US markets closed), a late listing L, a delisting D, a sparse S, an empty Z.
const dates = ["2018-01-02", "2018-01-03", "2018-01-04", "2018-01-05", "2018-01-08", "2018-01-09", "2018-01-10", "2018-01-11", "2018-01-12", "2018-01-15", "2018-01-16", "2018-01-17", "2018-01-18", "2018-01-19", "2018-01-22"];
const tickers = ["A", "B", "C", "E", "L", "D", "S", "Z"];
const raw = panel(
  dates,
  tickers,
  dates.map((date, i) => {
    const holiday = date === "2018-01-15";
    const us = holiday ? N : 10 + i;
    return [
      us, // A
      holiday ? N : i === 4 ? N : 20 + i, // B: one gap on 2018-01-08
      holiday || i === 0 ? N : 30 + i, // C: starts 2018-01-03, within the grace
      40 + i, // E: trades on the US holiday too
      i >= 8 && !holiday ? 50 + i : N, // L: lists 2018-01-12
      i <= 5 ? 60 + i : N, // D: last price 2018-01-09
      i % 3 === 0 && !holiday ? 70 + i : N, // S: a third of the days
      N, // Z: nothing
    ];
  }),
);

describe("alignPanel rules", () => {
  it("drops tickers for no data, late listing, early stop and low coverage, saying why", () => {
    const { report } = alignPanel(raw);
    assert.deepEqual(
      report.droppedTickers.map((d) => [d.ticker, d.reason, d.firstDate, d.lastDate]),
      [
        ["L", "listedAfterStart", "2018-01-12", "2018-01-22"],
        ["D", "stoppedBeforeEnd", "2018-01-02", "2018-01-09"],
        ["Z", "noData", null, null],
        ["S", "lowCoverage", "2018-01-02", "2018-01-18"],
      ],
    );
    const s = report.droppedTickers.find((d) => d.ticker === "S");
    // S trades on 4 of the 14 kept dates (every third input row: 0, 3, 6, 12; row 9 is the holiday).
    assert.equal(s?.coverage, 4 / 14);
  });

  it("drops a date on which too few tickers trade (one market's holiday)", () => {
    const { panel: out, report } = alignPanel(raw);
    // Kept before the date rule: A B C E S; on 2018-01-15 only E trades (1 of 5 < 0.5).
    assert.deepEqual(report.droppedDates, [{ date: "2018-01-15", reason: "fewTickers", tickersTrading: 1 }]);
    assert.ok(!out.dates.includes("2018-01-15"));
    assert.deepEqual(out.tickers, ["A", "B", "C", "E"]);
  });

  it('leaves gaps as NaN under fill "none" and counts them', () => {
    const { panel: out, report } = alignPanel(raw);
    assert.equal(report.missing, 2); // C on 2018-01-02, B on 2018-01-08
    assert.deepEqual(report.filled, { A: 0, B: 0, C: 0, E: 0 });
    assert.ok(Number.isNaN(column(out, "B")[4]));
  });

  it('forward fills gaps and drops the dates before every kept ticker has a price', () => {
    const { panel: out, report } = alignPanel(raw, { fill: "forwardFill" });
    assert.equal(report.missing, 0);
    assert.deepEqual(report.filled, { A: 0, B: 1, C: 0, E: 0 });
    assert.equal(out.dates[0], "2018-01-03");
    assert.deepEqual(report.droppedDates.map((d) => [d.date, d.reason]), [["2018-01-02", "beforeListing"], ["2018-01-15", "fewTickers"]]);
    // B's 2018-01-08 carries 2018-01-05's price (row 3 of the input: 20 + 3).
    assert.equal(column(out, "B")[out.dates.indexOf("2018-01-08")], 23);
    for (const v of out.prices.data) assert.ok(Number.isFinite(v));
  });

  it("honours start, end and the thresholds", () => {
    const { panel: out, report } = alignPanel(raw, { start: "2018-01-12", end: "2018-01-22", minCoverage: 0.3 });
    // From 2018-01-12, L has been listed all along, D has no price, and S's first price (2018-01-18)
    // is 6 days in: more than the 5-day grace.
    assert.deepEqual(report.droppedTickers.map((d) => [d.ticker, d.reason]), [["D", "noData"], ["S", "listedAfterStart"], ["Z", "noData"]]);
    assert.deepEqual(out.tickers, ["A", "B", "C", "E", "L"]);
    assert.equal(out.dates[0], "2018-01-12");
  });

  it("rejects bad options and a result with no ticker", () => {
    for (const options of [{ minCoverage: 0 }, { minCoverage: 1.5 }, { graceDays: -1 }, { start: "2018-13-01" }, { start: "2018-02-01", end: "2018-01-01" }, { fill: "backFill" as never }]) {
      assert.throws(() => alignPanel(raw, options), InvalidDataRequestError);
    }
    assert.throws(() => alignPanel(raw, { start: "2019-01-01" }), /no prices between 2019-01-01/);
    assert.throws(() => alignPanel(panel(dates.slice(0, 2), ["Z"], [[N], [N]])), /no ticker has enough prices .*Z noData/);
  });
});

describe("alignPanel on real data (stock_prices.csv, PyPortfolioOpt)", () => {
  it("from 2014-01-01: drops BABA (listed 2014-09-19), keeps the rest, fills nothing", async () => {
    const prices = await readPriceFile(referencePath("data", "stock_prices.csv"));
    const { panel: out, report } = alignPanel(prices, { start: "2014-01-01", fill: "forwardFill" });
    assert.deepEqual(report.droppedTickers.map((d) => [d.ticker, d.reason, d.firstDate]), [["BABA", "listedAfterStart", "2014-09-19"]]);
    assert.deepEqual(out.tickers, prices.tickers.filter((t) => t !== "BABA"));
    // The reference README: no gaps after a ticker starts, so nothing is filled or dropped.
    assert.deepEqual(report.droppedDates, []);
    assert.ok(Object.values(report.filled).every((n) => n === 0));
    assert.equal(out.dates[0], "2014-01-02");
    assert.equal(out.dates.at(-1), "2018-04-11");
  });
});
