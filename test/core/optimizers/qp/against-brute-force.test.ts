import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { solveQuadraticProgram, type QpSolution, type QuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";
import { bruteForceQp, objectiveOf, violationOf, type SmallQp } from "./brute-force-qp.js";
import { expectClose } from "../../../support/expect-close.js";

// Objectives are O(1) here; both solvers finish with an exact linear solve on the same active set, so
// they agree to rounding. The brief's bar is 1e-9 (relative, with an absolute floor for optima near 0).
const SAME_OPTIMUM = { rtol: 1e-9, atol: 1e-9 };
// KKT residuals and constraint violations: the brief's 1e-9 absolute bar.
const KKT_BAR = 1e-9;
// fast-check runs: enough to visit degenerate corners (rows through the box corners, bounds at 0)
// while the exponential brute force stays under a few seconds.
const RUNS = 150;

// Coefficients on a 1e-3 grid in [−1, 1]: exact zeros and ties occur (degenerate cases), subnormals do not.
const coefficient = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 1000);

/** Random strictly convex QP with n ≤ 5, up to 2 equalities and 2 rows, feasible by construction. */
const smallQp = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    mEq: fc.integer({ min: 0, max: 2 }),
    mIn: fc.integer({ min: 0, max: 2 }),
    seed: fc.array(coefficient, { minLength: 200, maxLength: 200 }),
    infinite: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
  })
  .map(({ n, mEq, mIn, seed, infinite }) => {
    let k = 0;
    const next = () => seed[k++ % seed.length];
    const B = Array.from({ length: n }, () => Array.from({ length: n }, next));
    // P = BBᵀ + 0.1·I: strictly convex, condition number ≲ 100.
    const P = B.map((bi, i) => B.map((bj, j) => bi.reduce((s, v, t) => s + v * bj[t], 0) + (i === j ? 0.1 : 0)));
    const lb = Array.from({ length: n }, (_, j) => (infinite[j] ? -Infinity : -0.5 + 0.5 * next()));
    const ub = Array.from({ length: n }, (_, j) => (infinite[5 + j] ? Infinity : 0.5 + 0.5 * next()));
    // A feasible point strictly inside the box, so equality and row right-hand sides can be built from it.
    const xf = Array.from({ length: n }, (_, j) => {
      const lo = Number.isFinite(lb[j]) ? lb[j] : -1;
      const hi = Number.isFinite(ub[j]) ? ub[j] : 1;
      return lo + (hi - lo) * (0.5 + 0.4 * next());
    });
    const dot = (row: number[]) => row.reduce((s, v, j) => s + v * xf[j], 0);
    const A = Array.from({ length: Math.min(mEq, n - 1) }, () => Array.from({ length: n }, next));
    const C = Array.from({ length: mIn }, () => Array.from({ length: n }, next));
    // Rows pass close to xf (sometimes through it: a degenerate start), one side possibly open.
    const lower = C.map((row, i) => (infinite[10 + i] ? -Infinity : dot(row) - 0.3 * Math.abs(next())));
    const upper = C.map((row, i) => (infinite[12 + i] && Number.isFinite(lower[i]) ? Infinity : dot(row) + 0.3 * Math.abs(next())));
    const qp: SmallQp = { n, P, q: Array.from({ length: n }, next), A, b: A.map(dot), C, lower, upper, lb, ub };
    return { qp, xf };
  });

function toProblem(qp: SmallQp): QuadraticProgram {
  const { n } = qp;
  return {
    P: { size: n, data: Float64Array.from(qp.P.flat()) },
    q: qp.q,
    equalities: qp.A.length ? { A: { rows: qp.A.length, cols: n, data: Float64Array.from(qp.A.flat()) }, b: qp.b } : undefined,
    inequalities: qp.C.length
      ? { C: { rows: qp.C.length, cols: n, data: Float64Array.from(qp.C.flat()) }, lower: qp.lower, upper: qp.upper }
      : undefined,
    lowerBounds: qp.lb,
    upperBounds: qp.ub,
  };
}

function assertSound(qp: SmallQp, sol: QpSolution): void {
  for (const [name, value] of Object.entries(sol.kkt)) assert.ok(value <= KKT_BAR, `kkt.${name} = ${value}`);
  // Independent of the solver's own report: recompute violation and objective from x.
  assert.ok(violationOf(qp, sol.x) <= KKT_BAR, `violation ${violationOf(qp, sol.x)}`);
  expectClose(sol.objective, objectiveOf(qp, sol.x), { rtol: 1e-12, atol: 1e-14 }, "reported objective");
}

test("matches brute-force enumeration of active sets on random small QPs; KKT ≤ 1e-9; constraints hold", () => {
  fc.assert(
    fc.property(smallQp, ({ qp }) => {
      const expected = bruteForceQp(qp);
      assert.ok(expected !== null, "the construction guarantees a feasible point");
      const sol = solveQuadraticProgram(toProblem(qp));
      assertSound(qp, sol);
      expectClose(sol.objective, expected.objective, SAME_OPTIMUM, "objective");
    }),
    { numRuns: RUNS, seed: 20240611 },
  );
});

test("a warm start from the solution gives the same answer in no more iterations (at most 2)", () => {
  fc.assert(
    fc.property(smallQp, ({ qp }) => {
      const cold = solveQuadraticProgram(toProblem(qp));
      const warm = solveQuadraticProgram(toProblem(qp), { warmStart: cold });
      assertSound(qp, warm);
      expectClose(warm.objective, cold.objective, SAME_OPTIMUM, "objective");
      assert.ok(warm.iterations <= Math.min(2, cold.iterations), `warm ${warm.iterations} vs cold ${cold.iterations}`);
    }),
    { numRuns: RUNS, seed: 7 },
  );
});

test("a warm start from a neighbouring problem (right-hand sides moved) reaches the brute-force optimum", () => {
  // The next frontier target or a new budget: every row passes through a shifted feasible point, so the
  // previous solution misses the rows by a little and is carried onto them (or phase 1 takes over).
  fc.assert(
    fc.property(smallQp, fc.array(coefficient, { minLength: 5, maxLength: 5 }), ({ qp, xf }, shift) => {
      const previous = solveQuadraticProgram(toProblem(qp));
      const lo = (j: number) => (Number.isFinite(qp.lb[j]) ? qp.lb[j] : -1);
      const hi = (j: number) => (Number.isFinite(qp.ub[j]) ? qp.ub[j] : 1);
      // Shifted by up to 5% of the box, staying strictly inside it.
      const moved = xf.map((v, j) => Math.min(hi(j) - 1e-3, Math.max(lo(j) + 1e-3, v + 0.05 * (hi(j) - lo(j)) * shift[j])));
      const delta = (row: number[]) => row.reduce((s, v, j) => s + v * (moved[j] - xf[j]), 0);
      const next: SmallQp = {
        ...qp,
        b: qp.A.map((row, r) => qp.b[r] + delta(row)),
        lower: qp.C.map((row, i) => qp.lower[i] + delta(row)),
        upper: qp.C.map((row, i) => qp.upper[i] + delta(row)),
      };
      const expected = bruteForceQp(next);
      assert.ok(expected !== null, "the shifted point is feasible");
      const warm = solveQuadraticProgram(toProblem(next), { warmStart: previous });
      assertSound(next, warm);
      expectClose(warm.objective, expected.objective, SAME_OPTIMUM, "objective");
    }),
    { numRuns: RUNS, seed: 5 },
  );
});

test("adding a constraint never lowers the optimum", () => {
  fc.assert(
    fc.property(smallQp, fc.array(coefficient, { minLength: 6, maxLength: 6 }), ({ qp, xf }, extra) => {
      const before = solveQuadraticProgram(toProblem(qp));
      // A new row that xf satisfies, so the problem stays feasible.
      const row = extra.slice(0, qp.n);
      const at = row.reduce((s, v, j) => s + v * xf[j], 0);
      const tighter: SmallQp = { ...qp, C: [...qp.C, row], lower: [...qp.lower, -Infinity], upper: [...qp.upper, at + 0.1 * extra[5]] };
      if (tighter.upper[tighter.upper.length - 1] < at) tighter.upper[tighter.upper.length - 1] = at;
      const after = solveQuadraticProgram(toProblem(tighter));
      assertSound(tighter, after);
      assert.ok(after.objective >= before.objective - 1e-9 * (1 + Math.abs(before.objective)), `${after.objective} < ${before.objective}`);
    }),
    { numRuns: RUNS, seed: 11 },
  );
});

test("permuting the variables permutes the solution and keeps the optimum", () => {
  fc.assert(
    fc.property(smallQp, fc.integer({ min: 0, max: 119 }), ({ qp }, which) => {
      const n = qp.n;
      // The which-th permutation of 0..n−1 (Lehmer code).
      const pool = Array.from({ length: n }, (_, i) => i);
      const perm: number[] = [];
      let code = which;
      for (let size = n; size > 0; size--) {
        perm.push(pool.splice(code % size, 1)[0]);
        code = Math.floor(code / size);
      }
      const permuted: SmallQp = {
        ...qp,
        P: perm.map((i) => perm.map((j) => qp.P[i][j])),
        q: perm.map((i) => qp.q[i]),
        A: qp.A.map((row) => perm.map((i) => row[i])),
        C: qp.C.map((row) => perm.map((i) => row[i])),
        lb: perm.map((i) => qp.lb[i]),
        ub: perm.map((i) => qp.ub[i]),
      };
      const a = solveQuadraticProgram(toProblem(qp));
      const b = solveQuadraticProgram(toProblem(permuted));
      expectClose(b.objective, a.objective, SAME_OPTIMUM, "objective");
      // Strictly convex: the minimiser is unique, so x permutes too (solver-output tolerance 1e-6).
      expectClose(Array.from(b.x), perm.map((i) => a.x[i]), { rtol: 0, atol: 1e-6 }, "x");
    }),
    { numRuns: RUNS, seed: 3 },
  );
});
