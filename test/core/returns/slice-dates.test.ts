import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CoreError, InvalidInputError } from "../../../src/core/errors.js";
import { pricePanel, sliceDates } from "../../../src/core/returns/index.js";

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

describe("sliceDates", () => {
  const { panel } = pricePanel(base);

  it("keeps dates within inclusive bounds, either of which may be open", () => {
    assert.deepEqual(sliceDates(panel, "2024-01-03").dates, ["2024-01-03", "2024-01-04"]);
    assert.deepEqual(sliceDates(panel, undefined, "2024-01-03").dates, ["2024-01-02", "2024-01-03"]);
    const mid = sliceDates(panel, "2024-01-03", "2024-01-03");
    assert.deepEqual(Array.from(mid.prices.data), [11, NaN]);
    assert.equal(sliceDates(panel, "2025-01-01").prices.rows, 0);
  });

  it("rejects malformed or crossed bounds", () => {
    throwsCode(() => sliceDates(panel, "2024-01-04", "2024-01-02"), InvalidInputError, /after/);
    throwsCode(() => sliceDates(panel, "Jan 2024"), InvalidInputError, /Jan 2024/);
  });
});
