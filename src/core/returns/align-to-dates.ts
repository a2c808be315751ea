/**
 * Re-indexing a dated table onto other dates: a left join, as pandas' `DataFrame.join(how="left")`.
 * It puts a benchmark's returns (SPY, an index) on the rows of an asset returns table when the two
 * histories cover different spans.
 */
import { InvalidInputError, ShapeMismatchError } from "../errors.js";
import type { Matrix } from "../linalg/matrix.js";

export interface DatedRows {
  /** Unique dates, one per row of `values`. */
  readonly dates: readonly string[];
  /** `dates.length × nColumns`, row-major. */
  readonly values: Matrix;
}

/**
 * The rows of `source` placed on `dates`: row i of the result is the source row dated `dates[i]`, or
 * all `NaN` when the source has no such date. Source rows on dates not in `dates` are left out.
 *
 * @param source - dated rows, e.g. `{ dates: spy.dates, values: spy.returns }`.
 * @param dates - the target dates (e.g. the asset returns' dates).
 * @returns a `dates.length × source.values.cols` matrix.
 * @throws InvalidInputError when a source date repeats; ShapeMismatchError when dates and rows differ.
 * @example alignToDates({ dates: spy.dates, values: spy.returns }, stocks.dates).data // market, NaN before SPY starts
 */
export function alignToDates(source: DatedRows, dates: readonly string[]): Matrix {
  const { rows, cols, data } = source.values;
  if (source.dates.length !== rows) {
    throw new ShapeMismatchError(`${source.dates.length} dates for ${rows} rows`, { dates: source.dates.length, rows });
  }
  const rowOf = new Map<string, number>();
  source.dates.forEach((date, i) => {
    if (rowOf.has(date)) throw new InvalidInputError(`source date ${date} appears twice`, { date });
    rowOf.set(date, i);
  });
  const out = new Float64Array(dates.length * cols).fill(NaN);
  dates.forEach((date, i) => {
    const r = rowOf.get(date);
    if (r !== undefined) out.set(data.subarray(r * cols, (r + 1) * cols), i * cols);
  });
  return Object.freeze({ rows: dates.length, cols, data: out });
}
