/**
 * The maximum Sharpe ratio (tangency) portfolio, exactly, by the homogenising change of variables
 * (Cornuejols & Tütüncü, "Optimization Methods in Finance", 2007, §8.2; the same device as
 * PyPortfolioOpt's `max_sharpe`): with y = κ·w and κ ≥ 0,
 *
 *     max (μᵀw − rf − kᵀt) / √(wᵀΣw)   ⇔   min yᵀΣy  s.t.  (μ − rf)ᵀy − kᵀt_y = 1,  homogenised constraints,
 *
 * a convex QP whose solution maps back as w = y/κ. Transaction costs kᵀt (t ≥ |w − w0|) are netted
 * from the excess return, scaled like every auxiliary.
 *
 * L2 regularisation: γ‖y‖² is added to yᵀΣy, i.e. the portfolio maximises (μᵀw − rf)/√(wᵀ(Σ + γI)w),
 * the Sharpe ratio measured with the regularised risk Σ + γI. That is a well-defined tangency portfolio
 * and is what PyPortfolioOpt's `max_sharpe` with `L2_reg` computes (its `ef_max_sharpe_L2_gamma5`
 * tuple comes out the same to 1e-15); it is not "Sharpe − γ‖w‖²", and we document rather than test it.
 *
 * Large long-short problems, whose cone would carry hundreds of bound rows, are solved along the
 * efficient path instead (`max-sharpe-path.ts`); both methods are exact and agree to 1e-9.
 */
import { InfeasibleProblemError, MaxSharpeUndefinedError } from "../../errors.js";
import type { QpSolution } from "../qp/index.js";
import { homogenize, type CompiledConstraints, type HomogenizedConstraints } from "../constraints/index.js";
import type { ModelRow } from "./model-program.js";
import { modelProgram, weightHessian } from "./model-program.js";
import type { ModelOutcome } from "./model-outcome.js";
import { explained } from "./solve-log.js";
import { solveMaxSharpeOnPath } from "./max-sharpe-path.js";
import { maxAchievableReturn, round, type ModelContext } from "./quadratic-models.js";

/** A branch-and-bound node in the homogenised variables: fixed-out assets and `±yᵢ ≥ m·κ` rows. */
export interface HomogenizedNode {
  readonly excluded?: Uint8Array;
  readonly included?: Uint8Array;
  readonly sign?: Int8Array;
  readonly minPosition?: number;
}

export interface MaxSharpeOutcome extends ModelOutcome {
  /** yᵀ(Σ + γI)y at the optimum = 1 / (max ratio)²: what a branch and bound minimises. */
  readonly transformedObjective: number;
  readonly nVariables: number;
}

function nodeRows(cone: HomogenizedConstraints, node: HomogenizedNode | undefined): { rows: ModelRow[]; lower?: Float64Array; upper?: Float64Array } {
  if (node === undefined) return { rows: [] };
  const nv = cone.nVariables;
  const lower = Float64Array.from(cone.lowerBounds);
  const upper = Float64Array.from(cone.upperBounds);
  const rows: ModelRow[] = [];
  const m = node.minPosition ?? 0;
  for (let i = 0; i < cone.nAssets; i++) {
    if (node.excluded?.[i]) {
      lower[i] = 0;
      upper[i] = 0;
    } else if (node.included?.[i] && m > 0 && node.sign?.[i]) {
      const s = node.sign[i];
      const coefficients = new Float64Array(nv);
      coefficients[i] = s;
      coefficients[cone.scaleVariable] = -m;
      rows.push({ coefficients, lower: 0, upper: Infinity, label: `asset ${i} ${s > 0 ? ">=" : "<="} ${s * m}` });
    }
  }
  return { rows, lower, upper };
}

/**
 * Above this many bound rows in the homogenised cone, max Sharpe is solved along the efficient path
 * (`max-sharpe-path.ts`) instead. The active-set QP updates its factorisation per general row that
 * enters or leaves the working set; with a few hundred rows one cone solve costs seconds, while the
 * path takes about ten bounded QPs of a few milliseconds each. Below it, one cone solve is cheapest.
 */
const CONE_BOUND_ROWS = 40;

/** Whether the homogenised cone of `compiled` stays small enough to solve in one QP. */
export function prefersCone(compiled: CompiledConstraints): boolean {
  let rows = 0;
  for (let j = 0; j < compiled.nVariables; j++) {
    const lb = compiled.lowerBounds[j];
    const ub = compiled.upperBounds[j];
    if (Number.isFinite(lb) && lb !== 0) rows++;
    if (Number.isFinite(ub) && ub !== 0 && ub !== lb) rows++;
  }
  return rows <= CONE_BOUND_ROWS;
}

/** Max Sharpe's cone decision for a compiled set (implied bounds dropped first). */
export function solvesMaxSharpeByCone(compiled: CompiledConstraints): boolean {
  return prefersCone(withoutImpliedBounds(compiled));
}

/**
 * Drops weight bounds that the budget and the other assets' bounds already imply (long only with
 * budget 1: wᵢ ≤ 1 follows from Σw = 1 and w ≥ 0). Homogenising turns each finite non-zero bound into
 * a row `yᵢ − ubᵢ·κ ≤ 0`, and n such rows cost the solver far more than the bounds they came from.
 * The feasible set is unchanged: with Σw = B and w ≥ lb, every wᵢ ≤ B − Σ_{j≠i} lbⱼ. Only upper
 * bounds are dropped, so the lower bounds that imply them all stay.
 */
function withoutImpliedBounds(compiled: CompiledConstraints): CompiledConstraints {
  const { nAssets: n, equalities } = compiled;
  if (equalities.labels[0] !== "budget") return compiled;
  const budget = equalities.b[0];
  let lowerSum = 0;
  for (let i = 0; i < n; i++) {
    lowerSum += compiled.lowerBounds[i];
  }
  const upperBounds = Float64Array.from(compiled.upperBounds);
  let changed = false;
  for (let i = 0; i < n; i++) {
    const lb = compiled.lowerBounds[i];
    const ub = compiled.upperBounds[i];
    if (Number.isFinite(lowerSum) && Number.isFinite(ub) && ub >= budget - (lowerSum - lb)) {
      upperBounds[i] = Infinity;
      changed = true;
    }
  }
  return changed ? { ...compiled, upperBounds } : compiled;
}

/**
 * Solves max Sharpe at `ctx.moments.riskFreeRate` for a positive `budget`: by the homogenised cone
 * when it is small, else along the efficient path (both exact). A `node` (holdings search) is in the
 * cone's variables and is only passed when `solvesMaxSharpeByCone` holds; otherwise the search puts
 * the node's bounds in `ctx.overrides`.
 */
export function solveMaxSharpe(ctx: ModelContext, budget: number, warm?: QpSolution, node?: HomogenizedNode): MaxSharpeOutcome {
  const { n, mu, riskFreeRate: rf, covariance } = ctx.moments;
  if (!(budget > 0)) {
    throw new MaxSharpeUndefinedError(
      `max Sharpe is undefined for a budget of ${budget}: the Sharpe ratio of a ${budget === 0 ? "market-neutral " : ""}portfolio ` +
        `has no return per unit invested to compare with the risk-free rate; use maxQuadraticUtility or efficientRisk`,
      { reason: "marketNeutral", budget },
    );
  }
  const pruned = withoutImpliedBounds(ctx.compiled);
  if (!prefersCone(pruned)) {
    const out = solveMaxSharpeOnPath(ctx, warm);
    return { ...out, transformedObjective: out.minimised, nVariables: ctx.compiled.nVariables };
  }
  const cone = homogenize(pruned);
  const nv = cone.nVariables;
  const normalise = new Float64Array(nv);
  for (let k = 0; k < nv; k++) normalise[k] = (k < n ? mu[k] - rf : 0) - cone.linearCost[k];
  const { rows, lower, upper } = nodeRows(cone, node);
  const program = modelProgram(
    cone,
    weightHessian(covariance, nv, 1, cone.l2Gamma ?? 0),
    new Float64Array(nv),
    [{ coefficients: normalise, lower: 1, upper: 1, label: `excess return over ${rf} = 1` }, ...rows],
    { lower, upper },
  );
  let solution: QpSolution;
  try {
    solution = ctx.log.solveRaw(program, warm);
  } catch (error) {
    if (!(error instanceof InfeasibleProblemError)) throw error;
    throw diagnose(ctx, error, rf, node !== undefined);
  }
  const kappa = solution.x[cone.scaleVariable];
  // κ → 0 means the ratio is only approached as w = y/κ grows without limit (unbounded weights).
  let yScale = 0;
  for (let i = 0; i < n; i++) yScale = Math.max(yScale, Math.abs(solution.x[i]));
  if (!(kappa > 1e-14 * Math.max(1, yScale))) {
    throw new MaxSharpeUndefinedError(
      `the maximum Sharpe ratio is not attained under these constraints: it is only approached as positions grow without limit; add weight bounds`,
      { reason: "notAttained", scale: kappa },
    );
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = solution.x[i] / kappa;
  return {
    solution,
    weights,
    objective: 1 / Math.sqrt(solution.objective),
    transformedObjective: solution.objective,
    nVariables: nv,
  };
}

/** Why the normalising row `excess return = 1` has no point: nothing beats rf (or the constraints clash). */
function diagnose(ctx: ModelContext, error: InfeasibleProblemError, rf: number, inNode: boolean): Error {
  // An infeasible constraint set throws its own explanation from here.
  const best = maxAchievableReturn(ctx).value;
  const { mu } = ctx.moments;
  if (best > rf && inNode) return error;
  if (mu.every((m) => m <= rf)) {
    return new MaxSharpeUndefinedError(`max Sharpe is undefined: every expected return is below the risk-free rate ${rf}`, {
      reason: "noExcessReturn",
      riskFreeRate: rf,
      maximum: best,
    });
  }
  if (best <= rf) {
    return new MaxSharpeUndefinedError(
      `no portfolio under these constraints earns more than the risk-free rate ${rf}; the highest achievable return is ${round(best)}`,
      { reason: "noExcessReturn", riskFreeRate: rf, maximum: best },
    );
  }
  const costs = ctx.compiled.linearCost.some((c) => c !== 0);
  if (costs) {
    return new MaxSharpeUndefinedError(
      `no portfolio under these constraints earns more than the risk-free rate ${rf} after transaction costs`,
      { reason: "noExcessReturn", riskFreeRate: rf, maximum: best },
    );
  }
  return explained(error, ctx.compiled);
}
