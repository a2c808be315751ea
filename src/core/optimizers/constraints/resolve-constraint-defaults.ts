/**
 * Checks every value of a `PortfolioConstraints` for its domain (finite where it must be, lengths,
 * member indices, signs) and fills in the defaults, so that the feasibility pre-checks and the compiler
 * work on plain arrays with no `undefined`. Contradictions between values are not looked at here;
 * `precheckFeasibility` does that.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import { formatNumber } from "./format-number.js";
import type { PortfolioConstraints } from "./portfolio-constraints.js";

export interface ResolvedGroup {
  readonly name: string;
  readonly members: readonly number[];
  /** −Infinity when the group has no floor. */
  readonly lower: number;
  /** +Infinity when the group has no cap. */
  readonly upper: number;
}

export interface ResolvedLinear {
  readonly coefficients: Float64Array;
  readonly lower: number;
  readonly upper: number;
  readonly label: string;
}

/** The constraints with defaults filled in; "no limit" is ±Infinity, never `undefined`. */
export interface ResolvedConstraints {
  readonly nAssets: number;
  readonly budget: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly groups: readonly ResolvedGroup[];
  readonly linear: readonly ResolvedLinear[];
  readonly grossLeverage: number;
  readonly currentWeights: Float64Array;
  readonly maxTurnover: number;
  readonly transactionCost: number;
  readonly l2Gamma: number;
  readonly maxHoldings: number;
  readonly minPosition: number;
}

function finite(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new NonFiniteValueError(`${name} is ${value}: it must be a finite number`, { name, value });
  }
  return value;
}

/** A number that may be +Infinity (no limit) but not NaN and not negative. */
function nonNegative(name: string, value: number | undefined, fallback: number, allowInfinite: boolean, meaning: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || (!allowInfinite && !Number.isFinite(value))) {
    throw new NonFiniteValueError(`${name} is ${value}: it must be a ${allowInfinite ? "number" : "finite number"}`, { name, value });
  }
  if (value < 0) throw new InvalidInputError(`${name} is ${formatNumber(value)}: ${meaning} cannot be negative`, { name, value });
  return value;
}

function vector(name: string, values: ArrayLike<number>, nAssets: number, allowInfinite: boolean): Float64Array {
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new InvalidInputError(`${name} must be an array of ${nAssets} numbers`, { name });
  }
  if (values.length !== nAssets) {
    throw new ShapeMismatchError(`${name} has ${values.length} values for ${nAssets} assets`, { name, length: values.length, expected: nAssets });
  }
  const out = new Float64Array(nAssets);
  for (let i = 0; i < nAssets; i++) {
    const v = values[i];
    if (typeof v !== "number" || Number.isNaN(v) || (!allowInfinite && !Number.isFinite(v))) {
      throw new NonFiniteValueError(`${name}[${i}] is ${v}: it must be a ${allowInfinite ? "number" : "finite number"}`, { name, index: i, value: v });
    }
    out[i] = v;
  }
  return out;
}

/** A lower side may be −Infinity, an upper side +Infinity; the other infinities admit no weight. */
function side(name: string, value: number | undefined, which: "lower" | "upper"): number {
  const none = which === "lower" ? -Infinity : Infinity;
  if (value === undefined) return none;
  if (typeof value !== "number" || Number.isNaN(value) || value === -none) {
    throw new NonFiniteValueError(`${name} is ${value}: a ${which} limit must be a number or ${none}`, { name, value });
  }
  return value;
}

function resolveBounds(bounds: PortfolioConstraints["bounds"], nAssets: number): { lower: Float64Array; upper: Float64Array } {
  if (bounds === undefined) return { lower: new Float64Array(nAssets), upper: new Float64Array(nAssets).fill(1) };
  if (Array.isArray(bounds)) {
    if (bounds.length !== 2) throw new ShapeMismatchError(`bounds must be one [lower, upper] pair, got ${bounds.length} values`, { length: bounds.length });
    const lo = side("bounds lower", bounds[0], "lower");
    const hi = side("bounds upper", bounds[1], "upper");
    return { lower: new Float64Array(nAssets).fill(lo), upper: new Float64Array(nAssets).fill(hi) };
  }
  const { lower: lo, upper: hi } = bounds as { lower: ArrayLike<number>; upper: ArrayLike<number> };
  const lower = vector("bounds.lower", lo, nAssets, true);
  const upper = vector("bounds.upper", hi, nAssets, true);
  for (let i = 0; i < nAssets; i++) {
    if (lower[i] === Infinity || upper[i] === -Infinity) {
      throw new NonFiniteValueError(`bounds for asset ${i} are [${lower[i]}, ${upper[i]}]: no weight lies there`, { asset: i });
    }
  }
  return { lower, upper };
}

/**
 * Validates the values of `constraints` for `nAssets` assets and fills in the defaults. Throws
 * `NonFiniteValueError`, `ShapeMismatchError` or `InvalidInputError` naming the offending field.
 */
export function resolveConstraintDefaults(constraints: PortfolioConstraints, nAssets: number): ResolvedConstraints {
  if (!Number.isInteger(nAssets) || nAssets < 1) {
    throw new InvalidInputError(`a portfolio needs at least one asset, got nAssets = ${nAssets}`, { nAssets });
  }
  const budget = constraints.budget === undefined ? 1 : finite("budget", constraints.budget);
  const { lower, upper } = resolveBounds(constraints.bounds, nAssets);

  const groupNames = new Set<string>();
  const groups = (constraints.groups ?? []).map((g, k): ResolvedGroup => {
    if (typeof g.name !== "string" || g.name.length === 0) throw new InvalidInputError(`group ${k} has no name`, { group: k });
    if (groupNames.has(g.name)) throw new InvalidInputError(`group ${g.name} is defined twice`, { group: g.name });
    groupNames.add(g.name);
    const seen = new Set<number>();
    for (const m of g.members) {
      if (!Number.isInteger(m) || m < 0 || m >= nAssets) {
        throw new InvalidInputError(`group ${g.name} lists asset ${m}, but the assets are columns 0 to ${nAssets - 1}`, { group: g.name, member: m });
      }
      if (seen.has(m)) throw new InvalidInputError(`group ${g.name} lists asset ${m} twice`, { group: g.name, member: m });
      seen.add(m);
    }
    return { name: g.name, members: [...g.members], lower: side(`group ${g.name} lower`, g.lower, "lower"), upper: side(`group ${g.name} upper`, g.upper, "upper") };
  });

  const linear = (constraints.linear ?? []).map((c, k): ResolvedLinear => {
    const label = c.label ?? `linear constraint ${k}`;
    return {
      coefficients: vector(`coefficients of "${label}"`, c.coefficients, nAssets, false),
      lower: side(`lower side of "${label}"`, c.lower, "lower"),
      upper: side(`upper side of "${label}"`, c.upper, "upper"),
      label,
    };
  });

  const grossLeverage = nonNegative("grossLeverage", constraints.grossLeverage, Infinity, true, "a gross leverage limit");
  const currentWeights = constraints.currentWeights === undefined ? new Float64Array(nAssets) : vector("currentWeights", constraints.currentWeights, nAssets, false);
  const maxTurnover = nonNegative("maxTurnover", constraints.maxTurnover, Infinity, true, "a turnover limit");
  const transactionCost = nonNegative("transactionCost", constraints.transactionCost, 0, false, "a transaction cost rate");
  const l2Gamma = nonNegative("l2Gamma", constraints.l2Gamma, 0, false, "an L2 regularisation weight");

  if (constraints.trackingError !== undefined) {
    const { benchmark, max } = constraints.trackingError;
    vector("trackingError.benchmark", benchmark, nAssets, false);
    nonNegative("trackingError.max", max, 0, true, "a tracking-error limit");
  }
  let maxHoldings = Infinity;
  if (constraints.maxHoldings !== undefined) {
    maxHoldings = constraints.maxHoldings;
    if (!Number.isInteger(maxHoldings) || maxHoldings < 1) {
      throw new InvalidInputError(`maxHoldings is ${maxHoldings}: it must be a whole number of assets, at least 1`, { name: "maxHoldings", value: maxHoldings });
    }
  }
  const minPosition = nonNegative("minPosition", constraints.minPosition, 0, false, "a minimum position");

  return { nAssets, budget, lower, upper, groups, linear, grossLeverage, currentWeights, maxTurnover, transactionCost, l2Gamma, maxHoldings, minPosition };
}
