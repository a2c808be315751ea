/**
 * Turns the portfolio constraints (plain data, in finance terms) into the rows and bounds of the QP
 * solver's standard form, with a label on every row so that an infeasible problem can be explained in
 * the words the person used.
 *
 * Absolute values become auxiliary variables, the usual linear-programming reformulation
 * (Cornuejols & Tütüncü, "Optimization Methods in Finance", 2007, §3 and §8): `s ≥ |w|` for gross
 * leverage and `t ≥ |w − w0|` for turnover and transaction costs. Tracking error (a second-order cone),
 * `maxHoldings` and `minPosition` (binaries) are not linear and are left to the models; their values are
 * validated here.
 */
import type { Matrix } from "../../linalg/matrix.js";
import type { PortfolioConstraints } from "./portfolio-constraints.js";
import { precheckFeasibility } from "./precheck-feasibility.js";
import { resolveConstraintDefaults, type ResolvedConstraints } from "./resolve-constraint-defaults.js";

/**
 * What an auxiliary variable stands for: `s ≥ |w_asset|` ("leverage") or `t ≥ |w_asset − w0_asset|`
 * ("turnover") in the row form of `compileConstraints`; in the split form of `compileSplitConstraints`
 * a "trade" is one segment of an asset's move away from its anchor (see `split-constraints.ts`), and
 * the "turnover offset" (asset −1) the turnover that bounds force on assets held outside them.
 */
export type AuxiliaryVariable =
  | { readonly kind: "turnover" | "leverage"; readonly asset: number }
  | { readonly kind: "turnover offset"; readonly asset: -1 }
  | {
      readonly kind: "trade";
      readonly asset: number;
      /** +1: the segment moves the weight up from the anchor; −1: down. */
      readonly direction: 1 | -1;
      /** How much `|w − w0|` (always +1: segments leave the anchor, the nearest point to w0) and `|w|` change per unit. */
      readonly turnoverRate: number;
      readonly leverageRate: number;
    };

/**
 * The constraints in the solver's standard form, over `x = [w (nAssets weights); auxiliaries]`:
 * `A·x = b`, `lower ≤ C·x ≤ upper`, `lowerBounds ≤ x ≤ upperBounds`. Matrices are row-major with
 * `nVariables` columns; every row has a label (`"budget"`, `"group Tech"`, a linear constraint's own
 * text, `"gross leverage"`, `"turnover"`; rows that only define an auxiliary start with
 * `"leverage auxiliary "` or `"turnover auxiliary "`).
 */
export interface CompiledConstraints {
  readonly nAssets: number;
  /** `nAssets` weights, then one variable per entry of `auxiliaries`. */
  readonly nVariables: number;
  readonly equalities: { readonly A: Matrix; readonly b: Float64Array; readonly labels: readonly string[] };
  readonly inequalities: { readonly C: Matrix; readonly lower: Float64Array; readonly upper: Float64Array; readonly labels: readonly string[] };
  readonly lowerBounds: Float64Array;
  readonly upperBounds: Float64Array;
  /**
   * Length `nVariables`: the transaction-cost rate k on each turnover auxiliary, 0 elsewhere, in return
   * units. A risk-minimising model adds it to q, a return-maximising one subtracts it from the returns.
   */
  readonly linearCost: Float64Array;
  /** γ of the L2 penalty `γ·Σwᵢ²` (no ½), 0 when none. */
  readonly l2Gamma: number;
  /** The meaning of variables `nAssets + k`: leverage auxiliaries first, then turnover auxiliaries. */
  readonly auxiliaries: readonly AuxiliaryVariable[];
}

/** Rows that define an auxiliary (`s ≥ ±w`, `t ≥ ±(w − w0)`) carry one of these label prefixes. */
export const LEVERAGE_AUXILIARY = "leverage auxiliary ";
export const TURNOVER_AUXILIARY = "turnover auxiliary ";

export interface Row {
  readonly coefficients: Map<number, number> | Float64Array;
  readonly lower: number;
  readonly upper: number;
  readonly label: string;
}

/**
 * Gross leverage needs auxiliaries only for assets that can be both long and short: where the bounds
 * fix the sign, |w| is ±w. The row is dropped when it cannot bind: all weights of one sign (then
 * Σ|w| = |budget|, checked against the limit up front) or the bounds already keep Σ|w| under the limit.
 */
export function leverageTerms(r: ResolvedConstraints): { mixed: number[]; sign: Float64Array } | null {
  if (!Number.isFinite(r.grossLeverage)) return null;
  const sign = new Float64Array(r.nAssets);
  const mixed: number[] = [];
  let largest = 0;
  let anyLong = false;
  let anyShort = false;
  for (let i = 0; i < r.nAssets; i++) {
    largest += Math.max(Math.abs(r.lower[i]), Math.abs(r.upper[i]));
    if (r.lower[i] >= 0) sign[i] = 1;
    else if (r.upper[i] <= 0) sign[i] = -1;
    else mixed.push(i);
    if (r.upper[i] > 0) anyLong = true;
    if (r.lower[i] < 0) anyShort = true;
  }
  if (largest <= r.grossLeverage || !anyLong || !anyShort) return null;
  return { mixed, sign };
}

/**
 * Compiles `constraints` on `nAssets` assets into solver rows and bounds (see `CompiledConstraints`).
 *
 * Rows, in order. Equalities: `budget` (`Σw = budget`, default 1), then groups and linear constraints
 * whose two sides are equal. Inequalities: groups (`lower ≤ Σ_members w ≤ upper`, label `group <name>`),
 * linear constraints (label: theirs, or `linear constraint <k>`), then for gross leverage `sᵢ − wᵢ ≥ 0`,
 * `sᵢ + wᵢ ≥ 0` and `Σ|w| ≤ L` (only when it can bind), then for turnover `tᵢ − wᵢ ≥ −w0ᵢ`,
 * `tᵢ + wᵢ ≥ w0ᵢ` and `Σt ≤ maxTurnover` (when given). One `t` serves both the turnover limit and the
 * transaction cost. Bounds: the weights' (default `[0, 1]`), `[0, ∞)` for auxiliaries.
 *
 * Throws `NonFiniteValueError`, `ShapeMismatchError` or `InvalidInputError` for malformed values, and
 * `InfeasibleProblemError` (code INFEASIBLE_CONSTRAINTS) for contradictions visible from sums of
 * bounds, with the smallest relaxation in the message ("the upper bounds sum to 0.8 < the budget 1:
 * raise them by 0.2 in total"). Contradictions among several rows are found by the solver.
 *
 * @example
 * // Long only, Tech (assets 0 and 1) at most 30%.
 * const compiled = compileConstraints({ groups: [{ name: "Tech", members: [0, 1], upper: 0.3 }] }, 4);
 * // compiled.equalities.labels = ["budget"], compiled.inequalities.labels = ["group Tech"]
 */
export function compileConstraints(constraints: PortfolioConstraints, nAssets: number): CompiledConstraints {
  const r = resolveConstraintDefaults(constraints, nAssets);
  precheckFeasibility(r);
  const n = nAssets;
  const leverage = leverageTerms(r);
  const leverageAssets = leverage?.mixed ?? [];
  const needTurnover = Number.isFinite(r.maxTurnover) || r.transactionCost > 0;
  const auxiliaries: AuxiliaryVariable[] = [
    ...leverageAssets.map((asset) => ({ kind: "leverage" as const, asset })),
    ...(needTurnover ? Array.from({ length: n }, (_, asset) => ({ kind: "turnover" as const, asset })) : []),
  ];
  const nVariables = n + auxiliaries.length;

  const equalities: Row[] = [{ coefficients: new Float64Array(n).fill(1), lower: r.budget, upper: r.budget, label: "budget" }];
  const inequalities: Row[] = [];
  const place = (row: Row) => {
    if (row.lower === -Infinity && row.upper === Infinity) return;
    (row.lower === row.upper ? equalities : inequalities).push(row);
  };
  for (const g of r.groups) {
    place({ coefficients: new Map(g.members.map((m) => [m, 1])), lower: g.lower, upper: g.upper, label: `group ${g.name}` });
  }
  for (const c of r.linear) place({ coefficients: c.coefficients, lower: c.lower, upper: c.upper, label: c.label });

  if (leverage !== null) {
    const total = new Map<number, number>();
    leverage.sign.forEach((s, i) => s !== 0 && total.set(i, s));
    leverageAssets.forEach((asset, k) => {
      const s = n + k;
      inequalities.push({ coefficients: new Map([[s, 1], [asset, -1]]), lower: 0, upper: Infinity, label: `${LEVERAGE_AUXILIARY}s${asset} >= w${asset}` });
      inequalities.push({ coefficients: new Map([[s, 1], [asset, 1]]), lower: 0, upper: Infinity, label: `${LEVERAGE_AUXILIARY}s${asset} >= -w${asset}` });
      total.set(s, 1);
    });
    inequalities.push({ coefficients: total, lower: -Infinity, upper: r.grossLeverage, label: "gross leverage" });
  }
  if (needTurnover) {
    const base = n + leverageAssets.length;
    const total = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const w0 = r.currentWeights[i];
      inequalities.push({ coefficients: new Map([[base + i, 1], [i, -1]]), lower: 0 - w0, upper: Infinity, label: `${TURNOVER_AUXILIARY}t${i} >= w${i} - current${i}` });
      inequalities.push({ coefficients: new Map([[base + i, 1], [i, 1]]), lower: w0, upper: Infinity, label: `${TURNOVER_AUXILIARY}t${i} >= current${i} - w${i}` });
      total.set(base + i, 1);
    }
    if (Number.isFinite(r.maxTurnover)) inequalities.push({ coefficients: total, lower: -Infinity, upper: r.maxTurnover, label: "turnover" });
  }

  const lowerBounds = new Float64Array(nVariables);
  const upperBounds = new Float64Array(nVariables).fill(Infinity);
  lowerBounds.set(r.lower);
  upperBounds.set(r.upper);
  const linearCost = new Float64Array(nVariables);
  if (needTurnover) linearCost.fill(r.transactionCost, n + leverageAssets.length);

  return assembleCompiled({ n, nVariables, equalities, inequalities, lowerBounds, upperBounds, linearCost, l2Gamma: r.l2Gamma, auxiliaries });
}

/** The compiled form from its row lists: shared by the row formulation here and the split one. */
export function assembleCompiled(parts: {
  readonly n: number;
  readonly nVariables: number;
  readonly equalities: readonly Row[];
  readonly inequalities: readonly Row[];
  readonly lowerBounds: Float64Array;
  readonly upperBounds: Float64Array;
  readonly linearCost: Float64Array;
  readonly l2Gamma: number;
  readonly auxiliaries: CompiledConstraints["auxiliaries"];
}): CompiledConstraints {
  const { equalities, inequalities, nVariables } = parts;
  return {
    nAssets: parts.n,
    nVariables,
    equalities: { A: pack(equalities, nVariables), b: Float64Array.from(equalities, (e) => e.lower), labels: equalities.map((e) => e.label) },
    inequalities: {
      C: pack(inequalities, nVariables),
      lower: Float64Array.from(inequalities, (e) => e.lower),
      upper: Float64Array.from(inequalities, (e) => e.upper),
      labels: inequalities.map((e) => e.label),
    },
    lowerBounds: parts.lowerBounds,
    upperBounds: parts.upperBounds,
    linearCost: parts.linearCost,
    l2Gamma: parts.l2Gamma,
    auxiliaries: parts.auxiliaries,
  };
}

function pack(rows: readonly Row[], cols: number): Matrix {
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, k) => {
    if (row.coefficients instanceof Float64Array) data.set(row.coefficients, k * cols);
    else for (const [j, v] of row.coefficients) data[k * cols + j] += v;
  });
  return { rows: rows.length, cols, data };
}
