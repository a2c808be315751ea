/**
 * The solver's internal form of a quadratic program: dense row-major arrays, every row and bound
 * explicit, variables pinned by `lb = ub` already substituted out (see `reduceProblem`).
 */
export interface DenseQp {
  readonly n: number;
  /** `n × n` row-major Hessian, or `null` for a linear objective. */
  readonly P: Float64Array | null;
  readonly q: Float64Array;
  readonly mEq: number;
  /** `mEq × n`, linearly independent rows. */
  readonly A: Float64Array;
  readonly b: Float64Array;
  readonly mIn: number;
  /** `mIn × n`. */
  readonly C: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly lb: Float64Array;
  readonly ub: Float64Array;
}

/** Working-set states, for variables (bound sides) and for inequality rows. */
export const AWAY = 0;
export const AT_LOWER = 1;
export const AT_UPPER = 2;

/** A feasible point with the constraints chosen to hold as equalities from it. */
export interface WorkingSet {
  readonly x: Float64Array;
  /** Per variable: AWAY (free), AT_LOWER or AT_UPPER. */
  readonly varState: Int8Array;
  /** Per inequality row: AWAY (not in the working set), AT_LOWER or AT_UPPER. */
  readonly rowState: Int8Array;
}

/** `P·x + q`, skipping the zero entries of `x` (a long-only start holds few assets). */
export function gradient(qp: DenseQp, x: Float64Array): Float64Array {
  const { n, P } = qp;
  const g = Float64Array.from(qp.q);
  if (P === null) return g;
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    const row = j * n;
    for (let i = 0; i < n; i++) g[i] += P[row + i] * xj;
  }
  return g;
}

/**
 * g += Σ_c P[rows[c], :]·delta[c] over `count` rows of the `n × n` row-major P (columns, P being
 * symmetric): the gradient change of a step. Four rows per sweep of g, so g is read and written a
 * quarter as often; this update is the O(n·k) heart of every iteration at large n.
 */
export function addScaledRows(P: Float64Array, n: number, rows: Int32Array, delta: Float64Array, count: number, g: Float64Array): void {
  let c = 0;
  for (; c + 4 <= count; c += 4) {
    const r0 = rows[c] * n;
    const r1 = rows[c + 1] * n;
    const r2 = rows[c + 2] * n;
    const r3 = rows[c + 3] * n;
    const d0 = delta[c];
    const d1 = delta[c + 1];
    const d2 = delta[c + 2];
    const d3 = delta[c + 3];
    for (let i = 0; i < n; i++) g[i] += P[r0 + i] * d0 + P[r1 + i] * d1 + P[r2 + i] * d2 + P[r3 + i] * d3;
  }
  for (; c < count; c++) {
    const r = rows[c] * n;
    const d = delta[c];
    for (let i = 0; i < n; i++) g[i] += P[r + i] * d;
  }
}

/** ½xᵀPx + qᵀx. */
export function objectiveValue(qp: DenseQp, x: Float64Array): number {
  const g = gradient({ ...qp, q: new Float64Array(qp.n) }, x);
  let f = 0;
  for (let i = 0; i < qp.n; i++) f += x[i] * (0.5 * g[i] + qp.q[i]);
  return f;
}

/** Row `i` of a row-major `rows × n` matrix dotted with `x`. */
export function rowDot(M: Float64Array, i: number, n: number, x: Float64Array): number {
  let s = 0;
  const off = i * n;
  for (let j = 0; j < n; j++) s += M[off + j] * x[j];
  return s;
}

export function maxDiagonal(qp: DenseQp): number {
  let m = 0;
  if (qp.P !== null) for (let i = 0; i < qp.n; i++) m = Math.max(m, qp.P[i * qp.n + i]);
  return m;
}

export function normInf(v: ArrayLike<number>, count = v.length): number {
  let m = 0;
  for (let i = 0; i < count; i++) m = Math.max(m, Math.abs(v[i]));
  return m;
}
