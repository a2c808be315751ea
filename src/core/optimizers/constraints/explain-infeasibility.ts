/**
 * Reads the solver's infeasibility certificate back in the words of the constraints. Phase 1 minimises
 * the total violation of the rows; at its optimum, the rows and bounds with a non-zero multiplier form a
 * Farkas certificate (Gill, Murray & Saunders, SNOPT, 2002, §1): a combination of them that no portfolio
 * can satisfy. Those are the constraints that cannot hold together; relaxing any one of them is where a
 * fix starts.
 */
import type { InfeasibleProblemError } from "../../errors.js";
import { LEVERAGE_AUXILIARY, TURNOVER_AUXILIARY, type CompiledConstraints } from "./compile-constraints.js";
import { constraintViolation } from "./constraint-violation.js";
import { formatNumber as f } from "./format-number.js";

interface ConflictEntry {
  readonly kind: string;
  readonly index: number;
  readonly side?: string;
}

const COMPARISON = /<=|>=|==|=|<|>|≤|≥/;

function isDefinition(label: string): boolean {
  return label.startsWith(LEVERAGE_AUXILIARY) || label.startsWith(TURNOVER_AUXILIARY);
}

/** One constraint as a person would read it, or `null` for rows that only define an auxiliary. */
function describe(c: ConflictEntry, compiled: CompiledConstraints, assetNames: readonly string[] | undefined): string | null {
  const { equalities: eq, inequalities: ineq } = compiled;
  if (c.kind === "equality") {
    const label = eq.labels[c.index];
    if (label === undefined) return `equality row ${c.index} added by the model`;
    if (label === "budget" || COMPARISON.test(label)) return label;
    return `${label} = ${f(eq.b[c.index])}`;
  }
  if (c.kind === "inequality") {
    const label = ineq.labels[c.index];
    if (label === undefined) return `row ${c.index} added by the model`;
    if (isDefinition(label)) return null;
    if (COMPARISON.test(label)) return label;
    const lo = ineq.lower[c.index];
    const hi = ineq.upper[c.index];
    const side = c.side ?? (lo === hi ? "fixed" : Number.isFinite(lo) ? "lower" : "upper");
    if (side === "fixed" || lo === hi) return `${label} = ${f(lo)}`;
    return side === "lower" ? `${label} >= ${f(lo)}` : `${label} <= ${f(hi)}`;
  }
  if (c.kind === "bound") {
    // Auxiliaries are bounded below by 0 by definition; only the weights' bounds are choices.
    if (c.index >= compiled.nAssets) return null;
    const name = assetNames?.[c.index] ?? `asset ${c.index}`;
    if (c.side === "lower") return `${name} >= ${f(compiled.lowerBounds[c.index])}`;
    if (c.side === "upper") return `${name} <= ${f(compiled.upperBounds[c.index])}`;
    return `bounds of ${name}`;
  }
  return null;
}

/**
 * A one-sentence explanation of the solver's `InfeasibleProblemError` for a problem built from
 * `compiled` (rows the model appended after the compiled ones are named by their index): the
 * constraints of the certificate by their labels, then how far the closest portfolio misses them.
 *
 * `assetNames` (one per asset, e.g. tickers) names bounds; without it they read `asset 3 <= 0.2`.
 * Rows that only define auxiliaries (`t ≥ w − w0`) are left out: they can always be met.
 *
 * @example
 * // Long only, Tech ≥ 0.6 and Energy ≥ 0.5 on overlapping groups with the budget 1:
 * explainInfeasibility(error, compiled);
 * // "these constraints cannot hold together: budget, group Tech >= 0.6, group Energy >= 0.5; the
 * //  closest portfolio misses them by 0.1 in total"
 */
export function explainInfeasibility(error: InfeasibleProblemError, compiled: CompiledConstraints, assetNames?: readonly string[]): string {
  const conflicting = (error.details.conflicting ?? []) as readonly ConflictEntry[];
  const described: string[] = [];
  let allKnown = true;
  for (const c of conflicting) {
    if (c.kind === "equality" && c.index >= compiled.equalities.labels.length) allKnown = false;
    if (c.kind === "inequality" && c.index >= compiled.inequalities.labels.length) allKnown = false;
    const text = describe(c, compiled, assetNames);
    if (text !== null && !described.includes(text)) described.push(text);
  }
  if (described.length === 0) return `the constraints cannot hold together (${error.message})`;
  let sentence = `these constraints cannot hold together: ${described.join(", ")}`;
  const point = error.details.leastViolatingPoint as ArrayLike<number> | undefined;
  if (allKnown && point !== undefined && point.length === compiled.nVariables) {
    const miss = constraintViolation(compiled, point).total;
    // Six digits: the point is the solver's, accurate to its 1e-9 feasibility tolerance.
    if (miss > 0) sentence += `; the closest portfolio misses them by ${Number(miss.toPrecision(6))} in total`;
  }
  return sentence;
}
