/**
 * The quadratic program as plain data, the solution record, and the validation done on use.
 *
 *     minimise ½·xᵀPx + qᵀx   subject to   A·x = b,   l ≤ C·x ≤ u,   lb ≤ x ≤ ub
 *
 * Sign convention of the multipliers (the one a reader can check by hand): at the solution
 *
 *     P·x + q = Aᵀ·y + Cᵀ·w + z
 *
 * with `y` (equalities) of any sign, `w_i ≥ 0` when row i sits at its lower side, `w_i ≤ 0` at its
 * upper side and 0 when inactive, and likewise `z_j ≥ 0` at a lower bound, `z_j ≤ 0` at an upper bound.
 * So a multiplier is the rate at which the optimal objective grows when its bound is tightened.
 */
import { InvalidInputError, NonFiniteValueError, NotSymmetricError, ShapeMismatchError } from "../../errors.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";

export interface QuadraticProgram {
  /** Hessian, `n × n`, symmetric positive semidefinite. */
  readonly P: SymmetricMatrix;
  /** Linear term, length `n`. */
  readonly q: Float64Array | readonly number[];
  /** `A·x = b`, `A` is `mEq × n`. Redundant rows (linear combinations of others) are allowed. */
  readonly equalities?: { readonly A: Matrix; readonly b: Float64Array | readonly number[] };
  /** `lower ≤ C·x ≤ upper`, `C` is `mIn × n`; either side may be ±Infinity. */
  readonly inequalities?: {
    readonly C: Matrix;
    readonly lower: Float64Array | readonly number[];
    readonly upper: Float64Array | readonly number[];
  };
  /** Per-variable lower bounds (−Infinity allowed); omitted means unbounded below. */
  readonly lowerBounds?: Float64Array | readonly number[];
  /** Per-variable upper bounds (+Infinity allowed); omitted means unbounded above. */
  readonly upperBounds?: Float64Array | readonly number[];
}

/** Where a variable or a row stands: at a side of its bounds, pinned (both sides equal) or away. */
export type BoundStatus = "lower" | "upper" | "fixed" | "free";
export type RowStatus = "lower" | "upper" | "fixed" | "inactive";

export interface ActiveSet {
  /** One entry per variable. */
  readonly bounds: readonly BoundStatus[];
  /** One entry per inequality row. */
  readonly inequalities: readonly RowStatus[];
}

export interface KktResiduals {
  /** max |P·x + q − Aᵀy − Cᵀw − z| (absolute). */
  readonly stationarity: number;
  /** Largest violation of an equality, a row or a bound (absolute). */
  readonly primalFeasibility: number;
  /** Largest multiplier of the wrong sign (absolute). */
  readonly dualFeasibility: number;
  /** Largest |multiplier × slack| over all inequalities and bounds. */
  readonly complementarity: number;
}

export interface QpSolution {
  readonly x: Float64Array;
  readonly objective: number;
  readonly status: "optimal";
  /** Active-set iterations, phase 1 included. */
  readonly iterations: number;
  readonly activeSet: ActiveSet;
  readonly multipliers: {
    readonly equalities: Float64Array;
    readonly inequalities: Float64Array;
    readonly bounds: Float64Array;
  };
  readonly kkt: KktResiduals;
  /**
   * The proximal weight ρ used when the Hessian was singular on the free variables (0 when it was not).
   * The answer is still a solution of the unregularised problem; see `solveQuadraticProgram`.
   */
  readonly regularization: number;
}

export interface WarmStart {
  /** A previous solution (clipped to the bounds; repaired by phase 1 when it violates a row). */
  readonly x?: Float64Array | readonly number[];
  /** A previous working set; entries that do not hold at the start point are ignored. */
  readonly activeSet?: ActiveSet;
}

export interface QpOptions {
  /** A nearby problem's solution: a `QpSolution` can be passed as it is. */
  readonly warmStart?: WarmStart;
  /** Limit on active-set iterations (default `max(1000, 20·(n + rows))`). */
  readonly maxIterations?: number;
  /**
   * Optimality tolerance on multiplier signs and on the proximal stationarity, relative to
   * `max(1, ‖q‖∞, max Pᵢᵢ)` (default 1e-12, far inside the 1e-9 the callers check).
   */
  readonly tolerance?: number;
}

/** The problem's dimensions once checked. */
export interface ProblemShape {
  readonly n: number;
  readonly mEq: number;
  readonly mIn: number;
}

function checkVector(name: string, v: ArrayLike<number> | undefined, length: number, allowInfinite: boolean): void {
  if (v === undefined) return;
  if (v.length !== length) {
    throw new ShapeMismatchError(`${name} has length ${v.length}, expected ${length}`, { name, length: v.length, expected: length });
  }
  for (let i = 0; i < length; i++) {
    const value = v[i];
    if (Number.isNaN(value) || (!allowInfinite && !Number.isFinite(value))) {
      throw new NonFiniteValueError(`${name}[${i}] is ${value}`, { name, index: i, value });
    }
  }
}

function checkMatrix(name: string, m: Matrix, cols: number): void {
  if (m.cols !== cols || m.data.length !== m.rows * m.cols) {
    throw new ShapeMismatchError(`${name} is ${m.rows}×${m.cols} (${m.data.length} values), expected ${cols} columns`, {
      name,
      rows: m.rows,
      cols: m.cols,
      expected: cols,
    });
  }
  checkVector(name, m.data, m.data.length, false);
}

/**
 * One pass over the upper triangle checks finiteness and symmetry together. It is O(n²), as much as a
 * warm-started solve at n = 500, so the common case (both triangles bit-equal) is tested first.
 */
function checkSymmetric(P: Float64Array, n: number, scale: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const upper = P[i * n + j];
      const lower = P[j * n + i];
      // Equal and finite (x − x is NaN for ±Infinity) is the common case; otherwise allow rounding of
      // the largest entry, as both triangles usually come from one computation.
      if (upper === lower && upper - upper === 0) continue;
      if (!(Math.abs(upper - lower) <= 1e-12 * Math.max(scale, Math.abs(upper)))) asymmetry(P, n, i, j);
    }
  }
}

function asymmetry(P: Float64Array, n: number, i: number, j: number): never {
  const upper = P[i * n + j];
  const lower = P[j * n + i];
  if (!Number.isFinite(upper) || !Number.isFinite(lower)) {
    throw new NonFiniteValueError(`P[${i}][${j}] or P[${j}][${i}] is not finite`, { name: "P", row: i, col: j });
  }
  throw new NotSymmetricError(`P is not symmetric: P[${i}][${j}] = ${upper}, P[${j}][${i}] = ${lower}`, {
    row: i,
    col: j,
    gap: Math.abs(upper - lower),
  });
}

/**
 * Checks sizes, NaNs, symmetry of P and `lb ≤ ub`; throws a typed error naming the offending entry.
 * Positive semidefiniteness is not checked here (that would cost a factorisation): the solver reports
 * negative curvature when it meets it.
 */
export function validateQuadraticProgram(problem: QuadraticProgram): ProblemShape {
  const n = problem.P.size;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`a quadratic program needs at least one variable, got ${n}`, { n });
  if (problem.P.data.length !== n * n) {
    throw new ShapeMismatchError(`P has ${problem.P.data.length} values, expected ${n}×${n}`, { n });
  }
  const P = problem.P.data;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(P[i * n + i])) throw new NonFiniteValueError(`P[${i}][${i}] is ${P[i * n + i]}`, { name: "P", row: i, col: i });
    scale = Math.max(scale, Math.abs(P[i * n + i]));
  }
  checkSymmetric(P, n, scale);
  checkVector("q", problem.q, n, false);
  let mEq = 0;
  if (problem.equalities !== undefined) {
    checkMatrix("A", problem.equalities.A, n);
    mEq = problem.equalities.A.rows;
    checkVector("b", problem.equalities.b, mEq, false);
  }
  let mIn = 0;
  if (problem.inequalities !== undefined) {
    const { C, lower, upper } = problem.inequalities;
    checkMatrix("C", C, n);
    mIn = C.rows;
    checkVector("lower", lower, mIn, true);
    checkVector("upper", upper, mIn, true);
    for (let i = 0; i < mIn; i++) {
      if (lower[i] === Infinity || upper[i] === -Infinity) {
        throw new InvalidInputError(`inequality row ${i} has bounds [${lower[i]}, ${upper[i]}]`, { row: i });
      }
    }
  }
  checkVector("lowerBounds", problem.lowerBounds, n, true);
  checkVector("upperBounds", problem.upperBounds, n, true);
  for (let j = 0; j < n; j++) {
    const lo = problem.lowerBounds?.[j] ?? -Infinity;
    const hi = problem.upperBounds?.[j] ?? Infinity;
    if (lo === Infinity || hi === -Infinity || lo > hi) {
      throw new InvalidInputError(`variable ${j} has bounds lb = ${lo} > ub = ${hi}`, { variable: j, lower: lo, upper: hi });
    }
  }
  return { n, mEq, mIn };
}
