/**
 * Presolve: turns the public `QuadraticProgram` into the solver's `DenseQp` and remembers how to map
 * the answer back.
 *
 * - Variables with `lb = ub` are substituted out (their multipliers are recovered at the end), so every
 *   remaining variable can move and the working set can always be made independent by freeing one.
 * - Inequality rows with `lower = upper` become equality rows; rows with both sides infinite go.
 * - Equality rows are orthogonalised (modified Gram–Schmidt, Golub & Van Loan, "Matrix Computations",
 *   §5.2.8): a row that is a linear combination of earlier rows is dropped when its right-hand side
 *   agrees (multiplier 0) and reported as a contradiction when it does not.
 * - Rows that are zero once pinned variables are removed are checked and dropped.
 * - Every general row is scaled to unit ∞-norm (with its right-hand side), so that tolerances and pivot
 *   tests mean the same for a row of weights and a row of returns in basis points; multipliers are
 *   scaled back in `kktReport` through `eqScale` and `inScale`.
 */
import { InfeasibleProblemError, NotPositiveDefiniteError } from "../../errors.js";
import type { DenseQp } from "./dense-qp.js";
import type { ProblemShape, QuadraticProgram } from "./quadratic-program.js";

/** Where a row of the reduced problem came from. */
export interface RowOrigin {
  readonly kind: "equality" | "inequality";
  readonly index: number;
  /** The ∞-norm the row was divided by. */
  readonly scale: number;
}

export interface ReducedProblem {
  readonly qp: DenseQp;
  /** Original index of each reduced variable. */
  readonly keep: Int32Array;
  /** Original index → value for variables pinned by `lb = ub` (NaN for the others). */
  readonly pinned: Float64Array;
  readonly eqOrigin: readonly RowOrigin[];
  /** Original inequality index of each reduced inequality row. */
  readonly inOrigin: readonly number[];
  /** The ∞-norm each reduced inequality row was divided by. */
  readonly inScale: readonly number[];
  /** Scale of the right-hand sides, for feasibility tolerances. */
  readonly rhsScale: number;
}

/** Relative size under which a row's remainder after orthogonalisation counts as zero. */
const DEPENDENT = 1e-10;
/** Feasibility tolerance of the presolve checks, relative to the right-hand sides. */
const FEASIBLE = 1e-9;

export function reduceProblem(problem: QuadraticProgram, shape: ProblemShape): ReducedProblem {
  const { n, mEq, mIn } = shape;
  const lbAll = new Float64Array(n);
  const ubAll = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    lbAll[j] = problem.lowerBounds?.[j] ?? -Infinity;
    ubAll[j] = problem.upperBounds?.[j] ?? Infinity;
  }
  const pinned = new Float64Array(n).fill(NaN);
  const keepList: number[] = [];
  for (let j = 0; j < n; j++) {
    if (lbAll[j] === ubAll[j]) pinned[j] = lbAll[j];
    else keepList.push(j);
  }
  const keep = Int32Array.from(keepList);
  const nr = keep.length;
  const Pin = problem.P.data;
  const pinnedX = new Float64Array(n);
  for (let j = 0; j < n; j++) if (!Number.isNaN(pinned[j])) pinnedX[j] = pinned[j];
  const pinnedNonZero: number[] = [];
  for (let j = 0; j < n; j++) if (pinnedX[j] !== 0) pinnedNonZero.push(j);

  // Objective on the kept variables: q_K + P_K,pinned · x_pinned. Without pinned variables P is used
  // in place (never written), sparing an n² copy.
  const P = nr === n ? Pin : new Float64Array(nr * nr);
  const q = new Float64Array(nr);
  // A positive semidefinite matrix with a zero diagonal is zero: the objective is linear.
  let allZero = true;
  for (let a = 0; a < nr; a++) {
    const i = keep[a];
    let s = problem.q[i];
    for (const j of pinnedNonZero) s += Pin[i * n + j] * pinnedX[j];
    q[a] = s;
    if (Pin[i * n + i] !== 0) allZero = false;
    if (nr !== n) for (let c = 0; c < nr; c++) P[a * nr + c] = Pin[i * n + keep[c]];
  }
  if (allZero) {
    for (let a = 0; a < nr * nr; a++) {
      if (P[a] !== 0) {
        throw new NotPositiveDefiniteError("P has a zero diagonal but non-zero off-diagonal entries: it is indefinite", {
          row: Math.floor(a / nr),
          col: a % nr,
        });
      }
    }
  }
  /** The row on the kept variables, divided by its ∞-norm, and the pinned part of C·x (also divided). */
  const reducedRow = (data: Float64Array, row: number): { coef: Float64Array; shift: number; scale: number } => {
    const coef = new Float64Array(nr);
    let scale = 0;
    for (let a = 0; a < nr; a++) {
      coef[a] = data[row * n + keep[a]];
      scale = Math.max(scale, Math.abs(coef[a]));
    }
    if (scale === 0) scale = 1;
    for (let a = 0; a < nr; a++) coef[a] /= scale;
    let shift = 0;
    for (const j of pinnedNonZero) shift += data[row * n + j] * pinnedX[j];
    return { coef, shift: shift / scale, scale };
  };

  let rhsScale = 1;
  const eqCandidates: { coef: Float64Array; rhs: number; origin: RowOrigin }[] = [];
  for (let i = 0; i < mEq; i++) {
    const { coef, shift, scale } = reducedRow(problem.equalities!.A.data, i);
    const b = problem.equalities!.b[i] / scale;
    rhsScale = Math.max(rhsScale, Math.abs(b));
    eqCandidates.push({ coef, rhs: b - shift, origin: { kind: "equality", index: i, scale } });
  }
  const inRows: { coef: Float64Array; lower: number; upper: number; index: number; scale: number }[] = [];
  for (let i = 0; i < mIn; i++) {
    const loRaw = problem.inequalities!.lower[i];
    const hiRaw = problem.inequalities!.upper[i];
    if (loRaw === -Infinity && hiRaw === Infinity) continue;
    if (loRaw > hiRaw) {
      throw new InfeasibleProblemError(`inequality row ${i} asks ${loRaw} ≤ C·x ≤ ${hiRaw}`, {
        conflicting: [{ kind: "inequality", index: i }],
        minimalViolation: loRaw - hiRaw,
      });
    }
    const { coef, shift, scale } = reducedRow(problem.inequalities!.C.data, i);
    const lo = loRaw / scale;
    const hi = hiRaw / scale;
    for (const v of [lo, hi]) if (Number.isFinite(v)) rhsScale = Math.max(rhsScale, Math.abs(v));
    if (loRaw === hiRaw) eqCandidates.push({ coef, rhs: lo - shift, origin: { kind: "inequality", index: i, scale } });
    else inRows.push({ coef, lower: lo - shift, upper: hi - shift, index: i, scale });
  }

  const tol = FEASIBLE * rhsScale;
  const kept = orthogonaliseEqualities(eqCandidates, tol);
  const inKept = inRows.filter((row) => {
    if (row.coef.some((v) => v !== 0)) return true;
    const violation = Math.max(row.lower, -row.upper, 0);
    if (violation > tol) {
      throw new InfeasibleProblemError(`inequality row ${row.index} cannot hold: it involves only pinned variables`, {
        conflicting: [{ kind: "inequality", index: row.index }],
        minimalViolation: violation,
      });
    }
    return false;
  });

  const A = new Float64Array(kept.length * nr);
  kept.forEach((row, r) => A.set(row.coef, r * nr));
  const C = new Float64Array(inKept.length * nr);
  inKept.forEach((row, r) => C.set(row.coef, r * nr));
  const qp: DenseQp = {
    n: nr,
    P: allZero ? null : P,
    q,
    mEq: kept.length,
    A,
    b: Float64Array.from(kept, (row) => row.rhs),
    mIn: inKept.length,
    C,
    lower: Float64Array.from(inKept, (row) => row.lower),
    upper: Float64Array.from(inKept, (row) => row.upper),
    lb: nr === n ? lbAll : pick(lbAll, keep),
    ub: nr === n ? ubAll : pick(ubAll, keep),
  };
  return {
    qp,
    keep,
    pinned,
    eqOrigin: kept.map((r) => r.origin),
    inOrigin: inKept.map((r) => r.index),
    inScale: inKept.map((r) => r.scale),
    rhsScale,
  };
}

function pick(values: Float64Array, keep: Int32Array): Float64Array {
  const out = new Float64Array(keep.length);
  for (let a = 0; a < keep.length; a++) out[a] = values[keep[a]];
  return out;
}

/** Keeps the independent equality rows; throws when a dependent row contradicts the others. */
function orthogonaliseEqualities(
  rows: { coef: Float64Array; rhs: number; origin: RowOrigin }[],
  tol: number,
): { coef: Float64Array; rhs: number; origin: RowOrigin }[] {
  const basis: { u: Float64Array; beta: number; combination: Float64Array }[] = [];
  const kept: { coef: Float64Array; rhs: number; origin: RowOrigin }[] = [];
  const m = rows.length;
  rows.forEach((row, i) => {
    const r = Float64Array.from(row.coef);
    let beta = row.rhs;
    const combination = new Float64Array(m);
    combination[i] = 1;
    const norm0 = norm2(row.coef);
    for (const e of basis) {
      let c = 0;
      for (let a = 0; a < r.length; a++) c += e.u[a] * r[a];
      for (let a = 0; a < r.length; a++) r[a] -= c * e.u[a];
      beta -= c * e.beta;
      for (let t = 0; t < m; t++) combination[t] -= c * e.combination[t];
    }
    const norm = norm2(r);
    if (norm <= DEPENDENT * norm0 || norm0 === 0) {
      if (Math.abs(beta) > tol) {
        const conflicting: RowOrigin[] = [];
        combination.forEach((c, t) => Math.abs(c) > 1e-12 && conflicting.push(rows[t].origin));
        throw new InfeasibleProblemError(
          `equality rows contradict each other: ${row.origin.kind} row ${row.origin.index} is a combination of others with a different right-hand side`,
          { conflicting, minimalViolation: Math.abs(beta) },
        );
      }
      return; // redundant: implied by the rows already kept
    }
    for (let a = 0; a < r.length; a++) r[a] /= norm;
    for (let t = 0; t < m; t++) combination[t] /= norm;
    basis.push({ u: r, beta: beta / norm, combination });
    kept.push(row);
  });
  return kept;
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
