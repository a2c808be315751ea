/**
 * Compiled constraints go through the QP solver unchanged: tiny problems whose answers are known in
 * closed form (a binding group cap, a binding turnover limit) or from an independent brute-force
 * solve (gross leverage, one sign pattern at a time), with every constraint checked at the solution.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConstraints, constraintViolation, type CompiledConstraints } from "../../../../src/core/optimizers/constraints/index.js";
import { solveQuadraticProgram, type QpSolution } from "../../../../src/core/optimizers/qp/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { bruteForceQp } from "../qp/brute-force-qp.js";

// The brief's bar for constraints at a solution.
const FEASIBLE = 1e-9;
// Closed-form weights: the active-set solve is exact up to rounding in a 3×3 system.
const CLOSED_FORM = { rtol: 0, atol: 1e-9 };
// Two different solvers: the house 1e-6 absolute on weights.
const WEIGHTS = { rtol: 0, atol: 1e-6 };

/** `wᵀΣw − μᵀw + linearCostᵀx` over the compiled variables (P = 2Σ on the weight block). */
function solve(compiled: CompiledConstraints, sigma: number[][], mu?: number[]): QpSolution {
  const nv = compiled.nVariables;
  const n = compiled.nAssets;
  const P = new Float64Array(nv * nv);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P[i * nv + j] = 2 * sigma[i][j];
  const q = Float64Array.from(compiled.linearCost);
  if (mu !== undefined) for (let i = 0; i < n; i++) q[i] -= mu[i];
  return solveQuadraticProgram({
    P: { size: nv, data: P },
    q,
    equalities: { A: compiled.equalities.A, b: compiled.equalities.b },
    inequalities: { C: compiled.inequalities.C, lower: compiled.inequalities.lower, upper: compiled.inequalities.upper },
    lowerBounds: compiled.lowerBounds,
    upperBounds: compiled.upperBounds,
  });
}

function assertFeasible(compiled: CompiledConstraints, x: Float64Array): void {
  const { worst, label } = constraintViolation(compiled, x);
  assert.ok(worst <= FEASIBLE, `${label} violated by ${worst}`);
}

// Uncorrelated assets with volatilities 20%, 30%, 40%: long-only minimum variance weights ∝ 1/σ².
const SIGMA = [
  [0.04, 0, 0],
  [0, 0.09, 0],
  [0, 0, 0.16],
];

test("minimum variance with a binding group cap", () => {
  // Unconstrained the first asset takes 1/0.04 / (1/0.04 + 1/0.09 + 1/0.16) ≈ 59%; cap it at 40%.
  const compiled = compileConstraints({ groups: [{ name: "Low", members: [0], upper: 0.4 }] }, 3);
  const sol = solve(compiled, SIGMA);
  assertFeasible(compiled, sol.x);
  // The remaining 60% splits ∝ 1/σ² = 1/0.09 : 1/0.16 = 16 : 9.
  expectClose(sol.x, [0.4, 0.6 * (16 / 25), 0.6 * (9 / 25)], CLOSED_FORM, "weights");
  assert.equal(sol.activeSet.inequalities[0], "upper", "the cap binds");
});

test("minimum variance with a binding turnover limit", () => {
  // Everything sits in the riskiest asset; only 0.5 may be traded: sell 0.25 of it, buy 0.25.
  const current = [0, 0, 1];
  const compiled = compileConstraints({ currentWeights: current, maxTurnover: 0.5 }, 3);
  const sol = solve(compiled, SIGMA);
  assertFeasible(compiled, sol.x);
  // The 0.25 bought splits ∝ 1/0.04 : 1/0.09 = 9 : 4.
  expectClose(sol.x.subarray(0, 3), [0.25 * (9 / 13), 0.25 * (4 / 13), 0.75], CLOSED_FORM, "weights");
  const traded = [0, 1, 2].reduce((s, i) => s + Math.abs(sol.x[i] - current[i]), 0);
  expectClose(traded, 0.5, CLOSED_FORM, "turnover");
  // With the limit binding, each auxiliary equals its |w − w0|.
  expectClose(sol.x.subarray(3), [0, 1, 2].map((i) => Math.abs(sol.x[i] - current[i])), CLOSED_FORM, "auxiliaries");
});

test("transaction costs enter as a linear cost on the auxiliaries", () => {
  // With a cost far above any variance saving, staying put is optimal.
  const current = [0.2, 0.3, 0.5];
  const compiled = compileConstraints({ currentWeights: current, transactionCost: 1 }, 3);
  const sol = solve(compiled, SIGMA);
  assertFeasible(compiled, sol.x);
  expectClose(sol.x.subarray(0, 3), current, CLOSED_FORM, "no trade");
});

test("gross leverage 1.6 with bounds [-1, 1] matches a brute-force solve over sign patterns", () => {
  // Mean-variance with a strong tilt: without the leverage limit the answer is (1, 1, −1), gross 3.
  const sigma = [
    [0.04, 0.01, 0],
    [0.01, 0.04, 0.01],
    [0, 0.01, 0.04],
  ];
  const mu = [0.2, 0.1, -0.1];
  const L = 1.6;
  const compiled = compileConstraints({ bounds: [-1, 1], grossLeverage: L }, 3);
  assert.equal(compiled.auxiliaries.length, 3);
  const sol = solve(compiled, sigma, mu);
  assertFeasible(compiled, sol.x);
  const w = Array.from(sol.x.subarray(0, 3));
  expectClose(
    w.reduce((s, v) => s + Math.abs(v), 0),
    L,
    CLOSED_FORM,
    "the leverage limit binds",
  );

  // Reference: on each orthant σᵢwᵢ ≥ 0 the limit is the linear row Σσᵢwᵢ ≤ L; the best orthant wins.
  let best: { x: number[]; objective: number } | null = null;
  for (let pattern = 0; pattern < 8; pattern++) {
    const sign = [0, 1, 2].map((i) => ((pattern >> i) & 1 ? -1 : 1));
    const result = bruteForceQp({
      n: 3,
      P: sigma.map((r) => r.map((v) => 2 * v)),
      q: mu.map((v) => -v),
      A: [[1, 1, 1]],
      b: [1],
      C: [sign],
      lower: [-Infinity],
      upper: [L],
      lb: sign.map((s) => (s > 0 ? 0 : -1)),
      ub: sign.map((s) => (s > 0 ? 1 : 0)),
    });
    if (result !== null && (best === null || result.objective < best.objective)) best = result;
  }
  assert.ok(best !== null);
  expectClose(w, best.x, WEIGHTS, "weights vs brute force");
});
