import { test } from "node:test";
import assert from "node:assert/strict";
import { branchAndBoundHoldings, type HoldingsNode, type Relaxation } from "../../../../src/core/optimizers/cardinality/index.js";
import { ConvergenceError, CoreError, InfeasibleProblemError, InvalidInputError } from "../../../../src/core/errors.js";
import { expectClose } from "../../../support/expect-close.js";
import { bruteForceHoldings } from "./brute-force-holdings.js";
import { assertWithinLimits } from "./check-holdings.js";
import { minVarianceRelaxation, type MinVarianceModel } from "./min-variance-relaxation.js";

// Same bar as against-brute-force.test.ts: both sides end in an exact QP solve on the same support.
const SAME_OPTIMUM = { rtol: 1e-9, atol: 1e-15 };

/** Diagonal-plus-one-factor covariance on n assets: variances 0.02·(1 + i/n), market loading 0.1. */
function oneFactorModel(n: number, options: Partial<MinVarianceModel> = {}): MinVarianceModel {
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) covariance[i * n + j] = 0.01 + (i === j ? 0.02 * (1 + i / n) : 0);
  return {
    n,
    covariance,
    lower: new Array<number>(n).fill(0),
    upper: new Array<number>(n).fill(1),
    budget: 1,
    minPosition: 0,
    ...options,
  };
}

function assertInfeasible(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InfeasibleProblemError, `expected InfeasibleProblemError, got ${String(error)}`);
    assert.equal(error.code, "INFEASIBLE_CONSTRAINTS");
    assert.match(error.message, message);
    return true;
  });
}

test("no binding limit (K ≥ n, m = 0): the root relaxation is the answer, one node", () => {
  const model = oneFactorModel(6);
  const relax = minVarianceRelaxation(model);
  const result = branchAndBoundHoldings({ nAssets: 6, maxHoldings: 8, relax: relax.relax });
  assert.equal(result.status, "optimal");
  assert.equal(result.nodes, 1);
  assert.equal(relax.calls, 1);
  assert.equal(result.gap, 0);
  assertWithinLimits(result, model, 6);
});

test("one asset: weight 1 whatever K and m", () => {
  const model = oneFactorModel(1, { minPosition: 0.5 });
  const result = branchAndBoundHoldings({ nAssets: 1, maxHoldings: 1, minPosition: 0.5, relax: minVarianceRelaxation(model).relax });
  expectClose(result.weights, [1], { rtol: 0, atol: 1e-12 }, "weights");
  assertWithinLimits(result, model, 1);
});

test("singular Σ (rank 2 on 6 assets): the enumeration's optimum, zero variance reached", () => {
  // Σ = 0.01·(b·bᵀ + c·cᵀ): asset 2's loadings are minus asset 0's, so holding both at ½ cancels both
  // factors. The QP solver meets a singular free block here (its proximal mode).
  const b = [1, 0.5, -1, 0.2, 0.3, 0.7];
  const c = [0.5, 1, -0.5, 0.1, -0.4, 0.2];
  const covariance = new Float64Array(36);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) covariance[i * 6 + j] = 0.01 * (b[i] * b[j] + c[i] * c[j]);
  const model = oneFactorModel(6, { covariance });
  const expected = bruteForceHoldings(model, 2, false)!;
  const result = branchAndBoundHoldings({ nAssets: 6, maxHoldings: 2, relax: minVarianceRelaxation(model).relax });
  assertWithinLimits(result, model, 2);
  // The optimum is an exact zero: an absolute floor at the QP solver's accuracy on a 1e-2 scale.
  expectClose(result.objective, expected.objective, { rtol: 1e-9, atol: 1e-14 }, "objective vs enumeration");
  expectClose(result.objective, 0, { rtol: 0, atol: 1e-14 }, "w = (½, 0, ½, 0, 0, 0) has zero variance");
});

test("infeasible: K·(upper bound) below the budget", () => {
  const model = oneFactorModel(8, { upper: new Array<number>(8).fill(0.3) });
  assertInfeasible(
    () => branchAndBoundHoldings({ nAssets: 8, maxHoldings: 3, relax: minVarianceRelaxation(model).relax }),
    /no portfolio of at most 3 assets satisfies the constraints/,
  );
});

test("infeasible: the minimum position exceeds every upper bound", () => {
  const model = oneFactorModel(5, { upper: new Array<number>(5).fill(0.5), minPosition: 0.6 });
  assertInfeasible(
    () => branchAndBoundHoldings({ nAssets: 5, maxHoldings: 3, minPosition: 0.6, relax: minVarianceRelaxation(model).relax }),
    /no portfolio of at most 3 assets with every held \|weight\| ≥ 0.6 satisfies the constraints/,
  );
});

test("infeasible: the caller's minHoldings exceeds K, found before any relaxation", () => {
  const model = oneFactorModel(8, { upper: new Array<number>(8).fill(0.3) });
  const relax = minVarianceRelaxation(model);
  // ⌈budget / upper⌉ = ⌈1 / 0.3⌉ = 4 holdings at least.
  assertInfeasible(() => branchAndBoundHoldings({ nAssets: 8, maxHoldings: 3, minHoldings: 4, relax: relax.relax }), /at least 4/);
  assert.equal(relax.calls, 0);
});

test("infeasible before the holdings limits: the root relaxation has no point", () => {
  const model = oneFactorModel(10, { upper: new Array<number>(10).fill(0.05) });
  assertInfeasible(
    () => branchAndBoundHoldings({ nAssets: 10, maxHoldings: 3, relax: minVarianceRelaxation(model).relax }),
    /admit no portfolio even before the holdings limits/,
  );
});

test("a node limit reached before any portfolio was found is a ConvergenceError, not a verdict", () => {
  // A synthetic model: the root holds all three assets equally, every other node has no point.
  const relax = (node: HoldingsNode): Relaxation | null =>
    node.excluded.some((v) => v === 1) || node.included.some((v) => v === 1) ? null : { objective: 1, weights: new Float64Array(3).fill(1 / 3) };
  assert.throws(
    () => branchAndBoundHoldings({ nAssets: 3, maxHoldings: 1, relax, maxNodes: 1 }),
    (error: unknown) => error instanceof ConvergenceError && error.code === "NO_CONVERGENCE",
  );
  // Without the limit the same search proves there is no portfolio.
  assert.throws(() => branchAndBoundHoldings({ nAssets: 3, maxHoldings: 1, relax }), InfeasibleProblemError);
});

test("a relaxation that breaks its contract is named, not trusted", () => {
  const model = oneFactorModel(4);
  const good = minVarianceRelaxation(model).relax;
  const cases: [string, (node: HoldingsNode) => Relaxation | null, RegExp][] = [
    ["wrong length", () => ({ objective: 0, weights: new Float64Array(3) }), /3 weights, expected nAssets = 4/],
    ["NaN objective", (node) => ({ ...good(node)!, objective: NaN }), /objective NaN/],
    // Ignores the exclusion: returns the root point everywhere.
    ["excluded asset held", () => good({ excluded: new Uint8Array(4), included: new Uint8Array(4), sign: new Int8Array(4), depth: 0 }), /which the node excludes/],
  ];
  for (const [label, relax, message] of cases) {
    assert.throws(
      () => branchAndBoundHoldings({ nAssets: 4, maxHoldings: 2, relax }),
      (error: unknown) => error instanceof CoreError && message.test(error.message),
      label,
    );
  }
  // A short weight in a long-only search with a threshold: the model should have said allowShort.
  const shorting = (): Relaxation => ({ objective: 0, weights: Float64Array.from([1.2, -0.2, 0, 0]) });
  assert.throws(
    () => branchAndBoundHoldings({ nAssets: 4, maxHoldings: 1, minPosition: 0.1, relax: shorting }),
    (error: unknown) => error instanceof InvalidInputError && /allowShort: true/.test(error.message),
  );
  // An included asset left below the threshold (root weights are all near ¼ < 0.45): the model did not
  // apply w ≥ m.
  const ignoresInclusion = (node: HoldingsNode): Relaxation | null => good({ ...node, included: new Uint8Array(4), sign: new Int8Array(4) });
  assert.throws(
    () => branchAndBoundHoldings({ nAssets: 4, maxHoldings: 2, minPosition: 0.45, relax: ignoresInclusion }),
    (error: unknown) => error instanceof InvalidInputError && /must apply w ≥ 0.45/.test(error.message),
  );
});

test("settings out of range are rejected with the field's name", () => {
  const relax = minVarianceRelaxation(oneFactorModel(3)).relax;
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ maxHoldings: 0 }, /maxHoldings must be an integer ≥ 1, got 0/],
    [{ maxHoldings: 1.5 }, /maxHoldings must be an integer/],
    [{ minPosition: -0.1 }, /minPosition must be finite and ≥ 0/],
    [{ maxNodes: 0 }, /maxNodes must be an integer ≥ 1/],
    [{ tolerance: { absoluteGap: -1, relativeGap: 0 } }, /tolerance.absoluteGap/],
  ];
  for (const [settings, message] of bad) {
    assert.throws(
      () => branchAndBoundHoldings({ nAssets: 3, relax, ...settings }),
      (error: unknown) => error instanceof InvalidInputError && message.test(error.message),
      JSON.stringify(settings),
    );
  }
});

test("the result owns its weights: later writes into the relaxation's arrays do not reach it", () => {
  const model = oneFactorModel(5);
  const handedOut: Float64Array[] = [];
  const inner = minVarianceRelaxation(model).relax;
  const relax = (node: HoldingsNode) => {
    const r = inner(node);
    if (r !== null) handedOut.push(r.weights);
    return r;
  };
  const result = branchAndBoundHoldings({ nAssets: 5, maxHoldings: 2, relax });
  const before = Float64Array.from(result.weights);
  for (const w of handedOut) w.fill(NaN);
  expectClose(result.weights, before, { rtol: 0, atol: 0 }, "weights after the writes");
  assert.ok(Object.isFrozen(result));
  expectClose(result.objective, bruteForceHoldings(model, 2, false)!.objective, SAME_OPTIMUM, "objective vs enumeration");
});
