import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { InsufficientHistoryError, InvalidInputError } from "../../../../src/core/errors.js";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { emaHistoricalReturn, meanHistoricalReturn } from "../../../../src/core/moments/expected-returns/index.js";
import { returnsMatrixFromArrays } from "../../../../src/core/returns/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { pypfoptFact } from "../../../support/reference.js";
import { loadStockData, type StockData } from "./stock-data.js";

/**
 * The slow, literal pandas definition: last value of ewm(span, adjust=True, ignore_na=False).mean(),
 * weights (1 − α)^(T − 1 − t) at absolute positions over the present values.
 */
function slowEwmLast(returns: Matrix, span: number): number[] {
  const alpha = 2 / (span + 1);
  const out: number[] = [];
  for (let j = 0; j < returns.cols; j++) {
    let num = 0;
    let den = 0;
    for (let t = 0; t < returns.rows; t++) {
      const r = returns.data[t * returns.cols + j];
      if (Number.isNaN(r)) continue;
      const w = Math.pow(1 - alpha, returns.rows - 1 - t);
      num += w * r;
      den += w;
    }
    out.push(num / den);
  }
  return out;
}

describe("emaHistoricalReturn on stock_prices.csv", () => {
  let stock: StockData;
  before(async () => {
    stock = await loadStockData();
  });

  it("tends to the arithmetic mean for an infinite span (fact ema_historical_return_span_1e10)", () => {
    const fact = pypfoptFact("ema_historical_return_span_1e10");
    const returns = stock.fullHistory.returns;
    const ema = emaHistoricalReturn(returns, { periodsPerYear: 252, span: 1e10, compounding: false });
    // The fact's tolerance: assert_array_almost_equal decimal=6 between the two estimators (with
    // span 1e10 the weights still decay by ~7e-7 over 3500 rows, so they are not equal to 1e-10).
    expectClose(ema, fact.value as number[], { rtol: 0, atol: 1.5e-6 }, "ema, span 1e10");
    // The listed value is the arithmetic mean itself: an estimator-to-reference comparison.
    expectClose(meanHistoricalReturn(returns, { periodsPerYear: 252, compounding: false }), fact.value as number[], {
      rtol: 1e-10,
      atol: 1e-14,
    });
  });

  it("equals the slow pandas definition at the default span 500, compounded", () => {
    const returns = stock.fullHistory.returns;
    const expected = slowEwmLast(returns, 500).map((m) => Math.pow(1 + m, 252) - 1);
    // Same sums in a different order (relative weights, pow vs exp·log1p): 1e-10 as for estimators.
    expectClose(emaHistoricalReturn(returns, { periodsPerYear: 252 }), expected, { rtol: 1e-10, atol: 1e-14 });
  });
});

describe("emaHistoricalReturn on small tables", () => {
  // Leading gap in asset 0, interior gap in asset 1, trailing gap in asset 2.
  const returns = returnsMatrixFromArrays([
    [NaN, 0.01, 0.03],
    [0.02, NaN, -0.01],
    [-0.01, 0.02, 0.02],
    [0.03, -0.02, NaN],
  ]);
  // A handful of terms: rounding only.
  const HAND = { rtol: 1e-13, atol: 1e-16 };

  it("weights by absolute position over present values, like pandas ignore_na=False", () => {
    // (Span 1 is left to the next test: the literal formula is 0/0 for asset 2, whose last row is
    // missing, where pandas' recursion carries the last value forward.)
    for (const span of [1.5, 2, 5, 30]) {
      const expected = slowEwmLast(returns, span).map((m) => m * 12);
      expectClose(emaHistoricalReturn(returns, { periodsPerYear: 12, span, compounding: false }), expected, HAND, `span ${span}`);
    }
  });

  it("span 1 keeps only each asset's last return", () => {
    expectClose(emaHistoricalReturn(returns, { periodsPerYear: 1, span: 1, compounding: false }), [0.03, -0.02, 0.02], HAND);
  });

  it("stays within each asset's range of returns (a weighted mean)", () => {
    const ema = emaHistoricalReturn(returns, { periodsPerYear: 1, span: 3, compounding: false });
    const ranges = [
      [-0.01, 0.03],
      [-0.02, 0.02],
      [-0.01, 0.03],
    ];
    ranges.forEach(([lo, hi], j) => assert.ok(ema[j] >= lo && ema[j] <= hi, `asset ${j}: ${ema[j]}`));
  });

  it("rejects a span below 1 and an asset without returns", () => {
    assert.throws(() => emaHistoricalReturn(returns, { periodsPerYear: 252, span: 0.5 }), InvalidInputError);
    assert.throws(
      () => emaHistoricalReturn(returnsMatrixFromArrays([[0.1, NaN]]), { periodsPerYear: 252 }),
      (e: unknown) => e instanceof InsufficientHistoryError && e.details.asset === 1,
    );
  });
});
