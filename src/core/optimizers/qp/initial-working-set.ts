/**
 * The starting point and working set of phase 2.
 *
 * - With a warm start: the previous x (clipped to the box) and the previous working set, keeping only
 *   the entries that hold at that point; phase 1 repairs x when the problem moved under it.
 * - Cold, one equality row and no inequality rows (the budget of a long-only portfolio): a crash start
 *   that fills the row greedily from the variable of least curvature (the least risky asset), so the
 *   active-set iterations start with almost every bound active and grow the free set, which is the
 *   cheap direction when optima hold tens of assets out of hundreds.
 * - Otherwise: phase 1 from the origin clipped to the box.
 * - A warm start that misses rows (their right-hand sides moved) is first repaired by `restoreRows`,
 *   which moves its free variables the least onto the rows; phase 1 runs only when that fails.
 *
 * Then the working rows are made linearly independent on the free variables, freeing bounds where an
 * equality row would otherwise have no free variable to act on, and dropping dependent inequality rows.
 */
import { AT_LOWER, AT_UPPER, AWAY, rowDot, type DenseQp, type WorkingSet } from "./dense-qp.js";
import { phaseOne, rowViolation, type IterationLimit, type PhaseOneResult } from "./phase-one.js";
import { restoreRows } from "./restore-rows.js";

export interface ReducedWarmStart {
  readonly x?: Float64Array;
  /** Per reduced variable: AWAY, AT_LOWER, AT_UPPER, or −1 for "no opinion". */
  readonly varState?: Int8Array;
  /** Per reduced inequality row: AWAY, AT_LOWER or AT_UPPER. */
  readonly rowState?: Int8Array;
}

export function initialWorkingSet(
  qp: DenseQp,
  warm: ReducedWarmStart,
  limit: IterationLimit,
  feasibilityTolerance: number,
): PhaseOneResult {
  const { n } = qp;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const v = warm.x?.[j] ?? 0;
    x[j] = Math.min(qp.ub[j], Math.max(qp.lb[j], v));
    const hint = warm.varState?.[j];
    if (hint === AT_LOWER && qp.lb[j] > -Infinity) x[j] = qp.lb[j];
    else if (hint === AT_UPPER && qp.ub[j] < Infinity) x[j] = qp.ub[j];
  }
  if (warm.x === undefined && warm.varState === undefined && qp.mEq === 1 && qp.mIn === 0) crash(qp, x);
  let iterations = 0;
  let point: Float64Array = x;
  let hints = warm.varState;
  let phaseOneStates: Int8Array | undefined;
  if (rowViolation(qp, x) > feasibilityTolerance) {
    const repaired = warm.x === undefined ? undefined : repairWarmStart(qp, x, warm, feasibilityTolerance);
    if (repaired !== undefined) {
      hints = repaired;
    } else {
      const result = phaseOne(qp, x, limit, feasibilityTolerance);
      if (!result.feasible) return result;
      point = result.start.x;
      phaseOneStates = result.start.varState;
      iterations = result.iterations;
    }
  }
  const varState = new Int8Array(n);
  for (let j = 0; j < n; j++) {
    // A variable within rounding of a bound starts on it (snapped), unless the warm start says otherwise.
    const hint = hints?.[j] ?? phaseOneStates?.[j];
    if (hint === AWAY && hints !== undefined) continue;
    const lo = qp.lb[j];
    const hi = qp.ub[j];
    if (Number.isFinite(lo) && Math.abs(point[j] - lo) <= 1e-14 * (1 + Math.abs(lo))) {
      varState[j] = AT_LOWER;
      point[j] = lo;
    } else if (Number.isFinite(hi) && Math.abs(point[j] - hi) <= 1e-14 * (1 + Math.abs(hi))) {
      varState[j] = AT_UPPER;
      point[j] = hi;
    }
  }
  const rowState = new Int8Array(qp.mIn);
  if (warm.rowState !== undefined) {
    for (let i = 0; i < qp.mIn; i++) {
      const cx = rowDot(qp.C, i, n, point);
      const s = warm.rowState[i];
      if (s === AT_LOWER && Math.abs(cx - qp.lower[i]) <= feasibilityTolerance) rowState[i] = AT_LOWER;
      else if (s === AT_UPPER && Math.abs(cx - qp.upper[i]) <= feasibilityTolerance) rowState[i] = AT_UPPER;
    }
  }
  const start: WorkingSet = { x: point, varState, rowState };
  makeIndependent(qp, start);
  return { feasible: true, start, iterations };
}

/**
 * `restoreRows` on the warm start's working set (its free variables, the rows it held); returns the
 * variable states to start from (AWAY for free), or undefined when phase 1 is needed. `x` is moved in place.
 */
function repairWarmStart(qp: DenseQp, x: Float64Array, warm: ReducedWarmStart, feasibilityTolerance: number): Int8Array | undefined {
  const states = new Int8Array(qp.n);
  for (let j = 0; j < qp.n; j++) {
    const hint = warm.varState?.[j];
    const inside = x[j] > qp.lb[j] && x[j] < qp.ub[j];
    states[j] = hint === AWAY || ((hint === undefined || hint < 0) && inside) ? AWAY : x[j] <= qp.lb[j] ? AT_LOWER : AT_UPPER;
  }
  const rows = warm.rowState ?? new Int8Array(qp.mIn);
  return restoreRows(qp, x, states, rows, feasibilityTolerance) ? states : undefined;
}

/**
 * Greedy fill of the single equality row, cheapest variables first: moving x_j by r/a_j to close a
 * residual r costs about P_jj·r²/a_j² of objective, so the order is by P_jj/a_j² (for a budget row,
 * the least risky asset first).
 */
function crash(qp: DenseQp, x: Float64Array): void {
  const { n, P } = qp;
  const a = qp.A;
  const cost = new Float64Array(n);
  let count = 0;
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    if (a[j] === 0) continue;
    cost[j] = (P === null ? 1 : P[j * n + j]) / (a[j] * a[j]);
    order[count++] = j;
  }
  const candidates = order.subarray(0, count).sort((i, j) => cost[i] - cost[j] || i - j);
  let r = qp.b[0] - rowDot(a, 0, n, x);
  const tol = 1e-15 * (1 + Math.abs(qp.b[0]));
  for (const j of candidates) {
    if (Math.abs(r) <= tol) break;
    const next = Math.min(qp.ub[j], Math.max(qp.lb[j], x[j] + r / a[j]));
    r -= a[j] * (next - x[j]);
    x[j] = next;
  }
}

/**
 * Ensures the working rows restricted to the free variables are linearly independent (Gram–Schmidt
 * on the free coordinates). An equality row that is not gets the fixed variable with its largest
 * coefficient freed (ties to the least curvature); an inequality row that is not leaves the working set.
 */
export function makeIndependent(qp: DenseQp, start: WorkingSet): void {
  const { n, mEq, mIn, P } = qp;
  const { varState, rowState } = start;
  for (let restart = 0; restart <= n; restart++) {
    const basis: Float64Array[] = [];
    let freed = false;
    for (let w = 0; w < mEq + mIn && !freed; w++) {
      if (w >= mEq && rowState[w - mEq] === AWAY) continue;
      const source = w < mEq ? qp.A : qp.C;
      const off = (w < mEq ? w : w - mEq) * n;
      const r = new Float64Array(n);
      let full = 0;
      for (let j = 0; j < n; j++) {
        full += source[off + j] ** 2;
        if (varState[j] === AWAY) r[j] = source[off + j];
      }
      for (const u of basis) {
        let c = 0;
        for (let j = 0; j < n; j++) c += u[j] * r[j];
        for (let j = 0; j < n; j++) r[j] -= c * u[j];
      }
      let norm = 0;
      for (let j = 0; j < n; j++) norm += r[j] * r[j];
      norm = Math.sqrt(norm);
      // 1e-10 of the row's norm: farther from dependence than the factorisation can resolve reliably.
      if (norm > 1e-10 * Math.sqrt(full)) {
        for (let j = 0; j < n; j++) r[j] /= norm;
        basis.push(r);
        continue;
      }
      if (w >= mEq) {
        rowState[w - mEq] = AWAY;
        continue;
      }
      let pick = -1;
      for (let j = 0; j < n; j++) {
        if (varState[j] === AWAY || source[off + j] === 0) continue;
        const better =
          pick < 0 ||
          Math.abs(source[off + j]) > Math.abs(source[off + pick]) ||
          (Math.abs(source[off + j]) === Math.abs(source[off + pick]) && P !== null && P[j * n + j] < P[pick * n + pick]);
        if (better) pick = j;
      }
      if (pick >= 0) {
        varState[pick] = AWAY;
        freed = true;
      }
    }
    if (!freed) return;
  }
}
