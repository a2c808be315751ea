import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CoreError, DuplicateDateError, InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../../src/core/errors.js";
import { matrix } from "../../../src/core/linalg/matrix.js";
import { pricePanel } from "../../../src/core/returns/index.js";

const base = {
  dates: ["2024-01-02", "2024-01-03", "2024-01-04"],
  tickers: ["AAA", "BBB"],
  prices: [
    [10, 20],
    [11, NaN],
    [12, 22],
  ],
};

function throwsCode(fn: () => unknown, type: new (...a: never[]) => CoreError, pattern: RegExp): CoreError {
  let caught: unknown;
  assert.throws(fn, (e: unknown) => {
    caught = e;
    return e instanceof type && pattern.test((e as Error).message);
  });
  return caught as CoreError;
}

describe("pricePanel", () => {
  it("keeps a valid panel as given and reports nothing repaired", () => {
    const { panel, report } = pricePanel(base);
    assert.deepEqual(panel.dates, base.dates);
    assert.deepEqual(panel.tickers, base.tickers);
    assert.deepEqual(Array.from(panel.prices.data), [10, 20, 11, NaN, 12, 22]);
    assert.deepEqual(report, { sorted: false, duplicatesDropped: [], rowsDropped: 0, missingPrices: 1 });
  });

  it("accepts a Matrix and null for missing, and copies its input", () => {
    const m = matrix(2, 1, [5, 6]);
    const { panel } = pricePanel({ dates: ["2024-01-02", "2024-01-03"], tickers: ["A"], prices: m });
    m.data[0] = 99;
    assert.equal(panel.prices.data[0], 5);
    const { panel: p2 } = pricePanel({ dates: ["2024-01-02"], tickers: ["A"], prices: [[null]] });
    assert.ok(Number.isNaN(p2.prices.data[0]));
  });

  it("sorts unsorted dates ascending and reports it", () => {
    const { panel, report } = pricePanel({
      dates: ["2024-01-04", "2024-01-02", "2024-01-03"],
      tickers: ["A"],
      prices: [[3], [1], [2]],
    });
    assert.deepEqual(panel.dates, ["2024-01-02", "2024-01-03", "2024-01-04"]);
    assert.deepEqual(Array.from(panel.prices.data), [1, 2, 3]);
    assert.equal(report.sorted, true);
  });

  it("rejects a duplicate date by default, naming it", () => {
    const e = throwsCode(
      () => pricePanel({ dates: ["2024-01-03", "2024-01-02", "2024-01-03"], tickers: ["A"], prices: [[1], [2], [3]] }),
      DuplicateDateError,
      /2024-01-03/,
    );
    assert.equal(e.code, "DUPLICATE_DATE");
    assert.equal(e.details.date, "2024-01-03");
  });

  it("keeps the row given last for a duplicate date under keepLast, and reports it", () => {
    const { panel, report } = pricePanel(
      { dates: ["2024-01-03", "2024-01-02", "2024-01-03", "2024-01-03"], tickers: ["A"], prices: [[1], [2], [3], [4]] },
      { duplicates: "keepLast" },
    );
    assert.deepEqual(panel.dates, ["2024-01-02", "2024-01-03"]);
    assert.deepEqual(Array.from(panel.prices.data), [2, 4]);
    assert.deepEqual(report.duplicatesDropped, ["2024-01-03"]);
    assert.equal(report.rowsDropped, 2);
    assert.equal(report.sorted, true);
  });

  it("rejects a non-positive price naming ticker and date", () => {
    const e = throwsCode(
      () => pricePanel({ ...base, prices: [[10, 20], [11, 0], [12, 22]] }),
      InvalidInputError,
      /BBB.*2024-01-03/,
    );
    assert.deepEqual([e.details.ticker, e.details.date], ["BBB", "2024-01-03"]);
    throwsCode(() => pricePanel({ ...base, prices: [[10, 20], [-1, 21], [12, 22]] }), InvalidInputError, /AAA.*2024-01-03/);
  });

  it("rejects infinite prices, bad dates, bad tickers and wrong shapes", () => {
    throwsCode(() => pricePanel({ ...base, prices: [[10, 20], [Infinity, 1], [1, 1]] }), NonFiniteValueError, /AAA/);
    throwsCode(() => pricePanel({ ...base, dates: ["2024-01-02", "2023-02-29", "2024-01-04"] }), InvalidInputError, /2023-02-29/);
    throwsCode(() => pricePanel({ ...base, dates: ["2024-01-02", "2024/01/03", "2024-01-04"] }), InvalidInputError, /2024\/01\/03/);
    throwsCode(() => pricePanel({ ...base, tickers: ["AAA", "AAA"] }), InvalidInputError, /AAA appears twice/);
    throwsCode(() => pricePanel({ ...base, tickers: ["AAA", ""] }), InvalidInputError, /empty name/);
    throwsCode(() => pricePanel({ ...base, tickers: [] }), InvalidInputError, /at least one ticker/);
    throwsCode(() => pricePanel({ ...base, prices: [[1, 2], [3, 4]] }), ShapeMismatchError, /2 price rows for 3 dates/);
    throwsCode(() => pricePanel({ ...base, prices: [[1, 2], [3], [5, 6]] }), ShapeMismatchError, /row 1/);
  });
});
