/**
 * Dense matrices as the core passes them around: row-major `Float64Array` with explicit sizes.
 *
 * A returns table is a `Matrix` of `rows = nObservations` × `cols = nAssets` (skfolio's
 * `(n_observations, n_assets)`); missing observations are `NaN`. A covariance is a `SymmetricMatrix`:
 * `size × size`, both triangles stored, so element (i, j) is `data[i * size + j]`.
 */
import { ShapeMismatchError } from "../errors.js";

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major: element (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array;
}

export interface SymmetricMatrix {
  readonly size: number;
  /** Row-major, both triangles: element (i, j) = (j, i) = `data[i * size + j]`. */
  readonly data: Float64Array;
}

/** A `rows × cols` matrix over `data` (zeros when omitted); checks the length. */
export function matrix(rows: number, cols: number, data?: Float64Array | readonly number[]): Matrix {
  const values = data === undefined ? new Float64Array(rows * cols) : Float64Array.from(data);
  if (values.length !== rows * cols) {
    throw new ShapeMismatchError(`a ${rows}×${cols} matrix needs ${rows * cols} values, got ${values.length}`, {
      rows,
      cols,
      length: values.length,
    });
  }
  return { rows, cols, data: values };
}

/** A `size × size` symmetric matrix over `data` (copied); the caller vouches for the symmetry. */
export function symmetricMatrix(size: number, data: Float64Array | readonly number[]): SymmetricMatrix {
  if (data.length !== size * size) {
    throw new ShapeMismatchError(`a ${size}×${size} matrix needs ${size * size} values, got ${data.length}`, {
      size,
      length: data.length,
    });
  }
  return { size, data: Float64Array.from(data) };
}

/** A symmetric matrix from nested rows, as JSON carries it. */
export function symmetricFromRows(rows: readonly (readonly number[])[]): SymmetricMatrix {
  const size = rows.length;
  const data = new Float64Array(size * size);
  rows.forEach((row, i) => {
    if (row.length !== size) {
      throw new ShapeMismatchError(`row ${i} has ${row.length} values; a ${size}×${size} matrix needs ${size}`, {
        row: i,
      });
    }
    data.set(row, i * size);
  });
  return { size, data };
}

/** Nested rows of a symmetric matrix, for JSON output. */
export function symmetricToRows(m: SymmetricMatrix): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < m.size; i++) rows.push(Array.from(m.data.subarray(i * m.size, (i + 1) * m.size)));
  return rows;
}

export function identity(size: number): SymmetricMatrix {
  const data = new Float64Array(size * size);
  for (let i = 0; i < size; i++) data[i * size + i] = 1;
  return { size, data };
}

/** The diagonal of a square matrix. */
export function diagonal(m: SymmetricMatrix): Float64Array {
  const d = new Float64Array(m.size);
  for (let i = 0; i < m.size; i++) d[i] = m.data[i * m.size + i];
  return d;
}

/** `A·x` for a symmetric `A`. */
export function symmetricTimesVector(a: SymmetricMatrix, x: Float64Array | readonly number[]): Float64Array {
  const n = a.size;
  if (x.length !== n) throw new ShapeMismatchError(`vector of length ${x.length} for a ${n}×${n} matrix`, { n });
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += a.data[row + j] * x[j];
    y[i] = s;
  }
  return y;
}

/** The quadratic form `xᵀ·A·x`. */
export function quadraticForm(a: SymmetricMatrix, x: Float64Array | readonly number[]): number {
  const ax = symmetricTimesVector(a, x);
  let s = 0;
  for (let i = 0; i < a.size; i++) s += x[i] * ax[i];
  return s;
}
