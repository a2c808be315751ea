/**
 * Invariant checks shared by the cardinality tests, recomputed from the weights (never taken from the
 * search's own report), and the rounding baseline the search must never lose to.
 */
import assert from "node:assert/strict";
import type { HoldingsResult } from "../../../../src/core/optimizers/cardinality/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { solveOrNull, subsetMinVariance, varianceOf, type MinVarianceModel } from "./min-variance-relaxation.js";

// The QP solver meets constraints to 1e-9 absolute (its feasibility bar); the budget and the bounds are
// checked at that level.
const FEASIBILITY = 1e-9;
// Below this |w| an asset is not held (the search's own definition, restated here on purpose).
const ZERO_WEIGHT = 1e-9;
// A held weight meets the threshold to 1e-12: an included asset sits exactly on the bound m in the QP's
// active set, so only the rounding of the last linear solve separates it from m.
const THRESHOLD_SLACK = 1e-12;
// The reported objective is wᵀΣw evaluated by the QP solver; the sums differ only in order (~1e-15
// relative at n ≤ 20), 1e-10 relative leaves room and still catches a wrong objective.
const SAME_VARIANCE = { rtol: 1e-10, atol: 1e-16 };

export function assertWithinLimits(result: HoldingsResult, model: MinVarianceModel, maxHoldings: number): void {
  const w = result.weights;
  assert.equal(w.length, model.n);
  const sum = w.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum - model.budget) <= FEASIBILITY, `Σw = ${sum}, budget ${model.budget}`);
  const held: number[] = [];
  for (let i = 0; i < model.n; i++) {
    assert.ok(w[i] >= model.lower[i] - FEASIBILITY && w[i] <= model.upper[i] + FEASIBILITY, `w[${i}] = ${w[i]} outside its bounds`);
    if (Math.abs(w[i]) > ZERO_WEIGHT) {
      held.push(i);
      assert.ok(Math.abs(w[i]) >= model.minPosition - THRESHOLD_SLACK, `held w[${i}] = ${w[i]} below minPosition ${model.minPosition}`);
    }
  }
  assert.ok(held.length <= maxHoldings, `${held.length} holdings, limit ${maxHoldings}`);
  assert.deepEqual([...result.held], held);
  expectClose(result.objective, varianceOf(model, w), SAME_VARIANCE, "objective = wᵀΣw");
  assert.ok(result.gap >= 0 && result.lowerBound <= result.objective, `gap ${result.gap}, lowerBound ${result.lowerBound}`);
}

/**
 * The baseline the search must beat or match: solve without limits, keep the `maxHoldings` largest |w|,
 * re-solve on those alone. Null when that re-solve is infeasible or breaks the threshold (rounding then
 * gives no portfolio to compare with).
 */
export function roundedObjective(model: MinVarianceModel, maxHoldings: number): number | null {
  const all = Array.from({ length: model.n }, (_, i) => i);
  const continuous = solveOrNull(subsetMinVariance(model, all, model.lower, model.upper));
  if (continuous === null) return null;
  const kept = all.sort((a, b) => Math.abs(continuous.x[b]) - Math.abs(continuous.x[a])).slice(0, maxHoldings);
  const solution = solveOrNull(
    subsetMinVariance(
      model,
      kept,
      kept.map((i) => model.lower[i]),
      kept.map((i) => model.upper[i]),
    ),
  );
  if (solution === null) return null;
  const meets = Array.from(solution.x).every((v) => Math.abs(v) <= ZERO_WEIGHT || Math.abs(v) >= model.minPosition - THRESHOLD_SLACK);
  return meets ? solution.objective : null;
}
