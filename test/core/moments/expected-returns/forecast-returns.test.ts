import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidInputError, NonFiniteValueError } from "../../../../src/core/errors.js";
import { forecastReturns } from "../../../../src/core/moments/expected-returns/index.js";

describe("forecastReturns", () => {
  it("passes forecasts through in universe order", () => {
    assert.deepEqual(Array.from(forecastReturns(["XOM", "AAPL"], { AAPL: 0.08, XOM: -0.01 })), [-0.01, 0.08]);
  });

  const names = (ticker: string) => (e: unknown) => (e as { details: { ticker: string } }).details.ticker === ticker && (e as Error).message.includes(ticker);

  it("names a missing ticker, an unknown ticker and a non-number", () => {
    assert.throws(() => forecastReturns(["AAPL", "XOM"], { AAPL: 0.08 }), (e: unknown) => e instanceof InvalidInputError && names("XOM")(e));
    assert.throws(() => forecastReturns(["AAPL"], { AAPL: 0.08, MSFT: 0.1 }), (e: unknown) => e instanceof InvalidInputError && names("MSFT")(e));
    assert.throws(() => forecastReturns(["AAPL"], { AAPL: "0.08" as never }), (e: unknown) => e instanceof InvalidInputError && names("AAPL")(e));
    // An inherited property is not a forecast.
    assert.throws(() => forecastReturns(["constructor"], {}), (e: unknown) => e instanceof InvalidInputError && names("constructor")(e));
  });

  it("names a ticker with a NaN or infinite forecast", () => {
    assert.throws(() => forecastReturns(["AAPL"], { AAPL: NaN }), (e: unknown) => e instanceof NonFiniteValueError && names("AAPL")(e));
    assert.throws(() => forecastReturns(["AAPL"], { AAPL: Infinity }), NonFiniteValueError);
  });
});
