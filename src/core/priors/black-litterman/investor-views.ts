/**
 * Investor views as plain data, and their translation into the pick matrix P (one row per view) and
 * the view returns Q of Black & Litterman (1992). Views name assets by index in the covariance's
 * order; the service layer maps tickers to indices.
 */
import { InvalidInputError, NonFiniteValueError } from "../../errors.js";
import type { Matrix } from "../../linalg/matrix.js";

/** "Asset `asset` will return `return`" (annual decimal). */
export interface AbsoluteView {
  readonly asset: number;
  readonly return: number;
}

/**
 * "The `long` assets will outperform the `short` assets by `return`": the long side is an equal-weight
 * basket with total weight +1, the short side one with total weight −1 (the row sums to 0).
 */
export interface RelativeView {
  readonly long: readonly number[];
  readonly short: readonly number[];
  readonly return: number;
}

/** A general view: the portfolio `pick` (one weight per asset, a row of P) will return `return`. */
export interface PortfolioView {
  readonly pick: ArrayLike<number>;
  readonly return: number;
}

export type InvestorView = AbsoluteView | RelativeView | PortfolioView;

export interface ViewMatrices {
  /** P, `nViews × nAssets`, row-major. */
  readonly pick: Matrix;
  /** Q, one expected return per view. */
  readonly returns: Float64Array;
}

function checkAsset(asset: number, nAssets: number, view: number, side: string): void {
  if (!Number.isInteger(asset) || asset < 0 || asset >= nAssets) {
    throw new InvalidInputError(
      `view ${view} names ${side}asset ${asset}, which is not one of the ${nAssets} assets (0…${nAssets - 1})`,
      { view, asset, nAssets },
    );
  }
}

function basket(row: Float64Array, assets: readonly number[], sign: number, nAssets: number, view: number, side: string): void {
  for (const asset of assets) {
    checkAsset(asset, nAssets, view, side);
    row[asset] += sign / assets.length;
  }
}

/**
 * P and Q for a list of views.
 *
 * @param views - absolute `{ asset, return }`, relative `{ long, short, return }` or `{ pick, return }`.
 * @param nAssets - number of assets (the covariance's size).
 * @throws InvalidInputError naming the view for an asset index outside 0…nAssets−1, an empty side of a
 *   relative view, a pick row of the wrong length, or a view whose row is all zeros (e.g. the same
 *   asset long and short); NonFiniteValueError for a NaN return or pick weight.
 * @example viewMatrices([{ asset: 0, return: 0.1 }, { long: [1], short: [2], return: 0.02 }], 3)
 */
export function viewMatrices(views: readonly InvestorView[], nAssets: number): ViewMatrices {
  const k = views.length;
  const pick = new Float64Array(k * nAssets);
  const returns = new Float64Array(k);
  views.forEach((view, v) => {
    if (!Number.isFinite(view.return)) {
      throw new NonFiniteValueError(`view ${v} has return ${view.return}`, { view: v, value: view.return });
    }
    returns[v] = view.return;
    const row = pick.subarray(v * nAssets, (v + 1) * nAssets);
    if ("asset" in view) {
      checkAsset(view.asset, nAssets, v, "");
      row[view.asset] = 1;
    } else if ("long" in view) {
      if (view.long.length === 0 || view.short.length === 0) {
        throw new InvalidInputError(`relative view ${v} needs at least one long and one short asset`, { view: v });
      }
      basket(row, view.long, 1, nAssets, v, "long ");
      basket(row, view.short, -1, nAssets, v, "short ");
    } else if ("pick" in view) {
      if (view.pick.length !== nAssets) {
        throw new InvalidInputError(`view ${v} has ${view.pick.length} pick weights for ${nAssets} assets`, {
          view: v,
          length: view.pick.length,
          nAssets,
        });
      }
      for (let j = 0; j < nAssets; j++) {
        const w = view.pick[j];
        if (!Number.isFinite(w)) throw new NonFiniteValueError(`view ${v}: pick weight of asset ${j} is ${w}`, { view: v, asset: j });
        row[j] = w;
      }
    } else {
      throw new InvalidInputError(`view ${v} is neither absolute ({asset}), relative ({long, short}) nor a pick row`, { view: v });
    }
    if (row.every((w) => w === 0)) {
      throw new InvalidInputError(`view ${v} puts no weight on any asset (its row of P is zero)`, { view: v });
    }
  });
  return { pick: { rows: k, cols: nAssets, data: pick }, returns };
}
