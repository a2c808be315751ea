/**
 * The primal active-set iterations (Nocedal & Wright, "Numerical Optimization", 2nd ed., 2006,
 * Algorithm 16.3), organised around the free variables as in the bound-constrained active-set codes
 * (Gill, Murray & Wright, "Practical Optimization", 1981, §5.5; Bartlett & Biegler, "QPSchur", 2006):
 *
 * - variables held at a bound drop out of the step; the equality-constrained subproblem lives on the
 *   free set F, whose Hessian block `H_FF` is factorised once and updated as variables enter and leave
 *   (`FreeSetFactor`);
 * - the general rows in the working set (equalities, active inequality rows) enter through the Schur
 *   complement `M = A_F H_FF⁻¹ A_Fᵀ`, rebuilt each iteration from `L⁻¹A_Fᵀ` (cheap: few rows);
 * - a positive semidefinite P whose free block turns singular switches to proximal-point outer
 *   iterations (Rockafellar, "Monotone operators and the proximal point algorithm", SIAM J. Control
 *   Optim. 14, 1976): each subproblem adds (ρ/2)‖x − x_c‖² with ρ = 1e-9·max Pᵢᵢ, and the centre x_c
 *   moves to the subproblem's solution until ρ‖x − x_c‖∞ — exactly the stationarity residual of the
 *   original problem — is below tolerance. A proximal step that runs off along a direction of zero
 *   curvature, feasible recession and descent certifies unboundedness.
 * - degeneracy: after a run of iterations without progress, Bland's smallest-index rule picks both the
 *   constraint to drop and the blocking constraint, which prevents cycling.
 * - the working set stays linearly independent: a blocking constraint that the working set already
 *   implies is passed over (`working-set-rank.ts`), so there are never more working rows than free
 *   variables and the multipliers are unique. Each step is solved in residual form around the previous
 *   multipliers (`working-set-step.ts`), which keeps the proximal mode's stationarity at rounding level.
 *
 * Multipliers here follow the subproblem's convention `g + A_Wᵀλ + r = 0`; the public sign convention is
 * applied by the caller.
 */
import { NotPositiveDefiniteError, UnboundedProblemError } from "../../errors.js";
import { iterationLimitError, proximalLimitError, type SolveOrigin } from "./iteration-limit.js";
import { mostViolatedConstraint } from "./pricing.js";
import { AT_LOWER as AT_LOWER_STATE, AWAY as AWAY_STATE, addScaledRows, gradient, maxDiagonal, normInf, type DenseQp, type WorkingSet } from "./dense-qp.js";

// Plain module constants: hot loops read these, and some loaders turn imported bindings into getters.
const AT_LOWER = AT_LOWER_STATE;
const AWAY = AWAY_STATE;

import { FreeSetFactor } from "./free-set-factor.js";
import { recessionSlope } from "./recession-slope.js";
import { leastSquaresMultipliers } from "./least-squares-multipliers.js";
import { ratioTest, type BlockingConstraint } from "./ratio-test.js";
import { stepBuffers, stepOnWorkingSet, type StepBuffers } from "./working-set-step.js";
import { dependsOnWorkingSet } from "./working-set-rank.js";

export interface ActiveSetSettings {
  readonly maxIterations: number;
  /** Absolute tolerance on multiplier signs and on the proximal stationarity residual. */
  readonly dualTolerance: number;
  /** The caller's problem (before presolve) and the stage running, named when the limit is hit. */
  readonly origin: SolveOrigin;
}

export interface ActiveSetOutcome extends WorkingSet {
  /** Subproblem multipliers of the equality rows (`g + Aᵀλ + Cᵀμ + r = 0` convention). */
  readonly lambdaEq: Float64Array;
  /** Multipliers of the inequality rows (0 when the row is not in the working set). */
  readonly lambdaRow: Float64Array;
  readonly iterations: number;
  readonly regularization: number;
}

/** Relative change along a step below which a blocking constraint is rank-checked (see `ratioTest`). */
const RANK_CHECK_BELOW = 1e-6;

/** Consecutive iterations without progress before Bland's rule takes over. */
const STALL_LIMIT = 50;

export function primalActiveSet(qp: DenseQp, start: WorkingSet, settings: ActiveSetSettings): ActiveSetOutcome {
  return new ActiveSetRun(qp, start, settings).run();
}

class ActiveSetRun {
  private readonly n: number;
  private readonly x: Float64Array;
  private readonly varState: Int8Array;
  private readonly rowState: Int8Array;
  private gP: Float64Array;
  private readonly free: Int32Array;
  private k = 0;
  private readonly position: Int32Array;
  private activeRows: number[] = [];
  private readonly factor: FreeSetFactor;
  private rho = 0;
  private center: Float64Array;
  private readonly maxDiag: number;
  private readonly buffers: StepBuffers;
  private readonly column: Float64Array;
  /** The working rows' multipliers from the last step (equalities, then `activeRows` in order). */
  private readonly lambda: Float64Array;
  /** Variables moved by a step and by how much, for the gradient update. */
  private readonly movedIndex: Int32Array;
  private readonly movedDelta: Float64Array;
  /** Work space of the rank check, grown on demand. */
  private rankScratch = new Float64Array(0);
  private iterations = 0;
  private bland = false;

  constructor(
    private readonly qp: DenseQp,
    start: WorkingSet,
    private readonly settings: ActiveSetSettings,
  ) {
    const n = qp.n;
    this.n = n;
    this.x = Float64Array.from(start.x);
    this.varState = Int8Array.from(start.varState);
    this.rowState = Int8Array.from(start.rowState);
    this.gP = gradient(qp, this.x);
    this.free = new Int32Array(n);
    this.position = new Int32Array(n).fill(-1);
    this.factor = new FreeSetFactor(n);
    this.center = this.x;
    this.maxDiag = maxDiagonal(qp);
    this.column = new Float64Array(n);
    this.lambda = new Float64Array(qp.mEq + qp.mIn);
    this.movedIndex = new Int32Array(n);
    this.movedDelta = new Float64Array(n);
    this.buffers = stepBuffers(n, qp.mEq + qp.mIn);
    for (let i = 0; i < qp.mIn; i++) if (this.rowState[i] !== AWAY) this.activeRows.push(i);
    for (let j = 0; j < n; j++) {
      // enterProximal() factorises every free variable at once, so skip those it has already placed.
      if (this.varState[j] === AWAY && this.position[j] < 0 && !this.addFree(j)) this.enterProximal();
    }
  }

  private hessian(i: number, j: number): number {
    const P = this.qp.P;
    return (P === null ? 0 : P[i * this.n + j]) + (i === j ? this.rho : 0);
  }

  /** Adds variable j to the free set; false when H_FF would turn (numerically) singular. */
  private addFree(j: number): boolean {
    const k = this.k;
    const col = this.column;
    for (let t = 0; t < k; t++) col[t] = this.hessian(this.free[t], j);
    const hjj = this.hessian(j, j);
    // Without regularisation a pivot under 1e-13 of its diagonal means H_FF has a condition number past
    // ~1e13: solves would lose all accuracy, so it counts as singular. But d = h_jj − ‖L⁻¹h‖² is itself
    // uncertain by about ε·cond(L)²·h_jj: an earlier small pivot d_min carries a relative error ε·h/d_min
    // into L⁻¹h, whose square is nearly h_jj. On a rank-deficient factor covariance an exactly singular
    // block gave pivots of 5e-12 and 1.2e-10 of h_jj behind earlier pivots of 1e-5 and 9e-7; 1e-13 let
    // them through and the steps were noise (a cycle, a stationarity of 1e-4). So a pivot within 100× that
    // uncertainty, cond(L) estimated by its diagonal ratio, counts as singular too (then the proximal
    // mode takes over). With ρ > 0 every pivot is ≥ ρ in exact arithmetic; under ρ/2 means negative curvature.
    const minPivot =
      this.rho > 0
        ? 0.5 * this.rho
        : Math.max(1e-13 * hjj, 1e-15 * this.maxDiag, 100 * Number.EPSILON * this.factor.diagonalRatio() ** 2 * hjj);
    const d = this.factor.append(col, hjj, minPivot);
    if (!(d > minPivot)) {
      if (this.rho > 0) {
        throw new NotPositiveDefiniteError(`P is not positive semidefinite: curvature ${d - this.rho} along variable ${j}`, {
          variable: j,
          pivot: d - this.rho,
        });
      }
      return false;
    }
    this.free[k] = j;
    this.position[j] = k;
    this.k = k + 1;
    this.varState[j] = AWAY;
    return true;
  }

  private removeFree(j: number, side: number): void {
    const at = this.position[j];
    this.factor.remove(at);
    for (let t = at; t < this.k - 1; t++) {
      this.free[t] = this.free[t + 1];
      this.position[this.free[t]] = t;
    }
    this.k--;
    this.position[j] = -1;
    this.varState[j] = side;
    const bound = side === AT_LOWER ? this.qp.lb[j] : this.qp.ub[j];
    const delta = bound - this.x[j];
    this.x[j] = bound;
    const P = this.qp.P;
    // The snap onto the bound moves x by rounding; keep the gradient in step with it.
    if (P !== null && delta !== 0) for (let i = 0, row = j * this.n; i < this.n; i++) this.gP[i] += P[row + i] * delta;
  }

  /** Switches to proximal-point subproblems centred at the current point and refactorises H_FF + ρI. */
  private enterProximal(): void {
    const scale = this.maxDiag > 0 ? this.maxDiag : Math.max(normInf(this.qp.q), 1);
    this.rho = 1e-9 * scale;
    this.center = Float64Array.from(this.x);
    const members = Array.from(this.free.subarray(0, this.k));
    for (let j = 0; j < this.n; j++) if (this.varState[j] === AWAY && this.position[j] < 0) members.push(j);
    this.k = 0;
    this.factor.clear();
    this.position.fill(-1);
    for (const j of members) this.addFree(j);
  }

  private subproblemGradient(j: number): number {
    return this.gP[j] + this.rho * (this.x[j] - this.center[j]);
  }

  run(): ActiveSetOutcome {
    const { qp, n, x, settings } = this;
    let stalled = 0;
    let outer = 0;
    let refinements = 0;
    for (;;) {
      if (++this.iterations > settings.maxIterations) throw iterationLimitError(settings.origin, settings.maxIterations, this.k);
      if (this.iterations % 64 === 0) this.gP = gradient(qp, x); // shed accumulated rounding
      const step = this.step();
      const pn = normInf(step.p, this.k);
      const xn = normInf(x);
      const moved = pn > 1e-15 * (1 + xn);
      if (moved) {
        const { alpha, blocked } = this.takeStep(step.p, pn);
        stalled = alpha * pn <= 1e-14 * (1 + xn) ? stalled + 1 : 0;
        if (stalled > STALL_LIMIT) this.bland = true;
        if (blocked) continue;
      }
      // x now minimises the model on the working set, and the λ of this step are its multipliers
      // (a full step lands on the subproblem's minimiser), so no second solve is needed to price.
      if (this.dropViolatedConstraint(step.lambda)) {
        refinements = 0;
        continue;
      }
      // Optimal for this working set. One more solve from the final x acts as iterative
      // refinement (Higham, "Accuracy and Stability of Numerical Algorithms", 2002, ch. 12): with
      // H_FF conditioned at κ the first solve is accurate to ~ε·κ, which the proximal mode (κ up to
      // 1e9) or a near-singular covariance would otherwise leave in the stationarity residual.
      if (moved && refinements < 1) {
        refinements++;
        continue;
      }
      refinements = 0;
      if (this.rho === 0) break;
      // Proximal outer iteration: the original stationarity residual is ρ(x − x_c).
      let dn = 0;
      for (let j = 0; j < n; j++) dn = Math.max(dn, Math.abs(x[j] - this.center[j]));
      if (this.rho * dn <= settings.dualTolerance) break;
      this.checkUnbounded(dn, ++outer);
      this.center = Float64Array.from(x);
    }
    return this.finish();
  }

  private step(): { p: Float64Array; lambda: Float64Array } {
    const g = this.buffers.p;
    for (let t = 0; t < this.k; t++) g[t] = this.subproblemGradient(this.free[t]);
    const step = stepOnWorkingSet(this.qp, this.factor, this.free, this.k, this.activeRows, this.lambda, this.buffers);
    this.lambda.set(step.lambda);
    return step;
  }

  /**
   * The blocking constraint of the step, passing over any that the working set already implies (see
   * `working-set-rank.ts`): those can block only through rounding, and adding one would make the working
   * set dependent. The rank check costs O(m²k) for m working rows, so it runs only when the constraint's
   * change along p is small against p: an implied one changes by rounding only, ε·cond(H_FF) ≲ 1e-7 of
   * ‖p‖ even in proximal mode, so 1e-6 leaves a margin and spares the check on ordinary steps.
   */
  private ratioTest(p: Float64Array, pn: number): BlockingConstraint {
    const excluded: number[] = [];
    for (;;) {
      const block = ratioTest(this.qp, this.x, this.free, this.k, this.rowState, p, pn, this.bland, excluded);
      if (block.blocking < 0 || block.strength > RANK_CHECK_BELOW || !this.impliedByWorkingSet(block.blocking)) return block;
      excluded.push(block.blocking);
    }
  }

  private impliedByWorkingSet(index: number): boolean {
    const { qp, n, k } = this;
    const size = (qp.mEq + this.activeRows.length + 1) * k;
    if (this.rankScratch.length < size) this.rankScratch = new Float64Array(Math.max(size, 2 * this.rankScratch.length));
    const candidate = index >= n ? { row: index - n } : { variable: index };
    return dependsOnWorkingSet(qp, this.free, k, this.activeRows, candidate, this.rankScratch);
  }

  /** Moves along p as far as feasibility allows and adds the blocking constraint, if any. */
  private takeStep(p: Float64Array, pn: number): { alpha: number; blocked: boolean } {
    const { qp, x, n } = this;
    const { alpha, blocking, side } = this.ratioTest(p, pn);
    if (alpha > 0) {
      const { movedIndex, movedDelta } = this;
      let moved = 0;
      for (let t = 0; t < this.k; t++) {
        const j = this.free[t];
        if (p[t] === 0) continue;
        // Components too small to block may still cross a bound by rounding: clip, and move the
        // gradient by the change actually made.
        const next = Math.min(qp.ub[j], Math.max(qp.lb[j], x[j] + alpha * p[t]));
        const dj = next - x[j];
        x[j] = next;
        if (dj !== 0) {
          movedIndex[moved] = j;
          movedDelta[moved++] = dj;
        }
      }
      if (qp.P !== null) addScaledRows(qp.P, n, movedIndex, movedDelta, moved, this.gP);
    }
    if (blocking >= n) {
      this.rowState[blocking - n] = side;
      this.activeRows.push(blocking - n);
      this.lambda[qp.mEq + this.activeRows.length - 1] = 0;
    } else if (blocking >= 0) {
      this.removeFree(blocking, side);
    }
    return { alpha, blocked: blocking >= 0 };
  }

  /** Drops the working constraint whose multiplier has the wrong sign (largest, or first under Bland). */
  private dropViolatedConstraint(lambda: Float64Array): boolean {
    const { qp, n } = this;
    const mEq = qp.mEq;
    const { varState, rowState, gP, x, center, rho, activeRows } = this;
    const state = { varState, rowState, gP, x, center, rho, activeRows };
    const pick = mostViolatedConstraint(qp, state, lambda, this.settings.dualTolerance, this.bland);
    if (pick < 0) return false;
    if (pick >= n) {
      this.rowState[pick - n] = AWAY;
      const at = this.activeRows.indexOf(pick - n);
      this.activeRows.splice(at, 1);
      this.lambda.copyWithin(mEq + at, mEq + at + 1);
    } else if (!this.addFree(pick)) {
      this.varState[pick] = AWAY;
      this.enterProximal();
    }
    return true;
  }

  private checkUnbounded(dn: number, outer: number): void {
    const d = new Float64Array(this.n);
    for (let j = 0; j < this.n; j++) d[j] = (this.x[j] - this.center[j]) / dn;
    const slope = recessionSlope(this.qp, d, this.maxDiag);
    // A proximal step of ~1/ρ that is a feasible direction of descent and zero curvature, or one that
    // keeps recurring, is a certificate; a bounded problem's steps shrink instead.
    if (slope < 0 && (dn > 1e3 * (1 + normInf(this.center)) || outer > 20)) {
      throw new UnboundedProblemError(`the objective decreases without bound along a feasible direction (slope ${slope})`, {
        direction: Array.from(d),
        slope,
      });
    }
    if (outer > 1000) throw proximalLimitError(this.settings.origin, outer, this.rho * dn);
  }

  /** Final multipliers from a fresh gradient (least squares on the free variables' stationarity). */
  private finish(): ActiveSetOutcome {
    const { qp, x } = this;
    this.gP = gradient(qp, x);
    const mEq = qp.mEq;
    const lambda = leastSquaresMultipliers(qp, this.free, this.k, this.activeRows, this.gP, this.lambda);
    const lambdaRow = new Float64Array(qp.mIn);
    this.activeRows.forEach((i, a) => (lambdaRow[i] = lambda[mEq + a]));
    return {
      x,
      varState: this.varState,
      rowState: this.rowState,
      lambdaEq: lambda.slice(0, mEq),
      lambdaRow,
      iterations: this.iterations,
      regularization: this.rho,
    };
  }
}
