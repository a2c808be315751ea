/**
 * The constraints in split form, for the models: turnover, transaction costs and gross leverage without
 * a row per asset. `compileConstraints` models `t ≥ |w − w0|` and `s ≥ |w|` with two rows per asset,
 * and our active-set QP pays per general row in its working set (at 100 assets a min-volatility
 * problem with a turnover cap took seconds). Here each such asset's weight is written as its anchor
 * plus trades along the segments on which both |w − w0| and |w| are linear,
 *
 *     wᵢ = cᵢ + Σ_up δ − Σ_down δ,   0 ≤ δ ≤ segment length,
 *
 * the textbook piecewise-linear (λ/δ) reformulation of a separable convex function (Dantzig 1956;
 * Cornuejols & Tütüncü, "Optimization Methods in Finance", 2007, §3): the anchor cᵢ is w0ᵢ clamped to
 * the bounds (0 when only leverage applies), the breakpoints are w0ᵢ and 0, so turnover rises by 1 per
 * unit on every segment and |w| by ±1. The trades have only bounds; one equality row per asset defines
 * wᵢ, and the weight's own bounds are dropped (the segments imply them). This is the buy/sell split
 * `w = w0 + u − v` with u and v cut once more at 0, which also makes the leverage split `w = p − m`
 * share the same variables instead of adding n more rows.
 *
 * Exactness: for a convex piecewise-linear f, any δ represents a value ≥ f(w) (filling a steeper
 * segment before a flatter one only costs more, and moves up and down from the anchor cost at least
 * their net move: {c + U, c − D} majorises {c, c + U − D}). So the turnover and leverage rows still
 * hold for the weights, the optimum over δ is the optimum over w, and its weights are optimal.
 */
import type { PortfolioConstraints } from "./portfolio-constraints.js";
import {
  compileConstraints,
  leverageTerms,
  assembleCompiled,
  LEVERAGE_AUXILIARY,
  TURNOVER_AUXILIARY,
  type AuxiliaryVariable,
  type CompiledConstraints,
  type Row,
} from "./compile-constraints.js";
import { precheckFeasibility } from "./precheck-feasibility.js";
import { resolveConstraintDefaults } from "./resolve-constraint-defaults.js";

interface Segment {
  readonly asset: number;
  readonly direction: 1 | -1;
  readonly length: number;
  readonly leverageRate: number;
}

/** The segments of asset i from `anchor` to its bounds, cut at the breakpoints. */
function segmentsOf(i: number, anchor: number, lb: number, ub: number, breakpoints: readonly number[], sign: number, mixed: boolean): Segment[] {
  const out: Segment[] = [];
  // |w| per unit along a segment: +1 moving away from 0, −1 towards it (sign-fixed assets: sign·direction).
  const rate = (from: number, to: number, direction: 1 | -1) => (mixed ? ((direction > 0 ? from >= 0 : from <= 0) ? 1 : -1) : sign * direction);
  const up = [...breakpoints.filter((b) => b > anchor && b < ub), ub].sort((a, b) => a - b);
  let from = anchor;
  for (const to of up) {
    if (to > from) out.push({ asset: i, direction: 1, length: to - from, leverageRate: rate(from, to, 1) });
    from = to;
  }
  const down = [...breakpoints.filter((b) => b < anchor && b > lb), lb].sort((a, b) => b - a);
  from = anchor;
  for (const to of down) {
    if (to < from) out.push({ asset: i, direction: -1, length: from - to, leverageRate: rate(from, to, -1) });
    from = to;
  }
  return out;
}

/**
 * Compiles `constraints` on `nAssets` assets like `compileConstraints`, but with turnover, transaction
 * costs and gross leverage in split form (see the file header). Without any of them the result is
 * `compileConstraints`' own.
 *
 * Variables: `[w (nAssets); trades (auxiliaries of kind "trade"); turnover offset]`, the offset only
 * when some current weight lies outside its bounds (a pinned variable carrying the turnover those
 * assets must do, so that the costs and the limit count it). Rows: `compileConstraints`' budget, group
 * and linear rows, then one equality per split asset `wᵢ − Σ ±δ = cᵢ` (label starting with
 * `"turnover auxiliary "`, or `"leverage auxiliary "` when only leverage applies), and the
 * inequalities `"gross leverage"` (`Σ rate·δ + Σ sign·w ≤ L − Σ|cᵢ|` over split / sign-fixed assets)
 * and `"turnover"` (`Σδ + offset ≤ maxTurnover`). `linearCost` is k on every trade and on the offset.
 *
 * @example
 * const compiled = compileSplitConstraints({ currentWeights: [0.5, 0.5], maxTurnover: 0.2 }, 2);
 * // compiled.nVariables = 6 (2 weights, 4 trades), compiled.inequalities.labels = ["turnover"]
 */
export function compileSplitConstraints(constraints: PortfolioConstraints, nAssets: number): CompiledConstraints {
  const r = resolveConstraintDefaults(constraints, nAssets);
  const leverage = leverageTerms(r);
  const needTurnover = Number.isFinite(r.maxTurnover) || r.transactionCost > 0;
  if (!needTurnover && leverage === null) return compileConstraints(constraints, nAssets);
  precheckFeasibility(r);
  const n = nAssets;
  const mixed = new Set(leverage?.mixed ?? []);
  const segments: Segment[] = [];
  const anchors = new Float64Array(n).fill(NaN);
  let offset = 0;
  let leverageConstant = 0;
  for (let i = 0; i < n; i++) {
    const lb = r.lower[i];
    const ub = r.upper[i];
    const w0 = r.currentWeights[i];
    if (lb === ub) {
      // A pinned weight trades a fixed amount; `compileConstraints`' sign coefficient covers its |w|.
      if (needTurnover) offset += Math.abs(lb - w0);
      continue;
    }
    if (!needTurnover && !mixed.has(i)) continue;
    const anchor = needTurnover ? Math.min(ub, Math.max(lb, w0)) : 0;
    if (needTurnover) offset += Math.abs(anchor - w0);
    leverageConstant += Math.abs(anchor);
    anchors[i] = anchor;
    segments.push(...segmentsOf(i, anchor, lb, ub, mixed.has(i) ? [0] : [], leverage?.sign[i] ?? 0, mixed.has(i)));
  }
  const hasOffset = needTurnover && offset > 0;
  const nVariables = n + segments.length + (hasOffset ? 1 : 0);
  const offsetIndex = n + segments.length;

  const equalities: Row[] = [{ coefficients: new Float64Array(n).fill(1), lower: r.budget, upper: r.budget, label: "budget" }];
  const inequalities: Row[] = [];
  const place = (row: Row) => {
    if (row.lower === -Infinity && row.upper === Infinity) return;
    (row.lower === row.upper ? equalities : inequalities).push(row);
  };
  for (const g of r.groups) place({ coefficients: new Map(g.members.map((m) => [m, 1])), lower: g.lower, upper: g.upper, label: `group ${g.name}` });
  for (const c of r.linear) place({ coefficients: c.coefficients, lower: c.lower, upper: c.upper, label: c.label });

  const definitions = new Map<number, Map<number, number>>();
  segments.forEach((s, k) => {
    let row = definitions.get(s.asset);
    if (row === undefined) definitions.set(s.asset, (row = new Map([[s.asset, 1]])));
    row.set(n + k, -s.direction);
  });
  const prefix = needTurnover ? TURNOVER_AUXILIARY : LEVERAGE_AUXILIARY;
  for (const [asset, coefficients] of definitions) {
    equalities.push({ coefficients, lower: anchors[asset], upper: anchors[asset], label: `${prefix}w${asset} = ${anchors[asset]} + buys - sells` });
  }
  if (leverage !== null) {
    const total = new Map<number, number>();
    for (let i = 0; i < n; i++) if (Number.isNaN(anchors[i]) && leverage.sign[i] !== 0) total.set(i, leverage.sign[i]);
    segments.forEach((s, k) => total.set(n + k, s.leverageRate));
    inequalities.push({ coefficients: total, lower: -Infinity, upper: r.grossLeverage - leverageConstant, label: "gross leverage" });
  }
  if (Number.isFinite(r.maxTurnover)) {
    const total = new Map<number, number>();
    segments.forEach((_, k) => total.set(n + k, 1));
    if (hasOffset) total.set(offsetIndex, 1);
    inequalities.push({ coefficients: total, lower: -Infinity, upper: r.maxTurnover, label: "turnover" });
  }

  const lowerBounds = new Float64Array(nVariables);
  const upperBounds = new Float64Array(nVariables);
  for (let i = 0; i < n; i++) {
    // A split weight's bounds follow from its segments; keeping both would make every bound degenerate.
    const split = !Number.isNaN(anchors[i]);
    lowerBounds[i] = split ? -Infinity : r.lower[i];
    upperBounds[i] = split ? Infinity : r.upper[i];
  }
  segments.forEach((s, k) => (upperBounds[n + k] = s.length));
  if (hasOffset) lowerBounds[offsetIndex] = upperBounds[offsetIndex] = offset;
  const linearCost = new Float64Array(nVariables);
  if (needTurnover) linearCost.fill(r.transactionCost, n);

  const auxiliaries: AuxiliaryVariable[] = segments.map((s) => ({
    kind: "trade" as const,
    asset: s.asset,
    direction: s.direction,
    turnoverRate: needTurnover ? 1 : 0,
    leverageRate: s.leverageRate,
  }));
  if (hasOffset) auxiliaries.push({ kind: "turnover offset", asset: -1 });
  return assembleCompiled({ n, nVariables, equalities, inequalities, lowerBounds, upperBounds, linearCost, l2Gamma: r.l2Gamma, auxiliaries });
}
