/**
 * Efficient risk: the highest return for a volatility budget,
 *
 *     max μᵀw − γ‖w‖² − costs   s.t.   √(wᵀΣw) ≤ σ*,  the portfolio constraints,
 *
 * a quadratically constrained problem solved exactly through its Lagrangian path
 * `min ν·wᵀΣw + γ‖w‖² − μᵀw + costs` (see `multiplier-search.ts`): the portfolios on that path are
 * the efficient frontier (Markowitz 1956; Niedermayer & Niedermayer 2010 on the critical line), and
 * the one whose volatility equals σ* solves the problem. PyPortfolioOpt's `efficient_risk` states the
 * same problem and hands it to a conic solver.
 */
import { TargetOutOfRangeError, UnboundedProblemError } from "../../errors.js";
import type { QpSolution } from "../qp/index.js";
import { costVector } from "./model-program.js";
import { multiplierSearch } from "./multiplier-search.js";
import { portfolioVariance, weightsOf } from "./portfolio-arithmetic.js";
import { efficientReturnSpec, round, solveSpec, type ModelContext, type QuadraticModelSpec } from "./quadratic-models.js";
import type { ModelOutcome } from "./model-outcome.js";

/** min ν·wᵀΣw + γ‖w‖² − μᵀw + costs. */
function pathSpec(ctx: ModelContext, nu: number): QuadraticModelSpec {
  const linear = costVector(ctx.compiled);
  const { mu } = ctx.moments;
  for (let i = 0; i < mu.length; i++) linear[i] -= mu[i];
  return { varianceWeight: nu, l2Gamma: ctx.compiled.l2Gamma ?? 0, linear, constant: 0, rows: [] };
}

/** μᵀw − γ‖w‖² − costs: what efficient risk maximises. */
export function riskBudgetObjective(ctx: ModelContext, x: Float64Array): number {
  const { mu, n } = ctx.moments;
  const gamma = ctx.compiled.l2Gamma ?? 0;
  const cost = costVector(ctx.compiled);
  let value = 0;
  for (let i = 0; i < n; i++) value += mu[i] * x[i] - gamma * x[i] * x[i];
  for (let k = 0; k < x.length; k++) value -= cost[k] * x[k];
  return value;
}

function outcome(ctx: ModelContext, solution: QpSolution, target: number, binding: boolean, multiplier?: number): ModelOutcome {
  return {
    solution,
    objective: riskBudgetObjective(ctx, solution.x),
    target: { kind: "targetVolatility", value: target, binding, ...(multiplier === undefined ? {} : { multiplier }) },
  };
}

/**
 * Solves efficient risk at `targetVolatility` (annual, like Σ).
 * @throws TargetOutOfRangeError when the target is below the minimum volatility under the constraints.
 */
export function solveEfficientRisk(ctx: ModelContext, targetVolatility: number, warm?: QpSolution): ModelOutcome {
  const { covariance, n, mu } = ctx.moments;
  const nv = ctx.compiled.nVariables;
  const volatility = (x: Float64Array) => Math.sqrt(Math.max(0, portfolioVariance(covariance, weightsOf(x, n))));

  // The least volatility the constraints allow: pure min wᵀΣw (γ and costs do not lower it).
  const minimum = solveSpec(ctx, { varianceWeight: 1, l2Gamma: 0, linear: new Float64Array(nv), constant: 0, rows: [] }, warm).solution;
  const minimumVolatility = volatility(minimum.x);
  // 1e-12 relative: the minimum is itself computed to rounding; a target equal to it is feasible.
  if (targetVolatility < minimumVolatility * (1 - 1e-12)) {
    throw new TargetOutOfRangeError(
      `target volatility ${targetVolatility} is below the minimum achievable ${round(minimumVolatility)} under these constraints`,
      { target: targetVolatility, minimum: minimumVolatility },
    );
  }

  // ν = 0: the best return with no risk penalty (an LP when γ = 0). If its volatility is within the
  // budget, the limit does not bind.
  let top: QpSolution | undefined;
  try {
    top = solveSpec(ctx, pathSpec(ctx, 0), minimum).solution;
  } catch (error) {
    if (!(error instanceof UnboundedProblemError)) throw error;
  }
  if (top !== undefined && volatility(top.x) <= targetVolatility * (1 + 1e-13)) {
    const gamma = ctx.compiled.l2Gamma ?? 0;
    const costs = costVector(ctx.compiled).some((c) => c !== 0);
    if (gamma === 0 && !costs) {
      // An LP optimum may be one of many (tied returns): take the least volatile of them.
      let r = 0;
      for (let i = 0; i < n; i++) r += mu[i] * top.x[i];
      top = solveSpec(ctx, efficientReturnSpec(ctx, r), top).solution;
    }
    return outcome(ctx, top, targetVolatility, false);
  }
  if (targetVolatility <= minimumVolatility * (1 + 1e-13)) return outcome(ctx, minimum, targetVolatility, true);

  let previous: QpSolution = top ?? minimum;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(mu[i]));
  const start = Math.max(scale, 1e-8) / (2 * targetVolatility * targetVolatility);
  const found = multiplierSearch(
    (nu) => {
      const solution = solveSpec(ctx, pathSpec(ctx, nu), previous).solution;
      previous = solution;
      return { nu, value: volatility(solution.x), state: solution };
    },
    targetVolatility,
    start,
  );
  return outcome(ctx, found.state, targetVolatility, true, found.nu);
}
