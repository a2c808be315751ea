/**
 * The linear program as plain data, the solution record, and the checks done on use.
 *
 *     minimise (or maximise)  cᵀx + ½·xᵀQx + offset
 *     subject to              rowLower ≤ A·x ≤ rowUpper,   lower ≤ x ≤ upper,   x_j integer for j ∈ I
 *
 * `A` is sparse by rows (CSR), the way portfolio models are written: one row per scenario or limit.
 * ±Infinity in a bound means no bound. The optional Hessian `Q` (convex: positive semidefinite when
 * minimising) turns the LP into a QP that HiGHS solves by its active-set method; it cannot be combined
 * with integer variables.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";

/** Rows of `A` in compressed sparse row form: row i has `indices/values[starts[i] .. starts[i+1])`. */
export interface SparseRows {
  /** Length `nRows + 1`, non-decreasing, `starts[0] = 0`, `starts[nRows] = indices.length`. */
  readonly starts: Int32Array;
  /** Column of each coefficient, `0 ≤ index < nVariables`, no repeats within a row. */
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** `½·xᵀQx` with Q symmetric; the lower triangle stored by columns (CSC), diagonal included. */
export interface SparseHessian {
  readonly starts: Int32Array;
  /** Row of each entry, ≥ its column. */
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export interface LinearProgram {
  /** Default "minimize". */
  readonly sense?: "minimize" | "maximize";
  /** `c`, one cost per variable; its length is the number of variables. */
  readonly objective: ArrayLike<number>;
  /** Constant added to the reported objective (default 0). */
  readonly offset?: number;
  /** Per-variable bounds, length `nVariables` each (−Infinity / +Infinity for none). */
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly rows: SparseRows;
  /** Per-row bounds, length `nRows` each; equal sides make an equality. */
  readonly rowLower: ArrayLike<number>;
  readonly rowUpper: ArrayLike<number>;
  /** Indices of the variables that must take integer values (a MILP). */
  readonly integers?: ArrayLike<number>;
  readonly hessian?: SparseHessian;
}

export interface LinearSolveOptions {
  /**
   * "primal" hands the program to HiGHS as it is. "dual" solves the LP dual instead and maps the answer
   * back (see `dual-program.ts`): much faster for scenario models with many rows and few assets.
   * Default "primal". Ignored for MILPs and QPs.
   */
  readonly formulation?: "primal" | "dual";
  /** Wall-clock limit in seconds (default none). A MILP that reaches it returns its incumbent. */
  readonly timeLimit?: number;
  /** MILP: stop when (incumbent − bound)/|incumbent| is below this (default 1e-9: proven optimal). */
  readonly mipRelativeGap?: number;
  /** HiGHS presolve (default off for LPs and QPs: it costs more than it saves on these models; on for MILPs). */
  readonly presolve?: boolean;
}

export interface LinearProgramSolution {
  /**
   * "optimal", or "timeLimit" when a MILP stopped at `timeLimit` with a feasible incumbent (`mipGap`
   * says how far from proven). Every other outcome is thrown as a typed error.
   */
  readonly status: "optimal" | "timeLimit";
  readonly x: Float64Array;
  /** `cᵀx + ½xᵀQx + offset` in the program's own sense. */
  readonly objective: number;
  /** `A·x`, one per row. */
  readonly rowActivity: Float64Array;
  /**
   * One multiplier per row: the rate at which the optimal objective changes when that row's active
   * side moves up (0 for inactive rows). Absent for MILPs.
   */
  readonly rowDuals?: Float64Array;
  /** Simplex, interior-point or QP iterations; branch-and-bound nodes are in `nodes`. */
  readonly iterations: number;
  readonly nodes?: number;
  readonly mipGap?: number;
}

/** Number of variables and rows once the program is checked. */
export interface ProgramShape {
  readonly nVariables: number;
  readonly nRows: number;
}

function checkValues(name: string, v: ArrayLike<number>, length: number, allowInfinite: boolean): void {
  if (v.length !== length) throw new ShapeMismatchError(`${name} has length ${v.length}, expected ${length}`, { name, length: v.length, expected: length });
  for (let i = 0; i < length; i++) {
    const x = v[i];
    if (Number.isNaN(x) || (!allowInfinite && !Number.isFinite(x))) throw new NonFiniteValueError(`${name}[${i}] is ${x}`, { name, index: i, value: x });
  }
}

function checkCompressed(name: string, s: { starts: Int32Array; indices: Int32Array; values: Float64Array }, segments: number, bound: number): void {
  if (s.starts.length !== segments + 1 || s.starts[0] !== 0 || s.starts[segments] !== s.indices.length || s.values.length !== s.indices.length) {
    throw new ShapeMismatchError(`${name} is not a compressed matrix with ${segments} segments`, { name, segments });
  }
  for (let k = 0; k < segments; k++) if (s.starts[k + 1] < s.starts[k]) throw new InvalidInputError(`${name}.starts decreases at ${k}`, { name, index: k });
  for (let k = 0; k < s.indices.length; k++) {
    if (!(s.indices[k] >= 0 && s.indices[k] < bound)) throw new InvalidInputError(`${name}.indices[${k}] = ${s.indices[k]} is out of range [0, ${bound})`, { name, index: k });
  }
  checkValues(`${name}.values`, s.values, s.values.length, false);
}

/** Checks shapes, finiteness and bound order; returns the dimensions. */
export function validateLinearProgram(p: LinearProgram): ProgramShape {
  const nVariables = p.objective.length;
  const nRows = p.rowLower.length;
  checkValues("objective", p.objective, nVariables, false);
  checkValues("lower", p.lower, nVariables, true);
  checkValues("upper", p.upper, nVariables, true);
  checkValues("rowLower", p.rowLower, nRows, true);
  checkValues("rowUpper", p.rowUpper, nRows, true);
  checkCompressed("rows", p.rows, nRows, nVariables);
  for (let j = 0; j < nVariables; j++) {
    if (p.lower[j] > p.upper[j]) throw new InvalidInputError(`variable ${j} has lower bound ${p.lower[j]} above its upper bound ${p.upper[j]}`, { variable: j });
  }
  for (let i = 0; i < nRows; i++) {
    if (p.rowLower[i] > p.rowUpper[i]) throw new InvalidInputError(`row ${i} has lower side ${p.rowLower[i]} above its upper side ${p.rowUpper[i]}`, { row: i });
  }
  if (p.integers !== undefined) {
    for (let k = 0; k < p.integers.length; k++) {
      const j = p.integers[k];
      if (!Number.isInteger(j) || j < 0 || j >= nVariables) throw new InvalidInputError(`integers[${k}] = ${j} is not a variable index`, { index: k });
    }
  }
  if (p.hessian !== undefined) {
    checkCompressed("hessian", p.hessian, nVariables, nVariables);
    if ((p.integers?.length ?? 0) > 0) throw new InvalidInputError("a quadratic objective cannot be combined with integer variables (HiGHS solves no MIQP)", {});
  }
  if (p.offset !== undefined && !Number.isFinite(p.offset)) throw new NonFiniteValueError(`offset is ${p.offset}`, { name: "offset" });
  return { nVariables, nRows };
}
