/**
 * How finely each asset can be held: whole lots of `lotSize` shares (1 by default; 100 for a round-lot
 * market; 0.001 for a broker that sells shares in thousandths), or any fraction at all.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../errors.js";

export interface ShareIncrements {
  /** Shares per lot, > 0, one per asset. */
  readonly lotSizes: Float64Array;
  /** 1 where the asset may be held in any fractional amount (its lot size is then ignored). */
  readonly fractional: Uint8Array;
}

/**
 * Expands `lotSizes` (one number for all assets, or one per asset; default 1) and `fractional`
 * (a boolean for all, or one per asset; default false) to per-asset arrays.
 *
 * @throws ShapeMismatchError for per-asset arrays of the wrong length; InvalidInputError naming the
 *   asset for a lot size ≤ 0; NonFiniteValueError for NaN.
 */
export function shareIncrements(
  nAssets: number,
  lotSizes: number | ArrayLike<number> = 1,
  fractional: boolean | ArrayLike<boolean> = false,
): ShareIncrements {
  const lots = typeof lotSizes === "number" ? new Float64Array(nAssets).fill(lotSizes) : Float64Array.from(lotSizes);
  if (lots.length !== nAssets) {
    throw new ShapeMismatchError(`${lots.length} lot sizes for ${nAssets} assets`, { lotSizes: lots.length, assets: nAssets });
  }
  lots.forEach((lot, i) => {
    if (Number.isNaN(lot)) throw new NonFiniteValueError(`lot size of asset ${i} is NaN`, { asset: i });
    if (!(lot > 0 && Number.isFinite(lot))) {
      throw new InvalidInputError(`lot size of asset ${i} is ${lot}; it must be a positive number of shares`, { asset: i, value: lot });
    }
  });
  const flags =
    typeof fractional === "boolean" ? new Uint8Array(nAssets).fill(fractional ? 1 : 0) : Uint8Array.from(fractional, (f) => (f ? 1 : 0));
  if (flags.length !== nAssets) {
    throw new ShapeMismatchError(`${flags.length} fractional flags for ${nAssets} assets`, { fractional: flags.length, assets: nAssets });
  }
  return { lotSizes: lots, fractional: flags };
}

/** Checks latest prices: finite and positive, one per asset. */
export function checkPrices(prices: ArrayLike<number>, nAssets: number): Float64Array {
  if (prices.length !== nAssets) throw new ShapeMismatchError(`${prices.length} prices for ${nAssets} assets`, { prices: prices.length, assets: nAssets });
  const out = Float64Array.from(prices);
  out.forEach((p, i) => {
    if (!Number.isFinite(p)) throw new NonFiniteValueError(`price of asset ${i} is ${p}`, { asset: i, value: p });
    if (!(p > 0)) throw new InvalidInputError(`price of asset ${i} is ${p}; prices must be positive`, { asset: i, value: p });
  });
  return out;
}

/** Checks a money amount: finite, and positive (or ≥ 0 when `allowZero`). */
export function checkMoney(value: number, what: string, allowZero: boolean): number {
  if (!Number.isFinite(value)) throw new NonFiniteValueError(`${what} is ${value}`, { [what]: value });
  if (allowZero ? value < 0 : !(value > 0)) {
    throw new InvalidInputError(`${what} is ${value}; it must be ${allowZero ? "≥ 0" : "positive"}`, { [what]: value });
  }
  return value;
}
