/**
 * The columns a request names, in its order: every name must be in the panel (UNKNOWN_ASSET names the
 * first that is not) and an empty list is EMPTY_SELECTION. No list keeps the whole panel.
 */
import { selectTickers, type PricePanel } from "../core/returns/index.js";
import { EmptySelectionError, UnknownAssetError } from "./errors.js";

export function selectRequestedTickers(prices: PricePanel, tickers: readonly string[] | undefined): PricePanel {
  if (tickers === undefined) return prices;
  if (tickers.length === 0) throw new EmptySelectionError("no tickers selected");
  const known = new Set(prices.tickers);
  const unknown = tickers.find((t) => !known.has(t));
  if (unknown !== undefined) throw new UnknownAssetError(unknown, prices.tickers);
  return selectTickers(prices, tickers);
}
