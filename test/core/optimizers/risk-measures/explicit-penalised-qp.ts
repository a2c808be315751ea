/**
 * A slow, obvious reference for the L2-penalised risk-measure models: the whole penalised problem
 * written out as ONE quadratic program in the weights and every scenario auxiliary, solved by our
 * dense active-set QP. It shares no code with the models (no constraint compiler, no LP builder, no
 * cutting planes), so a model that agrees with it has solved the problem the specification states:
 *
 * - CVaR (Rockafellar & Uryasev 2000): (w, a, u₁…u_T), rows Rₜw + a + uₜ ≥ 0, u ≥ 0,
 *   risk = a + Σu/((1−β)T).
 * - CDaR (Chekhlov, Uryasev & Zabarankin 2005): (w, α, u₁…u_T, z₁…z_T), rows uₜ − uₜ₋₁ + Rₜw ≥ 0
 *   (no u₀ term at t = 1), zₜ − uₜ + α ≥ 0, u, z ≥ 0, risk = α + Σz/((1−β)T).
 * - MAD (Konno & Yamazaki 1991): vₜ ≥ 0, rows (Rₜ − R̄)w + vₜ ≥ 0, risk = 2Σv/T.
 * - Semivariance: nₜ ≥ 0, rows Rₜw + nₜ ≥ b, risk = Σn²/T (Hessian 2/T on n).
 *
 * Objective: risk + γ‖w‖² (Hessian 2γ on the weights), optionally with μᵀw ≥ target; or, under a
 * risk cap, −μᵀw + γ‖w‖² with the risk expression ≤ cap as one more row (PyPortfolioOpt's
 * efficient_risk with L2_reg). Constraints: Σw = budget, per-asset bounds, group rows.
 */
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { solveQuadraticProgram, type QpSolution, type QuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";

export type PenalisedMeasure =
  | { readonly kind: "cvar"; readonly confidence: number }
  | { readonly kind: "cdar"; readonly confidence: number }
  | { readonly kind: "mad" }
  | { readonly kind: "semivariance"; readonly benchmark: number };

export interface ReferenceGroup {
  readonly members: readonly number[];
  readonly lower?: number;
  readonly upper?: number;
}

export interface PenalisedProblem {
  /** `T × nAssets` per-period returns. */
  readonly scenarios: Matrix;
  readonly measure: PenalisedMeasure;
  readonly l2Gamma: number;
  /** Per-asset bounds, the same for every asset (default [0, 1]). */
  readonly bounds?: readonly [number, number];
  readonly groups?: readonly ReferenceGroup[];
  readonly budget?: number;
  /** Annual expected returns, one per asset: needed for a target or a cap. */
  readonly mu?: ArrayLike<number>;
  /** Floor μᵀw ≥ targetReturn. */
  readonly targetReturn?: number;
  /** Maximise μᵀw − γ‖w‖² subject to risk ≤ maxRisk (not for the semivariance). */
  readonly maxRisk?: number;
  /**
   * Weights meeting the budget (default equal weight), ideally every row too, from which a start is
   * built with the auxiliaries as tight as the rows allow: from the origin our QP's phase 1 reached its
   * iteration limit on a 60-scenario CVaR program.
   */
  readonly startWeights?: ArrayLike<number>;
}

export interface PenalisedSolution {
  readonly weights: Float64Array;
  /** The QP's objective: risk + γ‖w‖², or −μᵀw + γ‖w‖² under a cap. */
  readonly objective: number;
}

interface Row {
  readonly coefficients: Map<number, number>;
  readonly lower: number;
  readonly upper: number;
}

/** Solves the explicit penalised program; see the file header for its variables and rows. */
export function solvePenalisedReference(problem: PenalisedProblem): PenalisedSolution {
  const { scenarios: R, measure, l2Gamma } = problem;
  const T = R.rows;
  const n = R.cols;
  const [lo, hi] = problem.bounds ?? [0, 1];
  const lowerBounds: number[] = new Array<number>(n).fill(lo);
  const upperBounds: number[] = new Array<number>(n).fill(hi);
  const addVariables = (count: number, lower: number): number => {
    const first = lowerBounds.length;
    for (let k = 0; k < count; k++) {
      lowerBounds.push(lower);
      upperBounds.push(Infinity);
    }
    return first;
  };
  const rows: Row[] = [];
  /** Row Σᵢ (Rₜᵢ − shiftᵢ)·wᵢ + Σ extra ≥ lower. */
  const scenarioRow = (t: number, shift: Float64Array | null, extra: [number, number][], lower: number) => {
    const coefficients = new Map<number, number>();
    for (let i = 0; i < n; i++) coefficients.set(i, R.data[t * n + i] - (shift === null ? 0 : shift[i]));
    for (const [j, a] of extra) coefficients.set(j, (coefficients.get(j) ?? 0) + a);
    rows.push({ coefficients, lower, upper: Infinity });
  };

  // The risk as a linear expression (riskLinear) plus, for the semivariance, squares on a block.
  const riskLinear = new Map<number, number>();
  let squares: { first: number; scale: number } | undefined;
  if (measure.kind === "cvar" || measure.kind === "cdar") {
    const tailWeight = 1 / ((1 - measure.confidence) * T);
    const quantile = addVariables(1, -Infinity);
    const u = addVariables(T, 0);
    if (measure.kind === "cvar") {
      for (let t = 0; t < T; t++) scenarioRow(t, null, [[quantile, 1], [u + t, 1]], 0);
      riskLinear.set(quantile, 1);
      for (let t = 0; t < T; t++) riskLinear.set(u + t, tailWeight);
    } else {
      const z = addVariables(T, 0);
      for (let t = 0; t < T; t++) scenarioRow(t, null, t === 0 ? [[u, 1]] : [[u + t, 1], [u + t - 1, -1]], 0);
      for (let t = 0; t < T; t++) {
        rows.push({ coefficients: new Map([[z + t, 1], [u + t, -1], [quantile, 1]]), lower: 0, upper: Infinity });
      }
      riskLinear.set(quantile, 1);
      for (let t = 0; t < T; t++) riskLinear.set(z + t, tailWeight);
    }
  } else if (measure.kind === "mad") {
    const mean = new Float64Array(n);
    for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) mean[i] += R.data[t * n + i] / T;
    const v = addVariables(T, 0);
    for (let t = 0; t < T; t++) scenarioRow(t, mean, [[v + t, 1]], 0);
    for (let t = 0; t < T; t++) riskLinear.set(v + t, 2 / T);
  } else {
    const shortfall = addVariables(T, 0);
    for (let t = 0; t < T; t++) scenarioRow(t, null, [[shortfall + t, 1]], measure.benchmark);
    squares = { first: shortfall, scale: 1 / T };
  }

  const nv = lowerBounds.length;
  const start = new Float64Array(nv);
  const startWeights = problem.startWeights ?? new Array<number>(n).fill((problem.budget ?? 1) / n);
  for (let i = 0; i < n; i++) start[i] = startWeights[i];
  fillTightAuxiliaries(start, R, measure);
  const P = new Float64Array(nv * nv);
  const q = new Float64Array(nv);
  // ½·2γ·wᵢ² = γwᵢ²: PyPortfolioOpt's L2_reg has no ½.
  for (let i = 0; i < n; i++) P[i * nv + i] = 2 * l2Gamma;
  if (problem.maxRisk !== undefined) {
    if (squares !== undefined) throw new Error("the reference caps linear risk expressions only");
    const mu = requireMu(problem, n);
    for (let i = 0; i < n; i++) q[i] = -mu[i];
    rows.push({ coefficients: riskLinear, lower: -Infinity, upper: problem.maxRisk });
  } else {
    for (const [j, c] of riskLinear) q[j] += c;
    if (squares !== undefined) for (let t = 0; t < T; t++) P[(squares.first + t) * nv + squares.first + t] = 2 * squares.scale;
  }
  if (problem.targetReturn !== undefined) {
    const mu = requireMu(problem, n);
    rows.push({ coefficients: new Map(Array.from({ length: n }, (_, i): [number, number] => [i, mu[i]])), lower: problem.targetReturn, upper: Infinity });
  }
  for (const g of problem.groups ?? []) {
    rows.push({ coefficients: new Map(g.members.map((i): [number, number] => [i, 1])), lower: g.lower ?? -Infinity, upper: g.upper ?? Infinity });
  }

  const C = new Float64Array(rows.length * nv);
  rows.forEach((row, r) => row.coefficients.forEach((c, j) => (C[r * nv + j] = c)));
  const budgetRow = new Float64Array(nv);
  budgetRow.fill(1, 0, n);
  const x = proximalPointSolve(
    {
      P: { size: nv, data: P },
      q,
      equalities: { A: { rows: 1, cols: nv, data: budgetRow }, b: [problem.budget ?? 1] },
      inequalities: { C: { rows: rows.length, cols: nv, data: C }, lower: rows.map((r) => r.lower), upper: rows.map((r) => r.upper) },
      lowerBounds,
      upperBounds,
    },
    start,
  );
  let objective = 0;
  for (let j = 0; j < nv; j++) {
    let px = 0;
    for (let k = 0; k < nv; k++) px += P[j * nv + k] * x[k];
    objective += x[j] * (0.5 * px + q[j]);
  }
  return { weights: x.slice(0, n), objective };
}

// ρ of the proximal terms. 1e-4 (against risk coefficients of order 1/((1−β)T) and weights of order 1)
// keeps every subproblem well conditioned and converges in a few outer steps; 1e-5 already left some
// CVaR programs circling at the 1e-10 level.
const PROXIMAL_WEIGHT = 1e-4;
const MAX_OUTER = 5000;
// Stop when the original program's stationarity residual ρ‖xₖ₊₁ − xₖ‖∞ is at rounding level: the
// objective is then optimal to ~1e-14·‖x − x*‖, far inside the 1e-9 the tests compare at (1e-15 was
// below the rounding floor of some capped programs, whose steps stalled near 5e-11).
const STATIONARITY = 1e-14;

/**
 * Proximal-point iterations (Rockafellar 1976, "Monotone operators and the proximal point algorithm"):
 * each subproblem adds (ρ/2)‖x − xₖ‖², so it is strictly convex in every variable and the active-set
 * solver never meets a singular Hessian block. On these LP-like programs (zero curvature on T or 2T
 * auxiliaries) its own proximal mode, with ρ = 1e-9 of the largest diagonal, hit its iteration limit
 * or stopped 1e-9…1e-6 short; with a well-conditioned ρ each subproblem is solved exactly. A fixed
 * point minimises the original program.
 */
function proximalPointSolve(problem: QuadraticProgram, start: Float64Array): Float64Array {
  const nv = problem.P.size;
  const P = Float64Array.from(problem.P.data);
  for (let j = 0; j < nv; j++) P[j * nv + j] += PROXIMAL_WEIGHT;
  let center = start;
  let previous: QpSolution | undefined;
  let moved = Infinity;
  for (let outer = 0; outer < MAX_OUTER; outer++) {
    const q = Float64Array.from(problem.q, (v, j) => v - PROXIMAL_WEIGHT * center[j]);
    previous = solveQuadraticProgram({ ...problem, P: { size: nv, data: P }, q }, { warmStart: previous ?? { x: center } });
    moved = 0;
    for (let j = 0; j < nv; j++) moved = Math.max(moved, Math.abs(previous.x[j] - center[j]));
    center = previous.x;
    if (PROXIMAL_WEIGHT * moved <= STATIONARITY) return center;
  }
  throw new Error(`proximal point: still moving by ${moved} after ${MAX_OUTER} outer iterations`);
}

/**
 * The auxiliaries at the least values the rows allow at the start weights, so the start is feasible
 * and its risk expression equals the measure (the tail's quantile at the β order statistic).
 */
function fillTightAuxiliaries(x: Float64Array, R: Matrix, measure: PenalisedMeasure): void {
  const T = R.rows;
  const n = R.cols;
  const returns = Float64Array.from({ length: T }, (_, t) => {
    let r = 0;
    for (let i = 0; i < n; i++) r += R.data[t * n + i] * x[i];
    return r;
  });
  const quantileOf = (losses: Float64Array, beta: number) => Float64Array.from(losses).sort()[Math.min(T - 1, Math.max(0, Math.ceil(beta * T - 1e-9) - 1))];
  if (measure.kind === "cvar") {
    const losses = returns.map((r) => -r);
    const a = quantileOf(losses, measure.confidence);
    x[n] = a;
    for (let t = 0; t < T; t++) x[n + 1 + t] = Math.max(0, losses[t] - a);
  } else if (measure.kind === "cdar") {
    const drawdowns = new Float64Array(T);
    for (let t = 0, d = 0; t < T; t++) drawdowns[t] = d = Math.max(d - returns[t], 0);
    const alpha = quantileOf(drawdowns, measure.confidence);
    x[n] = alpha;
    for (let t = 0; t < T; t++) {
      x[n + 1 + t] = drawdowns[t];
      x[n + 1 + T + t] = Math.max(0, drawdowns[t] - alpha);
    }
  } else if (measure.kind === "mad") {
    const mean = returns.reduce((s, r) => s + r, 0) / T;
    for (let t = 0; t < T; t++) x[n + t] = Math.max(0, mean - returns[t]);
  } else {
    for (let t = 0; t < T; t++) x[n + t] = Math.max(0, measure.benchmark - returns[t]);
  }
}

function requireMu(problem: PenalisedProblem, n: number): ArrayLike<number> {
  if (problem.mu === undefined || problem.mu.length !== n) throw new Error("a target or a cap needs one expected return per asset");
  return problem.mu;
}
