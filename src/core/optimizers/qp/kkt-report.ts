/**
 * Maps the reduced problem's outcome back to the caller's problem and measures it there: the full x,
 * the active set by side, multipliers in the convention `P·x + q = Aᵀy + Cᵀw + z`, and the four KKT
 * residuals (Nocedal & Wright, Theorem 12.1), each as an absolute ∞-norm so a caller can compare them
 * with its own tolerance.
 */
import type { ProblemShape, QpSolution, QuadraticProgram, BoundStatus, RowStatus } from "./quadratic-program.js";
import type { ReducedProblem } from "./reduce-problem.js";
import { AT_LOWER, AT_UPPER, AWAY } from "./dense-qp.js";

export interface ReducedOutcome {
  readonly x: Float64Array;
  readonly varState: Int8Array;
  readonly rowState: Int8Array;
  /** Reduced equality rows' multipliers, subproblem convention (`g + Aᵀλ = …`). */
  readonly lambdaEq: Float64Array;
  readonly lambdaRow: Float64Array;
  readonly iterations: number;
  readonly regularization: number;
}

export function kktReport(problem: QuadraticProgram, shape: ProblemShape, reduced: ReducedProblem, out: ReducedOutcome): QpSolution {
  const { n, mEq, mIn } = shape;
  const P = problem.P.data;
  const x = new Float64Array(n);
  const bounds: BoundStatus[] = new Array(n).fill("free");
  for (let j = 0; j < n; j++) {
    if (!Number.isNaN(reduced.pinned[j])) {
      x[j] = reduced.pinned[j];
      bounds[j] = "fixed";
    }
  }
  reduced.keep.forEach((j, a) => {
    x[j] = out.x[a];
    if (out.varState[a] === AT_LOWER) bounds[j] = "lower";
    else if (out.varState[a] === AT_UPPER) bounds[j] = "upper";
  });

  const y = new Float64Array(mEq);
  const w = new Float64Array(mIn);
  const rows: RowStatus[] = new Array(mIn).fill("inactive");
  // Reduced rows were divided by their norm s, so an original multiplier is the reduced one over s.
  // Rows the presolve dropped (redundant, open on both sides, pinned-only) keep multiplier 0.
  reduced.eqOrigin.forEach((origin, r) => {
    if (origin.kind === "equality") y[origin.index] = -out.lambdaEq[r] / origin.scale;
    else {
      w[origin.index] = -out.lambdaEq[r] / origin.scale;
      rows[origin.index] = "fixed";
    }
  });
  reduced.inOrigin.forEach((i, r) => {
    if (out.rowState[r] === AWAY) return;
    rows[i] = out.rowState[r] === AT_LOWER ? "lower" : "upper";
    w[i] = -out.lambdaRow[r] / reduced.inScale[r];
  });
  const A = problem.equalities?.A.data;
  const C = problem.inequalities?.C.data;
  const lb = problem.lowerBounds;
  const ub = problem.upperBounds;

  // Gradient of the Lagrangian: P·x + q − Aᵀy − Cᵀw.
  // P·x by columns of the held variables only (symmetric P: column j = row j).
  const px = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    if (xj !== 0) for (let i = 0, row = j * n; i < n; i++) px[i] += P[row + i] * xj;
  }
  const residual = new Float64Array(n);
  let objective = 0;
  for (let i = 0; i < n; i++) {
    objective += x[i] * (0.5 * px[i] + problem.q[i]);
    residual[i] = px[i] + problem.q[i];
  }
  for (let r = 0; r < mEq; r++) if (y[r] !== 0) for (let j = 0; j < n; j++) residual[j] -= A![r * n + j] * y[r];
  for (let r = 0; r < mIn; r++) if (w[r] !== 0) for (let j = 0; j < n; j++) residual[j] -= C![r * n + j] * w[r];

  const z = new Float64Array(n);
  let stationarity = 0;
  let primal = 0;
  let dual = 0;
  let complementarity = 0;
  for (let j = 0; j < n; j++) {
    const lo = lb?.[j] ?? -Infinity;
    const hi = ub?.[j] ?? Infinity;
    primal = Math.max(primal, lo - x[j], x[j] - hi);
    if (bounds[j] === "free") {
      stationarity = Math.max(stationarity, Math.abs(residual[j]));
      continue;
    }
    z[j] = residual[j];
    if (bounds[j] === "lower") {
      dual = Math.max(dual, -z[j]);
      complementarity = Math.max(complementarity, Math.abs(z[j] * (x[j] - lo)));
    } else if (bounds[j] === "upper") {
      dual = Math.max(dual, z[j]);
      complementarity = Math.max(complementarity, Math.abs(z[j] * (hi - x[j])));
    }
  }
  for (let r = 0; r < mEq; r++) {
    let ax = 0;
    for (let j = 0; j < n; j++) ax += A![r * n + j] * x[j];
    primal = Math.max(primal, Math.abs(ax - problem.equalities!.b[r]));
  }
  for (let r = 0; r < mIn; r++) {
    let cx = 0;
    for (let j = 0; j < n; j++) cx += C![r * n + j] * x[j];
    const lo = problem.inequalities!.lower[r];
    const hi = problem.inequalities!.upper[r];
    primal = Math.max(primal, lo - cx, cx - hi);
    if (rows[r] === "lower") {
      dual = Math.max(dual, -w[r]);
      complementarity = Math.max(complementarity, Math.abs(w[r] * (cx - lo)));
    } else if (rows[r] === "upper") {
      dual = Math.max(dual, w[r]);
      complementarity = Math.max(complementarity, Math.abs(w[r] * (hi - cx)));
    } else if (rows[r] === "fixed") {
      complementarity = Math.max(complementarity, Math.abs(w[r] * (cx - lo)));
    }
  }
  return {
    x,
    objective,
    status: "optimal",
    iterations: out.iterations,
    activeSet: { bounds, inequalities: rows },
    multipliers: { equalities: y, inequalities: w, bounds: z },
    kkt: { stationarity, primalFeasibility: Math.max(primal, 0), dualFeasibility: Math.max(dual, 0), complementarity },
    regularization: out.regularization,
  };
}
