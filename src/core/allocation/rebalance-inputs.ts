/**
 * What the rebalance planner is given, and its checks. Long-only: holdings, target weights and cash
 * are ≥ 0; the part of the account the targets leave (1 − Σ targets) is meant to stay in cash.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../errors.js";
import { checkMoney, checkPrices, shareIncrements, type ShareIncrements } from "./share-lots.js";

export interface TradingFees {
  /** Money charged per trade, whatever its size (default 0). */
  readonly fixed?: number;
  /** Charge proportional to the traded value, in basis points (default 0; 10 = 0.1%). */
  readonly proportionalBps?: number;
}

export interface RebalanceInputs {
  /** Shares held now, one per asset, ≥ 0. */
  readonly holdings: ArrayLike<number>;
  /** Cash held now (new money to invest included), ≥ 0. */
  readonly cash: number;
  /** Latest price per share, > 0. */
  readonly prices: ArrayLike<number>;
  /** Target weights of the whole account (holdings + cash), ≥ 0, summing to ≤ 1; the rest is cash. */
  readonly targetWeights: ArrayLike<number>;
  /** Fees per trade; they are paid from cash. */
  readonly fees?: TradingFees;
  /** Shares per lot (one for all or per asset; default 1): buys and sells are whole lots. */
  readonly lotSizes?: number | ArrayLike<number>;
  /** Assets that trade in any fractional amount (all or per asset; default none). */
  readonly fractional?: boolean | ArrayLike<boolean>;
  /** Smallest value a trade may have (default 0): each asset is either not traded or traded for at least this. */
  readonly minimumTradeValue?: number;
  /** Allowed |weight − target| per asset after the trades (absolute, default 0.01). */
  readonly tolerance?: number;
  /** Only buy, with the cash available: never sell (default false). */
  readonly buyOnly?: boolean;
  /** Wall-clock limit per solve in seconds (default none). */
  readonly timeLimit?: number;
}

export interface CheckedRebalance extends ShareIncrements {
  readonly n: number;
  readonly holdings: Float64Array;
  readonly cash: number;
  readonly prices: Float64Array;
  readonly targets: Float64Array;
  readonly fixedFee: number;
  readonly proportionalFee: number;
  readonly minimumTradeValue: number;
  readonly tolerance: number;
  readonly buyOnly: boolean;
  /** Σ holdings·price + cash before any trade. */
  readonly accountValue: number;
}

/** Default band: one percentage point of the account per asset. */
export const DEFAULT_REBALANCE_TOLERANCE = 0.01;

function nonNegative(values: ArrayLike<number>, n: number, what: string): Float64Array {
  if (values.length !== n) throw new ShapeMismatchError(`${values.length} ${what} for ${n} assets`, { [what]: values.length, assets: n });
  const out = Float64Array.from(values);
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new NonFiniteValueError(`${what} of asset ${i} is ${v}`, { asset: i, value: v });
    if (v < 0) {
      throw new InvalidInputError(`${what} of asset ${i} is negative (${v}); the planner is long-only`, { asset: i, value: v });
    }
  });
  return out;
}

/**
 * @throws InvalidInputError naming the asset for negative holdings or targets, targets summing past 1,
 *   a negative fee, tolerance or minimum trade, or an empty account; NonFiniteValueError for NaN;
 *   ShapeMismatchError for arrays of different lengths.
 */
export function checkRebalanceInputs(inputs: RebalanceInputs): CheckedRebalance {
  const n = inputs.targetWeights.length;
  const targets = nonNegative(inputs.targetWeights, n, "target weight");
  const holdings = nonNegative(inputs.holdings, n, "holdings");
  const prices = checkPrices(inputs.prices, n);
  const cash = checkMoney(inputs.cash, "cash", true);
  const fixedFee = checkMoney(inputs.fees?.fixed ?? 0, "fixed fee", true);
  const proportionalFee = checkMoney(inputs.fees?.proportionalBps ?? 0, "proportional fee", true) / 10_000;
  if (proportionalFee >= 1) throw new InvalidInputError(`a proportional fee of ${proportionalFee * 1e4} bps takes the whole trade`, {});
  const minimumTradeValue = checkMoney(inputs.minimumTradeValue ?? 0, "minimum trade value", true);
  const tolerance = checkMoney(inputs.tolerance ?? DEFAULT_REBALANCE_TOLERANCE, "tolerance", true);
  let targetSum = 0;
  for (const t of targets) targetSum += t;
  if (targetSum > 1 + 1e-9) {
    throw new InvalidInputError(`target weights sum to ${targetSum}; a long-only account cannot hold more than 1`, { sum: targetSum });
  }
  let accountValue = cash;
  for (let i = 0; i < n; i++) accountValue += holdings[i] * prices[i];
  if (!(accountValue > 0)) throw new InvalidInputError("the account holds neither cash nor shares: there is nothing to rebalance", {});
  return {
    n,
    ...shareIncrements(n, inputs.lotSizes, inputs.fractional),
    holdings,
    cash,
    prices,
    targets,
    fixedFee,
    proportionalFee,
    minimumTradeValue,
    tolerance,
    buyOnly: inputs.buyOnly === true,
    accountValue,
  };
}
