import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { logReturns, pricePanel, simpleReturns, type PricePanel } from "../../../src/core/returns/index.js";
import { readPriceFile } from "../../../src/data/index.js";
import { expectClose } from "../../support/expect-close.js";
import { pypfoptFact, referenceJson, referencePath } from "../../support/reference.js";

interface AssetFacts {
  first_price_date: string;
  n_returns: number;
  mean_daily: number;
  std_daily_ddof1: number;
  min_daily: number;
  max_daily: number;
  last_return: number;
  log_last_return: number;
}
const reference = referenceJson<{ tickers: string[]; n_return_rows: number; per_asset: Record<string, AssetFacts> }>(
  "expected",
  "returns.json",
);

// A return is one division and one subtraction of the same two prices pandas divided, so the same
// bits are expected; 1e-12 relative leaves room for nothing but rounding. Returns can be exactly
// zero (two equal closes), hence an absolute floor far below any real return.
const RETURN_TOL = { rtol: 1e-12, atol: 1e-16 };
// Means and standard deviations over thousands of rows: the reference README's estimator tolerance.
const STAT_TOL = { rtol: 1e-10, atol: 1e-15 };

function column(data: Float64Array, cols: number, j: number): number[] {
  const out: number[] = [];
  for (let i = j; i < data.length; i += cols) if (!Number.isNaN(data[i])) out.push(data[i]);
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function stdDdof1(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

describe("returns of stock_prices.csv against the reference", () => {
  let prices: PricePanel;
  before(async () => {
    prices = await readPriceFile(referencePath("data", "stock_prices.csv"));
  });

  it("has PyPortfolioOpt's row counts (facts price_row_count, returns_row_count)", () => {
    assert.equal(prices.dates.length, pypfoptFact("price_row_count").value);
    const r = simpleReturns(prices);
    assert.equal(r.returns.rows, pypfoptFact("returns_row_count").value);
    assert.equal(r.returns.rows, reference.n_return_rows);
    assert.equal(r.dates[0], prices.dates[1]);
    assert.deepEqual(r.report, { gaps: "drop", interiorGaps: 0, filled: 0, droppedRows: 0 });
  });

  it("matches every per-asset field of returns.json", () => {
    const r = simpleReturns(prices);
    const log = logReturns(prices);
    assert.deepEqual(r.tickers, reference.tickers);
    reference.tickers.forEach((ticker, j) => {
      const want = reference.per_asset[ticker];
      const xs = column(r.returns.data, r.returns.cols, j);
      const firstPriceRow = prices.dates.findIndex((_, i) => !Number.isNaN(prices.prices.data[i * prices.prices.cols + j]));
      assert.equal(prices.dates[firstPriceRow], want.first_price_date, `${ticker} first price date`);
      assert.equal(xs.length, want.n_returns, `${ticker} n_returns`);
      expectClose(mean(xs), want.mean_daily, STAT_TOL, `${ticker} mean_daily`);
      expectClose(stdDdof1(xs), want.std_daily_ddof1, STAT_TOL, `${ticker} std_daily_ddof1`);
      expectClose(Math.min(...xs), want.min_daily, RETURN_TOL, `${ticker} min_daily`);
      expectClose(Math.max(...xs), want.max_daily, RETURN_TOL, `${ticker} max_daily`);
      expectClose(xs[xs.length - 1], want.last_return, RETURN_TOL, `${ticker} last_return`);
      const logs = column(log.returns.data, log.returns.cols, j);
      // ln(P_t/P_{t-1}) against the reference's log(1 + r): equal up to the rounding of 1 + r,
      // about 1e-16 absolute, i.e. ≤ 1e-12 relative for a return of 1e-4.
      expectClose(logs[logs.length - 1], want.log_last_return, { rtol: 1e-10, atol: 1e-16 }, `${ticker} log_last_return`);
    });
  });

  it("gives SBUX's last log return (fact log_return_last_SBUX)", () => {
    const fact = pypfoptFact("log_return_last_SBUX");
    const log = logReturns(prices);
    const last = log.returns.data[log.returns.data.length - 1];
    // The fact's own tolerance: assert_almost_equal decimal=7.
    expectClose(last, fact.value as number, { rtol: 0, atol: 1.5e-7 }, "SBUX log return");
    // The fact is a full-precision literal; our log of the ratio agrees to rounding.
    expectClose(last, fact.value as number, { rtol: 1e-10, atol: 0 }, "SBUX log return (tight)");
  });

  it("has the same rows under every gap policy when there are no interior gaps", () => {
    const drop = simpleReturns(prices);
    for (const gaps of ["forwardFill", "span"] as const) {
      const other = simpleReturns(prices, { gaps });
      assert.deepEqual(other.dates, drop.dates);
      assert.deepEqual(Array.from(other.returns.data), Array.from(drop.returns.data));
      assert.equal(other.report.filled, 0);
    }
  });
});

describe("gap policies on a hand-made panel", () => {
  // A: a leading gap (not listed on day 1), an interior gap on day 3, a trailing gap on day 6.
  // B: complete. So no row is all-missing except the first.
  const { panel } = pricePanel({
    dates: ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06"],
    tickers: ["A", "B"],
    prices: [
      [NaN, 100],
      [10, 101],
      [NaN, 102],
      [12, 103],
      [15, 104],
      [NaN, 105],
    ],
  });
  const columnA = (data: Float64Array) => Array.from(data).filter((_, k) => k % 2 === 0);
  // Hand-computed ratios; one division each, so a couple of ulps at most.
  const TOL = { rtol: 1e-15, atol: 1e-15 };

  function expectReturns(actual: number[], expected: number[], label: string) {
    assert.equal(actual.length, expected.length, label);
    actual.forEach((a, i) => {
      if (Number.isNaN(expected[i])) assert.ok(Number.isNaN(a), `${label}[${i}] = ${a}, expected NaN`);
      else expectClose(a, expected[i], TOL, `${label}[${i}]`);
    });
  }

  it("drop: returns into and out of the gap are missing", () => {
    const r = simpleReturns(panel, { gaps: "drop" });
    expectReturns(columnA(r.returns.data), [NaN, NaN, NaN, 15 / 12 - 1, NaN], "A");
    assert.deepEqual(r.report, { gaps: "drop", interiorGaps: 1, filled: 0, droppedRows: 0 });
  });

  it("forwardFill: the gap day returns 0 and the next return spans the gap; trailing gap stays missing", () => {
    const r = simpleReturns(panel, { gaps: "forwardFill" });
    expectReturns(columnA(r.returns.data), [NaN, 0, 12 / 10 - 1, 15 / 12 - 1, NaN], "A");
    assert.deepEqual(r.report, { gaps: "forwardFill", interiorGaps: 1, filled: 1, droppedRows: 0 });
  });

  it("span: the gap day is missing and the next return spans the gap", () => {
    const r = simpleReturns(panel, { gaps: "span" });
    expectReturns(columnA(r.returns.data), [NaN, NaN, 12 / 10 - 1, 15 / 12 - 1, NaN], "A");
    assert.equal(r.report.filled, 0);
    const log = logReturns(panel, { gaps: "span" });
    expectReturns(columnA(log.returns.data), [NaN, NaN, Math.log(1.2), Math.log(1.25), NaN], "log A");
  });

  it("drops a row where every asset is missing, and reports it", () => {
    const { panel: p } = pricePanel({
      dates: ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"],
      tickers: ["A", "B"],
      prices: [
        [10, 20],
        [NaN, NaN],
        [11, 22],
        [12, 24],
      ],
    });
    const drop = simpleReturns(p);
    // Both the return into the empty day and the one out of it are all-missing rows.
    assert.deepEqual(drop.dates, ["2024-01-04"]);
    assert.equal(drop.report.droppedRows, 2);
    assert.equal(drop.report.interiorGaps, 2);
    const span = simpleReturns(p, { gaps: "span" });
    assert.deepEqual(span.dates, ["2024-01-03", "2024-01-04"]);
    expectReturns(Array.from(span.returns.data), [0.1, 0.1, 12 / 11 - 1, 24 / 22 - 1], "span");
    assert.equal(span.report.droppedRows, 1);
  });
});

describe("degenerate panels", () => {
  it("one asset", () => {
    const { panel } = pricePanel({ dates: ["2024-01-01", "2024-01-02"], tickers: ["A"], prices: [[4], [5]] });
    const r = simpleReturns(panel);
    assert.deepEqual([r.returns.rows, r.returns.cols], [1, 1]);
    expectClose(r.returns.data[0], 0.25, { rtol: 1e-15, atol: 0 }, "one return");
  });

  it("constant prices give zero returns", () => {
    const { panel } = pricePanel({ dates: ["2024-01-01", "2024-01-02", "2024-01-03"], tickers: ["A"], prices: [[7], [7], [7]] });
    assert.deepEqual(Array.from(simpleReturns(panel).returns.data), [0, 0]);
    assert.deepEqual(Array.from(logReturns(panel).returns.data), [0, 0]);
  });

  it("an all-NaN column gives all-NaN returns without dropping the other asset's rows", () => {
    const { panel } = pricePanel({
      dates: ["2024-01-01", "2024-01-02", "2024-01-03"],
      tickers: ["A", "EMPTY"],
      prices: [
        [1, NaN],
        [2, NaN],
        [3, NaN],
      ],
    });
    const r = simpleReturns(panel);
    assert.equal(r.returns.rows, 2);
    assert.ok(Number.isNaN(r.returns.data[1]) && Number.isNaN(r.returns.data[3]));
    assert.equal(r.report.interiorGaps, 0);
  });

  it("a single price row gives no returns", () => {
    const { panel } = pricePanel({ dates: ["2024-01-01"], tickers: ["A"], prices: [[1]] });
    const r = simpleReturns(panel);
    assert.deepEqual([r.returns.rows, r.dates.length, r.report.droppedRows], [0, 0, 0]);
  });

  it("rejects an unknown gap policy", () => {
    const { panel } = pricePanel({ dates: ["2024-01-01"], tickers: ["A"], prices: [[1]] });
    assert.throws(() => simpleReturns(panel, { gaps: "interpolate" as never }), /unknown gap policy/);
  });
});
