/**
 * Pairwise-complete covariance of a returns table with missing values, with the semantics of pandas'
 * `DataFrame.cov()`: each pair (i, j) uses only the rows where both assets have a return, and its
 * means are taken over those same rows. Private to this folder (sample covariance and the
 * constant-correlation Ledoit-Wolf target use it).
 */
import { InsufficientHistoryError } from "../../errors.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";

export interface PairwiseCovariance {
  /** Not annualised; divisor `n_ij − ddof`. Not necessarily positive semidefinite. */
  readonly covariance: SymmetricMatrix;
  /** `n_ij`, the number of rows both assets share (the diagonal is each asset's own count). */
  readonly pairObservations: SymmetricMatrix;
}

/** Columns of a row-major table as contiguous arrays, so the pair loops read memory in order. */
function columns(x: Matrix): Float64Array[] {
  const { rows, cols, data } = x;
  const out: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const c = new Float64Array(rows);
    for (let t = 0; t < rows; t++) c[t] = data[t * cols + j];
    out.push(c);
  }
  return out;
}

/**
 * @throws InsufficientHistoryError naming the asset (or the pair) whose count of shared rows does not
 * exceed `ddof` — an all-`NaN` column first, so the message points at the asset rather than a pair.
 */
export function pairwiseCovariance(returns: Matrix, ddof: number, estimator: string): PairwiseCovariance {
  const n = returns.cols;
  const cols = columns(returns);
  const cov = new Float64Array(n * n);
  const counts = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (const v of cols[i]) if (!Number.isNaN(v)) count++;
    if (count - ddof <= 0) {
      throw new InsufficientHistoryError(
        `${estimator}: asset ${i} has ${count} return(s); more than ${ddof} are needed for a variance`,
        { asset: i, observations: count, required: ddof + 1 },
      );
    }
  }
  for (let i = 0; i < n; i++) {
    const x = cols[i];
    for (let j = i; j < n; j++) {
      const y = cols[j];
      // Two passes (means first, then centred products): the one-pass formula Σxy − n·x̄·ȳ loses
      // digits to cancellation when means are large next to the dispersion.
      let count = 0;
      let sx = 0;
      let sy = 0;
      for (let t = 0; t < x.length; t++) {
        const a = x[t];
        const b = y[t];
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        count++;
        sx += a;
        sy += b;
      }
      if (count - ddof <= 0) {
        throw new InsufficientHistoryError(
          `${estimator}: assets ${i} and ${j} share ${count} row(s); more than ${ddof} are needed for a covariance`,
          { assets: [i, j], observations: count, required: ddof + 1 },
        );
      }
      const mx = sx / count;
      const my = sy / count;
      let s = 0;
      for (let t = 0; t < x.length; t++) {
        const a = x[t];
        const b = y[t];
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        s += (a - mx) * (b - my);
      }
      const c = s / (count - ddof);
      cov[i * n + j] = c;
      cov[j * n + i] = c;
      counts[i * n + j] = count;
      counts[j * n + i] = count;
    }
  }
  return { covariance: { size: n, data: cov }, pairObservations: { size: n, data: counts } };
}
