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
 *
 * The system is solved in residual form: with λ₀ the working rows' multipliers from the previous
 * iteration, the right-hand side is `g_F + A_Fᵀλ₀` and the solve returns the correction δλ. This is
 * iterative refinement spread over the iterations (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2002, §12.1): the solve's error is ε·cond(H_FF) relative to what it is given, and in
 * proximal mode a gradient entry of a variable without curvature (an L1 auxiliary with cost 0.01) over
 * ρ ≈ 1e-9 gives intermediate values ~1e7, so the plain form left errors of ~1e-9 in the step and in
 * the stationarity it can reach. Near the optimum `g_F + A_Fᵀλ₀` is tiny and so is the error.
 */
import type { DenseQp } from "./dense-qp.js";
import type { FreeSetFactor } from "./free-set-factor.js";
import { solveSmallSpd } from "./small-spd-solve.js";

export interface StepBuffers {
  /** In: the subproblem gradient on the free variables; out: the step. */
  readonly p: Float64Array;
  /** n × (mEq + mIn): the working rows on the free variables. */
  readonly u: Float64Array;
  readonly lambda: Float64Array;
  readonly gram: Float64Array;
  /** Per working row: the position of its first non-zero on the free variables. */
  readonly lead: Int32Array;
  /** Per working row: A_F·p, then (A_F A_Fᵀ)⁻¹A_F·p, in the projection. */
  readonly residual: Float64Array;
  /** The working rows' non-zero positions (as many as u holds), row a's from nzStart[a] to nzStart[a + 1]. */
  readonly nz: Int32Array;
  readonly nzStart: Int32Array;
}

/** Buffers for `n` variables and up to `rows` working rows. */
export function stepBuffers(n: number, rows: number): StepBuffers {
  return {
    p: new Float64Array(n),
    u: new Float64Array(n * rows),
    lambda: new Float64Array(rows),
    gram: new Float64Array(rows * rows),
    lead: new Int32Array(rows),
    residual: new Float64Array(rows),
    nz: new Int32Array(n * rows),
    nzStart: new Int32Array(rows + 1),
  };
}

/**
 * Returns the step p (first `k` entries of `buffers.p`, in free-set order) and the working rows'
 * multipliers λ (equality rows first, then `activeRows` in order), both views into `buffers`.
 * `lambda0` (same order, may be stale or zero) is the estimate the solve corrects.
 */
export function stepOnWorkingSet(
  qp: DenseQp,
  factor: FreeSetFactor,
  free: Int32Array,
  k: number,
  activeRows: readonly number[],
  lambda0: ArrayLike<number>,
  buffers: StepBuffers,
): { p: Float64Array; lambda: Float64Array } {
  const { p, u, lambda, gram, lead } = buffers;
  const n = qp.n;
  const mEq = qp.mEq;
  const mW = mEq + activeRows.length;
  for (let w = 0; w < mW; w++) {
    const l0 = lambda0[w];
    if (l0 === 0) continue;
    const source = w < mEq ? qp.A : qp.C;
    const rowOffset = (w < mEq ? w : activeRows[w - mEq]) * n;
    for (let t = 0; t < k; t++) p[t] += l0 * source[rowOffset + free[t]];
  }
  factor.forward(p, k);
  gatherRows(qp, free, k, activeRows, u);
  // L⁻¹ keeps a row's leading zeros (L is lower triangular), so each solve and each dot product starts
  // at the first free variable the row involves: with many sparse rows (L1 auxiliaries: two entries
  // each) this is most of the work saved.
  for (let w = 0; w < mW; w++) {
    const off = w * k;
    let s = 0;
    while (s < k && u[off + s] === 0) s++;
    lead[w] = s;
    factor.forward(u, k, off, s);
  }
  for (let a = 0; a < mW; a++) {
    const ua = a * k;
    for (let c = 0; c <= a; c++) {
      const uc = c * k;
      let s = 0;
      for (let t = Math.max(lead[a], lead[c]); t < k; t++) s += u[ua + t] * u[uc + t];
      gram[a * mW + c] = s;
      gram[c * mW + a] = s;
    }
    let s = 0;
    for (let t = lead[a]; t < k; t++) s -= u[ua + t] * p[t];
    lambda[a] = s;
  }
  if (mW > 0) solveSmallSpd(gram, lambda, mW);
  for (let a = 0; a < mW; a++) {
    const la = lambda[a];
    lambda[a] = la + lambda0[a];
    if (la === 0) continue;
    const ua = a * k;
    for (let t = lead[a]; t < k; t++) p[t] += la * u[ua + t];
  }
  for (let t = 0; t < k; t++) p[t] = -p[t];
  factor.backward(p);
  if (mW > 0) projectOntoRows(qp, free, k, activeRows, p, buffers);
  return { p, lambda: lambda.subarray(0, mW) };
}

/** p ← p − A_Fᵀ(A_F A_Fᵀ)⁻¹A_F·p: removes the part of p that would move a working row. */
function projectOntoRows(
  qp: DenseQp,
  free: Int32Array,
  k: number,
  activeRows: readonly number[],
  p: Float64Array,
  buffers: StepBuffers,
): void {
  const { u, gram, nz, nzStart, residual: r } = buffers;
  const mW = qp.mEq + activeRows.length;
  // The working rows on the free variables, gathered once (u is free again once the step is formed),
  // with the positions of their non-zeros: products run over the sparser row's non-zeros.
  gatherRows(qp, free, k, activeRows, u);
  for (let a = 0, count = 0; a < mW; a++) {
    const ua = a * k;
    for (let t = 0; t < k; t++) if (u[ua + t] !== 0) nz[count++] = t;
    nzStart[a + 1] = count;
  }
  for (let a = 0; a < mW; a++) {
    const ua = a * k;
    let s = 0;
    for (let e = nzStart[a]; e < nzStart[a + 1]; e++) s += u[ua + nz[e]] * p[nz[e]];
    r[a] = s;
    for (let c = 0; c <= a; c++) {
      const uc = c * k;
      const sparser = nzStart[a + 1] - nzStart[a] <= nzStart[c + 1] - nzStart[c] ? a : c;
      let g = 0;
      for (let e = nzStart[sparser]; e < nzStart[sparser + 1]; e++) g += u[ua + nz[e]] * u[uc + nz[e]];
      gram[a * mW + c] = g;
      gram[c * mW + a] = g;
    }
  }
  solveSmallSpd(gram, r, mW);
  for (let a = 0; a < mW; a++) {
    const ra = r[a];
    if (ra === 0) continue;
    const ua = a * k;
    for (let e = nzStart[a]; e < nzStart[a + 1]; e++) p[nz[e]] -= u[ua + nz[e]] * ra;
  }
}

/** The working rows (equalities, then `activeRows`) restricted to the free variables, into `u` (mW × k). */
function gatherRows(qp: DenseQp, free: Int32Array, k: number, activeRows: readonly number[], u: Float64Array): void {
  const { n, mEq } = qp;
  const mW = mEq + activeRows.length;
  for (let w = 0; w < mW; w++) {
    const source = w < mEq ? qp.A : qp.C;
    const rowOffset = (w < mEq ? w : activeRows[w - mEq]) * n;
    const off = w * k;
    for (let t = 0; t < k; t++) u[off + t] = source[rowOffset + free[t]];
  }
}
