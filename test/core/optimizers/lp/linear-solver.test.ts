/**
 * The HiGHS wrapper: known small programs (LP, MILP, QP), statuses mapped to typed errors, and the dual
 * formulation against the primal one on random programs (same optimum, feasible recovered point).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import fc from "fast-check";
import { LinearProgramBuilder, loadLinearSolver, type LinearProgram, type LinearSolver } from "../../../../src/core/optimizers/lp/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { expectCoreError } from "../constraints/expect-core-error.js";
import { seededRandom } from "../../../support/seeded-random.js";

// HiGHS runs at feasibility tolerance 1e-10; on these well-scaled small programs the answers are exact
// vertices up to rounding, so 1e-9 leaves room for nothing but the tolerance itself.
const SOLVER_TOL = { rtol: 1e-9, atol: 1e-9 };

describe("linear solver (HiGHS)", () => {
  let solver: LinearSolver;
  before(async () => {
    solver = await loadLinearSolver();
  });

  it("loads once: every call returns the same solver", async () => {
    assert.equal(await loadLinearSolver(), solver);
    assert.match(solver.version, /^\d+\.\d+\.\d+/);
  });

  it("solves a small LP with the textbook answer and the row multipliers as sensitivities", () => {
    // min 2x + 3y s.t. x + y ≥ 1, x ≤ 0.5, x, y ≥ 0 → x = y = 0.5, objective 2.5.
    const lp = new LinearProgramBuilder();
    const x = lp.addVariable({ cost: 2, lower: 0, upper: Infinity });
    const y = lp.addVariable({ cost: 3, lower: 0, upper: Infinity });
    lp.addRow([x, y], [1, 1], 1, Infinity);
    lp.addRow([x], [1], -Infinity, 0.5);
    for (const formulation of ["primal", "dual"] as const) {
      const s = solver.solve(lp.build(), { formulation });
      assert.equal(s.status, "optimal");
      expectClose(s.x, [0.5, 0.5], SOLVER_TOL, `${formulation} x`);
      expectClose(s.objective, 2.5, SOLVER_TOL, `${formulation} objective`);
      // Raising the floor of x + y costs 3 per unit (y fills it); raising x's cap saves 1 per unit.
      expectClose(s.rowDuals!, [3, -1], SOLVER_TOL, `${formulation} multipliers`);
      expectClose(s.rowActivity, [1, 0.5], SOLVER_TOL, `${formulation} activity`);
    }
  });

  it("solves a MILP: HiGHS's chairs-and-tables example gives 20 chairs, 10 tables, profit 1100", () => {
    const lp = new LinearProgramBuilder();
    const chairs = lp.addVariable({ cost: 30, lower: 0, upper: Infinity, integer: true });
    const tables = lp.addVariable({ cost: 50, lower: 0, upper: Infinity, integer: true });
    lp.addRow([chairs, tables], [1, 2], -Infinity, 40);
    lp.addRow([chairs, tables], [2, 1], -Infinity, 50);
    const s = solver.solve(lp.build("maximize"));
    assert.equal(s.status, "optimal");
    expectClose(s.x, [20, 10], SOLVER_TOL, "shares");
    expectClose(s.objective, 1100, SOLVER_TOL, "profit");
    assert.equal(s.rowDuals, undefined);
    assert.ok((s.nodes ?? -1) >= 0);
  });

  it("integrality matters: a knapsack whose LP relaxation is fractional", () => {
    // max 5a + 4b + 3c s.t. 2a + 3b + c ≤ 5, 4a + b + 2c ≤ 11, 3a + 4b + 2c ≤ 8 over binaries.
    const lp = new LinearProgramBuilder();
    const v = [5, 4, 3].map((cost) => lp.addVariable({ cost, lower: 0, upper: 1, integer: true }));
    lp.addRow(v, [2, 3, 1], -Infinity, 5);
    lp.addRow(v, [4, 1, 2], -Infinity, 11);
    lp.addRow(v, [3, 4, 2], -Infinity, 8);
    const s = solver.solve(lp.build("maximize"));
    for (const xi of s.x) assert.ok(Math.abs(xi - Math.round(xi)) <= 1e-9, `integral ${xi}`);
    // Brute force over the 8 binary points.
    let best = -Infinity;
    for (let m = 0; m < 8; m++) {
      const p = [m & 1, (m >> 1) & 1, (m >> 2) & 1];
      if (2 * p[0] + 3 * p[1] + p[2] <= 5 && 4 * p[0] + p[1] + 2 * p[2] <= 11 && 3 * p[0] + 4 * p[1] + 2 * p[2] <= 8) best = Math.max(best, 5 * p[0] + 4 * p[1] + 3 * p[2]);
    }
    expectClose(s.objective, best, SOLVER_TOL, "MILP optimum = brute force");
  });

  it("solves a convex QP given a Hessian: min x² − 2x + y² − 6y on a box", () => {
    // min x² − 2x + y² − 6y over 0 ≤ x, y ≤ 2 → x = 1, y = 2 (the box cuts y = 3), objective −1 − 8 = −9.
    const program: LinearProgram = {
      objective: [-2, -6],
      offset: 0,
      lower: [0, 0],
      upper: [2, 2],
      rows: { starts: Int32Array.of(0), indices: new Int32Array(0), values: new Float64Array(0) },
      rowLower: [],
      rowUpper: [],
      hessian: { starts: Int32Array.of(0, 1, 2), indices: Int32Array.of(0, 1), values: Float64Array.of(2, 2) },
    };
    const s = solver.solve(program);
    // HiGHS regularises the QP by 1e-12·‖x‖², which moves x by ~1e-12.
    expectClose(s.x, [1, 2], { rtol: 1e-10, atol: 1e-10 }, "QP optimum");
    expectClose(s.objective, -1 + 4 - 12, { rtol: 1e-10, atol: 1e-10 }, "QP objective");
  });

  it("maps statuses to typed errors: infeasible, unbounded, malformed", () => {
    const infeasible = new LinearProgramBuilder();
    const x = infeasible.addVariable({ cost: 1, lower: 0, upper: 1 });
    infeasible.addRow([x], [1], 2, Infinity);
    for (const formulation of ["primal", "dual"] as const) expectCoreError(() => solver.solve(infeasible.build(), { formulation }), "INFEASIBLE_CONSTRAINTS");
    const unbounded = new LinearProgramBuilder();
    const y = unbounded.addVariable({ cost: -1, lower: 0, upper: Infinity });
    unbounded.addRow([y], [1], 1, Infinity);
    for (const formulation of ["primal", "dual"] as const) expectCoreError(() => solver.solve(unbounded.build(), { formulation }), "UNBOUNDED_PROBLEM");
    const base = unbounded.build();
    expectCoreError(() => solver.solve({ ...base, objective: [NaN] }), "NON_FINITE_VALUE");
    expectCoreError(() => solver.solve({ ...base, lower: [0, 0] }), "SHAPE_MISMATCH");
    expectCoreError(() => solver.solve({ ...base, lower: [2], upper: [1] }), "INVALID_INPUT");
    expectCoreError(() => solver.solve({ ...base, rows: { ...base.rows, indices: Int32Array.of(5) } }), "INVALID_INPUT");
  });

  it("the dual formulation finds the primal's optimum on random bounded programs with singletons, ranges and equalities", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }), (seed, nCore, m) => {
        const rand = seededRandom(seed);
        const lp = new LinearProgramBuilder();
        const x0: number[] = [];
        // Core variables of every bound kind, around a known feasible point x0.
        for (let j = 0; j < nCore; j++) {
          const kind = j % 4;
          const v = rand() * 2 - 0.5;
          x0.push(v);
          const lower = kind === 1 ? -Infinity : Math.min(0, v) - rand();
          const upper = kind === 2 ? Infinity : Math.max(0, v) + rand();
          lp.addVariable({ cost: rand() * 2 - 1, lower: kind === 3 ? 0 : lower, upper: kind === 3 ? Math.max(v, 0) + 1 : upper });
          if (kind === 3) x0[j] = Math.max(v, 0);
        }
        for (let i = 0; i < m; i++) {
          const idx: number[] = [];
          const val: number[] = [];
          let activity = 0;
          for (let j = 0; j < nCore; j++) {
            if (rand() < 0.3) continue;
            const a = rand() * 2 - 1;
            idx.push(j);
            val.push(a);
            activity += a * x0[j];
          }
          const kind = i % 4;
          // Every other row gets a singleton slack with a positive cost (the CVaR pattern).
          if (kind === 0) {
            idx.push(lp.addVariable({ cost: 0.5 + rand(), lower: 0, upper: Infinity }));
            val.push(1);
          }
          if (kind === 0 || kind === 1) lp.addRow(idx, val, activity - rand(), Infinity);
          else if (kind === 2) lp.addRow(idx, val, activity - rand(), activity + rand());
          else lp.addRow(idx, val, activity, activity);
        }
        // Unbounded directions are possible (a free core variable); the two must then agree on that too.
        const program = lp.build(seed % 2 === 0 ? "minimize" : "maximize");
        let primal;
        try {
          primal = solver.solve(program, { formulation: "primal" });
        } catch (error) {
          const code = (error as { code?: string }).code;
          expectCoreError(() => solver.solve(program, { formulation: "dual" }), code ?? "none");
          return;
        }
        const dual = solver.solve(program, { formulation: "dual" });
        expectClose(dual.objective, primal.objective, { rtol: 1e-8, atol: 1e-8 }, "objective");
        for (let i = 0; i < program.rowLower.length; i++) {
          assert.ok(dual.rowActivity[i] >= program.rowLower[i] - 1e-8 && dual.rowActivity[i] <= program.rowUpper[i] + 1e-8, `row ${i}`);
        }
        for (let j = 0; j < dual.x.length; j++) assert.ok(dual.x[j] >= program.lower[j] - 1e-8 && dual.x[j] <= program.upper[j] + 1e-8, `bound ${j}`);
      }),
      { numRuns: 150 },
    );
  });
});
