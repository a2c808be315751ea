/**
 * Downside risk of a return series below a benchmark (a minimum acceptable return): the semivariance
 * `Σ min(rₜ − b, 0)² / T` and its square root, the semideviation (Markowitz 1959, ch. 9; the
 * definition PyPortfolioOpt's EfficientSemivariance minimises: all T periods in the denominator).
 * Per period, like the returns; multiply the semivariance by the periods per year to annualise.
 */
import { InvalidInputError, NonFiniteValueError } from "../errors.js";

function check(returns: ArrayLike<number>, benchmark: number): void {
  if (returns.length === 0) throw new InvalidInputError("semivariance of an empty return series", {});
  if (!Number.isFinite(benchmark)) throw new NonFiniteValueError(`benchmark is ${benchmark}`, { name: "benchmark" });
  for (let t = 0; t < returns.length; t++) {
    if (!Number.isFinite(returns[t])) throw new NonFiniteValueError(`return ${t} is ${returns[t]}`, { row: t });
  }
}

/**
 * `Σₜ min(rₜ − benchmark, 0)² / T`, per period. `benchmark` is a per-period return (default 0).
 *
 * @example
 * semivariance([0.01, -0.02, 0.03, -0.01]); // (0.0004 + 0.0001) / 4 = 0.000125
 */
export function semivariance(returns: ArrayLike<number>, benchmark = 0): number {
  check(returns, benchmark);
  let sum = 0;
  for (let t = 0; t < returns.length; t++) {
    const shortfall = Math.min(returns[t] - benchmark, 0);
    sum += shortfall * shortfall;
  }
  return sum / returns.length;
}

/** `√semivariance`, per period; `√(periodsPerYear · semivariance)` is PyPortfolioOpt's annual figure. */
export function semideviation(returns: ArrayLike<number>, benchmark = 0): number {
  return Math.sqrt(semivariance(returns, benchmark));
}
