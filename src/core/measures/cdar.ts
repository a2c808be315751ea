/**
 * Drawdowns of uncompounded cumulative returns and their conditional drawdown at risk (CDaR) of
 * Chekhlov, Uryasev and Zabarankin (2005, "Drawdown measure in portfolio optimization"), as
 * PyPortfolioOpt's EfficientCDaR defines them: the cumulative return is `Cₜ = r₁ + … + rₜ` from
 * `C₀ = 0`, the drawdown `Dₜ = max_{s ≤ t} Cₛ − Cₜ` (so the starting value counts as a peak), and
 * CDaR_β is the mean of the worst (1 − β) share of the T drawdowns, with the boundary drawdown at its
 * fractional weight: Rockafellar and Uryasev's CVaR of the drawdown distribution, the number the
 * min-CDaR LP minimises.
 */
import { historicalTailRisk } from "./tail-risk.js";
import { InvalidInputError, NonFiniteValueError } from "../errors.js";

/** `Dₜ` for t = 1 … T (positive numbers, 0 at a new high), by the recursion `Dₜ = max(Dₜ₋₁ − rₜ, 0)`. */
export function uncompoundedDrawdowns(returns: ArrayLike<number>): Float64Array {
  const out = new Float64Array(returns.length);
  let drawdown = 0;
  for (let t = 0; t < returns.length; t++) {
    if (!Number.isFinite(returns[t])) throw new NonFiniteValueError(`return ${t} is ${returns[t]}`, { row: t });
    drawdown = Math.max(drawdown - returns[t], 0);
    out[t] = drawdown;
  }
  return out;
}

export interface DrawdownRisk {
  /** The β-quantile of the drawdowns (the LP's α). */
  readonly drawdownAtRisk: number;
  readonly conditionalDrawdownAtRisk: number;
  /** The largest drawdown. */
  readonly maxDrawdown: number;
}

/**
 * Drawdown at risk, CDaR and the maximum drawdown of a per-period return series, at `confidence`
 * (0.95: the worst 5 % of drawdowns), all positive numbers in the returns' units.
 *
 * @example
 * conditionalDrawdownAtRisk([0.1, -0.05, -0.05, 0.2], 0.5); // drawdowns 0, 0.05, 0.1, 0 → CDaR 0.075
 */
export function conditionalDrawdownAtRisk(returns: ArrayLike<number>, confidence = 0.95): DrawdownRisk {
  if (returns.length === 0) throw new InvalidInputError("drawdowns of an empty return series", {});
  const drawdowns = uncompoundedDrawdowns(returns);
  // A drawdown is a loss: the tail-risk measure of −D is the CVaR of D.
  const tail = historicalTailRisk(drawdowns.map((d) => -d), confidence);
  let maxDrawdown = 0;
  for (const d of drawdowns) maxDrawdown = Math.max(maxDrawdown, d);
  return { drawdownAtRisk: tail.valueAtRisk, conditionalDrawdownAtRisk: tail.conditionalValueAtRisk, maxDrawdown };
}
