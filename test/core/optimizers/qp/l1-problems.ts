/**
 * L1-penalised minimum variance written two ways, for tests that compare the formulations.
 *
 *     minimise wᵀΣw + c·Σ|wᵢ − w0ᵢ|   s.t.  Σw = 1,  lo ≤ w ≤ hi,  [Σ|wᵢ − w0ᵢ| ≤ T],  [Σ|wᵢ| ≤ L]
 *
 * - `auxiliaryForm`: variables (w, t[, s]) with tᵢ ≥ |wᵢ − w0ᵢ| as the two rows tᵢ − wᵢ ≥ −w0ᵢ and
 *   tᵢ + wᵢ ≥ w0ᵢ (and sᵢ ≥ |wᵢ| likewise for gross leverage). P = 2Σ on w and zero elsewhere, so the
 *   solver runs in proximal mode, and at a weight that stays at w0ᵢ both rows of tᵢ hold: the degenerate
 *   case that used to leave the working set dependent.
 * - `splitForm`: w = w0 + u − v with u, v ≥ 0 (and w = a − b with a, b ≥ 0 for leverage, tied to u, v by
 *   equality rows), the textbook reformulation of an L1 term (Boyd & Vandenberghe, "Convex Optimization",
 *   2004, §4.3.1 / §6.1.2). Its constant w0ᵀΣw0 is returned beside the problem.
 *
 * Both have the same optimal value; neither shares its active-set structure with the other.
 */
import type { QpSolution, QuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";

export interface L1Case {
  /** Covariance, n × n. */
  readonly S: readonly (readonly number[])[];
  readonly w0: readonly number[];
  readonly cost: number;
  /** Box on the weights. */
  readonly lo: number;
  readonly hi: number;
  /** Turnover cap Σ|w − w0| ≤ cap. */
  readonly cap?: number;
  /** Gross leverage cap Σ|w| ≤ leverage. */
  readonly leverage?: number;
  /** Give the auxiliaries tᵢ the (redundant) bound tᵢ ≥ 0. */
  readonly auxiliaryBound?: boolean;
}

/** Row-major dense builder: `rows` arrays of `cols` numbers. */
function dense(rows: number[][], cols: number): { rows: number; cols: number; data: Float64Array } {
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, r) => data.set(row, r * cols));
  return { rows: rows.length, cols, data };
}

function unit(size: number, entries: [number, number][]): number[] {
  const row = new Array<number>(size).fill(0);
  for (const [j, v] of entries) row[j] = v;
  return row;
}

/** Variables (w, t[, s]); the objective is wᵀΣw + c·Σt. */
export function auxiliaryForm(c: L1Case): QuadraticProgram {
  const n = c.w0.length;
  const lev = c.leverage !== undefined;
  const N = lev ? 3 * n : 2 * n;
  const P = new Float64Array(N * N);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * N + j] = 2 * c.S[i][j];
  const q = new Float64Array(N);
  for (let i = 0; i < n; i++) q[n + i] = c.cost;
  const rows: number[][] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(unit(N, [[n + i, 1], [i, -1]]), unit(N, [[n + i, 1], [i, 1]]));
    lower.push(-c.w0[i], c.w0[i]);
    upper.push(Infinity, Infinity);
  }
  if (c.cap !== undefined) {
    rows.push(unit(N, Array.from({ length: n }, (_, i): [number, number] => [n + i, 1])));
    lower.push(-Infinity);
    upper.push(c.cap);
  }
  if (lev) {
    for (let i = 0; i < n; i++) {
      rows.push(unit(N, [[2 * n + i, 1], [i, -1]]), unit(N, [[2 * n + i, 1], [i, 1]]));
      lower.push(0, 0);
      upper.push(Infinity, Infinity);
    }
    rows.push(unit(N, Array.from({ length: n }, (_, i): [number, number] => [2 * n + i, 1])));
    lower.push(-Infinity);
    upper.push(c.leverage!);
  }
  const lb = new Float64Array(N).fill(-Infinity);
  const ub = new Float64Array(N).fill(Infinity);
  for (let i = 0; i < n; i++) {
    lb[i] = c.lo;
    ub[i] = c.hi;
    if (c.auxiliaryBound) lb[n + i] = 0;
  }
  return {
    P: { size: N, data: P },
    q,
    equalities: { A: dense([unit(N, Array.from({ length: n }, (_, i): [number, number] => [i, 1]))], N), b: [1] },
    inequalities: { C: dense(rows, N), lower, upper },
    lowerBounds: lb,
    upperBounds: ub,
  };
}

/**
 * Without leverage: variables (u, v), w = w0 + u − v. With leverage: variables (a, b, u, v), w = a − b,
 * a − b − u + v = w0. `constant` is what the objective leaves out (w0ᵀΣw0 in the first case).
 */
export function splitForm(c: L1Case): { problem: QuadraticProgram; constant: number } {
  const n = c.w0.length;
  const S = c.S;
  const lev = c.leverage !== undefined;
  const N = lev ? 4 * n : 2 * n;
  // Blocks of (w-part ± , cost-part): w = Σ sign_k·x_k over the w-blocks, u and v carry the cost.
  const wBlocks: [number, number][] = lev ? [[0, 1], [n, -1]] : [[0, 1], [n, -1]];
  const uv = lev ? [2 * n, 3 * n] : [0, n];
  const P = new Float64Array(N * N);
  for (const [oa, sa] of wBlocks) {
    for (const [ob, sb] of wBlocks) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[(oa + i) * N + ob + j] = 2 * sa * sb * S[i][j];
  }
  const q = new Float64Array(N);
  let constant = 0;
  for (let i = 0; i < n; i++) {
    q[uv[0] + i] += c.cost;
    q[uv[1] + i] += c.cost;
    if (!lev) {
      let sw = 0;
      for (let j = 0; j < n; j++) sw += S[i][j] * c.w0[j];
      q[i] += 2 * sw;
      q[n + i] -= 2 * sw;
      constant += c.w0[i] * sw;
    }
  }
  const eqRows: number[][] = [];
  const b: number[] = [];
  const sumW = c.w0.reduce((s, v) => s + v, 0);
  eqRows.push(unit(N, [...Array.from({ length: n }, (_, i): [number, number] => [i, 1]), ...Array.from({ length: n }, (_, i): [number, number] => [n + i, -1])]));
  b.push(lev ? 1 : 1 - sumW);
  if (lev) {
    for (let i = 0; i < n; i++) {
      eqRows.push(unit(N, [[i, 1], [n + i, -1], [2 * n + i, -1], [3 * n + i, 1]]));
      b.push(c.w0[i]);
    }
  }
  const rows: number[][] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  const lb = new Float64Array(N);
  const ub = new Float64Array(N).fill(Infinity);
  if (lev) {
    // a, b ∈ [0, hi] with lo = −hi: w = a − b spans [−hi, hi].
    for (let i = 0; i < 2 * n; i++) ub[i] = c.hi;
    rows.push(unit(N, Array.from({ length: 2 * n }, (_, i): [number, number] => [i, 1])));
    lower.push(-Infinity);
    upper.push(c.leverage!);
  } else {
    for (let i = 0; i < n; i++) {
      rows.push(unit(N, [[i, 1], [n + i, -1]]));
      lower.push(c.lo - c.w0[i]);
      upper.push(c.hi - c.w0[i]);
    }
  }
  if (c.cap !== undefined) {
    rows.push(unit(N, [...Array.from({ length: n }, (_, i): [number, number] => [uv[0] + i, 1]), ...Array.from({ length: n }, (_, i): [number, number] => [uv[1] + i, 1])]));
    lower.push(-Infinity);
    upper.push(c.cap);
  }
  return {
    problem: {
      P: { size: N, data: P },
      q,
      equalities: { A: dense(eqRows, N), b },
      inequalities: { C: dense(rows, N), lower, upper },
      lowerBounds: lb,
      upperBounds: ub,
    },
    constant,
  };
}

/**
 * KKT residuals recomputed from the problem data and the returned x and multipliers, not read from
 * `sol.kkt`: stationarity over every variable (z included), signs by side, complementarity, feasibility.
 */
export function recomputedKkt(problem: QuadraticProgram, sol: QpSolution): Record<string, number> {
  const n = problem.P.size;
  const { x } = sol;
  const { equalities: y, inequalities: w, bounds: z } = sol.multipliers;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = problem.q[i] - z[i];
    for (let j = 0; j < n; j++) s += problem.P.data[i * n + j] * x[j];
    r[i] = s;
  }
  let primal = 0;
  let dual = 0;
  let complementarity = 0;
  const eq = problem.equalities;
  for (let k = 0; eq !== undefined && k < eq.A.rows; k++) {
    let ax = 0;
    for (let j = 0; j < n; j++) {
      ax += eq.A.data[k * n + j] * x[j];
      r[j] -= eq.A.data[k * n + j] * y[k];
    }
    primal = Math.max(primal, Math.abs(ax - eq.b[k]));
  }
  const ineq = problem.inequalities;
  for (let k = 0; ineq !== undefined && k < ineq.C.rows; k++) {
    let cx = 0;
    for (let j = 0; j < n; j++) {
      cx += ineq.C.data[k * n + j] * x[j];
      r[j] -= ineq.C.data[k * n + j] * w[k];
    }
    primal = Math.max(primal, ineq.lower[k] - cx, cx - ineq.upper[k]);
    ({ dual, complementarity } = signAndSlack(w[k], cx, ineq.lower[k], ineq.upper[k], dual, complementarity));
  }
  for (let j = 0; j < n; j++) {
    const lo = problem.lowerBounds?.[j] ?? -Infinity;
    const hi = problem.upperBounds?.[j] ?? Infinity;
    primal = Math.max(primal, lo - x[j], x[j] - hi);
    ({ dual, complementarity } = signAndSlack(z[j], x[j], lo, hi, dual, complementarity));
  }
  let stationarity = 0;
  for (let j = 0; j < n; j++) stationarity = Math.max(stationarity, Math.abs(r[j]));
  return { stationarity, primal: Math.max(primal, 0), dual, complementarity };
}

/**
 * A multiplier m of a constraint lo ≤ v ≤ hi: m > 0 pushes from the lower side, so it needs a finite
 * lower side (else the whole of m is a sign error) and pairs with the slack v − lo; m < 0 likewise above.
 */
function signAndSlack(m: number, v: number, lo: number, hi: number, dual: number, complementarity: number) {
  if (m > 0) {
    if (lo === -Infinity) dual = Math.max(dual, m);
    else complementarity = Math.max(complementarity, m * (v - lo));
  } else if (m < 0) {
    if (hi === Infinity) dual = Math.max(dual, -m);
    else complementarity = Math.max(complementarity, -m * (hi - v));
  }
  return { dual, complementarity };
}

/**
 * Numerical rank of the reported working set (equality rows, active inequality rows, active bounds as
 * unit rows) by modified Gram–Schmidt, and its size. A primal active-set method keeps these linearly
 * independent; a dependent working set is what made the multipliers ambiguous.
 */
export function workingSetRank(problem: QuadraticProgram, sol: QpSolution): { rank: number; size: number } {
  const n = problem.P.size;
  const rows: Float64Array[] = [];
  const eq = problem.equalities;
  for (let k = 0; eq !== undefined && k < eq.A.rows; k++) rows.push(eq.A.data.slice(k * n, (k + 1) * n));
  const ineq = problem.inequalities;
  sol.activeSet.inequalities.forEach((s, k) => s !== "inactive" && rows.push(ineq!.C.data.slice(k * n, (k + 1) * n)));
  sol.activeSet.bounds.forEach((s, j) => {
    if (s === "free") return;
    const e = new Float64Array(n);
    e[j] = 1;
    rows.push(e);
  });
  const basis: Float64Array[] = [];
  for (const row of rows) {
    const v = Float64Array.from(row);
    const norm0 = Math.hypot(...v);
    for (let pass = 0; pass < 2; pass++) {
      for (const u of basis) {
        let c = 0;
        for (let j = 0; j < n; j++) c += u[j] * v[j];
        for (let j = 0; j < n; j++) v[j] -= c * u[j];
      }
    }
    const norm = Math.hypot(...v);
    // 1e-9 of the row's norm: these rows have entries 0 and ±1, so true dependence leaves rounding only.
    if (norm > 1e-9 * norm0) basis.push(v.map((value) => value / norm));
  }
  return { rank: basis.length, size: rows.length };
}
