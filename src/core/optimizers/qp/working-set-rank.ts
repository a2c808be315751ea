/**
 * The rank check that keeps the working set linearly independent (Nocedal & Wright, "Numerical
 * Optimization", 2nd ed., 2006, §16.5: the primal active-set method assumes it, and its multipliers are
 * unique only then).
 *
 * In exact arithmetic a constraint that blocks a step is independent of the working set: p lies in the
 * working rows' null space, so a constraint in their span has a·p = 0 and cannot block. In floating
 * point it can: near a degenerate vertex (an L1 auxiliary tᵢ = |wᵢ − w0ᵢ| at wᵢ = w0ᵢ, where both of its
 * rows and tᵢ ≥ 0 hold) a step whose size is rounding has components of rounding size, and one of them
 * picks a constraint that the working set already implies. Admitting it left more working rows than free
 * variables and multipliers that could not be told apart. Such a constraint is not added: with the
 * working set fixed, a·x moves by rounding only, so it still holds. (Goldfarb & Idnani, Math. Prog. 27,
 * 1983, §3, instead swap out a constraint when a dependent one is added; that is needed in their dual
 * method, where the added constraint is violated, not in a primal one, where it is already satisfied.)
 *
 * The test: project the candidate, restricted to the free variables, onto the span of the working rows
 * restricted to the free variables (modified Gram–Schmidt, applied twice: Giraud, Langou & Rozložník,
 * Comput. Math. Appl. 50, 2005, "twice is enough"). A bound leaving j's column to the others is the
 * unit row e_j, and it is dependent exactly when the rows on F ∖ {j} lose rank.
 */
import type { DenseQp } from "./dense-qp.js";

/** Relative remainder under which a candidate counts as a combination of the working rows. */
const DEPENDENT = 1e-10;

/**
 * True when the candidate — inequality row `row` (when `row ≥ 0`) or the bound of variable `variable` —
 * is, on the free variables, a linear combination of the equality rows and the `activeRows`.
 * `scratch` holds at least `(mEq + activeRows.length + 1) · k` numbers.
 */
export function dependsOnWorkingSet(
  qp: DenseQp,
  free: Int32Array,
  k: number,
  activeRows: readonly number[],
  candidate: { readonly row: number } | { readonly variable: number },
  scratch: Float64Array,
): boolean {
  const { n, mEq } = qp;
  const mW = mEq + activeRows.length;
  if (mW === 0) return false;
  const v = scratch.subarray(mW * k, (mW + 1) * k);
  let norm0: number;
  if ("row" in candidate) {
    const off = candidate.row * n;
    norm0 = 0;
    for (let j = 0; j < n; j++) norm0 += qp.C[off + j] * qp.C[off + j];
    norm0 = Math.sqrt(norm0);
    for (let t = 0; t < k; t++) v[t] = qp.C[off + free[t]];
  } else {
    norm0 = 1;
    for (let t = 0; t < k; t++) v[t] = free[t] === candidate.variable ? 1 : 0;
  }
  // Orthonormal basis of the working rows on the free variables (a bound's own column is kept: the
  // projection of e_j onto the rows' span leaves e_j exactly when the rows on F ∖ {j} lose rank).
  let size = 0;
  for (let w = 0; w < mW; w++) {
    const source = w < mEq ? qp.A : qp.C;
    const off = (w < mEq ? w : activeRows[w - mEq]) * n;
    const u = scratch.subarray(size * k, (size + 1) * k);
    let rowNorm = 0;
    for (let t = 0; t < k; t++) {
      u[t] = source[off + free[t]];
      rowNorm += u[t] * u[t];
    }
    const norm = orthogonalise(u, scratch, size, k);
    // A working row already dependent on the earlier ones (the presolve and the start make them
    // independent, so this is rounding) adds nothing to the span.
    if (norm > DEPENDENT * Math.sqrt(rowNorm)) {
      for (let t = 0; t < k; t++) u[t] /= norm;
      size++;
    }
  }
  return orthogonalise(v, scratch, size, k) <= DEPENDENT * norm0;
}

/** Removes from v its components along the first `size` basis vectors, twice; returns ‖v‖₂. */
function orthogonalise(v: Float64Array, basis: Float64Array, size: number, k: number): number {
  for (let pass = 0; pass < 2; pass++) {
    for (let b = 0; b < size; b++) {
      const off = b * k;
      let c = 0;
      for (let t = 0; t < k; t++) c += basis[off + t] * v[t];
      if (c !== 0) for (let t = 0; t < k; t++) v[t] -= c * basis[off + t];
    }
  }
  let s = 0;
  for (let t = 0; t < k; t++) s += v[t] * v[t];
  return Math.sqrt(s);
}
