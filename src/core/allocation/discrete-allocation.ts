/**
 * The inputs and the result shared by the whole-share allocators (greedy and MILP), the input checks,
 * and the measures of how far an allocation is from its target: PyPortfolioOpt's RMSE of value
 * weights, and its integer-programming objective Σ|wᵢ·B − xᵢ·pᵢ| + leftover summed over the books.
 */
import { InsufficientFundsError } from "../errors.js";
import { allocationBooks, checkTargetWeights, type AllocationBook } from "./allocation-books.js";
import { checkMoney, checkPrices, shareIncrements, type ShareIncrements } from "./share-lots.js";

export interface DiscreteAllocationInputs {
  /** Target weights, one per asset; negative = short. At least one must be positive. */
  readonly weights: ArrayLike<number>;
  /** Latest price per share, > 0, same order. */
  readonly prices: ArrayLike<number>;
  /** Money to invest, > 0. */
  readonly totalValue: number;
  /** Short book value as a fraction of `totalValue` (0.3 for 130/30); default Σ|negative weights|. */
  readonly shortRatio?: number;
  /** Invest the short proceeds in the long book (default false). */
  readonly reinvest?: boolean;
  /** Shares per lot: one for all or one per asset (default 1); 0.01 allows hundredths of a share. */
  readonly lotSizes?: number | ArrayLike<number>;
  /** Any fractional amount allowed: for all assets or per asset (default false). */
  readonly fractional?: boolean | ArrayLike<boolean>;
}

export interface DiscreteAllocation {
  readonly method: "greedy" | "milp";
  /** Shares per asset (multiples of the lot size); negative = sold short; 0 = none. */
  readonly shares: Float64Array;
  /** Cash left uninvested, summed over the books; ≥ 0. */
  readonly leftover: number;
  /** Money the books distribute: Σ|shares|·price + leftover equals it. */
  readonly budget: number;
  /** Achieved weights `sharesᵢ·priceᵢ / Σⱼ sharesⱼ·priceⱼ` (signed; all 0 when nothing is held). */
  readonly weights: Float64Array;
  /** √(mean over assets of (target − achieved weight)²), PyPortfolioOpt's allocation error. */
  readonly rmse: number;
  /** Σ over books of (Σᵢ |wᵢ·B − sharesᵢ·pᵢ| + book leftover): what the MILP minimises. */
  readonly objective: number;
  /** MILP only: "optimal", or "timeLimit" when the solver stopped early with its best allocation. */
  readonly status?: "optimal" | "timeLimit";
}

export interface CheckedAllocation extends ShareIncrements {
  readonly weights: Float64Array;
  readonly prices: Float64Array;
  readonly totalValue: number;
  readonly books: readonly AllocationBook[];
}

/** Shares bought by one book: `shares[k]` for `book.assets[k]`, ≥ 0. */
export interface BookFill {
  readonly shares: Float64Array;
  readonly leftover: number;
}

/**
 * Validates the inputs and splits the books.
 * @throws InsufficientFundsError when `totalValue` is below the price of one lot of the cheapest asset
 *   with a non-zero target (and no such asset is fractional); InvalidInputError, NonFiniteValueError,
 *   ShapeMismatchError naming the bad asset otherwise.
 */
export function checkAllocationInputs(inputs: DiscreteAllocationInputs): CheckedAllocation {
  const n = inputs.weights.length;
  const weights = checkTargetWeights(inputs.weights, n);
  const prices = checkPrices(inputs.prices, n);
  const totalValue = checkMoney(inputs.totalValue, "totalValue", false);
  const increments = shareIncrements(n, inputs.lotSizes, inputs.fractional);
  let cheapest = -1;
  for (let i = 0; i < n; i++) {
    if (weights[i] === 0) continue;
    if (increments.fractional[i] === 1) {
      cheapest = -1;
      break;
    }
    if (cheapest < 0 || prices[i] * increments.lotSizes[i] < prices[cheapest] * increments.lotSizes[cheapest]) cheapest = i;
  }
  if (cheapest >= 0 && totalValue < prices[cheapest] * increments.lotSizes[cheapest]) {
    const lot = increments.lotSizes[cheapest];
    const price = prices[cheapest];
    throw new InsufficientFundsError(
      `a value of ${totalValue} cannot buy one ${lot === 1 ? "share" : `lot of ${lot} shares`} of any targeted asset: ` +
        `the cheapest is asset ${cheapest} at ${price * lot}`,
      { asset: cheapest, price, lotSize: lot, value: totalValue },
    );
  }
  const books = allocationBooks(weights, totalValue, { shortRatio: inputs.shortRatio, reinvest: inputs.reinvest });
  return { ...increments, weights, prices, totalValue, books };
}

/** The book's term of the objective: Σ|wₖ·B − sharesₖ·pₖ| + leftover. */
export function bookObjective(book: AllocationBook, fill: BookFill, prices: Float64Array): number {
  let gap = 0;
  book.assets.forEach((asset, k) => {
    gap += Math.abs(book.weights[k] * book.budget - fill.shares[k] * prices[asset]);
  });
  return gap + fill.leftover;
}

/** Puts the books' fills together into the reported allocation. */
export function assembleAllocation(
  method: DiscreteAllocation["method"],
  checked: CheckedAllocation,
  fills: readonly BookFill[],
  status?: DiscreteAllocation["status"],
): DiscreteAllocation {
  const { weights: target, prices, books } = checked;
  const n = target.length;
  const shares = new Float64Array(n);
  let leftover = 0;
  let budget = 0;
  let objective = 0;
  books.forEach((book, b) => {
    const fill = fills[b];
    book.assets.forEach((asset, k) => {
      shares[asset] = book.side * fill.shares[k];
    });
    leftover += fill.leftover;
    budget += book.budget;
    objective += bookObjective(book, fill, prices);
  });
  let net = 0;
  for (let i = 0; i < n; i++) net += shares[i] * prices[i];
  // PyPortfolioOpt divides by the net value Σ sharesᵢ·pᵢ (long minus short); with nothing held (or an
  // exactly market-neutral book) the ratio is undefined and the achieved weights are reported as 0.
  const achieved = new Float64Array(n);
  if (net !== 0) for (let i = 0; i < n; i++) achieved[i] = (shares[i] * prices[i]) / net;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (target[i] - achieved[i]) ** 2;
  return {
    method,
    shares,
    leftover,
    budget,
    weights: achieved,
    rmse: Math.sqrt(sse / n),
    objective,
    ...(status === undefined ? {} : { status }),
  };
}
