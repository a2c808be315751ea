/**
 * Prices → periodic returns, with an explicit policy for missing prices.
 *
 * The default reproduces PyPortfolioOpt 1.5.6's `returns_from_prices`
 * (`prices.pct_change(fill_method=None).dropna(how="all")`): no filling, the first row and every
 * all-missing row dropped. On PyPortfolioOpt's stock_prices.csv (7126 price rows) this gives 7125
 * return rows.
 */
import { InvalidInputError } from "../errors.js";
import type { Matrix } from "../linalg/matrix.js";
import type { PricePanel } from "./price-panel.js";

/**
 * How a missing price *between two observed prices* of an asset (an interior gap) is treated:
 * - `"drop"`: the returns into and out of the gap are missing (pandas `fill_method=None`, the
 *   convention of PyPortfolioOpt ≥ 1.5 and of our reference data);
 * - `"forwardFill"`: the last price is carried over the gap, so the gap day's return is 0 and the
 *   next return spans the gap (pandas ≤ 2.0's `pct_change()` default, `fill_method="pad"`);
 * - `"span"`: the gap day's return is missing and the next return spans the gap: nothing is
 *   invented, no return is lost, and no zero returns bias a volatility downwards.
 */
export type GapPolicy = "drop" | "forwardFill" | "span";

export interface ReturnsOptions {
  /** Interior-gap policy; default `"drop"`. */
  readonly gaps?: GapPolicy;
}

export interface ReturnsReport {
  readonly gaps: GapPolicy;
  /** Missing prices that lie between two observed prices of the same asset (all assets). */
  readonly interiorGaps: number;
  /** Prices carried forward (`"forwardFill"` only; 0 otherwise). */
  readonly filled: number;
  /** Return rows after the first price row that were dropped because every asset was missing. */
  readonly droppedRows: number;
}

export interface ReturnsPanel {
  /** The date of each return row: the later date of its price pair. */
  readonly dates: readonly string[];
  readonly tickers: readonly string[];
  /** `dates.length × tickers.length`, row-major, decimals per period, `NaN` missing. */
  readonly returns: Matrix;
  readonly report: ReturnsReport;
}

type Ratio = (ratio: number) => number;

function returnsFromPrices(panel: PricePanel, gaps: GapPolicy, fromRatio: Ratio): ReturnsPanel {
  if (gaps !== "drop" && gaps !== "forwardFill" && gaps !== "span") {
    throw new InvalidInputError(`unknown gap policy ${String(gaps)}; use "drop", "forwardFill" or "span"`);
  }
  const { rows, cols, data } = panel.prices;
  // First and last observed price of each asset: before the first the asset is not listed yet
  // (a leading gap), after the last it has stopped trading or the data ends (a trailing gap).
  // Neither is an interior gap, so no policy fills them: their returns are missing.
  const firstSeen = new Int32Array(cols).fill(-1);
  const lastSeen = new Int32Array(cols).fill(-1);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (Number.isNaN(data[i * cols + j])) continue;
      if (firstSeen[j] < 0) firstSeen[j] = i;
      lastSeen[j] = i;
    }
  }
  let interiorGaps = 0;
  for (let j = 0; j < cols; j++) {
    for (let i = firstSeen[j] + 1; i < lastSeen[j]; i++) if (Number.isNaN(data[i * cols + j])) interiorGaps++;
  }

  const candidate = Math.max(rows - 1, 0);
  const out = new Float64Array(candidate * cols);
  let filled = 0;
  for (let j = 0; j < cols; j++) {
    // `base` is the last observed price strictly before row i.
    let base = NaN;
    for (let i = 1; i < rows; i++) {
      const previous = data[(i - 1) * cols + j];
      if (!Number.isNaN(previous)) base = previous;
      const price = data[i * cols + j];
      let r = NaN;
      if (!Number.isNaN(price)) {
        if (!Number.isNaN(previous)) r = fromRatio(price / previous);
        else if (gaps !== "drop" && !Number.isNaN(base)) r = fromRatio(price / base);
      } else if (gaps === "forwardFill" && i > firstSeen[j] && i < lastSeen[j]) {
        r = fromRatio(1);
        filled++;
      }
      out[(i - 1) * cols + j] = r;
    }
  }

  // Keep rows with at least one return (pandas dropna(how="all")).
  const keep: number[] = [];
  for (let t = 0; t < candidate; t++) {
    for (let j = 0; j < cols; j++) {
      if (!Number.isNaN(out[t * cols + j])) {
        keep.push(t);
        break;
      }
    }
  }
  const returns = new Float64Array(keep.length * cols);
  keep.forEach((t, k) => returns.set(out.subarray(t * cols, (t + 1) * cols), k * cols));

  return Object.freeze({
    dates: Object.freeze(keep.map((t) => panel.dates[t + 1])),
    tickers: panel.tickers,
    returns: Object.freeze({ rows: keep.length, cols, data: returns }),
    report: Object.freeze({ gaps, interiorGaps, filled, droppedRows: candidate - keep.length }),
  });
}

/**
 * Simple returns `r_t = P_t / P_{t−1} − 1` of every asset of a price panel.
 *
 * Conventions: a return is dated by its later price; an asset not yet listed (leading gap) or no
 * longer priced (trailing gap) has missing (`NaN`) returns there; the first price row has no return
 * and is dropped, as is every row in which all assets are missing (PyPortfolioOpt's
 * `pct_change().dropna(how="all")`); interior gaps follow `options.gaps` (see {@link GapPolicy}:
 * default `"drop"`, PyPortfolioOpt 1.5.6's `fill_method=None`). One deliberate difference from
 * pandas' old forward fill: `"forwardFill"` fills interior gaps only, so a delisted asset does not
 * earn zero returns forever.
 *
 * @param panel - prices, `nDates × nAssets`.
 * @returns `{ dates, tickers, returns (nReturnRows × nAssets), report: { gaps, interiorGaps, filled, droppedRows } }`.
 * @example simpleReturns(panel).returns.rows // 7125 for PyPortfolioOpt's stock_prices.csv
 */
export function simpleReturns(panel: PricePanel, options: ReturnsOptions = {}): ReturnsPanel {
  return returnsFromPrices(panel, options.gaps ?? "drop", (ratio) => ratio - 1);
}

/**
 * Log returns `r_t = ln(P_t / P_{t−1})`, with the same rows, gaps and report as {@link simpleReturns}
 * (a forward-filled gap day gives ln 1 = 0). Equals PyPortfolioOpt's `log(1 + pct_change)` up to
 * rounding (taking the log of the ratio directly avoids the cancellation in `1 + (ratio − 1)`).
 *
 * @param panel - prices, `nDates × nAssets`.
 * @example logReturns(panel, { gaps: "span" })
 */
export function logReturns(panel: PricePanel, options: ReturnsOptions = {}): ReturnsPanel {
  return returnsFromPrices(panel, options.gaps ?? "drop", Math.log);
}
