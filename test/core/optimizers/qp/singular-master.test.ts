/**
 * A QP the proximal mode once got wrong: a cutting-plane master (20 weights with curvature 2e-4, one z
 * with 2e-10, nine near-parallel cuts). The solver reported it optimal with a dual infeasibility of
 * 0.04. It must now either reach a point that meets the KKT conditions or say NO_CONVERGENCE — never
 * return a wrong answer as optimal. With the curvature the cutting-plane method gives z, it solves.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CoreError } from "../../../../src/core/errors.js";
import { solveQuadraticProgram, type QpSolution, type QuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";

interface SavedMaster {
  P_diagonal: number[];
  q: number[];
  A: number[];
  b: number[];
  C: number[];
  rows: number;
  lower: (number | string)[];
  upper: (number | string)[];
  lowerBounds: (number | string)[];
  upperBounds: (number | string)[];
}

const saved = JSON.parse(readFileSync(fileURLToPath(new URL("./singular-master.json", import.meta.url)), "utf8")) as SavedMaster;
const numbers = (v: (number | string)[]) => Float64Array.from(v, (x) => (x === "inf" ? Infinity : x === "-inf" ? -Infinity : Number(x)));

function master(zCurvature: number): QuadraticProgram {
  const n = saved.P_diagonal.length;
  const P = new Float64Array(n * n);
  saved.P_diagonal.forEach((d, i) => (P[i * n + i] = d));
  P[n * n - 1] = zCurvature;
  return {
    P: { size: n, data: P },
    q: saved.q,
    equalities: { A: { rows: saved.b.length, cols: n, data: Float64Array.from(saved.A) }, b: saved.b },
    inequalities: { C: { rows: saved.rows, cols: n, data: Float64Array.from(saved.C) }, lower: numbers(saved.lower), upper: numbers(saved.upper) },
    lowerBounds: numbers(saved.lowerBounds),
    upperBounds: numbers(saved.upperBounds),
  };
}

function assertOptimal(solution: QpSolution): void {
  for (const [name, value] of Object.entries(solution.kkt)) assert.ok(value <= 1e-9, `kkt.${name} = ${value}`);
}

test("a solve that cannot certify its answer is NO_CONVERGENCE, not a wrong optimum", () => {
  const problem = master(saved.P_diagonal[saved.P_diagonal.length - 1]);
  let solution: QpSolution | undefined;
  try {
    solution = solveQuadraticProgram(problem);
  } catch (error) {
    assert.ok(error instanceof CoreError, String(error));
    assert.equal(error.code, "NO_CONVERGENCE", error.message);
  }
  if (solution !== undefined) assertOptimal(solution);
});

test("the same master with z's curvature balanced against the weights' solves to the KKT conditions", () => {
  // The cutting-plane method's choice: 0.1·2γ/‖g‖², about 1e-2 here.
  const solution = solveQuadraticProgram(master(1e-2));
  assertOptimal(solution);
  assert.equal(solution.regularization, 0);
});
