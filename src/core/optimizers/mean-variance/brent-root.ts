/**
 * Brent's method for a root of a continuous function on a bracket (Brent 1973, "Algorithms for
 * Minimization without Derivatives", ch. 4): inverse quadratic interpolation and secant steps,
 * safeguarded by bisection, so it converges superlinearly on a smooth piece and never leaves the
 * bracket. Used on the 1-D searches over a Lagrange multiplier (efficient risk, tracking-error limit),
 * where the function is piecewise smooth: smooth inside one active set of the QP, kinked between.
 */
import { ConvergenceError } from "../../errors.js";

export interface RootOptions {
  /** Stop when |f(x)| ≤ fTolerance. */
  readonly fTolerance: number;
  /** Stop when the bracket is narrower than this (absolute, in x). */
  readonly xTolerance: number;
  readonly maxIterations?: number;
}

/**
 * A root of `f` in [a, b] given `fa = f(a)` and `fb = f(b)` of opposite signs. Returns the last point
 * evaluated when it meets a tolerance, so the caller's cached solve at that point is the answer.
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, fa: number, fb: number, options: RootOptions): number {
  const maxIterations = options.maxIterations ?? 200;
  if (Math.abs(fa) <= options.fTolerance) return a;
  if (Math.abs(fb) <= options.fTolerance) return b;
  if (fa * fb > 0) throw new ConvergenceError(`root search started without a bracket: f(${a}) = ${fa}, f(${b}) = ${fb}`, { a, b, fa, fb });
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * options.xTolerance;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = d;
      }
    } else {
      d = m;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    if (Math.abs(fb) <= options.fTolerance) return b;
  }
  throw new ConvergenceError(`root search did not converge in ${maxIterations} steps`, { x: b, f: fb });
}
