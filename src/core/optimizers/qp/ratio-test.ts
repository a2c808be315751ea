/**
 * The ratio test of the primal active-set method (Nocedal & Wright, eq. 16.41): the longest step
 * α ∈ [0, 1] along p that keeps every bound and row outside the working set satisfied, and the
 * constraint that stops it.
 *
 * Step components below 1e-12 of ‖p‖∞ (relative to the row's own terms, for rows) cannot block: they
 * are rounding, and a constraint met that way would be nearly dependent on the working set. Ties
 * (degenerate vertices) go to the constraint with the largest normalised pivot, or to the smallest
 * index under Bland's rule, which the caller switches on when iterations stall.
 */
import { AT_LOWER as AT_LOWER_STATE, AT_UPPER as AT_UPPER_STATE, AWAY as AWAY_STATE, rowDot, type DenseQp } from "./dense-qp.js";

// Plain module constants: hot loops read these, and some loaders turn imported bindings into getters.
const AT_LOWER = AT_LOWER_STATE;
const AT_UPPER = AT_UPPER_STATE;
const AWAY = AWAY_STATE;


export interface BlockingConstraint {
  readonly alpha: number;
  /** Variable index, `n + row` for an inequality row, or −1 when nothing blocks the full step. */
  readonly blocking: number;
  /** AT_LOWER or AT_UPPER: the side reached. */
  readonly side: number;
}

const PIVOT_FLOOR = 1e-12;

export function ratioTest(
  qp: DenseQp,
  x: Float64Array,
  free: Int32Array,
  k: number,
  rowState: Int8Array,
  p: Float64Array,
  pn: number,
  bland: boolean,
): BlockingConstraint {
  const n = qp.n;
  let alpha = 1;
  let blocking = -1;
  let side = AWAY;
  let bestPivot = 0;
  const consider = (a: number, index: number, pivot: number, s: number) => {
    const ratio = Math.max(0, a);
    // Ratios equal to 1e-12 relative are ties (degenerate vertices): the better-conditioned
    // constraint wins, or the smallest index under Bland's rule.
    const tieBand = 1e-12 * Math.max(ratio, alpha);
    if (ratio > alpha + tieBand) return;
    if (blocking >= 0 && ratio >= alpha - tieBand && (bland ? index > blocking : pivot <= bestPivot)) return;
    alpha = Math.min(alpha, ratio);
    blocking = index;
    side = s;
    bestPivot = pivot;
  };
  const floor = PIVOT_FLOOR * pn;
  for (let t = 0; t < k; t++) {
    const j = free[t];
    const pj = p[t];
    if (pj < -floor && qp.lb[j] > -Infinity) consider((qp.lb[j] - x[j]) / pj, j, -pj / pn, AT_LOWER);
    else if (pj > floor && qp.ub[j] < Infinity) consider((qp.ub[j] - x[j]) / pj, j, pj / pn, AT_UPPER);
  }
  for (let i = 0; i < qp.mIn; i++) {
    if (rowState[i] !== AWAY) continue;
    let cp = 0;
    let mass = 0;
    for (let t = 0; t < k; t++) {
      const term = qp.C[i * n + free[t]] * p[t];
      cp += term;
      mass += Math.abs(term);
    }
    if (Math.abs(cp) <= PIVOT_FLOOR * mass || mass === 0) continue;
    const cx = rowDot(qp.C, i, n, x);
    if (cp < 0 && qp.lower[i] > -Infinity) consider((qp.lower[i] - cx) / cp, n + i, -cp / mass, AT_LOWER);
    else if (cp > 0 && qp.upper[i] < Infinity) consider((qp.upper[i] - cx) / cp, n + i, cp / mass, AT_UPPER);
  }
  return { alpha, blocking, side };
}
