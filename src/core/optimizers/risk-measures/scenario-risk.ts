/**
 * Each risk measure as variables and rows over historical scenarios, added to a linear program whose
 * variables 0 … nAssets−1 are the weights (or the homogenised weights y = κ·w of max Sortino). What
 * comes back is the risk as a linear expression of the program's variables (or, for the semivariance,
 * a sum of squares), exact at any point where the auxiliaries are as small as the rows allow — which
 * holds at the optimum of a risk-minimising program, and makes `risk ≤ cap` an exact row.
 */
import type { Matrix } from "../../linalg/matrix.js";
import type { LinearProgramBuilder } from "../lp/index.js";

export interface RiskExpression {
  /** risk = Σ values[k]·x[indices[k]] (+ quadratic part). */
  readonly indices: number[];
  readonly values: number[];
  /** Semivariance: risk = scale·Σ x_j² over j ∈ [first, first + count). */
  readonly squares?: { readonly first: number; readonly count: number; readonly scale: number };
  /** The quantile variable (CVaR's VaR a, CDaR's α), when there is one. */
  readonly quantile?: number;
}

export type ScenarioMeasure =
  | { readonly kind: "cvar"; readonly confidence: number }
  | { readonly kind: "cdar"; readonly confidence: number }
  | { readonly kind: "mad" }
  | {
      readonly kind: "semivariance";
      readonly benchmark: number;
      /** Max Sortino: the benchmark scales with κ (this variable) instead of sitting on the right-hand side. */
      readonly scaleVariable?: number;
    };

/** Row `Σᵢ R_tᵢ·xᵢ + Σ extra ≥ lower`, the scenario's portfolio return plus auxiliaries. */
function scenarioRow(lp: LinearProgramBuilder, R: Matrix, t: number, shift: Float64Array | null, extra: [number, number][], lower: number): void {
  const n = R.cols;
  const indices = new Array<number>(n + extra.length);
  const values = new Array<number>(n + extra.length);
  for (let i = 0; i < n; i++) {
    indices[i] = i;
    values[i] = R.data[t * n + i] - (shift === null ? 0 : shift[i]);
  }
  extra.forEach(([j, a], k) => {
    indices[n + k] = j;
    values[n + k] = a;
  });
  lp.addRow(indices, values, lower, Infinity);
}

/**
 * Adds `measure` on the scenarios `R` (`T × nAssets`) to `lp`; returns the risk expression.
 *
 * - CVaR (Rockafellar & Uryasev 2000): free a, uₜ ≥ 0, rows `Rₜw + a + uₜ ≥ 0`; CVaR = a + Σu/((1−β)T).
 * - CDaR (Chekhlov, Uryasev & Zabarankin 2005, as PyPortfolioOpt): free α, uₜ, zₜ ≥ 0, rows
 *   `uₜ − uₜ₋₁ + Rₜw ≥ 0` (u₀ = 0: uₜ bounds the drawdown from above) and `zₜ − uₜ + α ≥ 0`;
 *   CDaR = α + Σz/((1−β)T).
 * - MAD (Konno & Yamazaki 1991): the deviations dₜ = (Rₜ − R̄)w sum to 0, so Σ|dₜ| = 2·Σ max(−dₜ, 0):
 *   vₜ ≥ 0, rows `dₜ + vₜ ≥ 0`, MAD = 2·Σv/T — one row per scenario instead of two.
 * - Semivariance (as PyPortfolioOpt's EfficientSemivariance, its p eliminated as the row's slack):
 *   nₜ ≥ 0, rows `Rₜw + nₜ ≥ b`; semivariance = Σn²/T.
 */
export function addScenarioRisk(lp: LinearProgramBuilder, R: Matrix, measure: ScenarioMeasure): RiskExpression {
  const T = R.rows;
  const n = R.cols;
  if (measure.kind === "cvar") {
    const a = lp.addVariable({ lower: -Infinity, upper: Infinity });
    const first = lp.addVariables(T, { lower: 0, upper: Infinity });
    for (let t = 0; t < T; t++) scenarioRow(lp, R, t, null, [[a, 1], [first + t, 1]], 0);
    return tailExpression(a, first, T, measure.confidence);
  }
  if (measure.kind === "cdar") {
    const alpha = lp.addVariable({ lower: -Infinity, upper: Infinity });
    const u = lp.addVariables(T, { lower: 0, upper: Infinity });
    const z = lp.addVariables(T, { lower: 0, upper: Infinity });
    for (let t = 0; t < T; t++) scenarioRow(lp, R, t, null, t === 0 ? [[u, 1]] : [[u + t, 1], [u + t - 1, -1]], 0);
    for (let t = 0; t < T; t++) lp.addRow([z + t, u + t, alpha], [1, -1, 1], 0, Infinity);
    return tailExpression(alpha, z, T, measure.confidence);
  }
  if (measure.kind === "mad") {
    const mean = new Float64Array(n);
    for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) mean[i] += R.data[t * n + i];
    for (let i = 0; i < n; i++) mean[i] /= T;
    const v = lp.addVariables(T, { lower: 0, upper: Infinity });
    for (let t = 0; t < T; t++) scenarioRow(lp, R, t, mean, [[v + t, 1]], 0);
    return { indices: Array.from({ length: T }, (_, t) => v + t), values: new Array<number>(T).fill(2 / T) };
  }
  const shortfall = lp.addVariables(T, { lower: 0, upper: Infinity });
  const { benchmark, scaleVariable } = measure;
  for (let t = 0; t < T; t++) {
    if (scaleVariable === undefined) scenarioRow(lp, R, t, null, [[shortfall + t, 1]], benchmark);
    else scenarioRow(lp, R, t, null, [[shortfall + t, 1], [scaleVariable, -benchmark]], 0);
  }
  return { indices: [], values: [], squares: { first: shortfall, count: T, scale: 1 / T } };
}

function tailExpression(quantile: number, first: number, T: number, beta: number): RiskExpression {
  const weight = 1 / ((1 - beta) * T);
  return {
    indices: [quantile, ...Array.from({ length: T }, (_, t) => first + t)],
    values: [1, ...new Array<number>(T).fill(weight)],
    quantile,
  };
}
