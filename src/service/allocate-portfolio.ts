/**
 * Use case: from target weights (optimized by any model, or given) to what to hold and trade at the
 * latest prices. A new account (`value`) gets whole shares by the exact MILP or greedy rounding; an
 * existing one (`holdings`, `cash`) gets the rebalance planner's cheapest trade list. The maths is
 * `src/core/allocation`; here tickers are checked and the answer is keyed by ticker.
 */
import {
  greedyAllocation,
  milpAllocation,
  rebalancePlan,
  type DiscreteAllocation,
  type RebalancePlan,
} from "../core/allocation/index.js";
import { CoreError } from "../core/errors.js";
import { sliceDates, type PricePanel } from "../core/returns/index.js";
import { InvalidRequestError, UnknownAssetError } from "./errors.js";
import { vectorByTicker, type ModelRequest } from "./model-request.js";
import { optimizePortfolio, type OptimizationResult, type OptimizeRequest } from "./optimize-portfolio.js";

/** How to turn target weights into shares or trades: a request's allocation part. */
export interface AllocationSettings {
  /** Target weights by ticker to allocate as they are (absent tickers: 0), instead of optimizing. */
  readonly weights?: Readonly<Record<string, number>>;
  /** Money for a new account (whole-share allocation). */
  readonly value?: number;
  /** Shares held now by ticker: with `cash`, the account the rebalance planner starts from. */
  readonly holdings?: Readonly<Record<string, number>>;
  /** Cash held now, new money included (default 0). */
  readonly cash?: number;
  /** Fees per trade (planner): `fixed` money per trade, `proportionalBps` of the traded value. */
  readonly fees?: { readonly fixed?: number; readonly proportionalBps?: number };
  /** Shares per lot by ticker (default 1 share; tickers not selected are ignored). */
  readonly lotSizes?: Readonly<Record<string, number>>;
  /** Any fraction of a share may be held. */
  readonly fractional?: boolean;
  /** Planner: the smallest value a trade may have. */
  readonly minimumTradeValue?: number;
  /** Planner: allowed |weight − target| per asset after the trades (default 0.01). */
  readonly tolerance?: number;
  /** Planner: invest the cash without selling anything. */
  readonly buyOnly?: boolean;
  /** Whole-share allocation method (default "milp"). */
  readonly method?: "greedy" | "milp";
  /** Short book as a fraction of `value` (default Σ|negative weights|), and whether its proceeds are reinvested. */
  readonly shortRatio?: number;
  readonly reinvest?: boolean;
}

export interface AllocateRequest extends Omit<OptimizeRequest, "model">, AllocationSettings {
  /** The model whose weights to allocate; give it or `weights`. */
  readonly model?: ModelRequest;
}

export interface AllocationTrade {
  readonly ticker: string;
  readonly side: "buy" | "sell";
  readonly shares: number;
  readonly value: number;
  readonly fee: number;
}

export interface AllocationResult {
  /** "allocation": whole shares for a new account; "rebalance": the planner's trades from the holdings. */
  readonly mode: "allocation" | "rebalance";
  readonly method: "greedy" | "milp" | "planner";
  readonly tickers: readonly string[];
  /** The latest price of each ticker on or before the last date (forward-filled over gaps), and that date. */
  readonly prices: Readonly<Record<string, number>>;
  readonly priceDate: string;
  /** Shares held afterwards, non-zero only (negative = short). */
  readonly shares: Readonly<Record<string, number>>;
  /** Cash left after the trades (and their fees). */
  readonly leftover: number;
  readonly trades: readonly AllocationTrade[];
  /**
   * Weights achieved: of the invested value for an allocation (PyPortfolioOpt's convention), of the
   * whole account (holdings and cash) for a rebalance.
   */
  readonly weights: Readonly<Record<string, number>>;
  readonly targetWeights: Readonly<Record<string, number>>;
  readonly totalFees: number;
  /** maxᵢ |weightᵢ − targetᵢ|. */
  readonly maxDeviation: number;
  /** Rebalance: whether every weight is within the tolerance; null for an allocation. */
  readonly withinTolerance: boolean | null;
  /** The optimization behind the targets; null when the weights were given. */
  readonly optimization: OptimizationResult | null;
}

const PLANNER_ONLY = ["fees", "minimumTradeValue", "tolerance", "buyOnly"] as const;

/** The last price of each column up to the panel's last date (NaN when a column never has one). */
function latestPrices(panel: PricePanel): Float64Array {
  const { rows, cols, data } = panel.prices;
  const out = new Float64Array(cols).fill(Number.NaN);
  for (let j = 0; j < cols; j++) {
    for (let t = rows - 1; t >= 0; t--) {
      const p = data[t * cols + j];
      if (!Number.isNaN(p)) {
        out[j] = p;
        break;
      }
    }
  }
  return out;
}

/** Core allocation errors name assets by position; say the ticker. */
async function namingTickers<T>(tickers: readonly string[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CoreError) error.message = error.message.replace(/\basset (\d+)\b/g, (all, i: string) => tickers[Number(i)] ?? all);
    throw error;
  }
}

async function targetsOf(request: AllocateRequest): Promise<{ universe: readonly string[]; targets: Record<string, number>; optimization: OptimizationResult | null }> {
  if ((request.model === undefined) === (request.weights === undefined)) {
    throw new InvalidRequestError("an allocation needs either a model to optimize or the target weights, and not both");
  }
  if (request.model !== undefined) {
    const optimization = await optimizePortfolio({ ...request, model: request.model });
    return { universe: optimization.tickers, targets: { ...optimization.weights }, optimization };
  }
  const known = request.prices.tickers;
  const universe = request.tickers ?? known;
  const unknown = universe.find((t) => !known.includes(t));
  if (unknown !== undefined) throw new UnknownAssetError(unknown, known);
  const vector = vectorByTicker(request.weights as Record<string, number>, universe, known, "the target weights");
  return { universe, targets: Object.fromEntries(universe.map((t, i) => [t, vector[i]])), optimization: null };
}

function checkMode(request: AllocateRequest): "allocation" | "rebalance" {
  const account = request.holdings !== undefined || request.cash !== undefined;
  if (account && request.value !== undefined) {
    throw new InvalidRequestError("give a value (a new account) or holdings and cash (an existing one), not both");
  }
  if (account) return "rebalance";
  if (request.value === undefined) throw new InvalidRequestError("an allocation needs the value to invest, or the holdings and cash of an account");
  // Fees, minimum trades, a tolerance band and buy-only are the planner's: from an empty book with `value` in cash.
  return PLANNER_ONLY.some((key) => request[key] !== undefined) ? "rebalance" : "allocation";
}

/**
 * Whole shares or a rebalance plan for the target weights of `request` (see `AllocateRequest`).
 * Throws INSUFFICIENT_FUNDS when the value cannot buy one share of any targeted ticker, UNKNOWN_ASSET
 * for holdings, lots or weights of tickers the prices lack, and the optimizer's errors.
 */
export async function allocatePortfolio(request: AllocateRequest): Promise<AllocationResult> {
  const mode = checkMode(request);
  const { universe, targets, optimization } = await targetsOf(request);
  const known = request.prices.tickers;
  const holdingsVector = request.holdings === undefined ? new Float64Array(universe.length) : vectorByTicker(request.holdings, universe, known, "the holdings");
  const lots = Object.fromEntries(Object.entries(request.lotSizes ?? {}).filter(([t]) => universe.includes(t)));
  const lotVector = vectorByTicker(lots, universe, known, "the lot sizes").map((lot, i) => (universe[i] in lots ? lot : 1));
  // Only tickers with a target or a holding take part: a ticker without prices in the window may be neither.
  const active = universe.filter((t, i) => targets[t] !== 0 || holdingsVector[i] !== 0);
  if (active.length === 0) throw new InvalidRequestError("every target weight is 0 and nothing is held: there is nothing to allocate");
  const window = request.end === undefined ? request.prices : sliceDates(request.prices, undefined, request.end);
  const selected = latestPrices(window);
  const priceOf = (t: string) => selected[known.indexOf(t)];
  const noPrice = active.find((t) => !(priceOf(t) > 0));
  if (noPrice !== undefined) throw new InvalidRequestError(`no price for ${noPrice} on or before ${window.dates[window.dates.length - 1]}`, { ticker: noPrice });
  const prices = active.map(priceOf);
  const at = (values: Float64Array) => active.map((t) => values[universe.indexOf(t)]);
  const weights = active.map((t) => targets[t]);
  const common = { lotSizes: at(lotVector), fractional: request.fractional === true };

  let shares: number[];
  let leftover: number;
  let achieved: ArrayLike<number>;
  let trades: AllocationTrade[];
  let totalFees = 0;
  let method: AllocationResult["method"];
  let withinTolerance: boolean | null = null;
  if (mode === "allocation") {
    const inputs = { ...common, weights, prices, totalValue: request.value as number, shortRatio: request.shortRatio, reinvest: request.reinvest };
    const allocation: DiscreteAllocation = await namingTickers(active, async () =>
      request.method === "greedy" ? greedyAllocation(inputs) : milpAllocation(inputs),
    );
    method = allocation.method;
    shares = Array.from(allocation.shares);
    leftover = allocation.leftover;
    achieved = allocation.weights;
    trades = active.flatMap((ticker, i) =>
      shares[i] === 0 ? [] : [{ ticker, side: shares[i] > 0 ? ("buy" as const) : ("sell" as const), shares: Math.abs(shares[i]), value: Math.abs(shares[i]) * prices[i], fee: 0 }],
    );
  } else {
    const plan: RebalancePlan = await namingTickers(active, () =>
      rebalancePlan({
        ...common,
        holdings: at(holdingsVector),
        cash: request.cash ?? request.value ?? 0,
        prices,
        targetWeights: weights,
        fees: request.fees,
        minimumTradeValue: request.minimumTradeValue,
        tolerance: request.tolerance,
        buyOnly: request.buyOnly,
      }),
    );
    method = "planner";
    shares = Array.from(plan.holdings);
    leftover = plan.cash;
    achieved = plan.weights;
    totalFees = plan.totalFees;
    withinTolerance = plan.withinTolerance;
    trades = plan.trades.map((t) => ({ ticker: active[t.asset], side: t.side, shares: t.shares, value: t.value, fee: t.fee }));
  }
  const achievedByTicker = Object.fromEntries(universe.map((t) => [t, 0]));
  active.forEach((t, i) => (achievedByTicker[t] = achieved[i]));
  let maxDeviation = 0;
  for (const t of universe) maxDeviation = Math.max(maxDeviation, Math.abs(achievedByTicker[t] - targets[t]));
  return {
    mode,
    method,
    tickers: universe,
    prices: Object.fromEntries(active.map((t, i) => [t, prices[i]])),
    priceDate: window.dates[window.dates.length - 1],
    shares: Object.fromEntries(active.flatMap((t, i) => (shares[i] === 0 ? [] : [[t, shares[i]]]))),
    leftover,
    trades,
    weights: achievedByTicker,
    targetWeights: targets,
    totalFees,
    maxDeviation,
    withinTolerance,
    optimization,
  };
}
