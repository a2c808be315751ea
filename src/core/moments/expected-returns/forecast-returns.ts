/**
 * The analyst's own numbers as the expected returns: no estimation, only the checks that keep a typo
 * (a missing ticker, a misspelt one, a "NaN" from a spreadsheet) from reaching an optimizer.
 */
import { InvalidInputError, NonFiniteValueError } from "../../errors.js";

/**
 * Expected returns given by the caller, in the order of `tickers`.
 *
 * @param tickers - the universe, in optimizer order.
 * @param forecasts - annual expected return (decimal) per ticker; exactly the tickers of the universe.
 * @returns one expected return per ticker, in `tickers` order.
 * @throws InvalidInputError naming a ticker without a forecast, a forecast for a ticker outside the
 *   universe, or a value that is not a number; NonFiniteValueError naming a ticker whose forecast is
 *   NaN or infinite.
 * @example forecastReturns(["AAPL", "XOM"], { AAPL: 0.08, XOM: 0.05 }) // Float64Array [0.08, 0.05]
 */
export function forecastReturns(tickers: readonly string[], forecasts: Readonly<Record<string, number>>): Float64Array {
  const universe = new Set(tickers);
  if (universe.size !== tickers.length) {
    const repeated = tickers.find((t, i) => tickers.indexOf(t) !== i);
    throw new InvalidInputError(`ticker ${repeated} appears twice in the universe`, { ticker: repeated });
  }
  for (const ticker of Object.keys(forecasts)) {
    if (!universe.has(ticker)) {
      throw new InvalidInputError(`forecast for ${ticker}, which is not in the universe`, { ticker });
    }
  }
  return Float64Array.from(tickers, (ticker) => {
    // Own properties only: "constructor" or "toString" must not be found on Object.prototype.
    if (!Object.hasOwn(forecasts, ticker)) {
      throw new InvalidInputError(`no forecast for ${ticker}`, { ticker });
    }
    const value: unknown = forecasts[ticker];
    if (typeof value !== "number") {
      throw new InvalidInputError(`forecast for ${ticker} is ${JSON.stringify(value)}, not a number`, { ticker });
    }
    if (!Number.isFinite(value)) {
      throw new NonFiniteValueError(`forecast for ${ticker} is ${value}`, { ticker, value });
    }
    return value;
  });
}
