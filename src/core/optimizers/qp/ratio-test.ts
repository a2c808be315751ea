/**
 * The ratio test of the primal active-set method (Nocedal & Wright, eq. 16.41): the longest step
 * α ∈ [0, 1] along p that keeps every bound and row outside the working set satisfied, and the
 * constraint that stops it.
 *
 * Step components below 1e-12 of ‖p‖∞ cannot block, nor can a row whose change is below 1e-12 of its
 * own terms: they are rounding, and a constraint met that way would be nearly dependent on the working
 * set. (A row whose terms are all rounding-sized passed the second test alone, and near an L1 kink it
 * let a dependent row into the working set.) The caller also rank-checks what blocks. Ties
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
  /**
   * |a·p| / ‖p‖∞ of the blocking constraint (rows have unit ∞-norm): near rounding only when the
   * constraint is (nearly) implied by the working set, which is when the caller checks the rank.
   */
  readonly strength: number;
}

const PIVOT_FLOOR = 1e-12;

/** The best candidate so far; one per call, passed down instead of a closure over locals. */
interface Candidate {
  alpha: number;
  blocking: number;
  side: number;
  pivot: number;
  strength: number;
}

/**
 * Offers constraint `index` reached at step `a` with normalised pivot `pivot`. Ratios within 1e-12
 * relative are ties (degenerate vertices): the better-conditioned constraint wins, or the smallest
 * index under Bland's rule.
 */
function consider(
  best: Candidate,
  a: number,
  index: number,
  pivot: number,
  strength: number,
  side: number,
  bland: boolean,
  excluded: readonly number[],
): void {
  if (excluded.length !== 0 && excluded.includes(index)) return;
  const ratio = Math.max(0, a);
  const tieBand = 1e-12 * Math.max(ratio, best.alpha);
  if (ratio > best.alpha + tieBand) return;
  if (best.blocking >= 0 && ratio >= best.alpha - tieBand && (bland ? index > best.blocking : pivot <= best.pivot)) return;
  best.alpha = Math.min(best.alpha, ratio);
  best.blocking = index;
  best.side = side;
  best.pivot = pivot;
  best.strength = strength;
}

export function ratioTest(
  qp: DenseQp,
  x: Float64Array,
  free: Int32Array,
  k: number,
  rowState: Int8Array,
  p: Float64Array,
  pn: number,
  bland: boolean,
  /** Constraints not to consider (variable index, or n + row), usually none. */
  excluded: readonly number[] = [],
): BlockingConstraint {
  const n = qp.n;
  const best: Candidate = { alpha: 1, blocking: -1, side: AWAY, pivot: 0, strength: 0 };
  const floor = PIVOT_FLOOR * pn;
  for (let t = 0; t < k; t++) {
    const j = free[t];
    const pj = p[t];
    if (pj < -floor && qp.lb[j] > -Infinity) consider(best, (qp.lb[j] - x[j]) / pj, j, -pj / pn, -pj / pn, AT_LOWER, bland, excluded);
    else if (pj > floor && qp.ub[j] < Infinity) consider(best, (qp.ub[j] - x[j]) / pj, j, pj / pn, pj / pn, AT_UPPER, bland, excluded);
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
    if (Math.abs(cp) <= PIVOT_FLOOR * mass || Math.abs(cp) <= floor) continue;
    const cx = rowDot(qp.C, i, n, x);
    const strength = Math.abs(cp) / pn;
    if (cp < 0 && qp.lower[i] > -Infinity) consider(best, (qp.lower[i] - cx) / cp, n + i, -cp / mass, strength, AT_LOWER, bland, excluded);
    else if (cp > 0 && qp.upper[i] < Infinity) consider(best, (qp.upper[i] - cx) / cp, n + i, cp / mass, strength, AT_UPPER, bland, excluded);
  }
  return { alpha: best.alpha, blocking: best.blocking, side: best.side, strength: best.strength };
}
