/**
 * The efficient frontier under constraints (Markowitz 1952), traced as PyPortfolioOpt's plotting
 * helper and the reference results do: target returns evenly spaced from the minimum-volatility
 * portfolio's return to the highest return the constraints allow, each point an efficient-return
 * solve. Consecutive points differ by one right-hand side, so each solve is warm-started from the
 * previous point's solution and working set and usually takes a few active-set steps (the frontier's
 * weights are piecewise linear in the target: Markowitz 1956, the critical line).
 */
import { InfeasibleProblemError, InvalidInputError, TargetOutOfRangeError } from "../../errors.js";
import { compileSplitConstraints, type CompiledConstraints, type PortfolioConstraints } from "../constraints/index.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import type { QuadraticProgram } from "../qp/index.js";
import { checkMoments } from "./check-moments.js";
import type { FrontierPoint } from "./mean-variance-model.js";
import { removeBudgetDrift } from "./model-outcome.js";
import { modelProgram, weightHessian } from "./model-program.js";
import { maxAchievableReturn, minVolatilitySpec, returnRow, round } from "./quadratic-models.js";
import { SolveLog } from "./solve-log.js";
import { extrapolateFrontier, type FrontierState } from "./frontier-extrapolation.js";
import { performanceOf } from "./portfolio-arithmetic.js";

export interface EfficientFrontierInput {
  readonly expectedReturns: ArrayLike<number>;
  readonly covariance: SymmetricMatrix;
  readonly constraints?: PortfolioConstraints;
  /** Annual, for the points' Sharpe ratios (default 0.02). */
  readonly riskFreeRate?: number;
  /** Number of points, both ends included (default 20, at least 2). */
  readonly points?: number;
}

/**
 * `points` portfolios on the efficient frontier, from the minimum-volatility portfolio to the
 * highest-return portfolio under the same constraints, at evenly spaced target returns
 * (`linspace(r_minVol, r_max, points)`). Each point is `min wᵀΣw (+ γ‖w‖² + costs) s.t. μᵀw ≥ target`
 * and reports `{ expectedReturn, volatility, sharpe, weights }`; volatility rises with the return.
 *
 * Throws `INVALID_INPUT` when the highest return is unbounded (no weight bounds: the frontier has no
 * end), and the errors of `optimizeMeanVariance` for bad moments or infeasible constraints.
 * `maxHoldings` / `minPosition` are not supported here (each point would be a mixed-integer search).
 *
 * @example
 * const frontier = efficientFrontier({ expectedReturns: mu, covariance: sigma, points: 50 });
 * frontier.map((p) => [p.volatility, p.expectedReturn]); // a chart's line
 */
export function efficientFrontier(input: EfficientFrontierInput): FrontierPoint[] {
  const moments = checkMoments(input.expectedReturns, input.covariance, input.riskFreeRate);
  const count = input.points ?? 20;
  if (!Number.isInteger(count) || count < 2) throw new InvalidInputError(`a frontier needs an integer number of points ≥ 2, got ${count}`, { points: count });
  const constraints = input.constraints ?? {};
  if (constraints.maxHoldings !== undefined || (constraints.minPosition ?? 0) > 0) {
    throw new InvalidInputError(`the efficient frontier does not support maxHoldings or minPosition; optimise single points instead`, {});
  }
  if (constraints.trackingError !== undefined) {
    throw new InvalidInputError(`the efficient frontier does not support a tracking-error limit`, {});
  }
  const compiled = compileSplitConstraints(constraints, moments.n);
  const log = new SolveLog();
  const ctx = { moments, compiled, log };
  const { n, mu, covariance, riskFreeRate } = moments;
  const budget = constraints.budget ?? 1;

  const spec = minVolatilitySpec(ctx);
  const hessian = weightHessian(covariance, compiled.nVariables, spec.varianceWeight, spec.l2Gamma);
  const lowest = log.solve(modelProgram(compiled, hessian, spec.linear), compiled);
  let rMin = 0;
  for (let i = 0; i < n; i++) rMin += mu[i] * lowest.x[i];
  const top = maxAchievableReturn(ctx).value;
  if (!Number.isFinite(top)) {
    throw new InvalidInputError(`the highest return is unbounded under these constraints (no weight bounds): the frontier has no end`, {});
  }
  const rMax = Math.max(top, rMin);

  // One program for every point: only the return row's lower side changes.
  const program: QuadraticProgram = modelProgram(compiled, hessian, spec.linear, [returnRow(ctx, rMin)]);
  const lower = program.inequalities!.lower as Float64Array;
  const row = lower.length - 1;
  const points: FrontierPoint[] = [];
  let before: FrontierState | undefined;
  let last: FrontierState = lowest;
  for (let k = 0; k < count; k++) {
    // numpy.linspace: start + k·step, with the last point exactly the end.
    const target = k === count - 1 ? rMax : rMin + (k * (rMax - rMin)) / (count - 1);
    if (k > 0) {
      lower[row] = target;
      // Inside one segment of the critical line the next point is exact without a solve; the last
      // point is always solved, since rMax is not on the even grid's line to the last ulp.
      const next = before !== undefined && k < count - 1 ? extrapolateFrontier(before, last, program) : null;
      before = last;
      last = next ?? solvePoint(log, program, compiled, last, target, rMax);
    }
    const x = last.x;
    const weights = Float64Array.from(x.subarray(0, n));
    removeBudgetDrift(weights, budget, (i) => weights[i] > compiled.lowerBounds[i] + 1e-12 && weights[i] < compiled.upperBounds[i] - 1e-12);
    const performance = performanceOf(mu, covariance, weights, riskFreeRate);
    points.push(Object.freeze({ ...performance, weights }));
  }
  return points;
}

function solvePoint(log: SolveLog, program: QuadraticProgram, compiled: CompiledConstraints, warm: FrontierState, target: number, rMax: number): FrontierState {
  try {
    return log.solve(program, compiled, warm);
  } catch (error) {
    if (!(error instanceof InfeasibleProblemError)) throw error;
    throw new TargetOutOfRangeError(`frontier target return ${round(target)} could not be reached (highest ${round(rMax)})`, {
      target,
      maximum: rMax,
      cause: error.message,
    });
  }
}
