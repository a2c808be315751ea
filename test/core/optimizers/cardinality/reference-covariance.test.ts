import { test } from "node:test";
import assert from "node:assert/strict";
import { branchAndBoundHoldings } from "../../../../src/core/optimizers/cardinality/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { referenceJson } from "../../../support/reference.js";
import { bruteForceHoldings, type BruteForceOptimum } from "./brute-force-holdings.js";
import { assertWithinLimits, roundedObjective } from "./check-holdings.js";
import { minVarianceRelaxation, type MinVarianceModel } from "./min-variance-relaxation.js";

// Objectives: both sides end in an exact QP solve on the same 5-asset support (the brief's 1e-9 relative).
const SAME_OPTIMUM = { rtol: 1e-9, atol: 0 };
// Weights: the sample covariance is positive definite (min eigenvalue > 0), so on the optimal support
// the minimiser is unique; solver outputs are compared at STYLE.md's 1e-6 absolute.
const SAME_WEIGHTS = { rtol: 0, atol: 1e-6 };

// 20 stocks, sample covariance over their common window (annualised), from the shared reference.
const matrix = referenceJson<{ matrices: Record<string, { matrix: number[][] }> }>("expected", "covariance.json").matrices
  .sample_common_window.matrix;
const n = matrix.length;
const K = 5;

function model(minPosition: number): MinVarianceModel {
  return {
    n,
    covariance: Float64Array.from(matrix.flat()),
    lower: new Array<number>(n).fill(0),
    upper: new Array<number>(n).fill(1),
    budget: 1,
    minPosition,
  };
}

// Enumeration over the C(20, 1) + … + C(20, 5) = 21,699 supports takes well under a second per
// threshold, so K = 5 is affordable (no need to fall back to K = 3). Computed once per threshold.
const enumerated = new Map<number, BruteForceOptimum>();
function optimum(minPosition: number): BruteForceOptimum {
  if (!enumerated.has(minPosition)) enumerated.set(minPosition, bruteForceHoldings(model(minPosition), K, false)!);
  return enumerated.get(minPosition)!;
}

// 0: the count alone; 0.15: binds one holding at the threshold; 0.2 = budget / K: every holding sits at
// exactly 20% (the tightest threshold that still admits five names).
for (const minPosition of [0, 0.15, 0.2]) {
  test(`20 stocks, long-only minimum variance, at most ${K} names, minPosition ${minPosition}: the enumeration's optimum`, () => {
    const m = model(minPosition);
    const expected = optimum(minPosition);
    const result = branchAndBoundHoldings({ nAssets: n, maxHoldings: K, minPosition, relax: minVarianceRelaxation(m).relax });
    assert.equal(result.status, "optimal");
    assertWithinLimits(result, m, K);
    expectClose(result.objective, expected.objective, SAME_OPTIMUM, "variance");
    expectClose(result.weights, expected.weights, SAME_WEIGHTS, "weights");
    const rounded = roundedObjective(m, K);
    if (rounded !== null) assert.ok(result.objective <= rounded * (1 + 1e-9), `${result.objective} worse than rounding ${rounded}`);
  });
}

test("20 stocks, node limit: status nodeLimit with a portfolio within the limits and a proven gap", () => {
  const m = model(0.15);
  const result = branchAndBoundHoldings({ nAssets: n, maxHoldings: K, minPosition: 0.15, relax: minVarianceRelaxation(m).relax, maxNodes: 3 });
  assert.equal(result.status, "nodeLimit");
  assert.ok(result.nodes <= 3, `${result.nodes} nodes`);
  assertWithinLimits(result, m, K);
  // The proof: lowerBound ≤ true optimum ≤ the incumbent, and the gap is their difference.
  const best = optimum(0.15).objective;
  assert.ok(result.lowerBound <= best * (1 + 1e-12), `lowerBound ${result.lowerBound} above the optimum ${best}`);
  assert.ok(result.objective >= best * (1 - 1e-12), `incumbent ${result.objective} below the optimum ${best}`);
  expectClose(result.gap, result.objective - result.lowerBound, { rtol: 1e-12, atol: 0 }, "gap");
  assert.ok(result.gap > 0, "three nodes are not enough to prove this one");
});
