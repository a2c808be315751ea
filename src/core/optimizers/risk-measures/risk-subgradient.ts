/**
 * CVaR, CDaR and MAD of a portfolio on historical scenarios as functions of the weights, with a
 * subgradient: each of them is convex and piecewise linear in w (a maximum of finitely many linear
 * functions), so `risk(v) ≥ risk(w) + gᵀ(v − w)` holds for every v, and that affine minorant is
 * exact at w. The cutting-plane solver (`penalised-risk-program.ts`) builds its model of the risk from
 * these minorants. The values follow `src/core/measures` to the last convention (the fractional weight
 * of the boundary scenario of a tail), so the solver minimises the number the model reports.
 */
import type { Matrix } from "../../linalg/matrix.js";
import { valueAtRiskRank } from "../../measures/tail-risk.js";
import type { ScenarioMeasure } from "./scenario-risk.js";

export interface RiskCut {
  /** risk(w), exact. */
  readonly value: number;
  /** A subgradient, length nAssets. */
  readonly gradient: Float64Array;
}

/** The measures this module handles: the piecewise-linear ones. */
export type PiecewiseLinearMeasure = Extract<ScenarioMeasure, { kind: "cvar" | "cdar" | "mad" }>;

/**
 * Weights q over `losses` with Σq = 1 that make `Σ qₜ·lossₜ` the CVaR of the losses at `beta`: 1/((1−β)T)
 * on every loss above the VaR, the remainder on the VaR's own scenario. Any such q, ties broken
 * either way, is a maximiser of Rockafellar and Uryasev's dual, hence a subgradient of the CVaR.
 */
function tailWeights(losses: Float64Array, beta: number): { value: number; order: Int32Array; varRank: number; tailWeight: number; varWeight: number } {
  const T = losses.length;
  const order = Int32Array.from({ length: T }, (_, t) => t).sort((a, b) => losses[a] - losses[b]);
  const varRank = valueAtRiskRank(T, beta);
  const tailMass = (1 - beta) * T;
  const valueAtRisk = losses[order[varRank]];
  let excess = 0;
  for (let k = varRank + 1; k < T; k++) excess += losses[order[k]] - valueAtRisk;
  const tailWeight = 1 / tailMass;
  return { value: valueAtRisk + excess / tailMass, order, varRank, tailWeight, varWeight: 1 - (T - 1 - varRank) * tailWeight };
}

/** `gradient += scale · R[t]`. */
function addRow(gradient: Float64Array, R: Matrix, t: number, scale: number): void {
  const n = R.cols;
  const base = t * n;
  for (let i = 0; i < n; i++) gradient[i] += scale * R.data[base + i];
}

/** The measure of `weights` (first nAssets entries are read) and a subgradient there. */
export function riskCut(R: Matrix, measure: PiecewiseLinearMeasure, weights: ArrayLike<number>): RiskCut {
  const T = R.rows;
  const n = R.cols;
  const returns = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let r = 0;
    for (let i = 0; i < n; i++) r += R.data[t * n + i] * weights[i];
    returns[t] = r;
  }
  const gradient = new Float64Array(n);

  if (measure.kind === "cvar") {
    // Loss −Rₜw: its gradient is −Rₜ.
    const tail = tailWeights(returns.map((r) => -r), measure.confidence);
    for (let k = tail.varRank + 1; k < T; k++) addRow(gradient, R, tail.order[k], -tail.tailWeight);
    if (tail.varWeight !== 0) addRow(gradient, R, tail.order[tail.varRank], -tail.varWeight);
    return { value: tail.value, gradient };
  }

  if (measure.kind === "cdar") {
    // Dₜ = max_{s ≤ t} Cₛ − Cₜ with C₋₁ = 0 (the start is a peak); its gradient is the sum of −Rₖ over
    // k from the peak to t. Prefix sums make each one O(n): ∇Dₜ = P(peak) − P(t), P(t) = Σ_{k ≤ t} Rₖ.
    const drawdowns = new Float64Array(T);
    const peakOf = new Int32Array(T);
    let cumulative = 0;
    let peakValue = 0;
    let peak = -1;
    for (let t = 0; t < T; t++) {
      cumulative += returns[t];
      if (cumulative >= peakValue) {
        peakValue = cumulative;
        peak = t;
      }
      drawdowns[t] = Math.max(peakValue - cumulative, 0);
      peakOf[t] = peak;
    }
    const tail = tailWeights(drawdowns, measure.confidence);
    // Σₜ qₜ(P(peakₜ) − P(t)) = Σₖ Rₖ·(Σ_{t: peakₜ < k ≤ t} −qₜ): a difference array over k.
    const q = new Float64Array(T);
    for (let k = tail.varRank + 1; k < T; k++) q[tail.order[k]] = tail.tailWeight;
    q[tail.order[tail.varRank]] += tail.varWeight;
    const coefficient = new Float64Array(T + 1);
    for (let t = 0; t < T; t++) {
      if (q[t] === 0) continue;
      coefficient[peakOf[t] + 1] -= q[t];
      coefficient[t + 1] += q[t];
    }
    let running = 0;
    for (let k = 0; k < T; k++) {
      running += coefficient[k];
      if (running !== 0) addRow(gradient, R, k, running);
    }
    return { value: tail.value, gradient };
  }

  // MAD: Σ|dₜ|/T with dₜ = rₜ − r̄. A subgradient is Σ sₜ(Rₜ − R̄)/T with sₜ = sign(dₜ), which is
  // Σ (sₜ − s̄)Rₜ/T with s̄ the mean sign: one pass over the rows.
  let mean = 0;
  for (let t = 0; t < T; t++) mean += returns[t];
  mean /= T;
  let value = 0;
  let signSum = 0;
  const signs = new Int8Array(T);
  for (let t = 0; t < T; t++) {
    const d = returns[t] - mean;
    value += Math.abs(d);
    signs[t] = d > 0 ? 1 : d < 0 ? -1 : 0;
    signSum += signs[t];
  }
  const meanSign = signSum / T;
  for (let t = 0; t < T; t++) if (signs[t] !== meanSign) addRow(gradient, R, t, (signs[t] - meanSign) / T);
  return { value: value / T, gradient };
}
