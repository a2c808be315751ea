/**
 * Bad inputs get typed errors that name the bad value: confidence, too few scenarios, NaN, targets out
 * of reach, contradictory and non-linear constraints.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CoreError } from "../../../../src/core/errors.js";
import { optimizeRiskMeasure, riskMeasureFrontier, type RiskMeasureInput } from "../../../../src/core/optimizers/risk-measures/index.js";
import { referenceScenarios } from "./scenario-fixtures.js";

async function expectCode(run: () => Promise<unknown>, code: string, message?: RegExp): Promise<CoreError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof CoreError, `expected a CoreError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message !== undefined) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected ${code}, but it succeeded`);
}

describe("risk-measure models: bad inputs", () => {
  const { scenarios, mu } = referenceScenarios();
  const base: RiskMeasureInput = { scenarios, expectedReturns: mu, model: { kind: "minCvar" } };

  it("confidence outside (0, 1)", async () => {
    for (const confidence of [0, 1, 1.5, -0.1, NaN]) {
      await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind: "minCvar", confidence } }), "INVALID_INPUT", /confidence/);
      await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind: "minCdar", confidence } }), "INVALID_INPUT", /confidence/);
    }
  });

  it("fewer scenarios than the tail needs: (1 − β)·T < 1", async () => {
    const few = { rows: 19, cols: 20, data: scenarios.data.slice(0, 19 * 20) };
    const error = await expectCode(() => optimizeRiskMeasure({ ...base, scenarios: few }), "INSUFFICIENT_HISTORY", /19 scenarios.*at least 20/);
    assert.equal(error.details.needed, 20);
    const one = { rows: 1, cols: 20, data: scenarios.data.slice(0, 20) };
    await expectCode(() => optimizeRiskMeasure({ ...base, scenarios: one, model: { kind: "minMad" } }), "INSUFFICIENT_HISTORY");
  });

  it("NaN in the scenarios names its row and asset", async () => {
    const data = Float64Array.from(scenarios.data);
    data[5 * 20 + 3] = NaN;
    const error = await expectCode(() => optimizeRiskMeasure({ ...base, scenarios: { ...scenarios, data } }), "NON_FINITE_VALUE", /row 5, asset 3/);
    assert.deepEqual([error.details.row, error.details.asset], [5, 3]);
    await expectCode(() => optimizeRiskMeasure({ ...base, scenarios: { rows: 2, cols: 3, data: new Float64Array(5) } }), "SHAPE_MISMATCH");
    await expectCode(() => optimizeRiskMeasure({ ...base, expectedReturns: [0.1] }), "SHAPE_MISMATCH");
  });

  it("a target return above the highest attainable is TARGET_OUT_OF_RANGE with the maximum", async () => {
    const top = Math.max(...mu);
    for (const kind of ["minCvar", "minCdar", "minMad", "minSemivariance"] as const) {
      const error = await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind, targetReturn: top + 0.01 } }), "TARGET_OUT_OF_RANGE", /above the highest achievable/);
      assert.ok(Math.abs((error.details.maximum as number) - top) <= 1e-12, `${kind}: maximum ${String(error.details.maximum)}`);
    }
  });

  it("a risk cap below the lowest attainable is TARGET_OUT_OF_RANGE with the minimum", async () => {
    const error = await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind: "minCvar", maxRisk: 0.001 } }), "TARGET_OUT_OF_RANGE", /below the lowest achievable/);
    assert.ok(Math.abs((error.details.minimum as number) - 0.0170495021218215) < 1e-9);
  });

  it("contradictory constraints are INFEASIBLE_CONSTRAINTS naming the limits", async () => {
    const groups = [
      { name: "Tech", members: [0, 1, 2], lower: 0.5 },
      { name: "Energy", members: [13, 14], lower: 0.6 },
    ];
    // Together the two floors ask for 1.1 of a budget of 1.
    for (const kind of ["minCvar", "minCdar", "minMad", "minSemivariance", "maxSortino"] as const) {
      await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind }, constraints: { groups } }), "INFEASIBLE_CONSTRAINTS", /Tech >= 0.5.*Energy >= 0.6|Energy >= 0.6.*Tech >= 0.5/);
    }
    await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind: "minSemivariance" }, constraints: { bounds: [0, 0.04] } }), "INFEASIBLE_CONSTRAINTS", /budget/);
  });

  it("non-linear constraints and unsupported combinations are refused by name", async () => {
    const cases: [RiskMeasureInput, RegExp][] = [
      [{ ...base, constraints: { trackingError: { benchmark: new Array(20).fill(0.05), max: 0.05 } } }, /trackingError/],
      [{ ...base, model: { kind: "maxSortino" }, constraints: { l2Gamma: 0.1 } }, /l2Gamma/],
      [{ ...base, constraints: { maxHoldings: 5 } }, /maxHoldings/],
      [{ ...base, constraints: { minPosition: 0.01 } }, /minPosition/],
      [{ ...base, model: { kind: "minCvar", targetReturn: 0.2, maxRisk: 0.02 } }, /either targetReturn or maxRisk/],
      [{ ...base, model: { kind: "minSemivariance", maxRisk: 0.1 } as never }, /maxRisk/],
      [{ ...base, model: { kind: "minVariance" } as never }, /unknown risk-measure model/],
      [{ scenarios, model: { kind: "maxSortino" } }, /expectedReturns/],
    ];
    for (const [input, message] of cases) await expectCode(() => optimizeRiskMeasure(input), "INVALID_INPUT", message);
    await expectCode(() => riskMeasureFrontier({ ...base, model: { kind: "maxSortino" } }), "INVALID_INPUT");
    await expectCode(() => riskMeasureFrontier(base, 1), "INVALID_INPUT");
    await expectCode(() => riskMeasureFrontier({ ...base, constraints: { bounds: [-Infinity, Infinity] } }, 3), "INVALID_INPUT", /unbounded/);
  });

  it("with an L2 penalty a risk cap under the lowest risk, or a target over the highest return, is TARGET_OUT_OF_RANGE", async () => {
    const lowest = await optimizeRiskMeasure({ ...base, model: { kind: "minCvar" } });
    await expectCode(
      () => optimizeRiskMeasure({ ...base, model: { kind: "minCvar", maxRisk: lowest.risk * 0.99 }, constraints: { l2Gamma: 0.1 } }),
      "TARGET_OUT_OF_RANGE",
      // The message names the unpenalised minimum, the lowest risk any portfolio reaches.
      new RegExp(`below the lowest achievable ${String(Number(lowest.risk.toPrecision(6))).replace(".", "\\.")}`),
    );
    await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind: "minMad", targetReturn: 5 }, constraints: { l2Gamma: 0.1 } }), "TARGET_OUT_OF_RANGE", /above the highest achievable/);
  });

  it("max Sortino without any excess return is MAX_SHARPE_UNDEFINED", async () => {
    await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind: "maxSortino" }, riskFreeRate: 10 }), "MAX_SHARPE_UNDEFINED", /risk-free rate/);
    await expectCode(() => optimizeRiskMeasure({ ...base, model: { kind: "maxSortino" }, constraints: { budget: 0, bounds: [-1, 1] } }), "MAX_SHARPE_UNDEFINED");
  });
});

describe("risk-measure models: turnover and transaction costs", () => {
  const { scenarios, mu } = referenceScenarios();
  const current = new Array(20).fill(0.05);

  it("a turnover cap holds for every LP measure and binds when the unconstrained optimum is far away", async () => {
    for (const kind of ["minCvar", "minCdar", "minMad", "minSemivariance"] as const) {
      const free = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind } });
      const capped = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind }, constraints: { currentWeights: current, maxTurnover: 0.3 } });
      const turnover = capped.weights.reduce((s, w, i) => s + Math.abs(w - current[i]), 0);
      // The solvers' feasibility bar.
      assert.ok(turnover <= 0.3 + 1e-9, `${kind}: turnover ${turnover}`);
      assert.ok(capped.risk >= free.risk - 1e-12, `${kind}: a cap cannot lower the minimum`);
      assert.ok(Math.abs(capped.weights.reduce((s, w) => s + w, 0) - 1) <= 1e-10, `${kind}: budget`);
    }
  });

  it("transaction costs are charged in the objective: min CVaR + k·turnover", async () => {
    const k = 0.01;
    const result = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind: "minCvar" }, constraints: { currentWeights: current, transactionCost: k } });
    const turnover = result.weights.reduce((s, w, i) => s + Math.abs(w - current[i]), 0);
    // Objective = CVaR of the weights + k·turnover, to the LP's 1e-10 tolerance.
    assert.ok(Math.abs(result.solver.objective - (result.risk + k * turnover)) <= 1e-9, `${result.solver.objective} vs ${result.risk + k * turnover}`);
    const free = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind: "minCvar" } });
    const freeTurnover = free.weights.reduce((s, w, i) => s + Math.abs(w - current[i]), 0);
    assert.ok(result.solver.objective <= free.risk + k * freeTurnover + 1e-12, "costs make trading less");
  });
});
