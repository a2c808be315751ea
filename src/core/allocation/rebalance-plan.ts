/**
 * The rebalance planner: from what an account holds today, the cheapest list of trades that brings
 * every asset's weight within a band around its target, and among the cheapest lists the one closest
 * to the targets. Solved exactly as a MILP (see `rebalance-program.ts`) in two lexicographic passes:
 * minimise the fees, then, with the fees held at that minimum, the total gap Σ|vᵢ − tᵢ·W|.
 *
 * When no plan reaches the band (buy-only with an asset already above its band, lots too coarse, or
 * too little cash for the fees) the planner does not throw: a first pass finds the smallest widening
 * of the band that makes a plan possible, the two passes run within that widened band, and the plan
 * comes back with `withinTolerance: false` and its `maxDeviation`. Callers that need the band to hold
 * check that flag.
 */
import { ConvergenceError, InfeasibleProblemError } from "../errors.js";
import { loadLinearSolver, type LinearProgramSolution, type LinearSolver } from "../optimizers/lp/index.js";
import { checkRebalanceInputs, type CheckedRebalance, type RebalanceInputs } from "./rebalance-inputs.js";
import { rebalanceModel, type RebalanceCaps, type RebalanceModel, type RebalanceObjective } from "./rebalance-program.js";

export interface RebalanceTrade {
  readonly asset: number;
  readonly side: "buy" | "sell";
  /** Shares traded, > 0 (a multiple of the lot size unless the asset is fractional). */
  readonly shares: number;
  /** shares × price. */
  readonly value: number;
  /** fixed fee + proportional fee × value. */
  readonly fee: number;
}

export interface RebalancePlan {
  /** One trade per asset traded, in asset order. */
  readonly trades: readonly RebalanceTrade[];
  /** Shares held after the trades. */
  readonly holdings: Float64Array;
  /** Cash after the trades and their fees, ≥ 0. */
  readonly cash: number;
  /** Weights after the trades: valueᵢ / (Σ values + cash). */
  readonly weights: Float64Array;
  readonly totalFees: number;
  /** maxᵢ |weightᵢ − targetᵢ| after the trades. */
  readonly maxDeviation: number;
  /** Whether every weight is within `tolerance` of its target; false when the closest plan had to do. */
  readonly withinTolerance: boolean;
  /** "timeLimit" when a solve stopped at `timeLimit` with its best plan. */
  readonly status: "optimal" | "timeLimit";
}

/**
 * A cap carried from one pass to the next (an amount of money), with slack for the solver's
 * feasibility tolerances: those act on rows holding amounts of the account's size, so a slack relative
 * to the capped value alone can leave the next pass infeasible. `share` of the account: 1e-6 for the
 * band widening (a tenth of a cent on $1000), 1e-8 for the fees (below any fee that tells two plans
 * apart).
 */
function capAbove(value: number, accountValue: number, share: number): number {
  return value + 1e-7 * Math.abs(value) + share * accountValue;
}

type Pass = ReturnType<typeof solvePass>;

function solvePass(solver: LinearSolver, c: CheckedRebalance, objective: RebalanceObjective, caps: RebalanceCaps, timeLimit?: number) {
  const model = rebalanceModel(c, objective, caps);
  const solution = solver.solve(model.program, timeLimit === undefined ? {} : { timeLimit });
  return { model, solution };
}

/**
 * A later pass adds a cap met by the earlier pass's answer, so it cannot be infeasible in exact
 * arithmetic; should HiGHS's presolve still say so (tolerances at the edge of the cap), the earlier
 * answer, feasible and optimal for the earlier objective, is kept.
 */
function refinePass(earlier: Pass, solve: () => Pass): Pass {
  try {
    return solve();
  } catch (error) {
    if (error instanceof InfeasibleProblemError) return earlier;
    throw error;
  }
}

/** Turns the last pass's solution into trades, recomputing every amount from the rounded lots. */
function planFromSolution(c: CheckedRebalance, model: RebalanceModel, solution: LinearProgramSolution, status: RebalancePlan["status"]): RebalancePlan {
  const { n, prices, lotSizes, fractional, holdings: before, targets } = c;
  const holdings = Float64Array.from(before);
  const trades: RebalanceTrade[] = [];
  let cash = c.cash;
  let totalFees = 0;
  for (let i = 0; i < n; i++) {
    const isFractional = fractional[i] === 1;
    const amount = (j: number): number => (isFractional ? Math.max(0, solution.x[j]) : Math.max(0, Math.round(solution.x[j])));
    const netLots = amount(model.buy[i]) - amount(model.sell[i]);
    if (netLots === 0) continue;
    const shares = Math.abs(netLots) * (isFractional ? 1 : lotSizes[i]);
    const side = netLots > 0 ? "buy" : "sell";
    const sold = side === "sell" ? Math.min(shares, before[i]) : shares;
    const value = sold * prices[i];
    const fee = c.fixedFee + c.proportionalFee * value;
    holdings[i] = side === "buy" ? before[i] + sold : before[i] - sold;
    cash += side === "buy" ? -value - fee : value - fee;
    totalFees += fee;
    trades.push({ asset: i, side, shares: sold, value, fee });
  }
  // The program keeps cash ≥ 0; recomputed from whole lots it can differ by rounding of the account's size.
  if (cash < 0) {
    if (cash < -1e-9 * c.accountValue) {
      throw new ConvergenceError(`the plan overspends by ${-cash} after rounding the solver's lots`, { cash });
    }
    cash = 0;
  }
  let total = cash;
  for (let i = 0; i < n; i++) total += holdings[i] * prices[i];
  const weights = Float64Array.from(holdings, (h, i) => (total > 0 ? (h * prices[i]) / total : 0));
  let maxDeviation = 0;
  for (let i = 0; i < n; i++) maxDeviation = Math.max(maxDeviation, Math.abs(weights[i] - targets[i]));
  return {
    trades,
    holdings,
    cash,
    weights,
    totalFees,
    maxDeviation,
    // Weights are recomputed from rounded lots; 1e-9 absorbs the solver's feasibility tolerance.
    withinTolerance: maxDeviation <= c.tolerance + 1e-9,
    status,
  };
}

/**
 * The cheapest trades that bring each weight within `tolerance` of its target, then the closest to
 * the targets among them.
 *
 * @param inputs - `holdings` (shares), `cash`, `prices`, `targetWeights` (of the whole account, Σ ≤ 1),
 *   optional `fees` { fixed, proportionalBps }, `lotSizes`, `fractional`, `minimumTradeValue`,
 *   `tolerance` (absolute weight band, default 0.01), `buyOnly`, `timeLimit`.
 * @returns `{ trades, holdings, cash, weights, totalFees, maxDeviation, withinTolerance, status }`;
 *   in buy-only mode no trade is a sale, and the cash after trades and fees is never negative.
 * @throws InvalidInputError naming the asset for negative holdings or targets (the planner is
 *   long-only), NonFiniteValueError for NaN prices or holdings, ShapeMismatchError.
 * @example
 * const plan = await rebalancePlan({ holdings: [10, 0], cash: 500, prices: [100, 50],
 *   targetWeights: [0.5, 0.5], fees: { fixed: 1 }, tolerance: 0.02 });
 * plan.trades // [{ asset: 0, side: "sell", … }, { asset: 1, side: "buy", … }]
 */
export async function rebalancePlan(inputs: RebalanceInputs): Promise<RebalancePlan> {
  const c = checkRebalanceInputs(inputs);
  const solver = await loadLinearSolver();
  const timeLimit = inputs.timeLimit;
  let excessCap = 0;
  let feesPass: Pass;
  const passes: Pass[] = [];
  try {
    feesPass = solvePass(solver, c, "fees", { excess: 0, fees: Infinity }, timeLimit);
  } catch (error) {
    if (!(error instanceof InfeasibleProblemError)) throw error;
    const closest = solvePass(solver, c, "excess", { excess: Infinity, fees: Infinity }, timeLimit);
    passes.push(closest);
    excessCap = capAbove(closest.solution.x[closest.model.excess], c.accountValue, 1e-6);
    feesPass = refinePass(closest, () => solvePass(solver, c, "fees", { excess: excessCap, fees: Infinity }, timeLimit));
  }
  passes.push(feesPass);
  const feeCap = capAbove(feesPass.solution.x[feesPass.model.fee], c.accountValue, 1e-8);
  const closestPass = refinePass(feesPass, () => solvePass(solver, c, "deviation", { excess: excessCap, fees: feeCap }, timeLimit));
  passes.push(closestPass);
  const statusOk = passes.every((p) => p.solution.status === "optimal");
  return planFromSolution(c, closestPass.model, closestPass.solution, statusOk ? "optimal" : "timeLimit");
}
