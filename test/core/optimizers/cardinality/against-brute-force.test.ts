import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { branchAndBoundHoldings } from "../../../../src/core/optimizers/cardinality/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { bruteForceHoldings } from "./brute-force-holdings.js";
import { assertWithinLimits, roundedObjective } from "./check-holdings.js";
import { minVarianceRelaxation, type MinVarianceModel } from "./min-variance-relaxation.js";

// Both sides end in an exact QP solve on the same support, so optima agree to rounding; the brief's bar
// is 1e-9 relative (the search's default gap tolerance, 1e-10 relative, sits inside it). Variances here
// are ≥ 1e-4, the absolute floor only matters for an exactly zero optimum.
const SAME_OPTIMUM = { rtol: 1e-9, atol: 1e-15 };
// fast-check runs per property: enough to meet K = 1, K = n − 1, thresholds that bind and ones that do
// not, while the exponential enumeration keeps the file to a few seconds.
const RUNS = 30;

/**
 * Σ = B·Bᵀ + D with 3 factors (loadings on a 1e-3 grid in [−loading, loading], so negative correlations
 * occur and the minimum-variance portfolio spreads over many assets) and idiosyncratic variances 0.001–0.1.
 */
function covarianceArbitrary(minN: number, maxN: number, loading = 300) {
  return fc
    .record({
      n: fc.integer({ min: minN, max: maxN }),
      loadings: fc.array(fc.integer({ min: -loading, max: loading }), { minLength: 3 * maxN, maxLength: 3 * maxN }),
      idiosyncratic: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: maxN, maxLength: maxN }),
    })
    .map(({ n, loadings, idiosyncratic }) => {
      const covariance = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = i === j ? idiosyncratic[i] / 1000 : 0;
          for (let f = 0; f < 3; f++) s += (loadings[3 * i + f] / 1000) * (loadings[3 * j + f] / 1000);
          covariance[i * n + j] = s;
        }
      }
      return { n, covariance };
    });
}

function modelOf(n: number, covariance: Float64Array, minPosition: number, allowShort: boolean): MinVarianceModel {
  const lower = new Array<number>(n).fill(allowShort ? -1 : 0);
  return { n, covariance, lower, upper: new Array<number>(n).fill(1), budget: 1, minPosition };
}

function checkAgainstEnumeration(model: MinVarianceModel, maxHoldings: number, allowShort: boolean): void {
  const expected = bruteForceHoldings(model, maxHoldings, allowShort);
  assert.ok(expected !== null, "a single asset at weight 1 is always feasible here");
  const warm = minVarianceRelaxation(model);
  const result = branchAndBoundHoldings({ nAssets: model.n, maxHoldings, minPosition: model.minPosition, allowShort, relax: warm.relax });
  assert.equal(result.status, "optimal");
  assertWithinLimits(result, model, maxHoldings);
  expectClose(result.objective, expected.objective, SAME_OPTIMUM, "objective vs enumeration");
  // Proven within the default tolerance: gap ≤ max(1e-12, 1e-10·|objective|).
  assert.ok(result.gap <= Math.max(1e-12, 1e-10 * result.objective), `gap ${result.gap}`);

  const rounded = roundedObjective(model, maxHoldings);
  if (rounded !== null) assert.ok(result.objective <= rounded * (1 + 1e-9) + 1e-15, `${result.objective} worse than rounding ${rounded}`);

  // Performance knobs do not change the answer: no warm starts, and a zero gap tolerance.
  const cold = minVarianceRelaxation(model, { warm: false });
  const exact = branchAndBoundHoldings({
    nAssets: model.n,
    maxHoldings,
    minPosition: model.minPosition,
    allowShort,
    relax: cold.relax,
    tolerance: { absoluteGap: 0, relativeGap: 0 },
  });
  expectClose(exact.objective, expected.objective, SAME_OPTIMUM, "cold, zero-gap objective vs enumeration");
}

test("long-only, at most K holdings: the optimum of enumerating every subset, and never worse than rounding", () => {
  const problem = covarianceArbitrary(2, 10).chain(({ n, covariance }) =>
    fc.record({ n: fc.constant(n), covariance: fc.constant(covariance), maxHoldings: fc.integer({ min: 1, max: n }) }),
  );
  fc.assert(
    fc.property(problem, ({ n, covariance, maxHoldings }) => checkAgainstEnumeration(modelOf(n, covariance, 0, false), maxHoldings, false)),
    { numRuns: RUNS },
  );
});

test("long-only with a minimum position: every held weight ≥ m, and the enumeration's optimum", () => {
  const problem = covarianceArbitrary(2, 10).chain(({ n, covariance }) =>
    fc.record({
      n: fc.constant(n),
      covariance: fc.constant(covariance),
      maxHoldings: fc.integer({ min: 1, max: n }),
      // 2%–45%: from thresholds that rarely bind to ones that allow only two holdings.
      minPosition: fc.integer({ min: 2, max: 45 }).map((v) => v / 100),
    }),
  );
  fc.assert(
    fc.property(problem, ({ n, covariance, maxHoldings, minPosition }) =>
      checkAgainstEnumeration(modelOf(n, covariance, minPosition, false), maxHoldings, false),
    ),
    { numRuns: RUNS },
  );
});

test("long-short in [−1, 1]: |w| ≥ m branched on its side (w ≥ m or w ≤ −m), the enumeration's optimum", () => {
  // n ≤ 7 and K ≤ 4: the enumeration solves Σₖ C(n, k)·2ᵏ sign patterns, under a thousand. Loadings up
  // to 0.45 make strong correlations, whose hedges are what short positions are for.
  const problem = covarianceArbitrary(2, 7, 450).chain(({ n, covariance }) =>
    fc.record({
      n: fc.constant(n),
      covariance: fc.constant(covariance),
      maxHoldings: fc.integer({ min: 1, max: Math.min(4, n) }),
      // 0 (the count only, negative weights free) or 5%–40%.
      minPosition: fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 40 }).map((v) => v / 100)),
    }),
  );
  fc.assert(
    fc.property(problem, ({ n, covariance, maxHoldings, minPosition }) =>
      checkAgainstEnumeration(modelOf(n, covariance, minPosition, true), maxHoldings, true),
    ),
    { numRuns: RUNS },
  );
});

test("rounding the continuous solution can miss the optimum; the search does not", () => {
  // Assets 1 and 2 are near twins (ρ = 0.99, variance 0.03): the continuous optimum splits their weight,
  // so the single largest position is asset 0 (variance 0.04), while the best one-asset portfolio is 1 or 2.
  const c12 = 0.99 * 0.03;
  const covariance = Float64Array.from([0.04, 0, 0, 0, 0.03, c12, 0, c12, 0.03]);
  const model = modelOf(3, covariance, 0, false);
  const rounded = roundedObjective(model, 1);
  expectClose(rounded!, 0.04, { rtol: 1e-12, atol: 0 }, "rounding keeps asset 0");
  const result = branchAndBoundHoldings({ nAssets: 3, maxHoldings: 1, relax: minVarianceRelaxation(model).relax });
  // Exact: w = e₁ (the tie with e₂ goes to whichever the search meets first), variance 0.03.
  expectClose(result.objective, 0.03, { rtol: 1e-12, atol: 0 }, "optimum");
  assert.equal(result.held.length, 1);
  assert.notEqual(result.held[0], 0);
});

test("long-short: the side opposite to the relaxed weight is searched too", () => {
  // Found by random search (n = 5, K = 4, m = 0.46): the optimum shorts asset 2, which the relaxations
  // on the way hold long, so a search that only followed the relaxed side would stop at 0.02525.
  const loadings = [-0.232, -0.368, -0.313, 0.242, -0.112, 0.097, 0.354, 0.192, -0.138, -0.105];
  const idiosyncratic = [0.046, 0.044, 0.007, 0.014, 0.058];
  const n = 5;
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      covariance[i * n + j] = (i === j ? idiosyncratic[i] : 0) + loadings[2 * i] * loadings[2 * j] + loadings[2 * i + 1] * loadings[2 * j + 1];
    }
  }
  const model = modelOf(n, covariance, 0.46, true);
  const expected = bruteForceHoldings(model, 4, true)!;
  assert.ok(expected.weights[2] <= -0.46 + 1e-12, `the enumeration's optimum shorts asset 2 (w = ${expected.weights[2]})`);
  const result = branchAndBoundHoldings({ nAssets: n, maxHoldings: 4, minPosition: 0.46, allowShort: true, relax: minVarianceRelaxation(model).relax });
  assertWithinLimits(result, model, 4);
  expectClose(result.objective, expected.objective, SAME_OPTIMUM, "objective vs enumeration");
});
