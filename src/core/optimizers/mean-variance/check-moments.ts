/**
 * Validation of the moments every mean-variance model takes, done on use (specs are plain data and are
 * checked when solved): sizes agree, the universe is not empty, nothing is NaN.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";

export interface CheckedMoments {
  readonly n: number;
  readonly mu: Float64Array;
  readonly covariance: SymmetricMatrix;
  readonly riskFreeRate: number;
}

/** Checks μ, Σ and rf; returns a private copy of μ (the caller's arrays are never written). */
export function checkMoments(
  expectedReturns: ArrayLike<number>,
  covariance: SymmetricMatrix,
  riskFreeRate: number | undefined,
): CheckedMoments {
  const n = covariance?.size;
  if (!Number.isInteger(n) || n < 1 || expectedReturns === undefined || expectedReturns.length === 0) {
    throw new InvalidInputError(`the universe is empty: a portfolio needs at least one asset`, { assets: 0 });
  }
  if (covariance.data.length !== n * n) {
    throw new ShapeMismatchError(`the covariance has ${covariance.data.length} values, expected ${n}×${n}`, { size: n });
  }
  if (expectedReturns.length !== n) {
    throw new ShapeMismatchError(`${expectedReturns.length} expected returns for a covariance of ${n} assets`, {
      expectedReturns: expectedReturns.length,
      assets: n,
    });
  }
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = expectedReturns[i];
    if (!Number.isFinite(v)) throw new NonFiniteValueError(`the expected return of asset ${i} is ${v}`, { asset: i, value: v });
    mu[i] = v;
  }
  for (let k = 0; k < n * n; k++) {
    const v = covariance.data[k];
    if (!Number.isFinite(v)) {
      const row = Math.floor(k / n);
      const col = k % n;
      throw new NonFiniteValueError(`the covariance of assets ${row} and ${col} is ${v}`, { row, col, value: v });
    }
  }
  for (let i = 0; i < n; i++) {
    const v = covariance.data[i * n + i];
    if (v < 0) throw new InvalidInputError(`the variance of asset ${i} is negative (${v})`, { asset: i, value: v });
  }
  const rf = riskFreeRate ?? 0.02;
  if (!Number.isFinite(rf)) throw new InvalidInputError(`the risk-free rate ${rf} is not a number`, { riskFreeRate: rf });
  return { n, mu, covariance, riskFreeRate: rf };
}

/** A finite number inside [min, max], or a typed error naming the parameter. */
export function checkParameter(name: string, value: number, min = -Infinity, max = Infinity): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new InvalidInputError(`${name} must be a finite number in [${min}, ${max}], got ${value}`, { name, value });
  }
  return value;
}
