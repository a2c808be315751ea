/**
 * Exact frontier points without a solve, where the critical line allows it. Between two breakpoints
 * the efficient portfolios and their KKT multipliers are affine in the target return (Markowitz 1956;
 * Niedermayer & Niedermayer 2010): the KKT system on a fixed active set is linear and only the
 * target's right-hand side moves. So when two consecutive points share their active set, the next
 * evenly spaced point is their linear extrapolation, provided it still satisfies the conditions that
 * are inequalities (free weights inside their bounds, inactive rows inside their limits, multipliers of
 * the right sign). Stationarity and the active equalities hold by linearity. When a check fails, a
 * breakpoint lies in between and the caller solves the QP, warm-started.
 */
import type { ActiveSet, QuadraticProgram } from "../qp/index.js";

export interface FrontierState {
  readonly x: Float64Array;
  readonly activeSet: ActiveSet;
  readonly multipliers: { readonly equalities: Float64Array; readonly inequalities: Float64Array; readonly bounds: Float64Array };
}

function sameActiveSet(a: ActiveSet, b: ActiveSet): boolean {
  if (a.bounds.length !== b.bounds.length || a.inequalities.length !== b.inequalities.length) return false;
  for (let j = 0; j < a.bounds.length; j++) if (a.bounds[j] !== b.bounds[j]) return false;
  for (let i = 0; i < a.inequalities.length; i++) if (a.inequalities[i] !== b.inequalities[i]) return false;
  return true;
}

const affine = (a: Float64Array, b: Float64Array) => Float64Array.from(b, (v, k) => 2 * v - a[k]);

/**
 * The point after `b` on the line through `a` and `b` (equal steps in the target), or null when the
 * two do not share an active set or the extrapolated point breaks an inequality of the KKT conditions.
 */
export function extrapolateFrontier(a: FrontierState, b: FrontierState, program: QuadraticProgram): FrontierState | null {
  if (!sameActiveSet(a.activeSet, b.activeSet)) return null;
  const x = affine(a.x, b.x);
  const z = affine(a.multipliers.bounds, b.multipliers.bounds);
  const w = affine(a.multipliers.inequalities, b.multipliers.inequalities);
  const lb = program.lowerBounds;
  const ub = program.upperBounds;
  const { bounds, inequalities } = b.activeSet;
  for (let j = 0; j < x.length; j++) {
    const lo = lb?.[j] ?? -Infinity;
    const hi = ub?.[j] ?? Infinity;
    switch (bounds[j]) {
      case "free":
        if (!(x[j] >= lo && x[j] <= hi)) return null;
        z[j] = 0;
        break;
      case "lower":
        if (!(z[j] >= 0)) return null;
        x[j] = lo;
        break;
      case "upper":
        if (!(z[j] <= 0)) return null;
        x[j] = hi;
        break;
      default:
        x[j] = lo;
    }
  }
  const rows = program.inequalities;
  if (rows !== undefined) {
    const { C, lower, upper } = rows;
    for (let i = 0; i < C.rows; i++) {
      const status = inequalities[i];
      if (status === "lower" && !(w[i] >= 0)) return null;
      if (status === "upper" && !(w[i] <= 0)) return null;
      if (status !== "inactive") continue;
      let value = 0;
      for (let j = 0; j < C.cols; j++) value += C.data[i * C.cols + j] * x[j];
      if (!(value >= lower[i] && value <= upper[i])) return null;
      w[i] = 0;
    }
  }
  return { x, activeSet: b.activeSet, multipliers: { equalities: affine(a.multipliers.equalities, b.multipliers.equalities), inequalities: w, bounds: z } };
}
