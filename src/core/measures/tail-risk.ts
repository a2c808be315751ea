/**
 * Historical value at risk and conditional value at risk (expected shortfall) of a return series,
 * as positive losses. CVaR is Rockafellar and Uryasev's (2000) definition, the one the min-CVaR LP
 * minimises: `CVaR_β = min_a { a + E[(L − a)⁺] / (1 − β) }` over the empirical loss distribution
 * `L = −r`. When `(1 − β)·T` is not a whole number the boundary loss enters with its fractional
 * weight, so a backtest's CVaR and an optimizer's objective are the same number for the same data.
 */
import { InvalidInputError, NonFiniteValueError } from "../errors.js";

export interface TailRisk {
  /** β-quantile of the loss (the optimal `a` above): a positive number is a loss. */
  readonly valueAtRisk: number;
  readonly conditionalValueAtRisk: number;
}

function checkReturns(returns: ArrayLike<number>, confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new InvalidInputError(`confidence level ${confidence} must lie strictly between 0 and 1 (e.g. 0.95)`, { confidence });
  }
  if (returns.length === 0) throw new InvalidInputError("tail risk of an empty return series", {});
  for (let t = 0; t < returns.length; t++) {
    if (!Number.isFinite(returns[t])) throw new NonFiniteValueError(`return ${t} is ${returns[t]}`, { row: t });
  }
}

// βT computed in floating point can land a hair above a whole number (0.95·1000 = 950.0000000000001);
// the tolerance keeps the quantile on the intended order statistic.
const ORDER_TOLERANCE = 1e-9;

/** Where the VaR sits among `n` losses sorted ascending: the ⌈βn⌉-th smallest (0-based index). */
export function valueAtRiskRank(n: number, confidence: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil(confidence * n - ORDER_TOLERANCE) - 1));
}

/** Historical VaR and CVaR at `confidence` (0.95 = the worst 5 %) of the losses `−returns`. */
export function historicalTailRisk(returns: ArrayLike<number>, confidence = 0.95): TailRisk {
  checkReturns(returns, confidence);
  const n = returns.length;
  const losses = Float64Array.from(returns, (r) => -r).sort();
  // Ascending losses: VaR is the ⌈βT⌉-th smallest; the tail mass (1 − β)T sits above it.
  const varIndex = valueAtRiskRank(n, confidence);
  const valueAtRisk = losses[varIndex];
  const tailMass = (1 - confidence) * n;
  let excess = 0;
  for (let t = varIndex + 1; t < n; t++) excess += losses[t] - valueAtRisk;
  return { valueAtRisk, conditionalValueAtRisk: valueAtRisk + excess / tailMass };
}

/** Historical VaR at `confidence`, a positive loss. */
export function historicalVar(returns: ArrayLike<number>, confidence = 0.95): number {
  return historicalTailRisk(returns, confidence).valueAtRisk;
}

/** Historical CVaR (expected shortfall) at `confidence`, a positive loss. */
export function historicalCvar(returns: ArrayLike<number>, confidence = 0.95): number {
  return historicalTailRisk(returns, confidence).conditionalValueAtRisk;
}
