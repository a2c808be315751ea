/**
 * The unboundedness certificate of a convex QP: a direction d with P·d = 0, A·d = 0, d within the
 * recession cone of the rows and bounds, and qᵀd < 0 (then f(x + t·d) = f(x) + t·qᵀd → −∞; Nocedal &
 * Wright §16.1). Checked to 1e-7 relative, since d comes from a proximal step of size ~1/ρ whose
 * bounded part is O(ρ) after normalisation.
 */
import { normInf, rowDot, type DenseQp } from "./dense-qp.js";

/** Returns qᵀd when d (∞-norm 1) is a feasible zero-curvature descent direction, else 0. */
export function recessionSlope(qp: DenseQp, d: Float64Array, maxDiag: number): number {
  const { n } = qp;
  const tol = 1e-7;
  const slope = rowDot(qp.q, 0, n, d);
  if (!(slope < -1e-9 * Math.max(normInf(qp.q), 1e-300))) return 0;
  if (qp.P !== null) for (let i = 0; i < n; i++) if (Math.abs(rowDot(qp.P, i, n, d)) > tol * maxDiag) return 0;
  for (let j = 0; j < n; j++) {
    if ((qp.lb[j] > -Infinity && d[j] < -tol) || (qp.ub[j] < Infinity && d[j] > tol)) return 0;
  }
  // Rows are scaled to unit ∞-norm by the presolve, so the tolerance needs no row norm.
  for (let i = 0; i < qp.mEq; i++) if (Math.abs(rowDot(qp.A, i, n, d)) > tol) return 0;
  for (let i = 0; i < qp.mIn; i++) {
    const cd = rowDot(qp.C, i, n, d);
    if ((qp.lower[i] > -Infinity && cd < -tol) || (qp.upper[i] < Infinity && cd > tol)) return 0;
  }
  return slope;
}
