import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { InsufficientHistoryError, InvalidInputError, ShapeMismatchError } from "../../../../src/core/errors.js";
import { capmReturn } from "../../../../src/core/moments/expected-returns/index.js";
import { alignToDates, returnsMatrixFromArrays, simpleReturns } from "../../../../src/core/returns/index.js";
import { readPriceFile } from "../../../../src/data/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { pypfoptFact, referencePath } from "../../../support/reference.js";
import { loadStockData, type StockData } from "./stock-data.js";

// The facts' own tolerance: assert_array_almost_equal decimal=6.
const FACT = { rtol: 0, atol: 1.5e-6 };
// The CAPM facts are full-precision values from PyPortfolioOpt, and a closed form: we also hold
// them to the estimator tolerance of the reference README, which catches drifts the 6 decimals hide.
const TIGHT = { rtol: 1e-10, atol: 1e-14 };

describe("capmReturn on stock_prices.csv", () => {
  let stock: StockData;
  let spyOnStockDates: Float64Array;
  before(async () => {
    stock = await loadStockData();
    const spy = simpleReturns(await readPriceFile(referencePath("data", "spy_prices.csv")));
    // As the fact says: SPY's returns on its own dates, left-joined onto the stock return dates.
    spyOnStockDates = alignToDates({ dates: spy.dates, values: spy.returns }, stock.fullHistory.dates).data;
  });

  it("with the equal-weight market (fact capm_return_equal_weight_market)", () => {
    const fact = pypfoptFact("capm_return_equal_weight_market").value as number[];
    const { expectedReturns } = capmReturn(stock.fullHistory.returns, { periodsPerYear: 252, riskFreeRate: 0.02 });
    expectClose(expectedReturns, fact, FACT, "fact tolerance");
    expectClose(expectedReturns, fact, TIGHT, "estimator tolerance");
  });

  it("with SPY as the market, aligned by date (fact capm_return_spy_market)", () => {
    const fact = pypfoptFact("capm_return_spy_market").value as number[];
    assert.equal(spyOnStockDates.filter((x) => !Number.isNaN(x)).length, 6345);
    const result = capmReturn(stock.fullHistory.returns, { periodsPerYear: 252, riskFreeRate: 0.02, market: spyOnStockDates });
    expectClose(result.expectedReturns, fact, FACT, "fact tolerance");
    expectClose(result.expectedReturns, fact, TIGHT, "estimator tolerance");
    // The same test asserts the arithmetic market return gives at least as much for every asset.
    const arithmetic = capmReturn(stock.fullHistory.returns, {
      periodsPerYear: 252,
      market: spyOnStockDates,
      compounding: false,
    }).expectedReturns;
    arithmetic.forEach((mu, j) => assert.ok(mu >= result.expectedReturns[j], `asset ${j}`));
  });
});

describe("capmReturn on small tables", () => {
  const returns = returnsMatrixFromArrays([
    [0.01, NaN, 0.02],
    [-0.02, 0.01, 0.0],
    [0.03, 0.02, -0.01],
    [0.0, -0.01, 0.01],
    [0.01, 0.03, NaN],
  ]);
  // Short sums: rounding only.
  const HAND = { rtol: 1e-12, atol: 1e-15 };

  /** Slow pairwise-complete covariance, as pandas' DataFrame.cov() (ddof 1). */
  function slowCov(x: number[], y: number[]): number {
    const pairs = x.map((xi, i) => [xi, y[i]]).filter(([a, b]) => !Number.isNaN(a) && !Number.isNaN(b));
    const mx = pairs.reduce((s, [a]) => s + a, 0) / pairs.length;
    const my = pairs.reduce((s, [, b]) => s + b, 0) / pairs.length;
    return pairs.reduce((s, [a, b]) => s + (a - mx) * (b - my), 0) / (pairs.length - 1);
  }

  it("equals the slow CAPM formula with pairwise betas and the market's own geometric mean", () => {
    const market = [0.005, NaN, 0.01, 0.002, 0.02];
    const { expectedReturns, betas, marketReturn } = capmReturn(returns, { periodsPerYear: 12, riskFreeRate: 0.03, market });
    const present = market.filter((m) => !Number.isNaN(m));
    const expectedMarket = Math.pow(present.reduce((p, m) => p * (1 + m), 1), 12 / present.length) - 1;
    expectClose(marketReturn, expectedMarket, HAND, "market return");
    for (let j = 0; j < 3; j++) {
      const col = Array.from({ length: 5 }, (_, i) => returns.data[i * 3 + j]);
      const beta = slowCov(col, market) / slowCov(market, market);
      expectClose(betas[j], beta, HAND, `beta ${j}`);
      expectClose(expectedReturns[j], 0.03 + beta * (expectedMarket - 0.03), HAND, `mu ${j}`);
    }
  });

  it("an asset equal to the market has beta 1 and earns the market return", () => {
    const market = [0.01, -0.02, 0.03, 0.0, 0.01];
    const { betas, expectedReturns, marketReturn } = capmReturn(returns, { periodsPerYear: 252, market });
    expectClose(betas[0], 1, HAND, "beta");
    expectClose(expectedReturns[0], marketReturn, HAND, "mu");
  });

  it("rejects a misaligned or constant market, and an asset without overlap", () => {
    assert.throws(() => capmReturn(returns, { periodsPerYear: 252, market: [0.01, 0.02] }), ShapeMismatchError);
    assert.throws(() => capmReturn(returns, { periodsPerYear: 252, market: [0.01, 0.01, 0.01, 0.01, 0.01] }), InvalidInputError);
    assert.throws(
      () => capmReturn(returns, { periodsPerYear: 252, market: [0.01, NaN, NaN, NaN, 0.02] }),
      (e: unknown) => e instanceof InsufficientHistoryError && e.details.asset === 1,
    );
  });
});
