/**
 * One solve of one model on compiled constraints: the dispatch from a model spec to its method, and
 * the objective in minimisation form that a branch and bound over holdings compares across nodes.
 */
import { InfeasibleProblemError, InvalidInputError, TargetOutOfRangeError } from "../../errors.js";
import type { PortfolioConstraints } from "../constraints/index.js";
import type { QpSolution } from "../qp/index.js";
import { checkParameter } from "./check-moments.js";
import { solveEfficientRisk } from "./efficient-risk.js";
import { solveMaxSharpe, type HomogenizedNode } from "./max-sharpe.js";
import type { MeanVarianceModel } from "./mean-variance-model.js";
import type { ModelOutcome } from "./model-outcome.js";
import {
  checkReturnTarget,
  efficientReturnSpec,
  minVolatilitySpec,
  quadraticUtilitySpec,
  solveSpec,
  trackingErrorSpec,
  round,
  type ModelContext,
  type QuadraticModelSpec,
} from "./quadratic-models.js";
import { activeVariance } from "./portfolio-arithmetic.js";
import { solveWithTrackingErrorLimit } from "./tracking-error-limit.js";

export interface ModelRun {
  readonly outcome: ModelOutcome;
  /** The objective as a minimum (−utility, −return, 1/Sharpe²): what a branch and bound compares. */
  readonly minimised: number;
  readonly nVariables: number;
}

export interface RunSettings {
  readonly budget: number;
  readonly constraints: PortfolioConstraints;
  readonly warm?: QpSolution;
  /** For max Sharpe inside a branch and bound: the node in homogenised variables. */
  readonly homogenizedNode?: HomogenizedNode;
}

/** A benchmark or current-weights vector of the right length, copied. */
export function checkedVector(name: string, values: ArrayLike<number>, n: number): Float64Array {
  if (values === undefined || values.length !== n) {
    throw new InvalidInputError(`${name} has ${values?.length ?? 0} weights for ${n} assets`, { name, length: values?.length ?? 0, assets: n });
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = checkParameter(`${name}[${i}]`, values[i]);
  return out;
}

/** Checks a model spec's own parameters (done on use: specs are plain data). */
export function checkModel(model: MeanVarianceModel, n: number): void {
  switch (model?.kind) {
    case "minVolatility":
    case "maxSharpe":
      return;
    case "maxQuadraticUtility":
      checkParameter("riskAversion", model.riskAversion ?? 1, Number.MIN_VALUE);
      return;
    case "efficientRisk":
      checkParameter("targetVolatility", model.targetVolatility, 0);
      return;
    case "efficientReturn":
      checkParameter("targetReturn", model.targetReturn);
      return;
    case "minTrackingError":
      checkedVector("benchmark", model.benchmark, n);
      return;
    default:
      throw new InvalidInputError(`unknown mean-variance model ${JSON.stringify((model as { kind?: unknown })?.kind)}`, {
        kind: (model as { kind?: unknown })?.kind,
      });
  }
}

export function runModel(model: MeanVarianceModel, ctx: ModelContext, settings: RunSettings): ModelRun {
  const nv = ctx.compiled.nVariables;
  const limit = settings.constraints.trackingError;
  if (model.kind === "maxSharpe" || model.kind === "efficientRisk") {
    if (limit !== undefined) {
      throw new InvalidInputError(
        `a tracking-error limit is not supported with the ${model.kind} model (it would add a second quadratic limit); ` +
          `use minVolatility, efficientReturn, maxQuadraticUtility or minTrackingError`,
        { model: model.kind },
      );
    }
    if (model.kind === "maxSharpe") {
      const out = solveMaxSharpe(ctx, settings.budget, settings.warm, settings.homogenizedNode);
      return { outcome: out, minimised: out.transformedObjective, nVariables: out.nVariables };
    }
    const outcome = solveEfficientRisk(ctx, model.targetVolatility, settings.warm);
    return { outcome, minimised: -outcome.objective, nVariables: nv };
  }

  let spec: QuadraticModelSpec;
  let sign = 1;
  if (model.kind === "minVolatility") spec = minVolatilitySpec(ctx);
  else if (model.kind === "efficientReturn") spec = efficientReturnSpec(ctx, model.targetReturn);
  else if (model.kind === "maxQuadraticUtility") {
    spec = quadraticUtilitySpec(ctx, model.riskAversion ?? 1);
    sign = -1;
  } else spec = trackingErrorSpec(ctx, checkedVector("benchmark", model.benchmark, ctx.moments.n));

  let outcome: ModelOutcome;
  try {
    if (limit === undefined || model.kind === "minTrackingError") {
      // Tracking a benchmark usually holds most of the universe, and the active-set solver adds one asset
      // per iteration from a cold start: start from the benchmark itself (clipped and repaired by the solver).
      const benchmarkStart =
        model.kind === "minTrackingError" && settings.warm === undefined && ctx.compiled.nVariables === ctx.moments.n
          ? { x: Float64Array.from(model.benchmark) }
          : undefined;
      const { solution, objective } = solveSpec(ctx, spec, settings.warm ?? benchmarkStart);
      outcome = { solution, objective: sign * objective };
    } else {
      const benchmark = checkedVector("trackingError.benchmark", limit.benchmark, ctx.moments.n);
      const max = checkParameter("trackingError.max", limit.max, 0);
      outcome = solveWithTrackingErrorLimit(ctx, spec, benchmark, max, (v) => sign * v, settings.warm);
    }
  } catch (error) {
    // A return target above the attainable maximum is the usual reason an efficient-return QP has no point.
    if (error instanceof InfeasibleProblemError && model.kind === "efficientReturn") checkReturnTarget(ctx, model.targetReturn);
    throw error;
  }
  if (limit !== undefined && model.kind === "minTrackingError") {
    const benchmark = checkedVector("trackingError.benchmark", limit.benchmark, ctx.moments.n);
    const te = Math.sqrt(Math.max(0, activeVariance(ctx.moments.covariance, outcome.solution.x.subarray(0, ctx.moments.n), benchmark)));
    if (te > limit.max * (1 + 1e-12)) {
      throw new TargetOutOfRangeError(`tracking-error limit ${limit.max} is below the minimum achievable ${round(te)} under these constraints`, {
        target: limit.max,
        minimum: te,
      });
    }
  }
  return { outcome, minimised: sign * outcome.objective, nVariables: nv };
}
