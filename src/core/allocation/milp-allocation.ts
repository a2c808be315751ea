/**
 * Whole shares by mixed-integer linear programming: PyPortfolioOpt's `lp_portfolio` (v1.5.6) objective
 * solved exactly by HiGHS, extended to lots and fractional shares. For each book (see
 * `allocation-books.ts`) with value B, weights wₖ and lot prices cₖ = pₖ·lotₖ, PyPortfolioOpt solves
 *
 *     minimise Σₖ |wₖ·B − cₖ·xₖ| + r,   r = B − Σₖ cₖ·xₖ ≥ 0,   xₖ ∈ ℕ lots.
 *
 * Each term plus its share of r is a convex piecewise-linear function of xₖ: it falls by 2cₖ per lot
 * up to the last whole lot under the target (nₖ = ⌊wₖB/cₖ⌋), by 2ρₖ for the lot that crosses the
 * target (ρₖ = wₖB − nₖcₖ < cₖ), then stays flat (an extra lot adds cₖ to |·| and takes cₖ from r).
 * So we solve the same problem as a knapsack with no absolute values:
 *
 *     minimise B + Σₖ (wₖB − 2cₖ·yₖ − 2ρₖ·zₖ)   s.t.  Σₖ cₖ·(yₖ + zₖ) ≤ B,
 *     yₖ ∈ {0…nₖ} integer,  zₖ ∈ {0, 1},  xₖ = yₖ + zₖ.
 *
 * Because the slopes rise (2cₖ > 2ρₖ > 0), a zₖ = 1 with yₖ < nₖ is never better than moving that lot
 * into yₖ, so both problems have the same optimal value; lots past the target are left out (they
 * cannot lower the objective). This form is far easier for branch and bound than the one with
 * |·| split into uₖ ≥ ±(wₖB − cₖxₖ) (≈ 30× faster at 20 assets). Fractional assets are a continuous
 * yₖ ∈ [0, wₖB/pₖ]. The greedy allocation also never passes a target by more than one lot, so it is a
 * feasible point here and the MILP is never worse than greedy.
 */
import { LinearProgramBuilder, loadLinearSolver, type LinearSolver } from "../optimizers/lp/index.js";
import type { AllocationBook } from "./allocation-books.js";
import { assembleAllocation, checkAllocationInputs, type BookFill, type CheckedAllocation, type DiscreteAllocation, type DiscreteAllocationInputs } from "./discrete-allocation.js";

export interface MilpAllocationOptions {
  /** Wall-clock limit per book in seconds (default none); at the limit the best allocation found is returned with status "timeLimit". */
  readonly timeLimit?: number;
}

function bookProgram(book: AllocationBook, checked: CheckedAllocation, spendLimit: number) {
  const lp = new LinearProgramBuilder();
  const B = book.budget;
  const m = book.assets.length;
  const unit = new Float64Array(m);
  const full: number[] = [];
  const topUp: number[] = [];
  const spendIndices: number[] = [];
  const spendValues: number[] = [];
  let offset = B;
  for (let k = 0; k < m; k++) {
    const asset = book.assets[k];
    const fractional = checked.fractional[asset] === 1;
    unit[k] = checked.prices[asset] * (fractional ? 1 : checked.lotSizes[asset]);
    const target = book.weights[k] * B;
    offset += target;
    const affordable = B / unit[k];
    if (fractional) {
      full.push(lp.addVariable({ cost: -2 * unit[k], lower: 0, upper: Math.min(target / unit[k], affordable) }));
      topUp.push(-1);
      spendIndices.push(full[k]);
      spendValues.push(unit[k]);
      continue;
    }
    const whole = Math.min(Math.floor(target / unit[k]), Math.floor(affordable));
    const remainder = target - whole * unit[k];
    full.push(lp.addVariable({ cost: -2 * unit[k], lower: 0, upper: whole, integer: true }));
    spendIndices.push(full[k]);
    spendValues.push(unit[k]);
    if (remainder > 0 && whole + 1 <= affordable) {
      topUp.push(lp.addVariable({ cost: -2 * remainder, lower: 0, upper: 1, integer: true }));
      spendIndices.push(topUp[k]);
      spendValues.push(unit[k]);
    } else {
      topUp.push(-1);
    }
  }
  lp.addRow(spendIndices, spendValues, -Infinity, spendLimit); // cash left ≥ 0
  return { program: lp.build("minimize", offset), unit, full, topUp };
}

/**
 * Rounds the solver's lots to integers and, should rounding push the spending a hair over the budget,
 * gives back lots (or fractions) of the most overweight asset until the cash left is ≥ 0.
 */
function fillFromSolution(book: AllocationBook, checked: CheckedAllocation, x: Float64Array, model: ReturnType<typeof bookProgram>): BookFill {
  const { unit, full, topUp } = model;
  const m = book.assets.length;
  const amount = new Float64Array(m); // lots, or shares for fractional assets
  for (let k = 0; k < m; k++) {
    const fractional = checked.fractional[book.assets[k]] === 1;
    const total = x[full[k]] + (topUp[k] >= 0 ? x[topUp[k]] : 0);
    amount[k] = fractional ? Math.max(0, total) : Math.max(0, Math.round(total));
  }
  const spent = () => amount.reduce((s, a, k) => s + a * unit[k], 0);
  let leftover = book.budget - spent();
  while (leftover < 0) {
    let worst = -1;
    let worstExcess = -Infinity;
    for (let k = 0; k < m; k++) {
      const excess = amount[k] * unit[k] - book.weights[k] * book.budget;
      if (amount[k] > 0 && excess > worstExcess) {
        worst = k;
        worstExcess = excess;
      }
    }
    const fractional = checked.fractional[book.assets[worst]] === 1;
    amount[worst] = fractional ? Math.max(0, amount[worst] + leftover / unit[worst]) : amount[worst] - 1;
    leftover = book.budget - spent();
  }
  const shares = Float64Array.from(amount, (a, k) => {
    const asset = book.assets[k];
    return checked.fractional[asset] === 1 ? a : a * checked.lotSizes[asset];
  });
  return { shares, leftover };
}

/** Times a book is re-solved with a lower spending limit after HiGHS's answer overspent by a hair. */
const MAX_RESOLVES = 3;

function solveBook(solver: LinearSolver, book: AllocationBook, checked: CheckedAllocation, options: MilpAllocationOptions) {
  const solveOptions = options.timeLimit === undefined ? {} : { timeLimit: options.timeLimit };
  let spendLimit = book.budget;
  for (let attempt = 0; ; attempt++) {
    const model = bookProgram(book, checked, spendLimit);
    const solution = solver.solve(model.program, solveOptions);
    let spent = 0;
    for (let k = 0; k < book.assets.length; k++) {
      const lots = solution.x[model.full[k]] + (model.topUp[k] >= 0 ? solution.x[model.topUp[k]] : 0);
      spent += (checked.fractional[book.assets[k]] === 1 ? lots : Math.round(lots)) * model.unit[k];
    }
    // HiGHS accepts a row violated by up to its feasibility tolerance (1e-9), so an answer may spend a
    // hair more than the budget. Such an answer is not ours to give: lower the limit by the overspend
    // plus a margin above that tolerance, growing tenfold per attempt, and solve again. Only allocations
    // spending within that margin of the budget are cut off; the repair in fillFromSolution (give back
    // a lot) stays the last resort.
    if (spent <= book.budget || attempt === MAX_RESOLVES || checked.fractional.some((f) => f === 1)) {
      return { fill: fillFromSolution(book, checked, solution.x, model), status: solution.status };
    }
    spendLimit = book.budget - (spent - book.budget) - 1e-8 * Math.max(1, book.budget) * 10 ** attempt;
  }
}

/**
 * Whole-share allocation that minimises PyPortfolioOpt's integer-programming objective
 * Σ|wᵢ·B − sharesᵢ·pᵢ| + leftover per book, solved to proven optimality (relative gap 1e-9) by HiGHS.
 *
 * @param inputs - as `greedyAllocation`: target `weights` (negative = short), latest `prices`,
 *   `totalValue`, optional `shortRatio`, `reinvest`, `lotSizes`, `fractional`.
 * @param options.timeLimit - seconds per book; default none.
 * @returns `{ method: "milp", shares, leftover, budget, weights, rmse, objective, status }`. Optimal
 *   allocations are not unique (an extra share of an asset already at its target costs nothing while
 *   cash is left), so compare objectives, not shares.
 * @throws InsufficientFundsError, InvalidInputError, NonFiniteValueError as `greedyAllocation`.
 * @example (await milpAllocation({ weights: [0.6, 0.4], prices: [120, 45], totalValue: 10000 })).shares
 */
export async function milpAllocation(inputs: DiscreteAllocationInputs, options: MilpAllocationOptions = {}): Promise<DiscreteAllocation> {
  const checked = checkAllocationInputs(inputs);
  const solver = await loadLinearSolver();
  const solved = checked.books.map((book) => solveBook(solver, book, checked, options));
  const status = solved.every((s) => s.status === "optimal") ? "optimal" : "timeLimit";
  return assembleAllocation(
    "milp",
    checked,
    solved.map((s) => s.fill),
    status,
  );
}
