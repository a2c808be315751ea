import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { greedyAllocation, milpAllocation } from "../../../src/core/allocation/index.js";
import { expectClose } from "../../support/expect-close.js";
import { allocationFact, grossValue } from "./allocation-facts.js";

// The facts' stored tolerance for the optimal objective: 1e-9 relative (two MILP solvers agree on it).
const OBJECTIVE_TOL = { rtol: 1e-9, atol: 0 };
// Σ|shares|·price + leftover = budget, a running sum over ~20 products: rounding of the budget's size.
const VALUE_TOL = { rtol: 1e-12, atol: 1e-7 };

const milpFacts = ["da_lp_long_only", "da_lp_short_-1_1", "da_lp_short_-1_1_reinvest", "da_lp_long_only_80000_0.4"];

describe("milpAllocation against PyPortfolioOpt's lp_portfolio optima", () => {
  for (const id of milpFacts) {
    it(`${id}: the proven optimal objective and the value identity`, async () => {
      const fact = allocationFact(id);
      const result = await milpAllocation(fact.inputs);
      assert.equal(result.status, "optimal");
      // Optimal shares are not unique (the fact's note): compare the objective, not the shares.
      expectClose(result.objective, fact.value.objective as number, OBJECTIVE_TOL, "objective");
      expectClose(grossValue(result.shares, fact.inputs.prices) + result.leftover, result.budget, VALUE_TOL, "value identity");
      assert.ok(result.leftover >= 0, `leftover ${result.leftover} is negative`);
      const greedy = greedyAllocation(fact.inputs);
      assert.ok(result.objective <= greedy.objective + 1e-9 * greedy.objective, "MILP no worse than greedy");
    });
  }
});
