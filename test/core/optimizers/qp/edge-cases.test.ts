import { test } from "node:test";
import assert from "node:assert/strict";
import { solveQuadraticProgram, type QpSolution, type QuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";
import { CoreError } from "../../../../src/core/errors.js";
import { expectClose } from "../../../support/expect-close.js";
import { referenceJson } from "../../../support/reference.js";
import { bruteForceQp } from "./brute-force-qp.js";

// Closed-form answers below are exact up to a few roundings: 1e-12.
const EXACT = { rtol: 1e-12, atol: 1e-12 };
// Solver outputs compared with another solve: the brief's 1e-6 absolute on weights, 1e-9 on optima.
const WEIGHTS = { rtol: 0, atol: 1e-6 };
const OPTIMUM = { rtol: 1e-9, atol: 1e-12 };
const KKT_BAR = 1e-9;

const sym = (n: number, values: number[]) => ({ size: n, data: Float64Array.from(values) });
const mat = (rows: number, cols: number, values: number[]) => ({ rows, cols, data: Float64Array.from(values) });
const budget = (n: number) => ({ A: mat(1, n, new Array(n).fill(1)), b: [1] });

function assertKkt(sol: QpSolution): void {
  for (const [name, value] of Object.entries(sol.kkt)) assert.ok(Number.isFinite(value) && value <= KKT_BAR, `kkt.${name} = ${value}`);
  assert.ok(sol.x.every(Number.isFinite) && Number.isFinite(sol.objective), "never NaN");
}

function expectCode(run: () => unknown, code: string): CoreError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CoreError, `expected a CoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}, but the solve succeeded`);
}

function referenceCovariance(): { n: number; S: number[][] } {
  const cov = referenceJson<{ matrices: Record<string, { matrix: number[][] }> }>("expected", "covariance.json");
  const S = cov.matrices.sample_common_window.matrix;
  return { n: S.length, S };
}

function longOnlyMinVariance(S: number[][]): QuadraticProgram {
  const n = S.length;
  return {
    P: sym(n, S.flat().map((v) => 2 * v)),
    q: new Float64Array(n),
    equalities: budget(n),
    lowerBounds: new Float64Array(n),
    upperBounds: new Float64Array(n).fill(1),
  };
}

test("n = 1: the bound binds, and the budget alone decides", () => {
  // min x² − 2x on [0, 0.5]: unconstrained minimum 1 is cut at 0.5, objective 0.25 − 1.
  const boxed = solveQuadraticProgram({ P: sym(1, [2]), q: [-2], lowerBounds: [0], upperBounds: [0.5] });
  expectClose([boxed.x[0], boxed.objective], [0.5, -0.75], EXACT);
  assert.equal(boxed.activeSet.bounds[0], "upper");
  // z = P·x + q = −1 ≤ 0 at an upper bound.
  expectClose(boxed.multipliers.bounds[0], -1, EXACT, "bound multiplier");
  assertKkt(boxed);
  const budgeted = solveQuadraticProgram({ P: sym(1, [0.04]), q: [0], equalities: budget(1), lowerBounds: [0], upperBounds: [1] });
  expectClose([budgeted.x[0], budgeted.objective], [1, 0.02], EXACT);
  assertKkt(budgeted);
});

test("every bound fixed (lb = ub): x is the bounds, multipliers carry the whole gradient", () => {
  const sol = solveQuadraticProgram({
    P: sym(2, [2, 1, 1, 2]),
    q: [1, 0],
    equalities: budget(2),
    lowerBounds: [0.3, 0.7],
    upperBounds: [0.3, 0.7],
  });
  expectClose(sol.x, [0.3, 0.7], EXACT);
  assert.deepEqual(sol.activeSet.bounds, ["fixed", "fixed"]);
  assert.equal(sol.iterations, 0);
  // P·x + q = (2.3, 1.7); with y = 0 for the (implied) budget, z is the gradient itself.
  expectClose(sol.multipliers.bounds, [2.3, 1.7], EXACT, "z");
  assertKkt(sol);
  expectCode(
    () => solveQuadraticProgram({ P: sym(2, [2, 1, 1, 2]), q: [0, 0], equalities: budget(2), lowerBounds: [0.3, 0.3], upperBounds: [0.3, 0.3] }),
    "INFEASIBLE_CONSTRAINTS",
  );
});

test("infeasible box + budget: typed error with the least violation and the conflicting constraints", () => {
  const { n, S } = referenceCovariance();
  const problem = { ...longOnlyMinVariance(S), upperBounds: new Float64Array(n).fill(0.04) };
  const error = expectCode(() => solveQuadraticProgram(problem), "INFEASIBLE_CONSTRAINTS");
  // 20 caps of 0.04 reach 0.8 at most: the budget misses by 0.2.
  expectClose(error.details.minimalViolation as number, 0.2, { rtol: 1e-9, atol: 0 }, "minimal violation");
  const conflicting = error.details.conflicting as { kind: string; index: number; side?: string }[];
  assert.ok(conflicting.some((c) => c.kind === "equality" && c.index === 0), "the budget is in the certificate");
  assert.equal(conflicting.filter((c) => c.kind === "bound" && c.side === "upper").length, n, "so is every cap");
});

test("contradictory rows: x₁ + x₂ ≥ 1 against x₁ + x₂ ≤ 0.5, and equalities that disagree", () => {
  const rows = solveQuadraticProgramError({
    P: sym(2, [1, 0, 0, 1]),
    q: [0, 0],
    inequalities: { C: mat(2, 2, [1, 1, 1, 1]), lower: [1, -Infinity], upper: [Infinity, 0.5] },
  });
  assert.equal(rows.code, "INFEASIBLE_CONSTRAINTS");
  expectClose(rows.details.minimalViolation as number, 0.5, { rtol: 1e-9, atol: 0 }, "minimal violation");
  const kinds = (rows.details.conflicting as { kind: string; index: number }[]).map((c) => `${c.kind}${c.index}`).sort();
  assert.deepEqual(kinds, ["inequality0", "inequality1"]);
  const eq = solveQuadraticProgramError({
    P: sym(2, [1, 0, 0, 1]),
    q: [0, 0],
    equalities: { A: mat(2, 2, [1, 1, 2, 2]), b: [1, 3] },
  });
  assert.equal(eq.code, "INFEASIBLE_CONSTRAINTS");
  assert.equal((eq.details.conflicting as unknown[]).length, 2);
});

function solveQuadraticProgramError(problem: QuadraticProgram): CoreError {
  return expectCode(() => solveQuadraticProgram(problem), "INFEASIBLE_CONSTRAINTS");
}

test("a redundant equality row (a combination of the others) is accepted with multiplier 0", () => {
  const { S } = referenceCovariance();
  const n = S.length;
  const base = solveQuadraticProgram(longOnlyMinVariance(S));
  const rows = [...new Array(n).fill(1), ...new Array(n).fill(3)];
  const sol = solveQuadraticProgram({ ...longOnlyMinVariance(S), equalities: { A: mat(2, n, rows), b: [1, 3] } });
  expectClose(sol.x, base.x, WEIGHTS, "weights");
  expectClose(sol.objective, base.objective, OPTIMUM, "variance");
  assert.equal(sol.multipliers.equalities[1], 0);
  assertKkt(sol);
});

test("singular covariance: a duplicated asset still solves, and the pair holds what the asset held", () => {
  const { n, S } = referenceCovariance();
  // Asset 0 twice: Σ is singular along e₀ − e₂₀, on which the objective is flat.
  const dup = [...S.map((row) => [...row, row[0]]), [...S[0], S[0][0]]];
  const base = solveQuadraticProgram(longOnlyMinVariance(S));
  const sol = solveQuadraticProgram(longOnlyMinVariance(dup));
  assertKkt(sol);
  expectClose(sol.objective, base.objective, OPTIMUM, "variance");
  expectClose(sol.x[0] + sol.x[n], base.x[0], WEIGHTS, "pair weight");
  expectClose(Array.from(sol.x.subarray(1, n)), Array.from(base.x.subarray(1, n)), WEIGHTS, "other weights");
  // Without bounds every asset is free from the start, so the singular block is met head-on and the
  // proximal path (regularization > 0) must still land on the unregularised optimum.
  const free = (m: number[][]): QuadraticProgram => ({ P: sym(m.length, m.flat().map((v) => 2 * v)), q: new Float64Array(m.length), equalities: budget(m.length) });
  const baseFree = solveQuadraticProgram(free(S));
  const dupFree = solveQuadraticProgram(free(dup));
  assert.ok(dupFree.regularization > 0, "the singular path was taken");
  assertKkt(dupFree);
  expectClose(dupFree.objective, baseFree.objective, OPTIMUM, "variance without bounds");
  expectClose(dupFree.x[0] + dupFree.x[n], baseFree.x[0], WEIGHTS, "pair weight without bounds");
});

test("condition number 1e12: agrees with the brute-force enumeration", () => {
  // P = Q·diag(1, 1e-2, …, 1e-12)·Qᵀ with Q a fixed rotation (product of Givens rotations).
  const n = 5;
  const eig = [1, 1e-3, 1e-6, 1e-9, 1e-12];
  const Q = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const t = 0.3 + 0.1 * (a + 2 * b);
      const [c, s] = [Math.cos(t), Math.sin(t)];
      for (let r = 0; r < n; r++) {
        const [qa, qb] = [Q[r][a], Q[r][b]];
        Q[r][a] = c * qa - s * qb;
        Q[r][b] = s * qa + c * qb;
      }
    }
  }
  const P = Q.map((qi) => Q.map((qj) => qi.reduce((s, v, k) => s + v * eig[k] * qj[k], 0)));
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) P[i][j] = P[j][i];
  const q = [0.1, -0.2, 0.05, 0, -0.1].map((v) => v * 1e-3);
  const lb = [0, 0, 0, 0, 0];
  const ub = [0.5, 0.5, 0.5, 0.5, 0.5];
  const sol = solveQuadraticProgram({ P: sym(n, P.flat()), q, equalities: budget(n), lowerBounds: lb, upperBounds: ub });
  const expected = bruteForceQp({ n, P, q, A: [[1, 1, 1, 1, 1]], b: [1], C: [], lower: [], upper: [], lb, ub });
  assert.ok(expected !== null);
  assertKkt(sol);
  expectClose(sol.objective, expected.objective, OPTIMUM, "objective");
});

test("P = 0: a linear program is solved, and an unbounded one is reported", () => {
  // max x₁ + 2x₂ on the simplex: the vertex (0, 1).
  const lp = solveQuadraticProgram({ P: sym(2, [0, 0, 0, 0]), q: [-1, -2], equalities: budget(2), lowerBounds: [0, 0], upperBounds: [1, 1] });
  expectClose(lp.x, [0, 1], EXACT);
  expectClose(lp.objective, -2, EXACT);
  assertKkt(lp);
  expectCode(() => solveQuadraticProgram({ P: sym(2, [0, 0, 0, 0]), q: [-1, 0], lowerBounds: [0, 0], upperBounds: [Infinity, 1] }), "UNBOUNDED_PROBLEM");
});

test("P singular along a direction with no bounds and descending q → UnboundedProblemError with that direction", () => {
  const error = expectCode(() => solveQuadraticProgram({ P: sym(2, [1, 0, 0, 0]), q: [0, -1], lowerBounds: [-1, 0] }), "UNBOUNDED_PROBLEM");
  const d = error.details.direction as number[];
  expectClose(d, [0, 1], { rtol: 0, atol: 1e-6 }, "direction");
  // The same P with the direction bounded solves: x₂ stops at its cap.
  const bounded = solveQuadraticProgram({ P: sym(2, [1, 0, 0, 0]), q: [0, -1], lowerBounds: [-1, 0], upperBounds: [1, 3] });
  expectClose(bounded.x, [0, 3], EXACT);
  assertKkt(bounded);
});

test("degenerate vertex: three active rows through the optimum, one of them redundant", () => {
  // min (x−1)² + (y−1)² s.t. x + y ≤ 1, x ≤ 0.5, x − y ≤ 0 (all three hold with equality at (0.5, 0.5)).
  const sol = solveQuadraticProgram({
    P: sym(2, [2, 0, 0, 2]),
    q: [-2, -2],
    inequalities: { C: mat(3, 2, [1, 1, 1, 0, 1, -1]), lower: [-Infinity, -Infinity, -Infinity], upper: [1, 0.5, 0] },
  });
  expectClose(sol.x, [0.5, 0.5], EXACT);
  assertKkt(sol);
});

test("validation: sizes, NaN, lb > ub, asymmetry and negative curvature are clear typed errors", () => {
  const good: QuadraticProgram = { P: sym(2, [1, 0, 0, 1]), q: [0, 0] };
  expectCode(() => solveQuadraticProgram({ ...good, q: [0] }), "SHAPE_MISMATCH");
  expectCode(() => solveQuadraticProgram({ ...good, q: [0, NaN] }), "NON_FINITE_VALUE");
  expectCode(() => solveQuadraticProgram({ ...good, lowerBounds: [0, 1], upperBounds: [1, 0] }), "INVALID_INPUT");
  expectCode(() => solveQuadraticProgram({ ...good, P: sym(2, [1, 0.5, 0, 1]) }), "NOT_SYMMETRIC");
  expectCode(() => solveQuadraticProgram({ ...good, equalities: { A: mat(1, 3, [1, 1, 1]), b: [1] } }), "SHAPE_MISMATCH");
  expectCode(
    () => solveQuadraticProgram({ P: sym(2, [1, 0, 0, -1]), q: [0, 0], lowerBounds: [-1, -1], upperBounds: [1, 1] }),
    "NOT_POSITIVE_DEFINITE",
  );
});

test("warm start across a frontier step: the next target costs fewer iterations than a cold solve", () => {
  const { n, S } = referenceCovariance();
  const mu = Array.from({ length: n }, (_, i) => 0.05 + 0.01 * i);
  const at = (target: number): QuadraticProgram => ({
    ...longOnlyMinVariance(S),
    inequalities: { C: mat(1, n, mu), lower: [target], upper: [Infinity] },
  });
  const first = solveQuadraticProgram(at(0.2));
  const cold = solveQuadraticProgram(at(0.21));
  const warm = solveQuadraticProgram(at(0.21), { warmStart: first });
  expectClose(warm.x, cold.x, WEIGHTS, "weights");
  expectClose(warm.objective, cold.objective, OPTIMUM, "variance");
  assertKkt(warm);
  assert.ok(warm.iterations < cold.iterations, `warm ${warm.iterations} vs cold ${cold.iterations}`);
});
