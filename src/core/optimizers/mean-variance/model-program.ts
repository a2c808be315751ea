/**
 * Turns a mean-variance objective plus compiled constraints into the QP solver's problem. Every model
 * here is `min ½·xᵀPx + qᵀx` over x = [weights; auxiliaries] where only the weight block of P is non
 * zero (auxiliaries — turnover, leverage splits — enter linearly through the transaction costs).
 */
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import type { QuadraticProgram } from "../qp/index.js";
import type { CompiledConstraints } from "../constraints/index.js";

/** A row `lower ≤ coefficients·x ≤ upper` added by a model (a return target, the max-Sharpe normalisation). */
export interface ModelRow {
  /** One coefficient per variable of the compiled problem (weights first). */
  readonly coefficients: Float64Array;
  readonly lower: number;
  readonly upper: number;
  readonly label: string;
}

/** A branch-and-bound node's changes: replacement variable bounds and extra rows. */
export interface BoundOverrides {
  /** Replacement lower bounds over all variables (the caller merged them with the compiled ones). */
  readonly lower?: Float64Array;
  readonly upper?: Float64Array;
  /** Extra rows (homogenised minimum positions `yᵢ − m·κ ≥ 0`). */
  readonly rows?: readonly ModelRow[];
}

/** `2a·Σ + 2γ·I` on the weight block of an `nVariables × nVariables` matrix (objective `½xᵀPx`). */
export function weightHessian(covariance: SymmetricMatrix, nVariables: number, varianceWeight: number, l2Gamma: number): SymmetricMatrix {
  const n = covariance.size;
  const S = covariance.data;
  const data = new Float64Array(nVariables * nVariables);
  const a = 2 * varianceWeight;
  for (let i = 0; i < n; i++) {
    const row = i * nVariables;
    for (let j = 0; j < n; j++) data[row + j] = a * S[i * n + j];
    data[row + i] += 2 * l2Gamma;
  }
  return { size: nVariables, data };
}

/** The linear term of the transaction costs on every variable (0 on weights), or zeros. */
export function costVector(compiled: CompiledConstraints): Float64Array {
  const q = new Float64Array(compiled.nVariables);
  const c = compiled.linearCost;
  if (c === undefined || c === null) return q;
  // Coefficients may be given over all variables or over the auxiliaries only.
  const offset = c.length === compiled.nVariables ? 0 : compiled.nVariables - c.length;
  for (let k = 0; k < c.length; k++) q[offset + k] += c[k];
  return q;
}

function stackRows(base: Matrix | undefined, lower: ArrayLike<number>, upper: ArrayLike<number>, extra: readonly ModelRow[], cols: number) {
  const m0 = base?.rows ?? 0;
  const m = m0 + extra.length;
  const C = new Float64Array(m * cols);
  if (base !== undefined && m0 > 0) C.set(base.data.subarray(0, m0 * cols));
  const lo = new Float64Array(m);
  const hi = new Float64Array(m);
  for (let r = 0; r < m0; r++) {
    lo[r] = lower[r];
    hi[r] = upper[r];
  }
  extra.forEach((row, k) => {
    C.set(row.coefficients, (m0 + k) * cols);
    lo[m0 + k] = row.lower;
    hi[m0 + k] = row.upper;
  });
  return { C: { rows: m, cols, data: C }, lower: lo, upper: hi };
}

/**
 * The QP of a model: compiled constraints, the model's rows (appended after the compiled ones, so
 * their multipliers sit at the end of `multipliers.inequalities`), and an objective.
 */
export function modelProgram(
  compiled: CompiledConstraints,
  hessian: SymmetricMatrix,
  linear: Float64Array,
  rows: readonly ModelRow[] = [],
  overrides?: BoundOverrides,
): QuadraticProgram {
  const nv = compiled.nVariables;
  const allRows = overrides?.rows ? [...rows, ...overrides.rows] : rows;
  const ineq = compiled.inequalities;
  const stacked = allRows.length === 0 ? undefined : stackRows(ineq?.C, ineq?.lower ?? [], ineq?.upper ?? [], allRows, nv);
  let lowerBounds: Float64Array | readonly number[] = compiled.lowerBounds;
  let upperBounds: Float64Array | readonly number[] = compiled.upperBounds;
  if (overrides?.lower) lowerBounds = overrides.lower;
  if (overrides?.upper) upperBounds = overrides.upper;
  const hasEq = compiled.equalities !== undefined && compiled.equalities.A.rows > 0;
  const hasIneq = stacked !== undefined ? stacked.C.rows > 0 : ineq !== undefined && ineq.C.rows > 0;
  return {
    P: hessian,
    q: linear,
    equalities: hasEq ? { A: compiled.equalities.A, b: compiled.equalities.b } : undefined,
    inequalities: hasIneq ? (stacked ?? { C: ineq.C, lower: ineq.lower, upper: ineq.upper }) : undefined,
    lowerBounds,
    upperBounds,
  };
}

/** `μ` placed on the weights of a length-`nVariables` vector (a return row's coefficients). */
export function onWeights(values: ArrayLike<number>, nVariables: number, scale = 1): Float64Array {
  const out = new Float64Array(nVariables);
  for (let i = 0; i < values.length; i++) out[i] = scale * values[i];
  return out;
}
