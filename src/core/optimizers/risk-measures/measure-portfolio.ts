/**
 * A portfolio's risk on the scenarios by each measure's own definition (`src/core/measures`), so the
 * number a model reports is the number a backtest of the same weights would compute, not the LP's.
 */
import type { Matrix } from "../../linalg/matrix.js";
import { conditionalDrawdownAtRisk } from "../../measures/cdar.js";
import { meanAbsoluteDeviation } from "../../measures/mean-absolute-deviation.js";
import { semivariance } from "../../measures/semideviation.js";
import { historicalTailRisk } from "../../measures/tail-risk.js";
import type { RiskMeasureName } from "./risk-measure-model.js";
import type { ScenarioMeasure } from "./scenario-risk.js";

/** `R·w`: the portfolio's return in each scenario. */
export function scenarioReturns(R: Matrix, weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(R.rows);
  const n = R.cols;
  for (let t = 0; t < R.rows; t++) {
    let r = 0;
    for (let i = 0; i < n; i++) r += R.data[t * n + i] * weights[i];
    out[t] = r;
  }
  return out;
}

export interface MeasuredRisk {
  readonly riskMeasure: RiskMeasureName;
  readonly risk: number;
  readonly quantile?: number;
}

/** The measure of `weights` (semideviation annualised by `periodsPerYear`; the others per period). */
export function measurePortfolio(R: Matrix, weights: ArrayLike<number>, measure: ScenarioMeasure, periodsPerYear: number): MeasuredRisk {
  const returns = scenarioReturns(R, weights);
  switch (measure.kind) {
    case "cvar": {
      const tail = historicalTailRisk(returns, measure.confidence);
      return { riskMeasure: "cvar", risk: tail.conditionalValueAtRisk, quantile: tail.valueAtRisk };
    }
    case "cdar": {
      const tail = conditionalDrawdownAtRisk(returns, measure.confidence);
      return { riskMeasure: "cdar", risk: tail.conditionalDrawdownAtRisk, quantile: tail.drawdownAtRisk };
    }
    case "mad":
      return { riskMeasure: "meanAbsoluteDeviation", risk: meanAbsoluteDeviation(returns) };
    case "semivariance":
      return { riskMeasure: "semideviation", risk: Math.sqrt(periodsPerYear * semivariance(returns, measure.benchmark)) };
  }
}

/**
 * Puts the budget's rounding drift (≤ 1e-9 relative: the solver's feasibility tolerance) on the
 * largest weight strictly inside its bounds, so the weights sum to the budget to the last bits.
 */
export function removeBudgetDrift(weights: Float64Array, budget: number, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
  let sum = 0;
  for (const w of weights) sum += w;
  const drift = budget - sum;
  if (drift === 0 || Math.abs(drift) > 1e-9 * Math.max(1, Math.abs(budget))) return;
  let pick = -1;
  for (let i = 0; i < weights.length; i++) {
    const inside = weights[i] + drift >= lower[i] && weights[i] + drift <= upper[i];
    if (inside && (pick < 0 || Math.abs(weights[i]) > Math.abs(weights[pick]))) pick = i;
  }
  if (pick >= 0) weights[pick] += drift;
}
