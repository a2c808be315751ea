/**
 * Which limits of a `PortfolioConstraints` a weight vector breaks, and by how much, measured in
 * weights (a group capped at 0.30 holding 0.34 is broken by 0.04). Works on the weights alone, so it
 * reads the same for any model, and it is what an allocator reports as `relaxed`.
 */
import type { PortfolioConstraints } from "../constraints/portfolio-constraints.js";

export interface RelaxedLimit {
  /** The limit in words: `"budget"`, `"upper bound of asset 3"`, `"group Tech upper"`, a linear constraint's label, `"gross leverage"`, `"turnover"`. */
  readonly limit: string;
  /** How far the weights are beyond it (> 0). */
  readonly by: number;
}

/** Violations larger than `tolerance` (absolute, in weight units), largest first. */
export function limitViolations(weights: Float64Array, constraints: PortfolioConstraints, tolerance: number): RelaxedLimit[] {
  const n = weights.length;
  const out: RelaxedLimit[] = [];
  const check = (limit: string, by: number) => {
    if (by > tolerance) out.push(Object.freeze({ limit, by }));
  };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  check("budget", Math.abs(sum - (constraints.budget ?? 1)));
  const bounds = constraints.bounds;
  for (let i = 0; i < n; i++) {
    const [lo, hi] = bounds === undefined ? [0, 1] : Array.isArray(bounds) ? bounds : [(bounds as { lower: ArrayLike<number> }).lower[i], (bounds as { upper: ArrayLike<number> }).upper[i]];
    check(`lower bound of asset ${i}`, lo - weights[i]);
    check(`upper bound of asset ${i}`, weights[i] - hi);
  }
  for (const g of constraints.groups ?? []) {
    let s = 0;
    for (const m of g.members) s += weights[m];
    check(`group ${g.name} lower`, (g.lower ?? -Infinity) - s);
    check(`group ${g.name} upper`, s - (g.upper ?? Infinity));
  }
  (constraints.linear ?? []).forEach((c, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c.coefficients[i] * weights[i];
    const label = c.label ?? `linear constraint ${k}`;
    check(`${label} lower`, c.lower - s);
    check(`${label} upper`, s - c.upper);
  });
  if (constraints.grossLeverage !== undefined) {
    let gross = 0;
    for (let i = 0; i < n; i++) gross += Math.abs(weights[i]);
    check("gross leverage", gross - constraints.grossLeverage);
  }
  if (constraints.maxTurnover !== undefined) {
    let turnover = 0;
    for (let i = 0; i < n; i++) turnover += Math.abs(weights[i] - (constraints.currentWeights?.[i] ?? 0));
    check("turnover", turnover - constraints.maxTurnover);
  }
  return out.sort((a, b) => b.by - a.by);
}
