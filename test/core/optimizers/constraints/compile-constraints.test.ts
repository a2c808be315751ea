/**
 * The rows and bounds `compileConstraints` builds, checked entry by entry on small hand-written cases,
 * and the auxiliary variables checked as a property: for random weights, the least auxiliaries the
 * rows allow are exactly |w| and |w − w0|, and the limits on their sums hold exactly when
 * Σ|w| ≤ L and Σ|w − w0| ≤ T do.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileConstraints, constraintViolation, type CompiledConstraints } from "../../../../src/core/optimizers/constraints/index.js";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { expectClose } from "../../../support/expect-close.js";

/** Rows are built from the inputs by copying and negating: compared exactly (±Infinity included). */
const exact = (actual: ArrayLike<number>, expected: number[]) => assert.deepEqual(Array.from(actual), expected);
// Minimal auxiliaries are one subtraction away from |w − w0|: one rounding.
const ONE_ROUNDING = { rtol: 1e-15, atol: 1e-16 };

const row = (m: Matrix, i: number) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));

test("defaults: fully invested, long only, no rows but the budget", () => {
  const c = compileConstraints({}, 3);
  assert.equal(c.nAssets, 3);
  assert.equal(c.nVariables, 3);
  assert.deepEqual(c.equalities.labels, ["budget"]);
  exact(row(c.equalities.A, 0), [1, 1, 1]);
  exact(c.equalities.b, [1]);
  assert.equal(c.inequalities.C.rows, 0);
  assert.equal(c.inequalities.C.cols, 3);
  exact(c.lowerBounds, [0, 0, 0]);
  exact(c.upperBounds, [1, 1, 1]);
  exact(c.linearCost, [0, 0, 0]);
  assert.equal(c.l2Gamma, 0);
  assert.deepEqual(c.auxiliaries, []);
});

test("budget, per-asset bounds and the L2 weight pass through", () => {
  const c = compileConstraints({ budget: 0, bounds: { lower: [-1, -0.5, 0], upper: [1, 0.5, Infinity] }, l2Gamma: 0.1 }, 3);
  exact(c.equalities.b, [0]);
  exact(c.lowerBounds, [-1, -0.5, 0]);
  exact(c.upperBounds, [1, 0.5, Infinity]);
  assert.equal(c.l2Gamma, 0.1);
  const shorting = compileConstraints({ bounds: [-1, 1] }, 2);
  exact(shorting.lowerBounds, [-1, -1]);
});

test("groups and linear constraints: one row each, equalities when both sides agree", () => {
  const c = compileConstraints(
    {
      groups: [
        { name: "Tech", members: [0, 1], upper: 0.5 },
        { name: "Energy", members: [2], lower: 0.1, upper: 0.1 },
        { name: "Unlimited", members: [3] },
      ],
      linear: [
        { coefficients: [1, -2, 0, 0], lower: 0, upper: Infinity, label: "A >= 2 * B" },
        { coefficients: [0, 0, 1, 1], lower: 0.05, upper: 0.6 },
        { coefficients: [1, 0, 0, -1], lower: 0, upper: 0, label: "A = D" },
      ],
    },
    4,
  );
  assert.deepEqual(c.equalities.labels, ["budget", "group Energy", "A = D"]);
  exact(row(c.equalities.A, 1), [0, 0, 1, 0]);
  exact(row(c.equalities.A, 2), [1, 0, 0, -1]);
  exact(c.equalities.b, [1, 0.1, 0]);
  // A group with neither floor nor cap compiles to nothing.
  assert.deepEqual(c.inequalities.labels, ["group Tech", "A >= 2 * B", "linear constraint 1"]);
  exact(row(c.inequalities.C, 0), [1, 1, 0, 0]);
  exact(row(c.inequalities.C, 1), [1, -2, 0, 0]);
  exact(row(c.inequalities.C, 2), [0, 0, 1, 1]);
  exact(c.inequalities.lower, [-Infinity, 0, 0.05]);
  exact(c.inequalities.upper, [0.5, Infinity, 0.6]);
});

test("gross leverage: auxiliaries only for assets that can be long and short, signs for the others", () => {
  // Asset 1 is long only (|w| = w), asset 2 short only (|w| = −w), assets 0 and 3 can be either.
  const c = compileConstraints({ bounds: { lower: [-1, 0, -0.5, -1], upper: [1, 1, 0, 1] }, grossLeverage: 1.6 }, 4);
  assert.equal(c.nVariables, 6);
  assert.deepEqual(c.auxiliaries, [
    { kind: "leverage", asset: 0 },
    { kind: "leverage", asset: 3 },
  ]);
  assert.deepEqual(c.inequalities.labels, [
    "leverage auxiliary s0 >= w0",
    "leverage auxiliary s0 >= -w0",
    "leverage auxiliary s3 >= w3",
    "leverage auxiliary s3 >= -w3",
    "gross leverage",
  ]);
  // s0 − w0 ≥ 0, s0 + w0 ≥ 0, s3 − w3 ≥ 0, s3 + w3 ≥ 0, w1 − w2 + s0 + s3 ≤ 1.6.
  exact(row(c.inequalities.C, 0), [-1, 0, 0, 0, 1, 0]);
  exact(row(c.inequalities.C, 1), [1, 0, 0, 0, 1, 0]);
  exact(row(c.inequalities.C, 2), [0, 0, 0, -1, 0, 1]);
  exact(row(c.inequalities.C, 3), [0, 0, 0, 1, 0, 1]);
  exact(row(c.inequalities.C, 4), [0, 1, -1, 0, 1, 1]);
  exact(c.inequalities.lower, [0, 0, 0, 0, -Infinity]);
  exact(c.inequalities.upper, [Infinity, Infinity, Infinity, Infinity, 1.6]);
  exact(c.lowerBounds.subarray(4), [0, 0]);
  exact(c.upperBounds.subarray(4), [Infinity, Infinity]);
  exact(c.linearCost, [0, 0, 0, 0, 0, 0]);
});

test("gross leverage is not compiled where it cannot bind", () => {
  // Long only: Σ|w| = Σw = the budget.
  assert.equal(compileConstraints({ grossLeverage: 1.5 }, 3).nVariables, 3);
  // The bounds keep Σ|w| ≤ 4 · 0.4 = 1.6 ≤ 2.
  const boxed = compileConstraints({ bounds: [-0.4, 0.4], grossLeverage: 2 }, 4);
  assert.equal(boxed.nVariables, 4);
  assert.equal(boxed.inequalities.C.rows, 0);
  // No limit.
  assert.equal(compileConstraints({ bounds: [-1, 1] }, 3).nVariables, 3);
});

test("turnover and transaction costs share one auxiliary per asset", () => {
  const c = compileConstraints({ currentWeights: [0.5, 0.5, 0], maxTurnover: 0.4, transactionCost: 0.002 }, 3);
  assert.equal(c.nVariables, 6);
  assert.deepEqual(
    c.auxiliaries,
    [0, 1, 2].map((asset) => ({ kind: "turnover", asset })),
  );
  assert.equal(c.inequalities.C.rows, 7);
  assert.equal(c.inequalities.labels[0], "turnover auxiliary t0 >= w0 - current0");
  assert.equal(c.inequalities.labels[6], "turnover");
  // t0 − w0 ≥ −0.5, t0 + w0 ≥ 0.5, …, t0 + t1 + t2 ≤ 0.4.
  exact(row(c.inequalities.C, 0), [-1, 0, 0, 1, 0, 0]);
  exact(row(c.inequalities.C, 1), [1, 0, 0, 1, 0, 0]);
  exact(row(c.inequalities.C, 5), [0, 0, 1, 0, 0, 1]);
  exact(row(c.inequalities.C, 6), [0, 0, 0, 1, 1, 1]);
  exact(c.inequalities.lower, [-0.5, 0.5, -0.5, 0.5, 0, 0, -Infinity]);
  exact(c.inequalities.upper, [Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, 0.4]);
  exact(c.linearCost, [0, 0, 0, 0.002, 0.002, 0.002]);

  const costOnly = compileConstraints({ currentWeights: [0.5, 0.5, 0], transactionCost: 0.001 }, 3);
  assert.equal(costOnly.inequalities.C.rows, 6, "no turnover row without a limit");
  assert.ok(!costOnly.inequalities.labels.includes("turnover"));
  // Neither: no auxiliaries at all.
  assert.equal(compileConstraints({ currentWeights: [0.5, 0.5, 0] }, 3).nVariables, 3);
});

test("leverage auxiliaries come before turnover auxiliaries", () => {
  const c = compileConstraints({ bounds: [-1, 1], grossLeverage: 1.5, maxTurnover: 1 }, 2);
  assert.deepEqual(c.auxiliaries.map((a) => `${a.kind}${a.asset}`), ["leverage0", "leverage1", "turnover0", "turnover1"]);
  assert.equal(c.nVariables, 6);
});

test("the caller's arrays are copied, not kept", () => {
  const lower = new Float64Array([0, 0]);
  const coefficients = new Float64Array([1, 0]);
  const c = compileConstraints({ bounds: { lower, upper: [1, 1] }, linear: [{ coefficients, lower: 0, upper: 0.5 }] }, 2);
  lower[0] = -5;
  coefficients[0] = 7;
  exact(c.lowerBounds, [0, 0]);
  exact(row(c.inequalities.C, 0), [1, 0]);
});

/** The least value of each auxiliary that its defining rows allow at weights `w` (auxiliaries 0). */
function minimalAuxiliaries(c: CompiledConstraints, w: number[]): number[] {
  const x = [...w, ...new Array(c.nVariables - c.nAssets).fill(0)];
  const { C, lower, labels } = c.inequalities;
  return c.auxiliaries.map((_, k) => {
    const col = c.nAssets + k;
    let least = c.lowerBounds[col];
    for (let r = 0; r < C.rows; r++) {
      if (!labels[r].includes("auxiliary") || C.data[r * C.cols + col] === 0) continue;
      assert.equal(C.data[r * C.cols + col], 1, `${labels[r]}: unit coefficient on its auxiliary`);
      let rest = 0;
      for (let j = 0; j < C.cols; j++) if (j !== col) rest += C.data[r * C.cols + j] * x[j];
      least = Math.max(least, lower[r] - rest);
    }
    return least;
  });
}

test("property: minimal auxiliaries are |w| and |w − w0|, and the limits hold exactly when they should", () => {
  const weights = (n: number) => fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n });
  const cases = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      w: weights(n),
      w0: weights(n),
      leverage: fc.double({ min: 1, max: 6, noNaN: true }),
      turnover: fc.double({ min: 0, max: 6, noNaN: true }),
    }),
  );
  fc.assert(
    fc.property(cases, ({ w, w0, leverage, turnover }) => {
      const n = w.length;
      // Budget Σw, so the budget row holds and the pre-checks see a consistent set.
      const budget = w.reduce((s, v) => s + v, 0);
      const held = w0.reduce((s, v) => s + v, 0);
      // Avoid limits the pre-checks reject outright (they are tested separately).
      const L = Math.max(leverage, Math.abs(budget) + 1e-6);
      const T = Math.max(turnover, Math.abs(budget - held) + 1e-6);
      const c = compileConstraints({ budget, bounds: [-1, 1], grossLeverage: L, currentWeights: w0, maxTurnover: T, transactionCost: 0.001 }, n);
      const aux = minimalAuxiliaries(c, w);
      const expected = c.auxiliaries.map((a) => (a.kind === "leverage" ? Math.abs(w[a.asset]) : Math.abs(w[a.asset] - w0[a.asset])));
      expectClose(aux, expected, ONE_ROUNDING, "minimal auxiliaries");
      const x = [...w, ...aux];
      const gross = w.reduce((s, v) => s + Math.abs(v), 0);
      const traded = w.reduce((s, v, i) => s + Math.abs(v - w0[i]), 0);
      const { inequalities: ineq } = c;
      for (let r = 0; r < ineq.C.rows; r++) {
        const value = row(ineq.C, r).reduce((s, v, j) => s + v * x[j], 0);
        const holds = value >= ineq.lower[r] - 1e-12 && value <= ineq.upper[r] + 1e-12;
        const label = ineq.labels[r];
        // Away from the boundary (1e-9), the sum rows must agree with the direct computation.
        if (label === "gross leverage" && Math.abs(gross - L) > 1e-9) assert.equal(holds, gross <= L, `${label}: Σ|w| = ${gross}, L = ${L}`);
        else if (label === "turnover" && Math.abs(traded - T) > 1e-9) assert.equal(holds, traded <= T, `${label}: Σ|w − w0| = ${traded}, T = ${T}`);
        else if (label.includes("auxiliary")) assert.ok(holds, `${label} holds at the minimal auxiliaries`);
      }
      if (gross <= L - 1e-9 && traded <= T - 1e-9) {
        assert.ok(constraintViolation(c, x).worst <= 1e-12, "the whole point is feasible");
      }
      // The compiled row holds exactly at the leverage-compiled point only when it exists.
      assert.equal(ineq.labels.includes("gross leverage"), n * 1 > L);
    }),
    { numRuns: 300, seed: 20261125 },
  );
});
