import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { rebalancePlan, type RebalanceInputs, type RebalancePlan } from "../../../src/core/allocation/index.js";
import { InvalidInputError, NonFiniteValueError } from "../../../src/core/errors.js";
import { expectClose } from "../../support/expect-close.js";

// Money amounts recomputed from whole lots: sums of a few products, rounding of the account's size.
const MONEY_TOL = { rtol: 1e-12, atol: 1e-8 };
// The band check allows the solver's feasibility tolerance, as the planner's own flag does.
const BAND_SLACK = 1e-9;

/** Checks every invariant a plan must satisfy against its inputs. */
function checkPlan(inputs: RebalanceInputs, plan: RebalancePlan): void {
  const n = inputs.prices.length;
  const lots = typeof inputs.lotSizes === "number" ? new Array<number>(n).fill(inputs.lotSizes) : Array.from(inputs.lotSizes ?? new Array<number>(n).fill(1));
  const fixed = inputs.fees?.fixed ?? 0;
  const rate = (inputs.fees?.proportionalBps ?? 0) / 1e4;
  const holdings = Array.from(inputs.holdings);
  let cash = inputs.cash;
  for (const t of plan.trades) {
    if (inputs.buyOnly === true) assert.equal(t.side, "buy", "buy-only plans never sell");
    const lotCount = t.shares / lots[t.asset];
    assert.ok(Math.abs(lotCount - Math.round(lotCount)) < 1e-9, `asset ${t.asset}: ${t.shares} shares is not whole lots`);
    assert.ok(t.shares > 0);
    expectClose(t.value, t.shares * inputs.prices[t.asset], MONEY_TOL, "trade value");
    expectClose(t.fee, fixed + rate * t.value, MONEY_TOL, "trade fee");
    if ((inputs.minimumTradeValue ?? 0) > 0) assert.ok(t.value >= (inputs.minimumTradeValue as number) - 1e-9, "minimum trade value");
    holdings[t.asset] += t.side === "buy" ? t.shares : -t.shares;
    cash += (t.side === "buy" ? -t.value : t.value) - t.fee;
  }
  assert.ok(plan.cash >= 0, `cash ${plan.cash} is negative`);
  expectClose(plan.cash, Math.max(0, cash), MONEY_TOL, "cash after trades");
  expectClose(plan.holdings, holdings, MONEY_TOL, "holdings after trades");
  holdings.forEach((h) => assert.ok(h >= -1e-12, "no short position"));
  let total = plan.cash;
  for (let i = 0; i < n; i++) total += holdings[i] * inputs.prices[i];
  const weights = holdings.map((h, i) => (h * inputs.prices[i]) / total);
  expectClose(plan.weights, weights, { rtol: 1e-12, atol: 1e-15 }, "weights");
  const maxDeviation = Math.max(...weights.map((w, i) => Math.abs(w - inputs.targetWeights[i])));
  expectClose(plan.maxDeviation, maxDeviation, { rtol: 1e-12, atol: 1e-15 }, "max deviation");
  if (plan.withinTolerance) assert.ok(maxDeviation <= (inputs.tolerance ?? 0.01) + BAND_SLACK, `deviation ${maxDeviation} outside the band`);
}

/** Every net trade (buy k lots or sell k lots per asset) of a two-asset account: the cheapest fee within the band. */
function bruteForceCheapest(inputs: RebalanceInputs): { fee: number; gap: number } | null {
  const [p0, p1] = Array.from(inputs.prices);
  const [h0, h1] = Array.from(inputs.holdings);
  const fixed = inputs.fees?.fixed ?? 0;
  const rate = (inputs.fees?.proportionalBps ?? 0) / 1e4;
  const tol = inputs.tolerance ?? 0.01;
  const w0 = inputs.cash + h0 * p0 + h1 * p1;
  let best: { fee: number; gap: number } | null = null;
  for (let d0 = -h0; d0 * p0 <= w0; d0++) {
    for (let d1 = -h1; d1 * p1 <= w0; d1++) {
      if (inputs.buyOnly === true && (d0 < 0 || d1 < 0)) continue;
      const v0 = Math.abs(d0) * p0;
      const v1 = Math.abs(d1) * p1;
      const fee = (d0 !== 0 ? fixed + rate * v0 : 0) + (d1 !== 0 ? fixed + rate * v1 : 0);
      const min = inputs.minimumTradeValue ?? 0;
      if ((d0 !== 0 && v0 < min) || (d1 !== 0 && v1 < min)) continue;
      const cash = inputs.cash - d0 * p0 - d1 * p1 - fee;
      if (cash < -1e-9) continue;
      const total = w0 - fee;
      const a0 = (h0 + d0) * p0;
      const a1 = (h1 + d1) * p1;
      const [t0, t1] = Array.from(inputs.targetWeights);
      if (Math.abs(a0 / total - t0) > tol || Math.abs(a1 / total - t1) > tol) continue;
      const gap = Math.abs(a0 - t0 * total) + Math.abs(a1 - t1 * total);
      if (best === null || fee < best.fee - 1e-9 || (Math.abs(fee - best.fee) <= 1e-9 && gap < best.gap)) best = { fee, gap };
    }
  }
  return best;
}

const planCase = fc
  .record({
    n: fc.integer({ min: 2, max: 5 }),
    holdings: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 5, maxLength: 5 }),
    prices: fc.array(fc.integer({ min: 500, max: 20_000 }), { minLength: 5, maxLength: 5 }),
    rawTargets: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
    cashShare: fc.double({ min: 0, max: 0.1, noNaN: true }),
    cash: fc.integer({ min: 0, max: 3000 }),
    fixed: fc.constantFrom(0, 0, 1, 5),
    bps: fc.constantFrom(0, 5, 25),
    lot: fc.constantFrom(1, 1, 2, 5),
    minimumTradeValue: fc.constantFrom(0, 0, 100),
    tolerance: fc.constantFrom(0.005, 0.02, 0.05),
    buyOnly: fc.boolean(),
  })
  .map((r): RebalanceInputs => {
    const raw = r.rawTargets.slice(0, r.n);
    const sum = raw.reduce((a, b) => a + b, 0) || 1;
    return {
      holdings: r.holdings.slice(0, r.n).map((h) => h * r.lot),
      prices: r.prices.slice(0, r.n).map((p) => p / 100),
      targetWeights: raw.map((t) => ((1 - r.cashShare) * t) / sum),
      cash: r.cash,
      fees: { fixed: r.fixed, proportionalBps: r.bps },
      lotSizes: r.lot,
      minimumTradeValue: r.minimumTradeValue,
      tolerance: r.tolerance,
      buyOnly: r.buyOnly,
    };
  })
  .filter((inputs) => inputs.cash + Array.from(inputs.holdings).reduce((s, h, i) => s + h * inputs.prices[i], 0) > 0);

describe("rebalancePlan", () => {
  it("invariants: cash ≥ 0, whole lots, no sale in buy-only mode, weights within the band when it says so", async () => {
    await fc.assert(
      fc.asyncProperty(planCase, async (inputs) => checkPlan(inputs, await rebalancePlan(inputs))),
      { numRuns: 80 },
    );
  });

  it("with fractional shares and no fixed fee, the band is always reached", async () => {
    await fc.assert(
      fc.asyncProperty(planCase, async (inputs) => {
        const free = { ...inputs, fractional: true, buyOnly: false, minimumTradeValue: 0, fees: { proportionalBps: inputs.fees?.proportionalBps } };
        const plan = await rebalancePlan(free);
        assert.ok(plan.withinTolerance, `max deviation ${plan.maxDeviation}`);
      }),
      { numRuns: 40 },
    );
  });

  it("matches a brute-force search over every two-asset plan: the cheapest fee, then the smallest gap", async () => {
    const small = planCase.map((c) => ({ ...c, holdings: Array.from(c.holdings).slice(0, 2).map((h) => h % 12), prices: Array.from(c.prices).slice(0, 2).map((p) => p + 20), targetWeights: Array.from(c.targetWeights).slice(0, 2), lotSizes: 1 }));
    await fc.assert(
      fc.asyncProperty(small, async (inputs) => {
        const plan = await rebalancePlan(inputs);
        const best = bruteForceCheapest(inputs);
        if (best === null) {
          assert.equal(plan.withinTolerance, false, "no plan reaches the band, the planner must say so");
          return;
        }
        assert.ok(plan.withinTolerance);
        // The fee cap carried to the second pass allows 1e-7 of the fee plus 1e-8 of the account.
        const account = inputs.cash + inputs.holdings[0] * inputs.prices[0] + inputs.holdings[1] * inputs.prices[1];
        expectClose(plan.totalFees, best.fee, { rtol: 1e-7, atol: 1e-8 * account }, "cheapest fee");
        let total = plan.cash;
        plan.holdings.forEach((h, i) => (total += h * inputs.prices[i]));
        const gap = plan.holdings.reduce((s, h, i) => s + Math.abs(h * inputs.prices[i] - inputs.targetWeights[i] * total), 0);
        // The gap is the second pass's optimum over the same lattice: 1e-7 relative for the pass's slack.
        expectClose(gap, best.gap, { rtol: 1e-7, atol: 1e-6 }, "gap at the cheapest fee");
      }),
      { numRuns: 40 },
    );
  });

  it("an account inside its band trades nothing when trades cost money", async () => {
    const plan = await rebalancePlan({ holdings: [5, 10], cash: 0, prices: [100, 50], targetWeights: [0.51, 0.49], fees: { fixed: 1 }, tolerance: 0.02 });
    assert.equal(plan.trades.length, 0);
    assert.equal(plan.totalFees, 0);
    assert.ok(plan.withinTolerance);
  });

  it("buy-only with an overweight asset: the closest plan, flagged, and no sale", async () => {
    const inputs = { holdings: [20, 0], cash: 500, prices: [100, 50], targetWeights: [0.5, 0.5], tolerance: 0.02, buyOnly: true };
    const plan = await rebalancePlan(inputs);
    checkPlan(inputs, plan);
    assert.equal(plan.withinTolerance, false);
    assert.deepEqual(plan.trades.map((t) => [t.asset, t.side, t.shares]), [[1, "buy", 10]]);
  });

  it("bad inputs give typed errors naming the asset", async () => {
    const base = { holdings: [5, 10], cash: 100, prices: [100, 50], targetWeights: [0.5, 0.5] };
    await assert.rejects(rebalancePlan({ ...base, holdings: [5, -1] }), (e: unknown) => e instanceof InvalidInputError && e.details.asset === 1);
    await assert.rejects(rebalancePlan({ ...base, prices: [NaN, 50] }), (e: unknown) => e instanceof NonFiniteValueError && e.details.asset === 0);
    await assert.rejects(rebalancePlan({ ...base, targetWeights: [0.7, 0.7] }), InvalidInputError);
    await assert.rejects(rebalancePlan({ ...base, targetWeights: [1.2, -0.2] }), InvalidInputError);
    await assert.rejects(rebalancePlan({ ...base, cash: -1 }), InvalidInputError);
    await assert.rejects(rebalancePlan({ ...base, holdings: [0, 0], cash: 0 }), InvalidInputError);
  });
});
