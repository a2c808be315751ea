/**
 * The transpose of a row-major matrix.
 */
import type { Matrix } from "./matrix.js";

/**
 * `Aᵀ`: a new `cols × rows` matrix with element (j, i) = A(i, j).
 * @example transpose(matrix(2, 3, [1, 2, 3, 4, 5, 6])).data // [1, 4, 2, 5, 3, 6]
 */
export function transpose(a: Matrix): Matrix {
  const { rows, cols, data } = a;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const ri = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[ri + j];
  }
  return { rows: cols, cols: rows, data: out };
}
