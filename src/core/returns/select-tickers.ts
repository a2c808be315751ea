/**
 * A sub-universe of a price panel: some of its tickers, in the order asked for.
 */
import { InvalidInputError } from "../errors.js";
import type { PricePanel } from "./price-panel.js";

/**
 * The columns of `panel` for `tickers`, in that order (so it also reorders a panel).
 *
 * @param panel - a validated price panel.
 * @param tickers - at least one ticker of the panel, none twice.
 * @throws InvalidInputError naming an unknown or repeated ticker, or for an empty selection.
 * @example selectTickers(panel, ["AAPL", "MSFT"])
 */
export function selectTickers(panel: PricePanel, tickers: readonly string[]): PricePanel {
  if (tickers.length === 0) throw new InvalidInputError("select at least one ticker");
  const position = new Map(panel.tickers.map((t, j) => [t, j] as const));
  const chosen = new Set<string>();
  const columns = tickers.map((ticker) => {
    const j = position.get(ticker);
    if (j === undefined) {
      throw new InvalidInputError(`unknown ticker ${ticker}; the panel has ${panel.tickers.join(", ")}`, { ticker });
    }
    if (chosen.has(ticker)) throw new InvalidInputError(`ticker ${ticker} is selected twice`, { ticker });
    chosen.add(ticker);
    return j;
  });
  const { rows, cols, data } = panel.prices;
  const out = new Float64Array(rows * columns.length);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < columns.length; k++) out[i * columns.length + k] = data[i * cols + columns[k]];
  }
  return Object.freeze({
    dates: panel.dates,
    tickers: Object.freeze([...tickers]),
    prices: Object.freeze({ rows, cols: columns.length, data: out }),
  });
}
