/**
 * CVaR, CDaR and MAD with an L2 penalty `γ·Σwᵢ²`, solved by Kelley's cutting-plane method with our QP
 * solver as the master. PyPortfolioOpt hands the penalised Rockafellar–Uryasev program (a QP with a
 * variable and a row per scenario) to a conic solver; HiGHS's QP solver fails on about one such
 * problem in seven, and our dense active-set solver would carry T extra variables. But the risk is
 * convex and piecewise linear in the weights alone (`risk-subgradient.ts`): a maximum of finitely many
 * affine functions. So
 *
 *     minimise  z + γ‖w‖² + costᵀx   over the constraints and the cuts  z ≥ gₖᵀw + bₖ
 *
 * is a small QP in the portfolio's own variables and one z, and each solution w adds the cut that is
 * exact at w. When the model is exact at the master's solution (no cut is violated), that solution
 * satisfies the KKT conditions of the true problem: the answer is the optimum, not an approximation
 * (Kelley 1960, "The cutting-plane method for solving convex programs"; it terminates for polyhedral
 * functions, which have finitely many cuts). A return-maximising model (`risk ≤ cap`) adds the cuts as
 * rows `gₖᵀw + bₖ ≤ cap` instead and stops when the master's w meets the cap.
 *
 * Two details keep the masters well posed for our active-set solver:
 * - z has no curvature, which puts the solver's range-space steps at the mercy of a singular Hessian
 *   (it cycled on such masters). z gets a proximal term `(ε/2)(z − c)²`, its centre c moved to z after
 *   each solve (Rockafellar 1976), with ε sized like the weights' curvature seen through the cuts
 *   (0.1·2γ/‖g‖²) so the Schur complement stays balanced. The term only bends the master while z
 *   moves; the method stops when z sits at its centre (`ε·|z − c| ≤ 1e-13` against z's unit cost).
 * - cuts the master's optimum does not rest on are dropped after each solve: the optimum stays optimal
 *   without them, and dozens of cuts through nearly the same point make a degenerate QP.
 * Each master is warm-started from the previous one, z raised onto the new cut, so a solve takes a
 * few active-set iterations.
 */
import { ConvergenceError } from "../../errors.js";
import type { Matrix } from "../../linalg/matrix.js";
import type { CompiledConstraints } from "../constraints/index.js";
import { solveQuadraticProgram, type QpSolution } from "../qp/index.js";
import { riskCut, type PiecewiseLinearMeasure, type RiskCut } from "./risk-subgradient.js";
import type { RiskObjective, RiskProgramSolution } from "./risk-program.js";

export interface PenalisedRiskSpec {
  readonly scenarios: Matrix;
  /** With `l2Gamma > 0`. */
  readonly compiled: CompiledConstraints;
  readonly measure: PiecewiseLinearMeasure;
  readonly objective: RiskObjective;
  readonly mu: Float64Array | null;
}

// The method closes its gap in tens to a few hundred cuts in every case we have seen; the limit only
// turns a pathological case into a typed error.
const MAX_CUTS = 5000;
// A cut violated by less than this, relative to the risk, adds nothing: the risk's model is exact at w.
const RELATIVE_VIOLATION = 1e-12;
// The curvature of z's proximal term against the weights' 2γ/‖g‖² (see the file comment).
const Z_CURVATURE = 0.1;

/** Solves the penalised program of `spec`. Throws the QP solver's typed errors and NO_CONVERGENCE. */
export function solvePenalisedRiskProgram(spec: PenalisedRiskSpec): RiskProgramSolution {
  const { compiled, scenarios: R, measure, objective, mu } = spec;
  const n = compiled.nAssets;
  const nv = compiled.nVariables;
  const cap = objective.kind === "maxReturn" ? objective.maxRisk : undefined;
  const targetReturn = objective.kind === "minRisk" ? objective.targetReturn : undefined;
  const minRisk = cap === undefined;
  // z, the model of the risk, is the last variable of a min-risk master.
  const size = minRisk ? nv + 1 : nv;
  const z = nv;
  // Set from the first cut (see the file comment).
  let epsilon = 0;

  const P = new Float64Array(size * size);
  for (let i = 0; i < n; i++) P[i * size + i] = 2 * compiled.l2Gamma;

  // The objective without z: γ‖w‖² + costᵀx (− μᵀw when maximising the return).
  const linear = Float64Array.from({ length: nv }, (_, j) => compiled.linearCost[j] - (!minRisk && j < n ? mu![j] : 0));
  const penalised = (x: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += compiled.l2Gamma * x[i] * x[i];
    for (let j = 0; j < nv; j++) s += linear[j] * x[j];
    return s;
  };
  const lowerBounds = Float64Array.from({ length: size }, (_, j) => (j < nv ? compiled.lowerBounds[j] : -Infinity));
  const upperBounds = Float64Array.from({ length: size }, (_, j) => (j < nv ? compiled.upperBounds[j] : Infinity));
  const widen = (m: Matrix): Float64Array => {
    const out = new Float64Array(m.rows * size);
    for (let r = 0; r < m.rows; r++) out.set(m.data.subarray(r * nv, (r + 1) * nv), r * size);
    return out;
  };
  const equalities = { A: { rows: compiled.equalities.A.rows, cols: size, data: widen(compiled.equalities.A) }, b: compiled.equalities.b };

  // Rows: the compiled inequalities, the target return, then one per cut.
  const rowData: number[] = Array.from(widen(compiled.inequalities.C));
  const rowLower: number[] = Array.from(compiled.inequalities.lower);
  const rowUpper: number[] = Array.from(compiled.inequalities.upper);
  if (targetReturn !== undefined) {
    for (let j = 0; j < size; j++) rowData.push(j < n ? mu![j] : 0);
    rowLower.push(targetReturn);
    rowUpper.push(Infinity);
  }

  const fixedRowCount = rowLower.length;
  let iterations = 0;
  let solves = 0;
  let last: QpSolution | undefined;
  /** The master with z's proximal centre at `centre` (null: no cut yet, z pinned at 0). */
  const solveMaster = (centre: number | null, start?: Float64Array): Float64Array => {
    const q = new Float64Array(size);
    q.set(linear);
    const lb = lowerBounds.slice();
    const ub = upperBounds.slice();
    if (minRisk) {
      P[z * size + z] = epsilon;
      if (centre === null) lb[z] = ub[z] = 0;
      // z + (ε/2)(z − centre)² up to a constant.
      else q[z] = 1 - epsilon * centre;
    }
    const problem = {
      P: { size, data: P },
      q,
      equalities,
      inequalities: { C: { rows: rowLower.length, cols: size, data: Float64Array.from(rowData) }, lower: Float64Array.from(rowLower), upper: Float64Array.from(rowUpper) },
      lowerBounds: lb,
      upperBounds: ub,
    };
    const solution = solveQuadraticProgram(problem, last === undefined ? {} : { warmStart: { x: start ?? last.x, activeSet: last.activeSet } });
    iterations += solution.iterations;
    solves += 1;
    last = pruneInactiveCuts(solution);
    return solution.x;
  };
  /**
   * Drops the cuts the master's optimum does not rest on. The optimum stays optimal without them (its
   * KKT conditions do not involve them), so the lower bound keeps rising as cuts are added; and a
   * bundle of only the active pieces keeps the master small and its working sets well conditioned —
   * dozens of cuts through nearly the same point make a degenerate QP.
   */
  const pruneInactiveCuts = (solution: QpSolution): QpSolution => {
    const status = solution.activeSet.inequalities;
    const keep: number[] = [];
    for (let r = 0; r < status.length; r++) if (r < fixedRowCount || status[r] !== "inactive") keep.push(r);
    if (keep.length === status.length) return solution;
    const data: number[] = [];
    for (const r of keep) for (let j = 0; j < size; j++) data.push(rowData[r * size + j]);
    rowData.length = 0;
    rowData.push(...data);
    const lower = keep.map((r) => rowLower[r]);
    const upper = keep.map((r) => rowUpper[r]);
    rowLower.length = rowUpper.length = 0;
    rowLower.push(...lower);
    rowUpper.push(...upper);
    return { ...solution, activeSet: { bounds: solution.activeSet.bounds, inequalities: keep.map((r) => status[r]) } };
  };
  /** Adds risk(v) ≥ value + gᵀ(v − w), i.e. z − gᵀv ≥ b (or gᵀv ≤ cap − b), exact at w. */
  const addCut = (w: ArrayLike<number>, cut: RiskCut) => {
    let b = cut.value;
    for (let i = 0; i < n; i++) b -= cut.gradient[i] * w[i];
    for (let j = 0; j < size; j++) rowData.push(j < n ? (minRisk ? -cut.gradient[j] : cut.gradient[j]) : j === z ? 1 : 0);
    rowLower.push(minRisk ? b : -Infinity);
    rowUpper.push(minRisk ? Infinity : cap! - b);
  };

  let x = solveMaster(null);
  let centre: number | null = null;
  for (let k = 0; k < MAX_CUTS; k++) {
    const cut = riskCut(R, measure, x);
    const scale = Math.max(Math.abs(cut.value), minRisk ? Math.abs(x[z]) : Math.abs(cap!), Number.MIN_VALUE);
    if (minRisk) {
      // Optimal for the true problem when the model is exact at w (no cut left to add) and z sits at the
      // centre (the proximal term changes nothing): the master's KKT conditions are then the problem's.
      const exact = centre !== null && cut.value - x[z] <= RELATIVE_VIOLATION * scale;
      if (exact && epsilon * Math.abs(x[z] - centre!) <= 1e-13) return finish(x, penalised(x) + cut.value, cut.value);
      if (!exact) addCut(x, cut);
      if (centre === null) {
        let g2 = 0;
        for (let i = 0; i < n; i++) g2 += cut.gradient[i] ** 2;
        epsilon = (Z_CURVATURE * 2 * compiled.l2Gamma) / (g2 > 0 ? g2 : 1);
      }
      const start = x.slice();
      if (centre === null || !exact) start[z] = Math.max(centre === null ? -Infinity : x[z], cut.value);
      centre = start[z];
      x = solveMaster(centre, start);
    } else {
      if (cut.value - cap! <= RELATIVE_VIOLATION * scale) return finish(x, -penalised(x), cut.value, cap! - cut.value);
      addCut(x, cut);
      x = solveMaster(null);
    }
  }
  throw new ConvergenceError(`the cutting-plane method for the L2-penalised ${measure.kind} did not converge within ${MAX_CUTS} cuts`, { cuts: MAX_CUTS });

  function finish(point: Float64Array, value: number, risk: number, capSlack?: number): RiskProgramSolution {
    // The answer is only as good as the last master's KKT conditions: check them rather than trust them.
    const kkt = last!.kkt;
    const kktScale = Math.max(1, 2 * compiled.l2Gamma, epsilon, ...linear.map(Math.abs));
    const residual = Math.max(kkt.stationarity, kkt.dualFeasibility, kkt.primalFeasibility, kkt.complementarity);
    if (!(residual <= 1e-8 * kktScale)) {
      throw new ConvergenceError(`the cutting-plane master for the L2-penalised ${measure.kind} ended with KKT residual ${residual.toExponential(2)}`, { ...kkt });
    }
    let targetSlack = capSlack === undefined ? undefined : Math.max(0, capSlack);
    if (targetReturn !== undefined) {
      let activity = 0;
      for (let i = 0; i < n; i++) activity += mu![i] * point[i];
      targetSlack = Math.max(0, activity - targetReturn);
    }
    return {
      x: point.slice(0, nv),
      objective: value,
      risk,
      iterations,
      solves,
      formulation: "cuttingPlane",
      ...(targetSlack === undefined ? {} : { targetSlack }),
    };
  }
}
