/**
 * Phase 1: a feasible point, or the proof that there is none, from the elastic linear program
 *
 *     minimise Σ (s⁺ + s⁻)   subject to   A·x + s⁺_A − s⁻_A = b,   l ≤ C·x + s⁺_C − s⁻_C ≤ u,
 *                                         lb ≤ x ≤ ub,   s ≥ 0
 *
 * (the "elastic programming" of Gill, Murray & Saunders, SNOPT, SIAM J. Optim. 12, 2002, §1), started
 * from any point inside the box with the slacks absorbing the violations, so it needs no phase 1 of its
 * own. It is solved by the same active-set engine; its objective has no curvature, so the engine runs
 * in proximal mode, which keeps x near the start (a warm start stays a warm start).
 *
 * The optimum is the least total violation. When it is positive, the multipliers name the conflicting
 * constraints: rows with |λ| > 0 and bounds with a non-zero reduced cost form a Farkas certificate.
 */
import { AT_LOWER, AT_UPPER, AWAY, rowDot, type DenseQp, type WorkingSet } from "./dense-qp.js";
import { primalActiveSet } from "./primal-active-set.js";
import { restoreRows } from "./restore-rows.js";
import type { ProblemShape } from "./quadratic-program.js";

export interface Conflict {
  readonly kind: "bound" | "equality" | "inequality";
  /** Index in the reduced problem (the caller maps it back). */
  readonly index: number;
  readonly side?: "lower" | "upper";
  /** Signed multiplier in the phase-1 program: the weight of this constraint in the certificate. */
  readonly weight: number;
}

/** The iteration limit, and the caller's problem shape to name when it is reached. */
export interface IterationLimit {
  readonly maxIterations: number;
  readonly shape: ProblemShape;
}

export interface Violation {
  readonly kind: "equality" | "inequality";
  readonly index: number;
  readonly violation: number;
}

export type PhaseOneResult =
  | { readonly feasible: true; readonly start: WorkingSet; readonly iterations: number }
  | {
      readonly feasible: false;
      readonly iterations: number;
      readonly minimalViolation: number;
      readonly leastViolatingPoint: Float64Array;
      readonly violated: readonly Violation[];
      readonly conflicting: readonly Conflict[];
    };

/** Largest violation of the general rows at x (bounds are assumed to hold). */
export function rowViolation(qp: DenseQp, x: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < qp.mEq; i++) worst = Math.max(worst, Math.abs(rowDot(qp.A, i, qp.n, x) - qp.b[i]));
  for (let i = 0; i < qp.mIn; i++) {
    const cx = rowDot(qp.C, i, qp.n, x);
    worst = Math.max(worst, qp.lower[i] - cx, cx - qp.upper[i]);
  }
  return worst;
}

export function phaseOne(
  qp: DenseQp,
  x0: Float64Array,
  limit: IterationLimit,
  feasibilityTolerance: number,
): PhaseOneResult {
  const { n, mEq, mIn } = qp;
  const m = mEq + mIn;
  const N = n + 2 * m;
  const elastic = (M: Float64Array, rows: number, slackBase: number): Float64Array => {
    const out = new Float64Array(rows * N);
    for (let i = 0; i < rows; i++) {
      out.set(M.subarray(i * n, (i + 1) * n), i * N);
      out[i * N + slackBase + 2 * i] = 1;
      out[i * N + slackBase + 2 * i + 1] = -1;
    }
    return out;
  };
  const q = new Float64Array(N);
  q.fill(1, n);
  const lb = new Float64Array(N);
  const ub = new Float64Array(N).fill(Infinity);
  lb.set(qp.lb);
  ub.set(qp.ub);
  const aug: DenseQp = {
    n: N,
    P: null,
    q,
    mEq,
    A: elastic(qp.A, mEq, n),
    b: qp.b,
    mIn,
    C: elastic(qp.C, mIn, n + 2 * mEq),
    lower: qp.lower,
    upper: qp.upper,
    lb,
    ub,
  };
  const x = new Float64Array(N);
  const varState = new Int8Array(N);
  for (let j = 0; j < n; j++) {
    x[j] = x0[j];
    varState[j] = x0[j] === qp.lb[j] ? AT_LOWER : x0[j] === qp.ub[j] ? AT_UPPER : AWAY;
  }
  // Each equality row keeps one slack free (so the working rows stay independent whatever x holds);
  // an inequality row gets a free slack only when it is violated at x0.
  for (let i = 0; i < mEq; i++) {
    const r = qp.b[i] - rowDot(qp.A, i, n, x0);
    const plus = n + 2 * i;
    x[plus] = Math.max(r, 0);
    x[plus + 1] = Math.max(-r, 0);
    varState[plus] = r >= 0 ? AWAY : AT_LOWER;
    varState[plus + 1] = r >= 0 ? AT_LOWER : AWAY;
  }
  for (let i = 0; i < mIn; i++) {
    const cx = rowDot(qp.C, i, n, x0);
    const plus = n + 2 * mEq + 2 * i;
    x[plus] = Math.max(qp.lower[i] - cx, 0);
    x[plus + 1] = Math.max(cx - qp.upper[i], 0);
    varState[plus] = x[plus] > 0 ? AWAY : AT_LOWER;
    varState[plus + 1] = x[plus + 1] > 0 ? AWAY : AT_LOWER;
  }
  const outcome = primalActiveSet(
    aug,
    { x, varState, rowState: new Int8Array(mIn) },
    { maxIterations: limit.maxIterations, dualTolerance: 1e-12, origin: { shape: limit.shape, stage: "phase 1" } },
  );
  const xs = outcome.x.slice(0, n);
  const varStateX = outcome.varState.slice(0, n);
  const violation = rowViolation(qp, xs);
  if (violation === 0 || polishOntoRows(qp, xs, varStateX, violation, feasibilityTolerance) || violation <= feasibilityTolerance) {
    return {
      feasible: true,
      start: { x: xs, varState: varStateX, rowState: outcome.rowState.slice() },
      iterations: outcome.iterations,
    };
  }
  const violated: Violation[] = [];
  let total = 0;
  for (let i = 0; i < mEq; i++) {
    const v = Math.abs(rowDot(qp.A, i, n, xs) - qp.b[i]);
    total += v;
    if (v > feasibilityTolerance) violated.push({ kind: "equality", index: i, violation: v });
  }
  for (let i = 0; i < mIn; i++) {
    const cx = rowDot(qp.C, i, n, xs);
    const v = Math.max(qp.lower[i] - cx, cx - qp.upper[i], 0);
    total += v;
    if (v > feasibilityTolerance) violated.push({ kind: "inequality", index: i, violation: v });
  }
  // Certificate weights are O(1) (slack costs are 1), so 1e-9 separates them from rounding.
  const conflicting: Conflict[] = [];
  for (let i = 0; i < mEq; i++) {
    if (Math.abs(outcome.lambdaEq[i]) > 1e-9) conflicting.push({ kind: "equality", index: i, weight: outcome.lambdaEq[i] });
  }
  for (let i = 0; i < mIn; i++) {
    const w = outcome.lambdaRow[i];
    if (Math.abs(w) > 1e-9) {
      conflicting.push({ kind: "inequality", index: i, side: outcome.rowState[i] === AT_UPPER ? "upper" : "lower", weight: w });
    }
  }
  for (let j = 0; j < n; j++) {
    const state = outcome.varState[j];
    if (state === AWAY) continue;
    let r = 0;
    for (let i = 0; i < mEq; i++) r += outcome.lambdaEq[i] * qp.A[i * n + j];
    for (let i = 0; i < mIn; i++) r += outcome.lambdaRow[i] * qp.C[i * n + j];
    if (Math.abs(r) > 1e-9) conflicting.push({ kind: "bound", index: j, side: state === AT_LOWER ? "lower" : "upper", weight: r });
  }
  return { feasible: false, iterations: outcome.iterations, minimalViolation: total, leastViolatingPoint: xs, violated, conflicting };
}

/**
 * Polish of the phase-1 point: the elastic LP stops at a vertex reached through proximal steps, so its
 * x carries rounding (and, on degenerate or badly scaled rows, a few iterations' worth of stalled
 * progress) of order 1e-9 in the rows it touches, which phase 2 would then carry along unchanged (its
 * steps keep working rows at their current residual). One bounded least-norm projection of the free
 * variables onto the rows that are violated or within reach of a side (`restoreRows`) settles them to
 * rounding; it is also the proof of feasibility when the LP stalled short of zero violation: a point
 * that holds every row to the tolerance is feasible whatever the LP's multipliers say. Only when it
 * fails does a positive violation count as evidence of infeasibility. `x` and `varState` are updated
 * in place on success and left alone otherwise.
 */
function polishOntoRows(qp: DenseQp, x: Float64Array, varState: Int8Array, violation: number, feasibilityTolerance: number): boolean {
  const { n, mIn } = qp;
  // A row within 10× the violation found (or the tolerance) of a side is held on it by the projection,
  // so that moving onto the violated rows cannot push a tight row over.
  const band = 10 * Math.max(violation, feasibilityTolerance);
  const rowState = new Int8Array(mIn);
  for (let i = 0; i < mIn; i++) {
    const cx = rowDot(qp.C, i, n, x);
    if (cx - qp.lower[i] <= band) rowState[i] = AT_LOWER;
    else if (qp.upper[i] - cx <= band) rowState[i] = AT_UPPER;
  }
  const trial = x.slice();
  const trialState = varState.slice();
  if (!restoreRows(qp, trial, trialState, rowState, feasibilityTolerance)) return false;
  if (rowViolation(qp, trial) > Math.min(violation, feasibilityTolerance)) return false;
  x.set(trial);
  varState.set(trialState);
  return true;
}
