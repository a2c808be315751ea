import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { InsufficientHistoryError, InvalidInputError } from "../../../../src/core/errors.js";
import { meanHistoricalReturn } from "../../../../src/core/moments/expected-returns/index.js";
import { pricePanel, returnsMatrixFromArrays, simpleReturns } from "../../../../src/core/returns/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { pypfoptFact, referenceJson } from "../../../support/reference.js";
import { byTicker, loadStockData, type StockData } from "./stock-data.js";

type View = { values: Record<string, number> };
const annualised = referenceJson<{ annualised_mean_return: Record<string, View> }>("expected", "returns.json")
  .annualised_mean_return;

// Closed-form estimator over thousands of returns: the reference README's 1e-10 relative. The
// absolute floor covers values that could be near zero (AMD's 0.03, GM's 0.04 are not, but a
// geometric mean can be).
const ESTIMATOR = { rtol: 1e-10, atol: 1e-14 };
const PPY = { periodsPerYear: 252 };

describe("meanHistoricalReturn on stock_prices.csv", () => {
  let stock: StockData;
  before(async () => {
    stock = await loadStockData();
  });

  it("matches PyPortfolioOpt's mean_historical_return (fact, 6 decimals)", () => {
    const fact = pypfoptFact("mean_historical_return");
    // The fact's own tolerance: assert_array_almost_equal decimal=6.
    expectClose(meanHistoricalReturn(stock.fullHistory.returns, PPY), fact.value as number[], { rtol: 0, atol: 1.5e-6 });
  });

  it("matches returns.json, full history, geometric and arithmetic", () => {
    const { tickers, returns } = stock.fullHistory;
    expectClose(meanHistoricalReturn(returns, PPY), byTicker(annualised.full_history_geometric.values, tickers), ESTIMATOR, "geometric");
    expectClose(
      meanHistoricalReturn(returns, { ...PPY, compounding: false }),
      byTicker(annualised.full_history_arithmetic.values, tickers),
      ESTIMATOR,
      "arithmetic",
    );
  });

  it("matches returns.json on the common window (895 complete returns)", () => {
    const { tickers, returns } = stock.commonWindow;
    assert.equal(returns.rows, 895);
    assert.equal(stock.commonWindow.dates[0], "2014-09-22");
    expectClose(meanHistoricalReturn(returns, PPY), byTicker(annualised.common_window_geometric.values, tickers), ESTIMATOR, "geometric");
    expectClose(
      meanHistoricalReturn(returns, { ...PPY, compounding: false }),
      byTicker(annualised.common_window_arithmetic.values, tickers),
      ESTIMATOR,
      "arithmetic",
    );
  });
});

describe("meanHistoricalReturn on PyPortfolioOpt's dummy table", () => {
  const fact = pypfoptFact("mean_historical_return_dummy");
  const rows = (fact.inputs as { prices_rows: number[][] }).prices_rows;
  const expected = fact.value as { compounding: number[]; arithmetic: number[] };

  it("matches at the returns-matrix level (frequency 1)", () => {
    // The returns as PyPortfolioOpt forms them, P_t/P_{t-1} − 1, including the negative-price column.
    const returns = returnsMatrixFromArrays(rows.slice(1).map((row, t) => row.map((p, j) => p / rows[t][j] - 1)));
    // The fact's tolerance: pandas assert_series_equal rtol=1e-3 (the test's literals are rounded).
    const tol = { rtol: 1e-3, atol: 0 };
    expectClose(meanHistoricalReturn(returns, { periodsPerYear: 1 }), expected.compounding, tol, "compounding");
    expectClose(meanHistoricalReturn(returns, { periodsPerYear: 1, compounding: false }), expected.arithmetic, tol, "arithmetic");
  });

  it("is rejected as prices: the 4th column is negative", () => {
    const dates = ["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04", "2020-01-05"];
    assert.throws(
      () => pricePanel({ dates, tickers: ["A", "B", "C", "D"], prices: rows }),
      (e: unknown) => e instanceof InvalidInputError && e.details.ticker === "D" && e.details.date === "2020-01-01",
    );
  });
});

describe("meanHistoricalReturn on degenerate inputs", () => {
  const dates = ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"];
  // Short hand computations: a few roundings apart at most.
  const HAND = { rtol: 1e-14, atol: 1e-15 };

  it("one asset", () => {
    const { panel } = pricePanel({ dates, tickers: ["A"], prices: [[100], [110], [99], [108.9]] });
    const r = simpleReturns(panel).returns;
    expectClose(meanHistoricalReturn(r, { periodsPerYear: 3 }), [0.089], HAND, "geometric: 108.9/100 over 3 periods × 3");
    expectClose(meanHistoricalReturn(r, { periodsPerYear: 3, compounding: false }), [0.1], HAND, "arithmetic: mean(0.1, −0.1, 0.1) × 3");
  });

  it("an asset with one price has no returns: InsufficientHistoryError naming its index", () => {
    const { panel } = pricePanel({ dates, tickers: ["A", "LATE"], prices: [[1, NaN], [2, NaN], [3, NaN], [4, 9]] });
    assert.throws(
      () => meanHistoricalReturn(simpleReturns(panel).returns, PPY),
      (e: unknown) => e instanceof InsufficientHistoryError && e.code === "INSUFFICIENT_HISTORY" && e.details.asset === 1,
    );
  });

  it("an all-NaN column: InsufficientHistoryError naming its index", () => {
    const returns = returnsMatrixFromArrays([
      [NaN, 0.01],
      [NaN, 0.02],
    ]);
    assert.throws(() => meanHistoricalReturn(returns, PPY), (e: unknown) => e instanceof InsufficientHistoryError && e.details.asset === 0);
  });

  it("constant prices give a zero mean, geometric and arithmetic", () => {
    const { panel } = pricePanel({ dates, tickers: ["FLAT"], prices: [[5], [5], [5], [5]] });
    const r = simpleReturns(panel).returns;
    // Exactly zero is expected; atol only to state that zero is the target.
    expectClose(meanHistoricalReturn(r, PPY), [0], { rtol: 0, atol: 1e-300 }, "geometric");
    expectClose(meanHistoricalReturn(r, { ...PPY, compounding: false }), [0], { rtol: 0, atol: 1e-300 }, "arithmetic");
  });

  it("a return of −1 compounds to −1; below −1 is rejected; periodsPerYear is required", () => {
    expectClose(meanHistoricalReturn(returnsMatrixFromArrays([[0.5], [-1]]), PPY), [-1], HAND, "total loss");
    assert.throws(() => meanHistoricalReturn(returnsMatrixFromArrays([[-1.5]]), PPY), /below -1/);
    assert.throws(() => meanHistoricalReturn(returnsMatrixFromArrays([[0.1]]), {} as never), /periodsPerYear/);
    assert.throws(() => meanHistoricalReturn(returnsMatrixFromArrays([[0.1]]), { periodsPerYear: 0 }), /periodsPerYear/);
  });
});
