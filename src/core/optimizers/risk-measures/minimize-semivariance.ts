/**
 * Minimum semivariance by a generalised Newton method over the shortfall set, solving small dense QPs
 * with our active-set solver. PyPortfolioOpt's EfficientSemivariance writes the problem as one QP in
 * (w, p, n) with a variable per scenario; HiGHS's active-set QP solver fails on it at tight
 * tolerances, and a QP with T extra variables is slow for a dense solver. But the objective
 *
 *     f(x) = Σₜ max(0, hₜ − gₜᵀx)² + cᵀx (+ λ‖w‖², an L2 penalty on the weights)
 *
 * is convex, continuously differentiable and piecewise quadratic in the portfolio's own variables
 * (a handful), so Newton's method on it is exact: on the set S of scenarios in shortfall at x it is the
 * quadratic Σ_{t∈S} (hₜ − gₜᵀx)² + cᵀx, whose constrained minimiser gives a descent direction, and an
 * exact line search along it (f' is piecewise linear and non-decreasing) makes every step decrease f
 * (Pang & Qi 1995, "A globally convergent Newton method for convex SC¹ minimization problems").
 * At a point that minimises the quadratic of its own shortfall set, ∇f equals the quadratic's
 * gradient, so the KKT conditions of the true problem hold: the answer is exact, not approximate.
 */
import { ConvergenceError } from "../../errors.js";
import type { Matrix } from "../../linalg/matrix.js";
import type { CompiledConstraints } from "../constraints/index.js";
import { solveQuadraticProgram, type QpSolution } from "../qp/index.js";

export interface ExtraRow {
  /** One coefficient per compiled variable. */
  readonly coefficients: Float64Array;
  readonly lower: number;
  readonly upper: number;
}

export interface SemivarianceProblem {
  readonly compiled: CompiledConstraints;
  readonly extraRows: readonly ExtraRow[];
  /** `T × nAssets`: gₜ is row t on the weight variables. */
  readonly scenarios: Matrix;
  readonly benchmark: number;
  /** Max Sortino: hₜ = 0 and gₜ gets −benchmark on this variable (κ). */
  readonly scaleVariable?: number;
  /** c, one per compiled variable (transaction costs, already in the objective's units). */
  readonly linearCost: Float64Array;
  /** λ of an L2 penalty `λ·Σwᵢ²` on the weights (the first nAssets variables), in the objective's units. */
  readonly weightPenalty?: number;
}

export interface SemivarianceSolution {
  readonly x: Float64Array;
  /** Σ shortfall² (without the cost term). */
  readonly sumOfSquares: number;
  readonly objective: number;
  readonly iterations: number;
  readonly solves: number;
}

// More than enough: each step solves a 20-asset QP, and the shortfall set settles in a few steps.
const MAX_NEWTON_STEPS = 200;

export function minimizeSemivariance(problem: SemivarianceProblem): SemivarianceSolution {
  const { compiled, scenarios: R, benchmark, scaleVariable, linearCost } = problem;
  const lambda = problem.weightPenalty ?? 0;
  const nv = compiled.nVariables;
  const n = R.cols;
  const T = R.rows;
  const h = scaleVariable === undefined ? benchmark : 0;
  const gx = (x: Float64Array, t: number) => {
    let v = scaleVariable === undefined ? 0 : -benchmark * x[scaleVariable];
    for (let i = 0; i < n; i++) v += R.data[t * n + i] * x[i];
    return v;
  };

  const eqRows = problem.extraRows.filter((r) => r.lower === r.upper);
  const inRows = problem.extraRows.filter((r) => r.lower !== r.upper);
  const stack = (base: Matrix, rows: readonly ExtraRow[]): Matrix => {
    const data = new Float64Array((base.rows + rows.length) * nv);
    data.set(base.data);
    rows.forEach((r, k) => data.set(r.coefficients, (base.rows + k) * nv));
    return { rows: base.rows + rows.length, cols: nv, data };
  };
  const equalities = { A: stack(compiled.equalities.A, eqRows), b: Float64Array.from([...compiled.equalities.b, ...eqRows.map((r) => r.lower)]) };
  const inequalities = {
    C: stack(compiled.inequalities.C, inRows),
    lower: Float64Array.from([...compiled.inequalities.lower, ...inRows.map((r) => r.lower)]),
    upper: Float64Array.from([...compiled.inequalities.upper, ...inRows.map((r) => r.upper)]),
  };

  let iterations = 0;
  let solves = 0;
  let last: QpSolution | undefined;
  /** Minimises the quadratic of the scenarios in `inSet`. */
  const solveOn = (inSet: (t: number) => boolean): QpSolution => {
    const P = new Float64Array(nv * nv);
    for (let i = 0; i < n; i++) P[i * nv + i] = 2 * lambda;
    const q = Float64Array.from(linearCost);
    const g = new Float64Array(nv);
    for (let t = 0; t < T; t++) {
      if (!inSet(t)) continue;
      g.fill(0);
      for (let i = 0; i < n; i++) g[i] = R.data[t * n + i];
      if (scaleVariable !== undefined) g[scaleVariable] -= benchmark;
      // ½xᵀPx + qᵀx = (h − gᵀx)² − h²: P += 2ggᵀ, q −= 2hg.
      for (let a = 0; a < nv; a++) {
        if (g[a] === 0) continue;
        q[a] -= 2 * h * g[a];
        for (let b = 0; b < nv; b++) P[a * nv + b] += 2 * g[a] * g[b];
      }
    }
    const solution = solveQuadraticProgram(
      { P: { size: nv, data: P }, q, equalities, inequalities, lowerBounds: compiled.lowerBounds, upperBounds: compiled.upperBounds },
      last === undefined ? {} : { warmStart: last },
    );
    iterations += solution.iterations;
    solves += 1;
    last = solution;
    return solution;
  };
  const evaluate = (x: Float64Array) => {
    let squares = 0;
    for (let t = 0; t < T; t++) squares += Math.max(0, h - gx(x, t)) ** 2;
    let cost = 0;
    for (let j = 0; j < nv; j++) cost += linearCost[j] * x[j];
    for (let i = 0; i < n; i++) cost += lambda * x[i] * x[i];
    return { squares, value: squares + cost };
  };

  // Start from the least-squares point (every scenario counted), a good guess of the downside.
  let x = Float64Array.from(solveOn(() => true).x);
  let current = evaluate(x);
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    const shortfall = new Uint8Array(T);
    for (let t = 0; t < T; t++) shortfall[t] = gx(x, t) < h ? 1 : 0;
    const candidate = solveOn((t) => shortfall[t] === 1).x;
    const d = Float64Array.from(candidate, (v, j) => v - x[j]);
    const s = exactLineSearch(x, d, T, h, gx, linearCost, lambda, n);
    const next = Float64Array.from(x, (v, j) => v + s * d[j]);
    const trial = evaluate(next);
    // Stop when the step no longer lowers f beyond rounding (relative 1e-15): x minimises the
    // quadratic of its own shortfall set, which is the optimality condition.
    if (!(trial.value < current.value - 1e-15 * Math.max(1e-300, Math.abs(current.value)))) {
      return { x, sumOfSquares: current.squares, objective: current.value, iterations, solves };
    }
    x = next;
    current = trial;
  }
  throw new ConvergenceError(`minimum semivariance: the shortfall set did not settle within ${MAX_NEWTON_STEPS} Newton steps`, { steps: MAX_NEWTON_STEPS });
}

/** argmin over s ∈ [0, 1] of f(x + s·d), by bisection on f', which is non-decreasing and piecewise linear. */
function exactLineSearch(
  x: Float64Array,
  d: Float64Array,
  T: number,
  h: number,
  gx: (x: Float64Array, t: number) => number,
  c: Float64Array,
  lambda: number,
  n: number,
): number {
  const base = new Float64Array(T);
  const slope = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    base[t] = h - gx(x, t);
    // gₜᵀd: gx has no constant term (the benchmark enters through κ or through h), so it applies to d.
    slope[t] = gx(d, t);
  }
  let cd = 0;
  for (let j = 0; j < d.length; j++) cd += c[j] * d[j];
  // The penalty's derivative along d: 2λ·Σ(xᵢ + s·dᵢ)dᵢ.
  let xd = 0;
  let dd = 0;
  for (let i = 0; i < n; i++) {
    xd += x[i] * d[i];
    dd += d[i] * d[i];
  }
  const derivative = (s: number) => {
    let v = cd + 2 * lambda * (xd + s * dd);
    for (let t = 0; t < T; t++) {
      const r = base[t] - s * slope[t];
      if (r > 0) v -= 2 * r * slope[t];
    }
    return v;
  };
  if (derivative(1) <= 0) return 1;
  if (derivative(0) >= 0) return 0;
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 80 && hi - lo > 1e-17; k++) {
    const mid = 0.5 * (lo + hi);
    if (derivative(mid) > 0) hi = mid;
    else lo = mid;
  }
  return lo;
}
