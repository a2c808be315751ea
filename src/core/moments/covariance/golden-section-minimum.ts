/**
 * Bounded minimisation of a function of one variable: a coarse grid to find the best basin, then
 * golden-section search inside the two grid cells around the best grid point. Private to this folder
 * (the Marchenko-Pastur fit of `denoiseCovariance` uses it).
 *
 * Why a grid first: the Marchenko-Pastur fitting error need not be unimodal in σ² (a kernel density of
 * a few dozen eigenvalues is bumpy), and a local method started at one point, as
 * `scipy.optimize.minimize` is in López de Prado's code, can stop in a worse basin.
 */
import { InvalidInputError } from "../../errors.js";

export interface ScalarMinimum {
  readonly x: number;
  readonly value: number;
  /** Function evaluations made. */
  readonly evaluations: number;
}

export interface GoldenSectionOptions {
  /** Grid intervals over [lower, upper] before the golden-section refinement. Default 64. */
  readonly gridIntervals?: number;
  /** Stop when the bracket is narrower than this (absolute, in x). Default 1e-10. */
  readonly tolerance?: number;
}

/** 1/φ, the golden ratio's inverse: each step keeps this fraction of the bracket. */
const INVERSE_PHI = (Math.sqrt(5) - 1) / 2;

/**
 * The minimiser of `f` over `[lower, upper]`. `NaN` values count as +∞ (outside the function's domain).
 *
 * Reference: Kiefer (1953), "Sequential minimax search for a maximum", Proceedings of the AMS 4(3),
 * 502–506 (golden-section search); Press, Teukolsky, Vetterling & Flannery (2007), "Numerical Recipes",
 * 3rd ed., §10.2.
 *
 * @example goldenSectionMinimum((x) => (x - 0.3) ** 2, 0, 1).x // ≈ 0.3
 */
export function goldenSectionMinimum(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: GoldenSectionOptions = {},
): ScalarMinimum {
  const { gridIntervals = 64, tolerance = 1e-10 } = options;
  if (!(Number.isFinite(lower) && Number.isFinite(upper) && lower < upper)) {
    throw new InvalidInputError(`goldenSectionMinimum: need finite bounds lower < upper, got [${lower}, ${upper}]`, {
      lower,
      upper,
    });
  }
  if (!(Number.isInteger(gridIntervals) && gridIntervals >= 2) || !(tolerance > 0)) {
    throw new InvalidInputError("goldenSectionMinimum: gridIntervals must be an integer ≥ 2 and tolerance > 0", {
      gridIntervals,
      tolerance,
    });
  }
  let evaluations = 0;
  const g = (x: number): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };

  const step = (upper - lower) / gridIntervals;
  let bestK = 0;
  let bestValue = Infinity;
  for (let k = 0; k <= gridIntervals; k++) {
    const v = g(k === gridIntervals ? upper : lower + k * step);
    if (v < bestValue) {
      bestValue = v;
      bestK = k;
    }
  }
  let bestX = bestK === gridIntervals ? upper : lower + bestK * step;

  let a = Math.max(lower, lower + (bestK - 1) * step);
  let b = Math.min(upper, lower + (bestK + 1) * step);
  let c = b - INVERSE_PHI * (b - a);
  let d = a + INVERSE_PHI * (b - a);
  let fc = g(c);
  let fd = g(d);
  while (b - a > tolerance) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - INVERSE_PHI * (b - a);
      fc = g(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + INVERSE_PHI * (b - a);
      fd = g(d);
    }
  }
  const x = (a + b) / 2;
  const fx = g(x);
  // The grid point can still win when the minimum sits on a bound or the function is flat there.
  if (fx <= bestValue) {
    bestX = x;
    bestValue = fx;
  }
  return { x: bestX, value: bestValue, evaluations };
}
