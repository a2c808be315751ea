/**
 * Checks and views of a returns table shared by the covariance estimators of this folder (private:
 * not in the folder's index). A returns table is a `Matrix` of `nObservations × nAssets` decimal
 * returns, row-major, `NaN` = missing. Every view is a new array; the caller's table is never written.
 */
import { InsufficientHistoryError, InvalidInputError, NonFiniteValueError, ShapeMismatchError } from "../../errors.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";

/**
 * Validates the shape and values of a returns table for the estimator `estimator`.
 * Infinities are always rejected (a price of zero upstream, never a real return); `NaN` only where the
 * estimator has no rule for missing data. Fewer than two rows cannot give a dispersion estimate.
 */
export function checkReturns(returns: Matrix, estimator: string, allowMissing: boolean): void {
  const { rows, cols, data } = returns;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || cols < 1 || rows < 0) {
    throw new ShapeMismatchError(`${estimator}: a returns table needs at least one asset, got ${rows}×${cols}`, {
      rows,
      cols,
    });
  }
  if (data.length !== rows * cols) {
    throw new ShapeMismatchError(`${estimator}: a ${rows}×${cols} returns table needs ${rows * cols} values, got ${data.length}`, {
      rows,
      cols,
      length: data.length,
    });
  }
  if (rows < 2) {
    throw new InsufficientHistoryError(`${estimator}: ${rows} observation(s); at least 2 are needed`, {
      observations: rows,
      required: 2,
    });
  }
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (Number.isFinite(v) || (allowMissing && Number.isNaN(v))) continue;
    const row = Math.floor(k / cols);
    const asset = k % cols;
    throw new NonFiniteValueError(`${estimator}: return of asset ${asset} at row ${row} is ${v}`, { row, asset, value: v });
  }
}

/** `periodsPerYear` must be a positive finite number (252 for daily, 52 weekly, 12 monthly). */
export function checkPeriodsPerYear(periodsPerYear: number, estimator: string): void {
  if (!(Number.isFinite(periodsPerYear) && periodsPerYear > 0)) {
    throw new InvalidInputError(`${estimator}: periodsPerYear must be a positive number, got ${periodsPerYear}`, {
      periodsPerYear,
    });
  }
}

/** Whether any value of the table is missing. */
export function hasMissing(returns: Matrix): boolean {
  const { data } = returns;
  for (let k = 0; k < data.length; k++) if (Number.isNaN(data[k])) return true;
  return false;
}

/** A table with at least `required` rows, or an InsufficientHistoryError saying what was left. */
export function requireRows(x: Matrix, required: number, estimator: string, what: string): Matrix {
  if (x.rows < required) {
    throw new InsufficientHistoryError(`${estimator}: ${x.rows} ${what}; at least ${required} are needed`, {
      observations: x.rows,
      required,
    });
  }
  return x;
}

/** Only the rows where every asset has a return (listwise deletion). */
export function completeRows(returns: Matrix): Matrix {
  const { rows, cols, data } = returns;
  const keep: number[] = [];
  for (let t = 0; t < rows; t++) {
    let complete = true;
    for (let j = 0; j < cols && complete; j++) complete = !Number.isNaN(data[t * cols + j]);
    if (complete) keep.push(t);
  }
  return selectRows(returns, keep);
}

/** Rows where at least one asset has a return, so a date with no data at all counts as no observation. */
export function nonEmptyRows(returns: Matrix): Matrix {
  const { rows, cols, data } = returns;
  const keep: number[] = [];
  for (let t = 0; t < rows; t++) {
    let any = false;
    for (let j = 0; j < cols && !any; j++) any = !Number.isNaN(data[t * cols + j]);
    if (any) keep.push(t);
  }
  return selectRows(returns, keep);
}

/**
 * PyPortfolioOpt's convention for the shrinkage estimators (`np.nan_to_num` on the returns): a
 * missing return counts as 0. Rows with no return at all are dropped first, as PyPortfolioOpt's
 * `dropna(how="all")` does.
 */
export function zeroFilled(returns: Matrix): Matrix {
  const kept = nonEmptyRows(returns);
  // Plain loops throughout this file: V8 runs `Float64Array.from(x, fn)` about 25× slower.
  const data = new Float64Array(kept.data.length);
  for (let k = 0; k < data.length; k++) {
    const v = kept.data[k];
    data[k] = Number.isNaN(v) ? 0 : v;
  }
  return { rows: kept.rows, cols: kept.cols, data };
}

function selectRows(x: Matrix, keep: readonly number[]): Matrix {
  const { rows, cols, data } = x;
  if (keep.length === rows) return { rows, cols, data: Float64Array.from(data) };
  const out = new Float64Array(keep.length * cols);
  keep.forEach((t, k) => out.set(data.subarray(t * cols, (t + 1) * cols), k * cols));
  return { rows: keep.length, cols, data: out };
}

/** Column means of a complete table. */
export function columnMeans(x: Matrix): Float64Array {
  const { rows, cols, data } = x;
  const means = new Float64Array(cols);
  for (let t = 0; t < rows; t++) for (let j = 0; j < cols; j++) means[j] += data[t * cols + j];
  for (let j = 0; j < cols; j++) means[j] /= rows;
  return means;
}

/** The complete table minus its column means. */
export function centred(x: Matrix): Matrix {
  const { rows, cols, data } = x;
  const means = columnMeans(x);
  const out = new Float64Array(rows * cols);
  for (let t = 0; t < rows; t++) for (let j = 0; j < cols; j++) out[t * cols + j] = data[t * cols + j] - means[j];
  return { rows, cols, data: out };
}

/** `factor · m` as a new matrix. */
export function scaled(m: SymmetricMatrix, factor: number): SymmetricMatrix {
  const data = new Float64Array(m.data.length);
  for (let k = 0; k < data.length; k++) data[k] = m.data[k] * factor;
  return { size: m.size, data };
}

/** `[a | b]`: the columns of `b` after those of `a` (same rows), so one `crossProduct` of the pair
 * yields `aᵀa`, `aᵀb` and `bᵀb` as its blocks. */
export function sideBySide(a: Matrix, b: Matrix): Matrix {
  const rows = a.rows;
  const cols = a.cols + b.cols;
  const out = new Float64Array(rows * cols);
  for (let t = 0; t < rows; t++) {
    out.set(a.data.subarray(t * a.cols, (t + 1) * a.cols), t * cols);
    out.set(b.data.subarray(t * b.cols, (t + 1) * b.cols), t * cols + a.cols);
  }
  return { rows, cols, data: out };
}

/** Element-wise `x^power` of a table (squares and cubes of centred returns for the shrinkage terms). */
export function elementPower(x: Matrix, power: 2 | 3): Matrix {
  const data = new Float64Array(x.data.length);
  if (power === 2) for (let k = 0; k < data.length; k++) data[k] = x.data[k] * x.data[k];
  else for (let k = 0; k < data.length; k++) data[k] = x.data[k] * x.data[k] * x.data[k];
  return { rows: x.rows, cols: x.cols, data };
}
