import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { greedyAllocation } from "../../../src/core/allocation/index.js";
import { expectClose } from "../../support/expect-close.js";
import { pypfoptFact } from "../../support/reference.js";
import { allocationFact, grossValue, sharesByTicker } from "./allocation-facts.js";

// The value identity Σ|shares|·price + leftover = budget: a running sum of ~20 products of size 1e3–1e5,
// so rounding stays below 1e-9 of the budget (PyPortfolioOpt checks it to 4–7 decimals).
const VALUE_TOL = { rtol: 1e-12, atol: 1e-7 };
// assert_almost_equal(decimal=7), the RMSE facts' tolerance.
const DECIMAL_7 = { rtol: 0, atol: 1.5e-7 };

const greedyFacts = [
  "da_greedy_long_only",
  "da_greedy_short_-1_1",
  "da_greedy_short_-1_1_50000_0.5",
  "da_greedy_short_-1_1_50000_0.5_reinvest",
];

describe("greedyAllocation against PyPortfolioOpt's greedy_portfolio", () => {
  for (const id of greedyFacts) {
    it(`${id}: the same shares, and the value identity`, () => {
      const fact = allocationFact(id);
      const result = greedyAllocation(fact.inputs);
      // Exact dict equality, as PyPortfolioOpt's test asserts.
      assert.deepEqual(sharesByTicker(result.shares, fact.tickers), fact.value.allocation);
      expectClose(grossValue(result.shares, fact.inputs.prices) + result.leftover, result.budget, VALUE_TOL, "value identity");
      // The leftover is a running difference like PyPortfolioOpt's (same operations in the same
      // order), so it agrees to rounding of the budget's size.
      expectClose(result.leftover, fact.value.leftover, { rtol: 0, atol: 1e-8 }, "leftover");
    });
  }

  it("da_greedy_rmse_long_only and da_greedy_rmse_short_-1_1: the allocation error", () => {
    const longOnly = greedyAllocation(allocationFact("da_greedy_long_only").inputs);
    expectClose(longOnly.rmse, pypfoptFact("da_greedy_rmse_long_only").value as number, DECIMAL_7, "rmse long-only");
    const short = greedyAllocation(allocationFact("da_greedy_short_-1_1").inputs);
    expectClose(short.rmse, pypfoptFact("da_greedy_rmse_short_-1_1").value as number, DECIMAL_7, "rmse short");
  });

  it("da_greedy_rmse_by_value: the error falls as the value grows", () => {
    const fact = pypfoptFact("da_greedy_rmse_by_value").value as { rmse_10000: number; rmse_100000: number };
    const inputs = allocationFact("da_greedy_long_only").inputs;
    const small = greedyAllocation({ ...inputs, totalValue: 10000 });
    const large = greedyAllocation({ ...inputs, totalValue: 100000 });
    assert.ok(large.rmse < small.rmse);
    // The fact also records the two computed values; same arithmetic, so to rounding.
    expectClose([small.rmse, large.rmse], [fact.rmse_10000, fact.rmse_100000], { rtol: 1e-9, atol: 0 }, "rmse by value");
  });
});
