/**
 * Validation of a risk-measure problem on use: the scenario matrix (shape, finiteness, enough rows for
 * the tail), the expected returns, and the model's own parameters. Errors name the bad value.
 */
import { InsufficientHistoryError, InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { Matrix } from "../../linalg/matrix.js";
import type { RiskMeasureInput, RiskMeasureModel } from "./risk-measure-model.js";

export interface CheckedRiskInput {
  readonly scenarios: Matrix;
  readonly nObservations: number;
  readonly nAssets: number;
  readonly mu: Float64Array | null;
  readonly riskFreeRate: number;
  readonly periodsPerYear: number;
}

function finite(name: string, value: number | undefined, fallback: number, positive = false): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new NonFiniteValueError(`${name} is ${String(v)}`, { name, value: v });
  if (positive && !(v > 0)) throw new InvalidInputError(`${name} must be positive, got ${v}`, { name, value: v });
  return v;
}

/** β of a CVaR or CDaR model (default 0.95), strictly inside (0, 1). */
export function confidenceOf(model: RiskMeasureModel): number {
  if (model.kind !== "minCvar" && model.kind !== "minCdar") return 0.95;
  const beta = model.confidence ?? 0.95;
  if (typeof beta !== "number" || !(beta > 0 && beta < 1)) {
    throw new InvalidInputError(`confidence ${String(beta)} must lie strictly between 0 and 1 (e.g. 0.95)`, { name: "confidence", value: beta });
  }
  return beta;
}

/** Checks the model spec's kind and parameters. */
export function checkModel(model: RiskMeasureModel): void {
  const kind = (model as { kind?: unknown })?.kind;
  if (!["minCvar", "minCdar", "minMad", "minSemivariance", "maxSortino"].includes(kind as string)) {
    throw new InvalidInputError(`unknown risk-measure model ${JSON.stringify(kind)}`, { kind });
  }
  confidenceOf(model);
  const targets = model as { targetReturn?: number; maxRisk?: number; benchmark?: number };
  if (targets.targetReturn !== undefined) finite("targetReturn", targets.targetReturn, 0);
  if (targets.maxRisk !== undefined) {
    if (model.kind === "minSemivariance" || model.kind === "maxSortino") {
      throw new InvalidInputError(`maxRisk is not supported by ${model.kind} (a semivariance cap is quadratic); use targetReturn`, { name: "maxRisk" });
    }
    if (!(finite("maxRisk", targets.maxRisk, 0) >= 0)) throw new InvalidInputError(`maxRisk must be ≥ 0, got ${targets.maxRisk}`, { name: "maxRisk" });
  }
  if (targets.targetReturn !== undefined && targets.maxRisk !== undefined) {
    throw new InvalidInputError("give either targetReturn or maxRisk, not both", { name: "maxRisk" });
  }
  if (targets.benchmark !== undefined) finite("benchmark", targets.benchmark, 0);
}

/**
 * Checks `input` and returns its parts. `needsReturns`: the model cannot run without μ. The tail
 * measures need at least one whole scenario beyond the quantile, `(1 − β)·T ≥ 1`; the others need two
 * scenarios (a mean and a deviation from it).
 */
export function checkRiskInput(input: RiskMeasureInput, needsReturns: boolean): CheckedRiskInput {
  checkModel(input.model);
  const { scenarios } = input;
  const T = scenarios?.rows;
  const n = scenarios?.cols;
  if (!Number.isInteger(T) || !Number.isInteger(n) || n < 1 || scenarios.data?.length !== T * n) {
    throw new ShapeMismatchError(`scenarios must be an nObservations × nAssets matrix with rows·cols values`, { rows: T, cols: n });
  }
  for (let k = 0; k < scenarios.data.length; k++) {
    const v = scenarios.data[k];
    if (!Number.isFinite(v)) {
      const row = Math.floor(k / n);
      const asset = k % n;
      throw new NonFiniteValueError(`scenario return at row ${row}, asset ${asset} is ${v}`, { row, asset, value: v });
    }
  }
  const beta = confidenceOf(input.model);
  const tail = input.model.kind === "minCvar" || input.model.kind === "minCdar";
  const needed = tail ? Math.ceil(1 / (1 - beta) - 1e-9) : 2;
  if (T < needed) {
    const why = tail ? `CVaR/CDaR at confidence ${beta} needs (1 − β)·T ≥ 1` : `the measure needs a mean and a deviation from it`;
    throw new InsufficientHistoryError(`${T} scenarios are too few: ${why}, i.e. at least ${needed} scenarios`, { scenarios: T, needed });
  }
  let mu: Float64Array | null = null;
  if (input.expectedReturns !== undefined) {
    if (input.expectedReturns.length !== n) {
      throw new ShapeMismatchError(`expectedReturns has ${input.expectedReturns.length} values for ${n} assets`, { length: input.expectedReturns.length, assets: n });
    }
    mu = Float64Array.from(input.expectedReturns);
    mu.forEach((v, i) => finite(`expectedReturns[${i}]`, v, 0));
  } else if (needsReturns) {
    throw new InvalidInputError(`the ${input.model.kind} model with a target, and max Sortino and the frontier, need expectedReturns`, { name: "expectedReturns" });
  }
  return {
    scenarios,
    nObservations: T,
    nAssets: n,
    mu,
    riskFreeRate: finite("riskFreeRate", input.riskFreeRate, 0.02),
    periodsPerYear: finite("periodsPerYear", input.periodsPerYear, 252, true),
  };
}
