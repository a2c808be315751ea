/**
 * Multipliers of the working rows that best explain the gradient on the free variables:
 * λ = argmin ‖g_F + A_Fᵀλ‖₂, from the normal equations (A_F A_Fᵀ)λ = −A_F g_F. At an exact optimum
 * this equals the step's λ; computed from a fresh gradient at the end, it gives the smallest
 * stationarity residual the final x allows, whatever the Hessian's conditioning. Solved in residual
 * form around the step's λ₀ (`g_F + A_Fᵀλ₀` is tiny at the optimum), so the normal equations' error,
 * ε·cond(A_F)², applies to the correction only.
 */
import type { DenseQp } from "./dense-qp.js";
import { solveSmallSpd } from "./small-spd-solve.js";

/** Equality rows first, then `activeRows` in order. */
export function leastSquaresMultipliers(
  qp: DenseQp,
  free: Int32Array,
  k: number,
  activeRows: readonly number[],
  g: Float64Array,
  lambda0: ArrayLike<number>,
): Float64Array {
  const { n, mEq } = qp;
  const mW = mEq + activeRows.length;
  const lambda = new Float64Array(mW);
  if (mW === 0) return lambda;
  const row = (w: number, j: number) => (w < mEq ? qp.A[w * n + j] : qp.C[activeRows[w - mEq] * n + j]);
  const gram = new Float64Array(mW * mW);
  const r = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    let s = g[free[t]];
    for (let w = 0; w < mW; w++) s += row(w, free[t]) * lambda0[w];
    r[t] = s;
  }
  for (let a = 0; a < mW; a++) {
    for (let c = 0; c <= a; c++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += row(a, free[t]) * row(c, free[t]);
      gram[a * mW + c] = s;
      gram[c * mW + a] = s;
    }
    let s = 0;
    for (let t = 0; t < k; t++) s -= row(a, free[t]) * r[t];
    lambda[a] = s;
  }
  solveSmallSpd(gram, lambda, mW);
  for (let w = 0; w < mW; w++) lambda[w] += lambda0[w];
  return lambda;
}
