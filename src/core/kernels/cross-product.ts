/**
 * The cross-product `XᵀX` of a complete `rows × cols` matrix: the kernel under every sample-type
 * covariance. Only the upper triangle is computed (the result is symmetric) and then mirrored.
 */
import type { Matrix, SymmetricMatrix } from "../linalg/matrix.js";

/**
 * `XᵀX` for `x` (`nObservations × nAssets`, row-major, no NaN): a `nAssets × nAssets` symmetric matrix.
 * @example crossProduct(matrix(2, 2, [1, 2, 3, 4])).data // [10, 14, 14, 20]
 */
export function crossProduct(x: Matrix): SymmetricMatrix {
  const { rows, cols, data } = x;
  const out = new Float64Array(cols * cols);
  for (let t = 0; t < rows; t++) {
    const row = t * cols;
    for (let i = 0; i < cols; i++) {
      const xi = data[row + i];
      if (xi === 0) continue;
      const o = i * cols;
      for (let j = i; j < cols; j++) out[o + j] += xi * data[row + j];
    }
  }
  for (let i = 0; i < cols; i++) for (let j = 0; j < i; j++) out[i * cols + j] = out[j * cols + i];
  return { size: cols, data: out };
}
