/**
 * The 1-D search behind a quadratic limit (a volatility target, a tracking-error limit). A convex
 * problem `min f(w) s.t. g(w) ≤ limit` with g = wᵀΣw or (w − b)ᵀΣ(w − b) is, by Lagrange duality
 * (Slater's condition holds once the limit is above g's minimum), `min f(w) + ν·g(w)` for the ν ≥ 0
 * at which g(w(ν)) = limit, or ν = 0 when the limit does not bind. g(w(ν)) is non-increasing in ν
 * (the standard monotonicity of a penalty path), so the root is bracketed by doubling and then found
 * by Brent's method in ln ν, each step a QP warm-started from the nearest solve. Inside one active
 * set the weights are smooth in ν (piecewise linear in 1/ν when f is linear: the critical line of
 * Markowitz 1956), so the last steps converge superlinearly to machine precision.
 */
import { ConvergenceError } from "../../errors.js";
import { brentRoot } from "./brent-root.js";

export interface MultiplierPoint<S> {
  readonly nu: number;
  /** g(w(ν)) as a standard deviation (volatility, tracking error). */
  readonly value: number;
  readonly state: S;
}

/**
 * Finds ν > 0 with `evaluate(ν).value = limit`, given that the value exceeds the limit as ν → 0 and
 * falls below it as ν → ∞ (the caller checks both ends). `relativeTolerance` applies to the limit.
 */
export function multiplierSearch<S>(
  evaluate: (nu: number) => MultiplierPoint<S>,
  limit: number,
  start: number,
  relativeTolerance = 1e-13,
): MultiplierPoint<S> {
  const cache = new Map<number, MultiplierPoint<S>>();
  const at = (nu: number): MultiplierPoint<S> => {
    let point = cache.get(nu);
    if (point === undefined) {
      point = evaluate(nu);
      cache.set(nu, point);
    }
    return point;
  };
  const fTolerance = relativeTolerance * Math.max(limit, Number.MIN_VALUE);
  // Bracket: the value is above the limit at `low` and at or below it at `high` (factor 8 per step).
  let point = at(start);
  let low: MultiplierPoint<S> | undefined;
  let high: MultiplierPoint<S> | undefined;
  for (let step = 0; step < 400 && (low === undefined || high === undefined); step++) {
    if (Math.abs(point.value - limit) <= fTolerance) return point;
    if (point.value > limit) {
      low = point;
      if (high === undefined) point = at(point.nu * 8);
    } else {
      high = point;
      if (low === undefined) point = at(point.nu / 8);
    }
  }
  if (low === undefined || high === undefined) {
    throw new ConvergenceError(`could not bracket the multiplier of a limit ${limit}`, { limit });
  }
  const f = (u: number) => at(Math.exp(u)).value - limit;
  const u = brentRoot(f, Math.log(low.nu), Math.log(high.nu), low.value - limit, high.value - limit, {
    fTolerance,
    xTolerance: 1e-15,
  });
  // Brent returns its best point; it has been evaluated (cached) unless the bracket closed on an end.
  const best = cache.get(Math.exp(u)) ?? at(Math.exp(u));
  return best;
}
