/**
 * The step of one active-set iteration: the minimiser of the quadratic model over the free variables
 * with every working row held fixed (Nocedal & Wright, eq. 16.39), by the Schur complement of `H_FF`:
 *
 *     v = L⁻¹g_F,   U = L⁻¹A_Fᵀ,   (UᵀU)·λ = −Uᵀv,   p_F = −L⁻ᵀ(v + U·λ)
 *
 * so that `H_FF·p_F + A_Fᵀλ = −g_F` and `A_F·p_F = 0`. The working rows are few (budget, a return
 * target, active group limits), so `UᵀU` is tiny and rebuilt every time; only `L` is updated.
 *
 * The range-space formula is accurate only to about ε·cond(H_FF) relative to ‖H_FF⁻¹g‖, and when
 * the Hessian is small against the gradient (the proximal mode, H = P + ρI with ρ ≈ 1e-9) that error
 * is large in absolute terms and would leak out of the working rows' null space, breaking equalities
 * that every later step preserves. So the step is finally projected onto `{p : A_F·p = 0}` in the
 * Euclidean metric, which makes the rows hold to rounding whatever the Hessian's conditioning
 * (Gould, Hribar & Nocedal, "On the solution of equality constrained quadratic programming problems
 * arising in optimization", SIAM J. Sci. Comput. 23, 2001, §3, use the same remedy).
 */
import type { DenseQp } from "./dense-qp.js";
import type { FreeSetFactor } from "./free-set-factor.js";
import { solveSmallSpd } from "./small-spd-solve.js";

export interface StepBuffers {
  /** In: the subproblem gradient on the free variables; out: the step. */
  readonly p: Float64Array;
  readonly u: Float64Array;
  readonly lambda: Float64Array;
  readonly gram: Float64Array;
}

/**
 * Returns the step p (first `k` entries of `buffers.p`, in free-set order) and the working rows'
 * multipliers λ (equality rows first, then `activeRows` in order), both views into `buffers`.
 */
export function stepOnWorkingSet(
  qp: DenseQp,
  factor: FreeSetFactor,
  free: Int32Array,
  k: number,
  activeRows: readonly number[],
  buffers: StepBuffers,
): { p: Float64Array; lambda: Float64Array } {
  const { p, u, lambda, gram } = buffers;
  const n = qp.n;
  const mEq = qp.mEq;
  const mW = mEq + activeRows.length;
  factor.forward(p, k);
  for (let w = 0; w < mW; w++) {
    const source = w < mEq ? qp.A : qp.C;
    const rowOffset = (w < mEq ? w : activeRows[w - mEq]) * n;
    const off = w * k;
    for (let t = 0; t < k; t++) u[off + t] = source[rowOffset + free[t]];
    factor.forward(u.subarray(off, off + k), k);
  }
  for (let a = 0; a < mW; a++) {
    const ua = a * k;
    for (let c = 0; c <= a; c++) {
      const uc = c * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += u[ua + t] * u[uc + t];
      gram[a * mW + c] = s;
      gram[c * mW + a] = s;
    }
    let s = 0;
    for (let t = 0; t < k; t++) s -= u[ua + t] * p[t];
    lambda[a] = s;
  }
  if (mW > 0) solveSmallSpd(gram, lambda, mW);
  for (let a = 0; a < mW; a++) {
    const la = lambda[a];
    if (la === 0) continue;
    const ua = a * k;
    for (let t = 0; t < k; t++) p[t] += la * u[ua + t];
  }
  for (let t = 0; t < k; t++) p[t] = -p[t];
  factor.backward(p);
  if (mW > 0) projectOntoRows(qp, free, k, activeRows, p, gram);
  return { p, lambda: lambda.subarray(0, mW) };
}

/** p ← p − A_Fᵀ(A_F A_Fᵀ)⁻¹A_F·p: removes the part of p that would move a working row. */
function projectOntoRows(
  qp: DenseQp,
  free: Int32Array,
  k: number,
  activeRows: readonly number[],
  p: Float64Array,
  gram: Float64Array,
): void {
  const n = qp.n;
  const mEq = qp.mEq;
  const mW = mEq + activeRows.length;
  const offsets = Array.from({ length: mW }, (_, w) => ({
    data: w < mEq ? qp.A : qp.C,
    off: (w < mEq ? w : activeRows[w - mEq]) * n,
  }));
  const r = new Float64Array(mW);
  for (let a = 0; a < mW; a++) {
    const { data: da, off: oa } = offsets[a];
    let s = 0;
    for (let t = 0; t < k; t++) s += da[oa + free[t]] * p[t];
    r[a] = s;
    for (let c = 0; c <= a; c++) {
      const { data: dc, off: oc } = offsets[c];
      let g = 0;
      for (let t = 0; t < k; t++) g += da[oa + free[t]] * dc[oc + free[t]];
      gram[a * mW + c] = g;
      gram[c * mW + a] = g;
    }
  }
  solveSmallSpd(gram, r, mW);
  for (let a = 0; a < mW; a++) {
    const ra = r[a];
    if (ra === 0) continue;
    const { data, off } = offsets[a];
    for (let t = 0; t < k; t++) p[t] -= data[off + free[t]] * ra;
  }
}
