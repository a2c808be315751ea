/**
 * The max-Sharpe change of variables: a point x is feasible for the compiled constraints exactly when
 * (κ·x, κ) is feasible for the homogenised ones, for every κ > 0. Checked on random constraint sets
 * built around a known feasible portfolio, at that portfolio and at nudged (often infeasible) points:
 * every violation scales by exactly κ. Then a max-Sharpe solve through the cone, against closed form.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  compileConstraints,
  constraintViolation,
  homogenize,
  type CompiledConstraints,
  type PortfolioConstraints,
} from "../../../../src/core/optimizers/constraints/index.js";
import { solveQuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";
import { expectClose } from "../../../support/expect-close.js";

/** The portfolio's auxiliaries at their least values: |w| and |w − w0|. */
function withAuxiliaries(compiled: CompiledConstraints, w: number[], current: number[]): number[] {
  return [...w, ...compiled.auxiliaries.map((a) => (a.kind === "leverage" ? Math.abs(w[a.asset]) : Math.abs(w[a.asset] - current[a.asset])))];
}

// Weights and limits on a 1e-3 grid, as portfolios are written. (Values near 1e-6 or below, mixed with
// O(1) ones, are a test of the QP solver's scaling, not of this change of variables.)
const grid = (min: number, max: number) => fc.integer({ min: min * 1000, max: max * 1000 }).map((v) => v / 1000);
const unit = grid(-1, 1);
const margin = grid(0, 0.5);
/** A side is either absent (−1 here), exactly tight (0) or some slack away. */
const slack = fc.oneof(fc.constant(-1), fc.constant(0), margin);

/** A portfolio w and a constraint set that w satisfies, with every kind of constraint represented. */
const feasibleSets = fc.integer({ min: 1, max: 5 }).chain((n) => {
  const perAsset = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: n, maxLength: n });
  return fc.record({
    w: perAsset(unit),
    current: perAsset(unit),
    lowerSlack: perAsset(fc.oneof(slack, fc.constant(-2))),
    upperSlack: perAsset(fc.oneof(slack, fc.constant(-2))),
    groups: fc.array(fc.record({ members: fc.subarray([...Array(n).keys()], { minLength: 1 }), lower: slack, upper: slack }), { maxLength: 3 }),
    linear: fc.array(fc.record({ coefficients: perAsset(grid(-2, 2)), lower: slack, upper: slack }), { maxLength: 2 }),
    leverageSlack: fc.option(margin),
    turnoverSlack: fc.option(margin),
    cost: fc.option(grid(0, 0.01)),
  });
});

type Drawn = typeof feasibleSets extends fc.Arbitrary<infer T> ? T : never;

function constraintsAround(d: Drawn): PortfolioConstraints {
  const { w, current } = d;
  const sum = (c: number[]) => c.reduce((s, v, i) => s + v * w[i], 0);
  // −2 on a bound: 0 when w allows it (a sign constraint, which homogenisation keeps as a bound),
  // otherwise unbounded; −1 on any side: no limit.
  const lower = w.map((v, i) => (d.lowerSlack[i] === -2 ? (v >= 0 ? 0 : -Infinity) : d.lowerSlack[i] < 0 ? -Infinity : v - d.lowerSlack[i]));
  const upper = w.map((v, i) => (d.upperSlack[i] === -2 ? (v <= 0 ? 0 : Infinity) : d.upperSlack[i] < 0 ? Infinity : v + d.upperSlack[i]));
  const gross = w.reduce((s, v) => s + Math.abs(v), 0);
  const traded = w.reduce((s, v, i) => s + Math.abs(v - current[i]), 0);
  return {
    budget: w.reduce((s, v) => s + v, 0),
    bounds: { lower, upper },
    groups: d.groups.map((g, k) => {
      const value = g.members.reduce((s, m) => s + w[m], 0);
      return { name: `G${k}`, members: g.members, lower: g.lower < 0 ? undefined : value - g.lower, upper: g.upper < 0 ? undefined : value + g.upper };
    }),
    linear: d.linear.map((c, k) => {
      const value = sum(c.coefficients);
      return { coefficients: c.coefficients, lower: c.lower < 0 ? -Infinity : value - c.lower, upper: c.upper < 0 ? Infinity : value + c.upper, label: `L${k}` };
    }),
    // Limits a hair above the portfolio's own values, so rounding in the sums cannot make it infeasible.
    grossLeverage: d.leverageSlack === null ? undefined : gross + d.leverageSlack + 1e-12,
    currentWeights: current,
    maxTurnover: d.turnoverSlack === null ? undefined : traded + d.turnoverSlack + 1e-12,
    transactionCost: d.cost ?? undefined,
  };
}

// Each row sums at most ~10 products of numbers ≤ 2: a few 1e-16 roundings, relative to the scale κ.
const ROUNDING = 1e-12;

test("property: every row's violation at (κ·x, κ) is κ times its violation at x, so feasibility is kept both ways", () => {
  fc.assert(
    fc.property(feasibleSets, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.array(grid(-0.05, 0.05), { minLength: 12, maxLength: 12 }), (d, kappa, nudge) => {
      const compiled = compileConstraints(constraintsAround(d), d.w.length);
      const x = withAuxiliaries(compiled, d.w, d.current);
      const original = constraintViolation(compiled, x);
      assert.ok(original.worst <= ROUNDING, `the drawn portfolio is feasible: ${original.label} by ${original.worst}`);

      const cone = homogenize(compiled);
      assert.equal(cone.nVariables, compiled.nVariables + 1);
      assert.equal(cone.scaleVariable, compiled.nVariables);
      const forwards = constraintViolation(cone, [...x.map((v) => kappa * v), kappa]);
      assert.ok(forwards.worst <= ROUNDING * kappa, `(κ·x, κ) is feasible: ${forwards.label} by ${forwards.worst}`);

      // Any (y, κ) with κ > 0 is (κ·x', κ) for x' = y / κ: nudged points, feasible or not, cover the way back.
      const moved = x.map((v, j) => v + nudge[j % nudge.length]);
      const atX = constraintViolation(compiled, moved);
      const atY = constraintViolation(cone, [...moved.map((v) => kappa * v), kappa]);
      const tolerance = ROUNDING * Math.max(1, kappa);
      assert.ok(Math.abs(atY.worst - kappa * atX.worst) <= tolerance, `worst violation ${atY.worst} (${atY.label}) vs κ·${atX.worst} (${atX.label})`);
      assert.ok(Math.abs(atY.total - kappa * atX.total) <= 10 * tolerance, `total violation ${atY.total} vs κ·${atX.total}`);
    }),
    { numRuns: 300, seed: 20261125 },
  );
});

test("maximum Sharpe through the cone: the tangency portfolio, and a cap that binds", () => {
  // Uncorrelated, σ = 20% and 30%, excess returns 8% and 9%: Σ⁻¹(μ − rf) = (2, 1), so w* = (2/3, 1/3).
  const excess = [0.08, 0.09];
  const maxSharpe = (constraints: PortfolioConstraints): number[] => {
    const cone = homogenize(compileConstraints(constraints, 2));
    const nv = cone.nVariables;
    const P = new Float64Array(nv * nv);
    P[0] = 2 * 0.04;
    P[nv + 1] = 2 * 0.09;
    // The model's normalising row (μ − rf)ᵀy = 1 (no costs here).
    const normalise = new Float64Array(nv);
    normalise.set(excess);
    const { A, b } = cone.equalities;
    const sol = solveQuadraticProgram({
      P: { size: nv, data: P },
      q: new Float64Array(nv),
      equalities: { A: { rows: A.rows + 1, cols: nv, data: Float64Array.from([...A.data, ...normalise]) }, b: [...b, 1] },
      inequalities: cone.inequalities.C.rows > 0 ? { C: cone.inequalities.C, lower: cone.inequalities.lower, upper: cone.inequalities.upper } : undefined,
      lowerBounds: cone.lowerBounds,
      upperBounds: cone.upperBounds,
    });
    const kappa = sol.x[cone.scaleVariable];
    return [sol.x[0] / kappa, sol.x[1] / kappa];
  };
  // Closed-form weights, solved to the solver's KKT tolerance far inside 1e-9.
  const tol = { rtol: 0, atol: 1e-9 };
  expectClose(maxSharpe({}), [2 / 3, 1 / 3], tol, "tangency");
  // The Sharpe ratio is unimodal along w0 + w1 = 1 with its peak at 2/3, so a cap of 0.6 binds.
  expectClose(maxSharpe({ groups: [{ name: "First", members: [0], upper: 0.6 }] }), [0.6, 0.4], tol, "capped");
  expectClose(maxSharpe({ bounds: [0.1, 0.6] }), [0.6, 0.4], tol, "bounded");
});

test("hand-checked: bounds become rows, zero bounds stay bounds, the budget row gets −b·κ", () => {
  const cone = homogenize(
    compileConstraints({ bounds: { lower: [0, 0.05, 0], upper: [0.95, 0.05, 1] }, groups: [{ name: "Tech", members: [0, 1], lower: 0.1, upper: 0.9 }] }, 3),
  );
  const rows = (m: { rows: number; cols: number; data: Float64Array }) =>
    Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  assert.deepEqual(cone.equalities.labels, ["budget", "asset 1 = 0.05"]);
  assert.deepEqual(rows(cone.equalities.A), [
    [1, 1, 1, -1],
    [0, 1, 0, -0.05],
  ]);
  assert.deepEqual(Array.from(cone.equalities.b), [0, 0]);
  assert.deepEqual(cone.inequalities.labels, ["group Tech <= 0.9", "group Tech >= 0.1", "asset 0 <= 0.95", "asset 2 <= 1"]);
  assert.deepEqual(rows(cone.inequalities.C), [
    [1, 1, 0, -0.9],
    [1, 1, 0, -0.1],
    [1, 0, 0, -0.95],
    [0, 0, 1, -1],
  ]);
  assert.deepEqual(Array.from(cone.inequalities.lower), [-Infinity, 0, -Infinity, -Infinity]);
  assert.deepEqual(Array.from(cone.inequalities.upper), [0, Infinity, 0, 0]);
  // y0, y2 ≥ 0 stay bounds; asset 1's scaled bounds moved to a row; κ ≥ 0.
  assert.deepEqual(Array.from(cone.lowerBounds), [0, -Infinity, 0, 0]);
  assert.deepEqual(Array.from(cone.upperBounds), [Infinity, Infinity, Infinity, Infinity]);
  assert.deepEqual(Array.from(cone.linearCost), [0, 0, 0, 0]);
});

test("costs, auxiliaries and the L2 weight carry over; κ gets no cost", () => {
  const compiled = compileConstraints({ currentWeights: [0.5, 0.5], transactionCost: 0.003, l2Gamma: 0.2 }, 2);
  const cone = homogenize(compiled);
  assert.deepEqual(Array.from(cone.linearCost), [0, 0, 0.003, 0.003, 0]);
  assert.deepEqual(cone.auxiliaries, compiled.auxiliaries);
  assert.equal(cone.l2Gamma, 0.2);
  // The turnover rows t − w ≥ −w0 become t̃ − y + w0·κ ≥ 0.
  assert.equal(cone.inequalities.labels[0], "turnover auxiliary t0 >= w0 - current0");
  assert.deepEqual(Array.from(cone.inequalities.C.data.subarray(0, 5)), [-1, 0, 1, 0, 0.5]);
});
