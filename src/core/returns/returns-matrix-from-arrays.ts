/**
 * Plain nested returns (a JSON body, a spreadsheet paste) → the core's returns `Matrix`, for callers
 * that already have returns rather than prices.
 */
import { NonFiniteValueError, ShapeMismatchError } from "../errors.js";
import type { Matrix } from "../linalg/matrix.js";

/**
 * A `nObservations × nAssets` returns matrix from rows of per-period decimal returns; `null` and
 * `NaN` mark a missing return. Values are copied and checked, and no range is imposed (a return
 * below −1 is impossible for a long position in a limited-liability asset, but the estimators that
 * care, such as the geometric mean, check it themselves).
 *
 * @param rows - one array per observation, all of the same length (the number of assets).
 * @throws ShapeMismatchError for ragged rows; NonFiniteValueError for ±Infinity (naming row and asset).
 * @example returnsMatrixFromArrays([[0.01, null], [-0.02, 0.03]]) // 2×2, NaN at (0, 1)
 */
export function returnsMatrixFromArrays(rows: readonly (readonly (number | null)[])[]): Matrix {
  const cols = rows.length === 0 ? 0 : rows[0].length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new ShapeMismatchError(`returns row ${i} has ${row.length} values; row 0 has ${cols}`, {
        row: i,
        length: row.length,
        cols,
      });
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j] === null ? NaN : (row[j] as number);
      if (!Number.isNaN(v) && !Number.isFinite(v)) {
        throw new NonFiniteValueError(`return at row ${i}, asset ${j} is ${v}; use NaN or null for missing`, {
          row: i,
          asset: j,
          value: v,
        });
      }
      data[i * cols + j] = v;
    }
  });
  return Object.freeze({ rows: rows.length, cols, data });
}
