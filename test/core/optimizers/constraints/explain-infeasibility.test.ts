/**
 * Conflicts the pre-checks cannot see (rows that contradict only in combination) reach the solver's
 * phase 1; `explainInfeasibility` names them from the certificate by their labels.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConstraints, explainInfeasibility, type CompiledConstraints } from "../../../../src/core/optimizers/constraints/index.js";
import { InfeasibleProblemError } from "../../../../src/core/errors.js";
import { solveQuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";

/** The solver's error for the feasibility problem min ½‖x‖² under `compiled`. */
function solverError(compiled: CompiledConstraints): InfeasibleProblemError {
  const nv = compiled.nVariables;
  const P = new Float64Array(nv * nv);
  for (let j = 0; j < nv; j++) P[j * nv + j] = 1;
  try {
    solveQuadraticProgram({
      P: { size: nv, data: P },
      q: new Float64Array(nv),
      equalities: { A: compiled.equalities.A, b: compiled.equalities.b },
      inequalities: { C: compiled.inequalities.C, lower: compiled.inequalities.lower, upper: compiled.inequalities.upper },
      lowerBounds: compiled.lowerBounds,
      upperBounds: compiled.upperBounds,
    });
  } catch (error) {
    if (error instanceof InfeasibleProblemError) return error;
    throw error;
  }
  assert.fail("expected the solver to find the constraints infeasible");
}

/** The names listed after the colon, and the quoted total miss. */
function parse(sentence: string): { names: string[]; miss: number | undefined } {
  const match = /^these constraints cannot hold together: (.*?)(?:; the closest portfolio misses them by (\S+) in total)?$/.exec(sentence);
  assert.ok(match !== null, sentence);
  return { names: match[1].split(", "), miss: match[2] === undefined ? undefined : Number(match[2]) };
}

test("overlapping group floors with a cap in between: the four rows of the certificate", () => {
  // w0 + w1 ≥ 0.6, w1 + w2 ≥ 0.5 and w1 ≤ 0.05 force Σw ≥ 1.05 > 1, yet no pair of them conflicts.
  const compiled = compileConstraints(
    {
      groups: [
        { name: "Tech", members: [0, 1], lower: 0.6 },
        { name: "Energy", members: [1, 2], lower: 0.5 },
      ],
      linear: [{ coefficients: [0, 1, 0], lower: -Infinity, upper: 0.05, label: "MSFT <= 0.05" }],
    },
    3,
  );
  const sentence = explainInfeasibility(solverError(compiled), compiled);
  const { names, miss } = parse(sentence);
  assert.deepEqual(new Set(names), new Set(["budget", "group Tech >= 0.6", "group Energy >= 0.5", "MSFT <= 0.05"]), sentence);
  // The least total violation is the 0.05 by which the floors overshoot; the point is accurate to 1e-9.
  assert.ok(miss !== undefined && Math.abs(miss - 0.05) <= 1e-6, sentence);
});

test("bounds in the certificate are named by ticker when names are given", () => {
  // A + B + C ≤ 0.6 and D ≤ 0.3 leave at most 0.9 for a budget of 1.
  const compiled = compileConstraints(
    { bounds: [0, 0.3], linear: [{ coefficients: [1, 1, 1, 0], lower: -Infinity, upper: 0.6, label: "A + B + C <= 0.6" }] },
    4,
  );
  const error = solverError(compiled);
  const named = parse(explainInfeasibility(error, compiled, ["A", "B", "C", "D"])).names;
  assert.deepEqual(new Set(named), new Set(["budget", "A + B + C <= 0.6", "D <= 0.3"]));
  const unnamed = parse(explainInfeasibility(error, compiled)).names;
  assert.ok(unnamed.includes("asset 3 <= 0.3"), unnamed.join(", "));
});

test("rows that only define auxiliaries are left out of the explanation", () => {
  // Moving 0.5 into assets 1 and 2 trades at least 1.0; the limit is 0.2.
  const compiled = compileConstraints(
    { currentWeights: [1, 0, 0], maxTurnover: 0.2, groups: [{ name: "Rest", members: [1, 2], lower: 0.5 }] },
    3,
  );
  const sentence = explainInfeasibility(solverError(compiled), compiled);
  const { names } = parse(sentence);
  assert.ok(names.includes("group Rest >= 0.5"), sentence);
  assert.ok(names.includes("turnover <= 0.2"), sentence);
  assert.ok(!sentence.includes("auxiliary"), sentence);
});

test("rows a model appended are named by index; an error without a certificate keeps its message", () => {
  const compiled = compileConstraints({}, 2);
  const appended = new InfeasibleProblemError("x", { conflicting: [{ kind: "equality", index: 0 }, { kind: "inequality", index: 0, side: "lower" }] });
  assert.equal(explainInfeasibility(appended, compiled), "these constraints cannot hold together: budget, row 0 added by the model");
  const bare = new InfeasibleProblemError("every variable is pinned by lb = ub and the rows do not hold there", {});
  assert.equal(explainInfeasibility(bare, compiled), "the constraints cannot hold together (every variable is pinned by lb = ub and the rows do not hold there)");
});
