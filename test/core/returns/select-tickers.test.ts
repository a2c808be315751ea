import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CoreError, InvalidInputError } from "../../../src/core/errors.js";
import { pricePanel, selectTickers } from "../../../src/core/returns/index.js";

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

describe("selectTickers", () => {
  const { panel } = pricePanel(base);

  it("selects and reorders columns", () => {
    const sub = selectTickers(panel, ["BBB", "AAA"]);
    assert.deepEqual(sub.tickers, ["BBB", "AAA"]);
    assert.deepEqual(Array.from(sub.prices.data), [20, 10, NaN, 11, 22, 12]);
  });

  it("names an unknown ticker", () => {
    const e = throwsCode(() => selectTickers(panel, ["AAA", "ZZZ"]), InvalidInputError, /unknown ticker ZZZ/);
    assert.equal(e.details.ticker, "ZZZ");
    throwsCode(() => selectTickers(panel, ["AAA", "AAA"]), InvalidInputError, /twice/);
  });
});
