import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { greedyAllocation, milpAllocation, type DiscreteAllocationInputs } from "../../../src/core/allocation/index.js";
import { InsufficientFundsError, InvalidInputError, NonFiniteValueError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";
import { grossValue } from "./allocation-facts.js";

// Σ|shares|·price + leftover = budget: sums of a few products, rounding of the budget's size.
const VALUE_TOL = { rtol: 1e-12, atol: 1e-8 };

/** The objective Σ|w·B − x·c| + (B − Σ x·c) of one long-only book, minimised by trying every x. */
function bruteForceObjective(weights: number[], unitPrices: number[], budget: number): number {
  let best = Infinity;
  const x = new Array<number>(weights.length).fill(0);
  const visit = (k: number, spent: number): void => {
    if (k === weights.length) {
      let gap = budget - spent;
      for (let i = 0; i < weights.length; i++) gap += Math.abs(weights[i] * budget - x[i] * unitPrices[i]);
      best = Math.min(best, gap);
      return;
    }
    for (x[k] = 0; spent + x[k] * unitPrices[k] <= budget; x[k]++) visit(k + 1, spent + x[k] * unitPrices[k]);
    x[k] = 0;
  };
  visit(0, 0);
  return best;
}

const longOnlyCase = fc
  .record({
    raw: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
    priceSeeds: fc.array(fc.double({ min: 1, max: 500, noNaN: true }), { minLength: 6, maxLength: 6 }),
    lots: fc.array(fc.constantFrom(1, 1, 5, 10, 0.5), { minLength: 6, maxLength: 6 }),
    value: fc.double({ min: 600, max: 50_000, noNaN: true }),
  })
  .map(({ raw, priceSeeds, lots, value }): DiscreteAllocationInputs => {
    const total = raw.reduce((a, b) => a + b, 0);
    const n = raw.length;
    return {
      weights: raw.map((w) => w / total),
      prices: priceSeeds.slice(0, n).map((p) => Math.round(p * 100) / 100),
      totalValue: value,
      lotSizes: lots.slice(0, n),
    };
  })
  .filter((inputs) => inputs.totalValue >= Math.max(...Array.from(inputs.prices, (p, i) => p * (inputs.lotSizes as number[])[i])));

describe("whole-share allocation: properties", () => {
  it("the MILP objective is never worse than greedy's; value identity; lots respected", async () => {
    await fc.assert(
      fc.asyncProperty(longOnlyCase, fc.boolean(), async (inputs, withShort) => {
        // Half the cases get a short leg on the last asset (when there are at least two).
        const w = Array.from(inputs.weights);
        if (withShort && w.length > 1) w[w.length - 1] = -w[w.length - 1];
        const cased = { ...inputs, weights: w };
        const greedy = greedyAllocation(cased);
        const milp = await milpAllocation(cased);
        // The MILP is proven optimal to a relative gap of 1e-9.
        assert.ok(milp.objective <= greedy.objective * (1 + 1e-9) + 1e-9, `milp ${milp.objective} > greedy ${greedy.objective}`);
        for (const result of [greedy, milp]) {
          assert.ok(result.leftover >= 0);
          expectClose(grossValue(result.shares, cased.prices) + result.leftover, result.budget, VALUE_TOL, `${result.method} value`);
          result.shares.forEach((s, i) => {
            const lots = Math.abs(s) / (cased.lotSizes as number[])[i];
            assert.ok(Math.abs(lots - Math.round(lots)) < 1e-9, `${result.method}: asset ${i} holds ${s}, not whole lots`);
          });
        }
      }),
      { numRuns: 60 },
    );
  });

  it("the MILP reaches the brute-force optimum on small long-only books", async () => {
    await fc.assert(
      fc.asyncProperty(longOnlyCase.filter((c) => c.weights.length <= 3 && c.totalValue <= 3000), async (inputs) => {
        const milp = await milpAllocation(inputs);
        const units = Array.from(inputs.prices, (p, i) => p * (inputs.lotSizes as number[])[i]);
        const best = bruteForceObjective(Array.from(inputs.weights), units, inputs.totalValue);
        // Same objective over the same lattice: equal up to the solver's 1e-9 relative gap.
        expectClose(milp.objective, best, { rtol: 1e-9, atol: 1e-9 }, "objective");
      }),
      { numRuns: 40 },
    );
  });

  it("fractional shares hit the target exactly; a fractional increment is a lot size", async () => {
    const inputs = { weights: [0.5, 0.3, 0.2], prices: [333.33, 71.7, 12.01], totalValue: 10_000 };
    for (const result of [greedyAllocation({ ...inputs, fractional: true }), await milpAllocation({ ...inputs, fractional: true })]) {
      // Continuous shares w·V/p: exact up to rounding of one division.
      expectClose(result.weights, inputs.weights, { rtol: 1e-12, atol: 1e-15 }, `${result.method} weights`);
      expectClose(result.leftover, 0, { rtol: 0, atol: 1e-9 }, `${result.method} leftover`);
    }
    const hundredths = await milpAllocation({ ...inputs, lotSizes: 0.01 });
    hundredths.shares.forEach((s) => assert.ok(Math.abs(s * 100 - Math.round(s * 100)) < 1e-6));
    // A finer increment can only do better than whole shares (its lattice contains theirs).
    assert.ok(hundredths.objective <= (await milpAllocation(inputs)).objective + 1e-9);
    // Mixed: only the first asset fractional.
    const mixed = greedyAllocation({ ...inputs, fractional: [true, false, false] });
    assert.ok(Number.isInteger(mixed.shares[1]) && Number.isInteger(mixed.shares[2]));
  });

  it("bad inputs give typed errors naming the asset", async () => {
    const base = { weights: [0.6, 0.4], prices: [120, 45], totalValue: 10_000 };
    assert.throws(
      () => greedyAllocation({ ...base, totalValue: 40 }),
      (e: unknown) => e instanceof InsufficientFundsError && e.details.asset === 1 && e.details.price === 45,
    );
    await assert.rejects(milpAllocation({ ...base, totalValue: 40 }), InsufficientFundsError);
    assert.throws(() => greedyAllocation({ ...base, prices: [120, NaN] }), (e: unknown) => e instanceof NonFiniteValueError && e.details.asset === 1);
    assert.throws(() => greedyAllocation({ ...base, prices: [0, 45] }), (e: unknown) => e instanceof InvalidInputError && e.details.asset === 0);
    assert.throws(() => greedyAllocation({ ...base, weights: [NaN, 1] }), NonFiniteValueError);
    assert.throws(() => greedyAllocation({ ...base, weights: [-0.5, -0.5] }), InvalidInputError);
    assert.throws(() => greedyAllocation({ ...base, lotSizes: [1, 0] }), (e: unknown) => e instanceof InvalidInputError && e.details.asset === 1);
    assert.throws(() => greedyAllocation({ ...base, weights: [0.6, -0.4], shortRatio: -1 }), InvalidInputError);
  });
});
