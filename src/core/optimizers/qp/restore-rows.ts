/**
 * Warm-start repair for moved right-hand sides (the next target return of a frontier, a new budget):
 * the previous point then misses a few rows by a little, and the elastic phase 1 would solve an LP whose
 * proximal steps run to far-away vertices, leaving phase 2 to walk back.
 *
 * Instead the warm start's free variables move by the least-norm change that restores the working rows
 * (equalities and the rows held at a side), Δ_F = A_Fᵀ(A_F A_Fᵀ)⁻¹r, walked like a homotopy in the
 * right-hand side: when a variable meets a bound before the whole residual is absorbed, it is fixed there
 * and the rest of the residual is spread over the others (the bounded least-distance projection of
 * Goldfarb & Idnani's dual start or of a parametric active-set method, here only for feasibility).
 * It gives up, leaving phase 1 to decide, when the free rows lose rank or a row outside the working set
 * would be broken.
 */
import { AT_LOWER, AT_UPPER, AWAY, rowDot, type DenseQp } from "./dense-qp.js";
import { solveSmallSpd } from "./small-spd-solve.js";

/**
 * Moves `x` (in place) onto the working rows, fixing variables whose bounds block (`varState`, in place).
 * Returns false, with `x` and `varState` unchanged, when it cannot.
 */
export function restoreRows(qp: DenseQp, x: Float64Array, varState: Int8Array, rowState: Int8Array, feasibilityTolerance: number): boolean {
  const { n, mEq, mIn } = qp;
  const rows: number[] = []; // −1 − r for equality r, i ≥ 0 for inequality i held at a side
  for (let r = 0; r < mEq; r++) rows.push(-1 - r);
  for (let i = 0; i < mIn; i++) if (rowState[i] !== AWAY) rows.push(i);
  const m = rows.length;
  if (m === 0) return false;
  const coef = (w: number, j: number) => (rows[w] < 0 ? qp.A[(-1 - rows[w]) * n + j] : qp.C[rows[w] * n + j]);
  const target = (w: number) => {
    const i = rows[w];
    return i < 0 ? qp.b[-1 - i] : rowState[i] === AT_LOWER ? qp.lower[i] : qp.upper[i];
  };
  const free: number[] = [];
  for (let j = 0; j < n; j++) if (varState[j] === AWAY && x[j] > qp.lb[j] && x[j] < qp.ub[j]) free.push(j);
  const x0 = x.slice();
  const state0 = varState.slice();
  const residual = new Float64Array(m);
  const gram = new Float64Array(m * m);
  const step = new Float64Array(n);
  const fail = () => {
    x.set(x0);
    varState.set(state0);
    return false;
  };
  // Until a full step: it solves A_F·Δ = r exactly, so the rows then hold to rounding (stopping at the
  // feasibility tolerance instead would leave a residual of up to 1e-9 for phase 2 to carry along).
  let full = false;
  for (let pass = 0; pass <= n && !full; pass++) {
    let worst = 0;
    for (let w = 0; w < m; w++) {
      const i = rows[w];
      residual[w] = target(w) - (i < 0 ? rowDot(qp.A, -1 - i, n, x) : rowDot(qp.C, i, n, x));
      worst = Math.max(worst, Math.abs(residual[w]));
    }
    if (worst === 0) break;
    if (free.length === 0) return fail();
    for (let a = 0; a < m; a++) {
      for (let c = 0; c <= a; c++) {
        let s = 0;
        for (const j of free) s += coef(a, j) * coef(c, j);
        gram[a * m + c] = s;
        gram[c * m + a] = s;
      }
    }
    const rhs = residual.slice();
    // A row that has lost rank on the free variables is left out of the solve: the others' step corrects
    // it too when the rows are consistent (a feasible set reduced to a point, where more rows than free
    // variables are tight), and the check after the loop rejects the point when they are not.
    solveSmallSpd(gram, rhs, m);
    let alpha = 1;
    let blocking = -1;
    for (const j of free) {
      let s = 0;
      for (let w = 0; w < m; w++) s += coef(w, j) * rhs[w];
      step[j] = s;
      const limit = s < 0 ? (qp.lb[j] - x[j]) / s : s > 0 ? (qp.ub[j] - x[j]) / s : Infinity;
      if (limit < alpha) {
        alpha = limit;
        blocking = j;
      }
    }
    for (const j of free) x[j] = Math.min(qp.ub[j], Math.max(qp.lb[j], x[j] + alpha * step[j]));
    full = blocking < 0;
    if (blocking >= 0) {
      const side = step[blocking] < 0 ? AT_LOWER : AT_UPPER;
      x[blocking] = side === AT_LOWER ? qp.lb[blocking] : qp.ub[blocking];
      varState[blocking] = side;
      free.splice(free.indexOf(blocking), 1);
    }
  }
  for (let w = 0; w < m; w++) {
    const i = rows[w];
    if (Math.abs(target(w) - (i < 0 ? rowDot(qp.A, -1 - i, n, x) : rowDot(qp.C, i, n, x))) > feasibilityTolerance) return fail();
  }
  // The rows outside the working set must still hold (they were not watched on the way).
  for (let i = 0; i < mIn; i++) {
    if (rowState[i] !== AWAY) continue;
    const cx = rowDot(qp.C, i, n, x);
    if (cx < qp.lower[i] - feasibilityTolerance || cx > qp.upper[i] + feasibilityTolerance) return fail();
  }
  return true;
}
