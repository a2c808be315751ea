/**
 * Mean absolute deviation of a return series from its mean, `Σ |rₜ − r̄| / T`, per period: the risk
 * measure of Konno and Yamazaki (1991, "Mean-absolute deviation portfolio optimization model and its
 * applications to Tokyo stock market"), which makes the mean-risk problem a linear program.
 */
import { InvalidInputError, NonFiniteValueError } from "../errors.js";

/**
 * @example
 * meanAbsoluteDeviation([0.01, -0.01, 0.03, -0.03]); // mean 0 → (0.01 + 0.01 + 0.03 + 0.03) / 4 = 0.02
 */
export function meanAbsoluteDeviation(returns: ArrayLike<number>): number {
  const n = returns.length;
  if (n === 0) throw new InvalidInputError("mean absolute deviation of an empty return series", {});
  let mean = 0;
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(returns[t])) throw new NonFiniteValueError(`return ${t} is ${returns[t]}`, { row: t });
    mean += returns[t];
  }
  mean /= n;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += Math.abs(returns[t] - mean);
  return sum / n;
}
