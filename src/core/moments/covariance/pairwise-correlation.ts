/**
 * Pairwise-complete correlation with the semantics of pandas' `DataFrame.corr()`: each pair uses only
 * the rows where both assets have a return, with means, and both deviations, over those same rows.
 * With ragged histories this is not the correlation of the pairwise covariance (whose variances come
 * from each asset's own rows), which is why hierarchical clustering on returns (PyPortfolioOpt's
 * HRPOpt) needs it.
 */
import { InsufficientHistoryError } from "../../errors.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";

/**
 * `returns`: `nObservations × nAssets`, NaN where an asset has no return. Returns the `nAssets × nAssets`
 * correlation (diagonal 1).
 * @throws InsufficientHistoryError naming a pair that shares fewer than 2 rows, or an asset with no dispersion.
 */
export function pairwiseCorrelation(returns: Matrix): SymmetricMatrix {
  const { rows, cols: n, data } = returns;
  const columns = Array.from({ length: n }, (_, j) => Float64Array.from({ length: rows }, (_, t) => data[t * n + j]));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1;
    const x = columns[i];
    for (let j = i + 1; j < n; j++) {
      const y = columns[j];
      let count = 0;
      let sx = 0;
      let sy = 0;
      for (let t = 0; t < rows; t++) {
        if (Number.isNaN(x[t]) || Number.isNaN(y[t])) continue;
        count++;
        sx += x[t];
        sy += y[t];
      }
      if (count < 2) {
        throw new InsufficientHistoryError(`pairwise correlation: assets ${i} and ${j} share ${count} row(s); at least 2 are needed`, {
          assets: [i, j],
          observations: count,
        });
      }
      const mx = sx / count;
      const my = sy / count;
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let t = 0; t < rows; t++) {
        if (Number.isNaN(x[t]) || Number.isNaN(y[t])) continue;
        const a = x[t] - mx;
        const b = y[t] - my;
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
      }
      if (!(sxx > 0 && syy > 0)) {
        throw new InsufficientHistoryError(`pairwise correlation: asset ${sxx > 0 ? j : i} does not vary over the rows it shares with asset ${sxx > 0 ? i : j}`, {
          assets: [i, j],
        });
      }
      out[i * n + j] = out[j * n + i] = sxy / Math.sqrt(sxx * syy);
    }
  }
  return { size: n, data: out };
}
