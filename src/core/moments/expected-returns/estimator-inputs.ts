/**
 * Checks shared by the expected-return estimators (private to this folder): a returns matrix holds
 * finite decimals or `NaN`, and `periodsPerYear` is a positive number the caller chose.
 */
import { InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { Matrix } from "../../linalg/matrix.js";

export function checkReturns(returns: Matrix): void {
  const { rows, cols, data } = returns;
  if (data.length !== rows * cols) {
    throw new ShapeMismatchError(`a ${rows}×${cols} returns matrix has ${data.length} values`, { rows, cols });
  }
  if (cols === 0) throw new InvalidInputError("the returns matrix has no assets");
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (!Number.isNaN(v) && !Number.isFinite(v)) {
      const row = Math.floor(k / cols);
      const asset = k % cols;
      throw new NonFiniteValueError(`return at row ${row}, asset ${asset} is ${v}`, { row, asset, value: v });
    }
  }
}

export function checkPeriodsPerYear(periodsPerYear: number): void {
  if (typeof periodsPerYear !== "number" || !Number.isFinite(periodsPerYear) || periodsPerYear <= 0) {
    throw new InvalidInputError(`periodsPerYear must be a positive number (252 for daily data), got ${periodsPerYear}`, {
      periodsPerYear,
    });
  }
}
