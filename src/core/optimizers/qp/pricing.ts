/**
 * Pricing: which working constraint to drop (Nocedal & Wright, "Numerical Optimization", 2nd ed.,
 * 2006, Algorithm 16.3, the step after a full step). A bound at its lower side wants a reduced gradient
 * r_j = g_j + Σ λ_w·a_wj ≥ 0, at its upper side ≤ 0; a working row wants its multiplier's sign to match
 * its side. The largest violation past the tolerance wins (Dantzig's rule), or, once the caller has
 * switched to Bland's rule against cycling, the first one.
 */
import { AT_LOWER as AT_LOWER_STATE, AWAY as AWAY_STATE, type DenseQp } from "./dense-qp.js";

// Plain module constants: hot loops read these, and some loaders turn imported bindings into getters.
const AT_LOWER = AT_LOWER_STATE;
const AWAY = AWAY_STATE;

export interface PricingState {
  readonly varState: Int8Array;
  readonly rowState: Int8Array;
  /** Gradient of the objective at x. */
  readonly gP: Float64Array;
  readonly x: Float64Array;
  /** Proximal centre and weight (ρ = 0 outside proximal mode). */
  readonly center: Float64Array;
  readonly rho: number;
  readonly activeRows: readonly number[];
}

/**
 * The constraint to drop: a variable index, `n + row` for an inequality row, or −1 when every
 * multiplier has the right sign within `tolerance`. `lambda`: equality rows first, then `activeRows`.
 */
export function mostViolatedConstraint(qp: DenseQp, state: PricingState, lambda: Float64Array, tolerance: number, bland: boolean): number {
  const { n, mEq } = qp;
  const { varState, rowState, gP, x, center, rho, activeRows } = state;
  const nRows = activeRows.length;
  let worst = tolerance;
  let pick = -1;
  for (let j = 0; j < n; j++) {
    const side = varState[j];
    if (side === AWAY) continue;
    let r = gP[j] + rho * (x[j] - center[j]);
    for (let w = 0; w < mEq; w++) r += lambda[w] * qp.A[w * n + j];
    for (let a = 0; a < nRows; a++) r += lambda[mEq + a] * qp.C[activeRows[a] * n + j];
    const violation = side === AT_LOWER ? -r : r;
    if (violation > tolerance && (bland ? pick < 0 : violation > worst)) {
      worst = violation;
      pick = j;
    }
  }
  for (let a = 0; a < nRows; a++) {
    const i = activeRows[a];
    const violation = rowState[i] === AT_LOWER ? lambda[mEq + a] : -lambda[mEq + a];
    if (violation > tolerance && (bland ? pick < 0 : violation > worst)) {
      worst = violation;
      pick = n + i;
    }
  }
  return pick;
}
