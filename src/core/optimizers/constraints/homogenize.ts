/**
 * The change of variables that makes the maximum Sharpe ratio a convex QP (Cornuejols & Tütüncü,
 * "Optimization Methods in Finance", 2007, §8.2): maximising (μ − rf)ᵀw / √(wᵀΣw) over a polyhedron
 * becomes minimising yᵀΣy subject to (μ − rf)ᵀy = 1, with y = κ·w and κ ≥ 0. A constraint set is a
 * cone in (y, κ) once every right-hand side is multiplied by κ; this file builds that cone.
 */
import type { Matrix } from "../../linalg/matrix.js";
import type { CompiledConstraints } from "./compile-constraints.js";
import { formatNumber as f } from "./format-number.js";

/** Compiled constraints in the variables `[y; κ]`, where `y = κ·x` and κ is the last variable. */
export interface HomogenizedConstraints extends CompiledConstraints {
  /** Index of κ: `nVariables − 1`. */
  readonly scaleVariable: number;
}

const COMPARISON = /<=|>=|==|=|<|>|≤|≥/;

/** A row's label with its side spelled out, since the right-hand side of a homogenised row is 0. */
function sided(label: string, op: ">=" | "<=" | "=", value: number): string {
  return COMPARISON.test(label) ? label : `${label} ${op} ${f(value)}`;
}

interface Row {
  readonly coefficients: Float64Array;
  readonly kappa: number;
  readonly label: string;
}

/**
 * Homogenises `compiled` for the max-Sharpe model. The variables become `[y (nVariables: weights and
 * auxiliaries, all scaled by κ); κ]`, and:
 *
 * - each equality `A·x = b` becomes `A·y − b·κ = 0`;
 * - each row `l ≤ C·x ≤ u` becomes `C·y − u·κ ≤ 0` and `C·y − l·κ ≥ 0` (an infinite side gives no row);
 * - each finite non-zero bound becomes a row, `yⱼ − lbⱼ·κ ≥ 0` and `yⱼ − ubⱼ·κ ≤ 0` (one equality
 *   when lbⱼ = ubⱼ); a bound of 0 or ±∞ stays a plain bound on yⱼ, since it is the same for every κ;
 * - κ ≥ 0 is a bound. `linearCost` gets a 0 for κ; `l2Gamma` and `auxiliaries` are unchanged (the
 *   penalty then applies to y, as in PyPortfolioOpt's max-Sharpe with `L2_reg`).
 *
 * The normalising row `(μ − rf)ᵀy − linearCostᵀy = 1` (excess return net of transaction costs) is
 * not added here: it belongs to the model, which knows μ and rf. A solution maps back as `x = y / κ`
 * (κ > 0 whenever the normalising row holds and the feasible set is bounded).
 *
 * Labels keep the original ones with the side written out (`"group Tech <= 0.3"`), bound rows read
 * `"asset 3 >= 0.05"`.
 *
 * @example
 * const cone = homogenize(compileConstraints({ bounds: [0.05, 0.5] }, 4));
 * // cone.nVariables = 5, cone.scaleVariable = 4; rows y_j − 0.05κ ≥ 0 and y_j − 0.5κ ≤ 0
 */
export function homogenize(compiled: CompiledConstraints): HomogenizedConstraints {
  const nv = compiled.nVariables;
  const cols = nv + 1;
  const eqRows: Row[] = [];
  const inRows: (Row & { readonly lower: number; readonly upper: number })[] = [];
  const rowOf = (data: Float64Array, i: number) => data.subarray(i * nv, (i + 1) * nv);

  const { equalities: eq, inequalities: ineq } = compiled;
  for (let i = 0; i < eq.A.rows; i++) eqRows.push({ coefficients: rowOf(eq.A.data, i), kappa: -eq.b[i], label: eq.labels[i] });
  for (let i = 0; i < ineq.C.rows; i++) {
    const c = rowOf(ineq.C.data, i);
    const lo = ineq.lower[i];
    const hi = ineq.upper[i];
    const label = ineq.labels[i];
    if (lo === hi) {
      eqRows.push({ coefficients: c, kappa: -lo, label: sided(label, "=", lo) });
      continue;
    }
    if (Number.isFinite(hi)) inRows.push({ coefficients: c, kappa: -hi, lower: -Infinity, upper: 0, label: sided(label, "<=", hi) });
    if (Number.isFinite(lo)) inRows.push({ coefficients: c, kappa: -lo, lower: 0, upper: Infinity, label: sided(label, ">=", lo) });
  }

  const lowerBounds = new Float64Array(cols);
  const upperBounds = new Float64Array(cols).fill(Infinity);
  for (let j = 0; j < nv; j++) {
    const lb = compiled.lowerBounds[j];
    const ub = compiled.upperBounds[j];
    const name = j < compiled.nAssets ? `asset ${j}` : `auxiliary ${j - compiled.nAssets}`;
    const unit = new Float64Array(nv);
    unit[j] = 1;
    const scaled = (v: number) => Number.isFinite(v) && v !== 0;
    lowerBounds[j] = scaled(lb) ? -Infinity : lb;
    upperBounds[j] = scaled(ub) ? Infinity : ub;
    if (lb === ub && scaled(lb)) {
      eqRows.push({ coefficients: unit, kappa: -lb, label: `${name} = ${f(lb)}` });
      continue;
    }
    if (scaled(lb)) inRows.push({ coefficients: unit, kappa: -lb, lower: 0, upper: Infinity, label: `${name} >= ${f(lb)}` });
    if (scaled(ub)) inRows.push({ coefficients: unit, kappa: -ub, lower: -Infinity, upper: 0, label: `${name} <= ${f(ub)}` });
  }
  // κ ≥ 0: a portfolio scaled by a negative number would flip every inequality.
  lowerBounds[nv] = 0;

  const linearCost = new Float64Array(cols);
  linearCost.set(compiled.linearCost);
  return {
    nAssets: compiled.nAssets,
    nVariables: cols,
    scaleVariable: nv,
    equalities: { A: pack(eqRows, cols), b: new Float64Array(eqRows.length), labels: eqRows.map((r) => r.label) },
    inequalities: {
      C: pack(inRows, cols),
      lower: Float64Array.from(inRows, (r) => r.lower),
      upper: Float64Array.from(inRows, (r) => r.upper),
      labels: inRows.map((r) => r.label),
    },
    lowerBounds,
    upperBounds,
    linearCost,
    l2Gamma: compiled.l2Gamma,
    auxiliaries: compiled.auxiliaries,
  };
}

function pack(rows: readonly Row[], cols: number): Matrix {
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, k) => {
    data.set(row.coefficients, k * cols);
    data[k * cols + cols - 1] = row.kappa;
  });
  return { rows: rows.length, cols, data };
}
