/**
 * The matrix product `A·B` of row-major matrices.
 */
import { ShapeMismatchError } from "../errors.js";
import type { Matrix } from "./matrix.js";

/**
 * `A·B` for `A` (`m × k`) and `B` (`k × n`): a new `m × n` matrix.
 *
 * Loop order i–k–j: the innermost loop adds a multiple of row k of B into row i of the result, both
 * contiguous in row-major storage (the textbook i–j–k order would stride down a column of B).
 * @throws ShapeMismatchError when `a.cols !== b.rows`.
 * @example multiply(matrix(1, 2, [1, 2]), matrix(2, 1, [3, 4])).data // [11]
 */
export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) {
    throw new ShapeMismatchError(`cannot multiply a ${a.rows}×${a.cols} matrix by a ${b.rows}×${b.cols} matrix`, {
      left: [a.rows, a.cols],
      right: [b.rows, b.cols],
    });
  }
  const m = a.rows;
  const inner = a.cols;
  const n = b.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ri = i * inner;
    const oi = i * n;
    for (let k = 0; k < inner; k++) {
      const aik = a.data[ri + k];
      if (aik === 0) continue;
      const rk = k * n;
      for (let j = 0; j < n; j++) out[oi + j] += aik * b.data[rk + j];
    }
  }
  return { rows: m, cols: n, data: out };
}
