/**
 * The correlation distance of López de Prado (2016): d = √((1 − ρ)/2), a metric on assets (0 for
 * perfectly correlated, 1 for perfectly anti-correlated). Values outside [0, 1] that rounding can
 * produce from |ρ| a hair above 1 are clipped, as PyPortfolioOpt does.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";

/**
 * `nAssets × nAssets` distances √(clip((1 − ρᵢⱼ)/2, 0, 1)) from a correlation matrix (zero diagonal).
 * @throws NonFiniteValueError naming a NaN correlation; InvalidInputError for a correlation outside
 *   [−1, 1] by more than rounding (1e-8).
 * @example correlationDistance(symmetricFromRows([[1, 0.5], [0.5, 1]])).data[1] // 0.5
 */
export function correlationDistance(correlation: SymmetricMatrix): SymmetricMatrix {
  const n = correlation.size;
  if (correlation.data.length !== n * n) {
    throw new ShapeMismatchError(`a ${n}×${n} correlation needs ${n * n} values, got ${correlation.data.length}`, { size: n });
  }
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const rho = correlation.data[i * n + j];
      if (!Number.isFinite(rho)) throw new NonFiniteValueError(`the correlation of assets ${i} and ${j} is ${rho}`, { assets: [i, j], value: rho });
      if (Math.abs(rho) > 1 + 1e-8) throw new InvalidInputError(`the correlation of assets ${i} and ${j} is ${rho}, outside [-1, 1]`, { assets: [i, j], value: rho });
      const v = Math.sqrt(Math.min(1, Math.max(0, (1 - rho) / 2)));
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return { size: n, data: d };
}
