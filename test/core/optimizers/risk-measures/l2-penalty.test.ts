/**
 * The L2-penalised risk-measure models (`constraints.l2Gamma = γ`) against an explicit reference: the
 * whole penalised problem as one QP in the weights and the scenario auxiliaries
 * (`explicit-penalised-qp.ts`), solved by our dense active-set QP. The objective risk(w) + γ‖w‖² is
 * recomputed from the returned weights by the measures' own definitions (never read from
 * `solver.objective`), and γ > 0 makes the objective strongly convex in w, so the optimal weights are
 * unique and compared too. Then the limits γ → 0 and γ → ∞, ‖w‖² falling with γ, and max Sortino's
 * refusal.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CoreError } from "../../../../src/core/errors.js";
import type { Matrix } from "../../../../src/core/linalg/matrix.js";
import { conditionalDrawdownAtRisk } from "../../../../src/core/measures/cdar.js";
import { meanAbsoluteDeviation } from "../../../../src/core/measures/mean-absolute-deviation.js";
import { semivariance } from "../../../../src/core/measures/semideviation.js";
import { historicalTailRisk } from "../../../../src/core/measures/tail-risk.js";
import type { AssetGroup } from "../../../../src/core/optimizers/constraints/portfolio-constraints.js";
import { optimizeRiskMeasure, type RiskMeasureModel } from "../../../../src/core/optimizers/risk-measures/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { solvePenalisedReference, type PenalisedMeasure } from "./explicit-penalised-qp.js";
import { randomScenarios } from "./scenario-fixtures.js";

// The reference is exact to ~1e-15 (proximal stationarity at rounding level); 1e-9 relative is the
// solvers' feasibility bar, which the model's answer may use up.
const OBJECTIVE = { rtol: 1e-9, atol: 1e-12 };
// Solver outputs per STYLE.md; unique by strong convexity (modulus 2γ).
const WEIGHTS = { rtol: 0, atol: 1e-6 };
// Feasibility bar of HiGHS and our QP.
const BAR = 1e-9;

function returnsOf(s: Matrix, w: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: s.rows }, (_, t) => {
    let r = 0;
    for (let i = 0; i < s.cols; i++) r += s.data[t * s.cols + i] * w[i];
    return r;
  });
}

const sumOfSquares = (w: ArrayLike<number>) => Array.from(w).reduce((s, x) => s + x * x, 0);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

/** The per-period risk the penalised objective holds (semivariance, not its annual root). */
function riskByDefinition(measure: PenalisedMeasure, s: Matrix, w: ArrayLike<number>): number {
  const r = returnsOf(s, w);
  switch (measure.kind) {
    case "cvar":
      return historicalTailRisk(r, measure.confidence).conditionalValueAtRisk;
    case "cdar":
      return conditionalDrawdownAtRisk(r, measure.confidence).conditionalDrawdownAtRisk;
    case "mad":
      return meanAbsoluteDeviation(r);
    case "semivariance":
      return semivariance(r, measure.benchmark);
  }
}

function modelOf(measure: PenalisedMeasure, target: { targetReturn?: number; maxRisk?: number } = {}): RiskMeasureModel {
  switch (measure.kind) {
    case "cvar":
      return { kind: "minCvar", confidence: measure.confidence, ...target };
    case "cdar":
      return { kind: "minCdar", confidence: measure.confidence, ...target };
    case "mad":
      return { kind: "minMad", ...target };
    case "semivariance":
      return { kind: "minSemivariance", benchmark: measure.benchmark, ...(target.targetReturn === undefined ? {} : { targetReturn: target.targetReturn }) };
  }
}

/** The highest μᵀw over lo ≤ w ≤ hi, Σw = 1: everything at its floor, the rest to the best assets first. */
function maxReturnPortfolio(mu: Float64Array, [lo, hi]: readonly [number, number]): Float64Array {
  const w = new Float64Array(mu.length).fill(lo);
  let left = 1 - lo * mu.length;
  for (const i of Array.from(mu.keys()).sort((a, b) => mu[b] - mu[a])) {
    const add = Math.min(hi - lo, left);
    w[i] += add;
    left -= add;
  }
  return w;
}

interface Case {
  readonly seed: number;
  readonly T: number;
  readonly n: number;
  readonly measure: PenalisedMeasure;
  readonly gamma: number;
  readonly bounds?: readonly [number, number];
  readonly groups?: readonly AssetGroup[];
  /** "targetReturn": halfway from the penalised min-risk return to the highest attainable return.
   *  "maxRisk": a cap halfway from the penalised min-risk portfolio's risk to the max-return portfolio's. */
  readonly target?: "targetReturn" | "maxRisk";
}

const CVAR95: PenalisedMeasure = { kind: "cvar", confidence: 0.95 };
const CVAR90: PenalisedMeasure = { kind: "cvar", confidence: 0.9 };
const CDAR: PenalisedMeasure = { kind: "cdar", confidence: 0.95 };
const MAD: PenalisedMeasure = { kind: "mad" };
const SEMI: PenalisedMeasure = { kind: "semivariance", benchmark: 0 };

async function compareWithReference(c: Case): Promise<void> {
  const { scenarios, mu } = randomScenarios(c.seed, c.T, c.n);
  const bounds = c.bounds ?? [0, 1];
  const label = `seed ${c.seed}, ${c.T}×${c.n}, ${c.measure.kind}${"confidence" in c.measure ? ` ${c.measure.confidence}` : ""}, γ ${c.gamma}, bounds [${bounds}]${c.target ? `, ${c.target}` : ""}`;
  const common = { scenarios, measure: c.measure, l2Gamma: c.gamma, bounds, groups: c.groups, mu };
  let target: { targetReturn?: number; maxRisk?: number } = {};
  let reference = solvePenalisedReference(common);
  if (c.target !== undefined) {
    const best = maxReturnPortfolio(mu, bounds);
    if (c.target === "targetReturn") {
      // Above the penalised min-risk return, so the floor binds (the unconstrained minimiser is unique).
      target = { targetReturn: dot(mu, reference.weights) + 0.5 * (dot(mu, best) - dot(mu, reference.weights)) };
      reference = solvePenalisedReference({ ...common, ...target, startWeights: best });
    } else {
      const low = riskByDefinition(c.measure, scenarios, reference.weights);
      const high = riskByDefinition(c.measure, scenarios, best);
      assert.ok(high > low, `${label}: the max-return portfolio should be riskier (${high} ≤ ${low})`);
      target = { maxRisk: low + 0.5 * (high - low) };
      reference = solvePenalisedReference({ ...common, ...target, startWeights: reference.weights });
    }
  }
  const result = await optimizeRiskMeasure({
    scenarios,
    expectedReturns: mu,
    model: modelOf(c.measure, target),
    constraints: { l2Gamma: c.gamma, bounds: [bounds[0], bounds[1]], ...(c.groups === undefined ? {} : { groups: c.groups }) },
  });
  const w = result.weights;

  expectClose(dot(w, new Array<number>(c.n).fill(1)), 1, { rtol: 0, atol: BAR }, `${label}: budget`);
  w.forEach((x, i) => assert.ok(x >= bounds[0] - BAR && x <= bounds[1] + BAR, `${label}: weight ${i} = ${x} outside [${bounds}]`));
  for (const g of c.groups ?? []) {
    const total = g.members.reduce((s, i) => s + w[i], 0);
    assert.ok(total >= (g.lower ?? -Infinity) - BAR && total <= (g.upper ?? Infinity) + BAR, `${label}: group ${g.name} total ${total}`);
  }
  const risk = riskByDefinition(c.measure, scenarios, w);
  const reported = c.measure.kind === "semivariance" ? Math.sqrt(252 * risk) : risk;
  expectClose(result.risk, reported, { rtol: 1e-12, atol: 0 }, `${label}: reported risk`);

  if (target.maxRisk !== undefined) {
    assert.ok(risk <= target.maxRisk + BAR * Math.max(1, target.maxRisk), `${label}: risk ${risk} above the cap ${target.maxRisk}`);
    // Maximised μᵀw − γ‖w‖² against the reference's minimised −μᵀw + γ‖w‖².
    expectClose(dot(mu, w) - c.gamma * sumOfSquares(w), -reference.objective, OBJECTIVE, `${label}: μᵀw − γ‖w‖²`);
  } else {
    if (target.targetReturn !== undefined) {
      // The floor binds at the unique optimum, for the model as for the reference.
      expectClose(dot(mu, w), target.targetReturn, { rtol: 1e-9, atol: 1e-12 }, `${label}: μᵀw at the floor`);
      expectClose(dot(mu, reference.weights), target.targetReturn, { rtol: 1e-9, atol: 1e-12 }, `${label}: reference μᵀw`);
    }
    // The reference's own objective is the measure of its weights: the QP is the problem stated.
    expectClose(riskByDefinition(c.measure, scenarios, reference.weights) + c.gamma * sumOfSquares(reference.weights), reference.objective, { rtol: 1e-12, atol: 1e-15 }, `${label}: reference objective`);
    expectClose(risk + c.gamma * sumOfSquares(w), reference.objective, OBJECTIVE, `${label}: risk + γ‖w‖²`);
  }
  expectClose(w, reference.weights, WEIGHTS, `${label}: weights`);
}

const GAMMAS = [0.001, 0.1, 1];
const GROUPS: AssetGroup[] = [
  { name: "low beta", members: [0, 1], upper: 0.5 },
  { name: "high beta", members: [3, 4], lower: 0.3 },
];

describe("risk-measure models with an L2 penalty", () => {
  it("the explicit reference QP at γ = 1e-9 reaches the unpenalised minimum of each measure (works without l2Gamma)", async () => {
    const { scenarios, mu } = randomScenarios(101, 60, 4);
    for (const measure of [CVAR95, CVAR90, CDAR, MAD, SEMI]) {
      const plain = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: modelOf(measure) });
      const minimum = riskByDefinition(measure, scenarios, plain.weights);
      const reference = riskByDefinition(measure, scenarios, solvePenalisedReference({ scenarios, measure, l2Gamma: 1e-9 }).weights);
      // 0 ≤ reference − minimum ≤ γ·(‖w_min‖² − ‖w_ref‖²) ≤ 1e-9, plus rounding.
      assert.ok(reference >= minimum - 1e-12 && reference <= minimum + 1e-9 + 1e-12, `${measure.kind}: reference ${reference}, LP minimum ${minimum}`);
    }
  });

  it("min CVaR (β 0.9 and 0.95), CDaR, MAD and semivariance, long only, γ ∈ {0.001, 0.1, 1}", async () => {
    for (const [seed, measure] of [[11, CVAR95], [12, CVAR90], [13, CDAR], [14, MAD], [15, SEMI], [16, { kind: "semivariance", benchmark: 0.0004 }]] as const) {
      for (const gamma of GAMMAS) await compareWithReference({ seed, T: 60, n: 4, measure, gamma });
    }
  });

  it("at a target return halfway to the highest attainable one", async () => {
    for (const [seed, measure] of [[21, CVAR95], [22, CDAR], [23, MAD], [24, SEMI]] as const) {
      for (const gamma of [0.001, 0.1]) await compareWithReference({ seed, T: 50, n: 4, measure, gamma, target: "targetReturn" });
    }
  });

  it("under a risk cap: maximises μᵀw − γ‖w‖² (CVaR at every γ, CDaR and MAD at 0.1)", async () => {
    for (const gamma of GAMMAS) await compareWithReference({ seed: 31, T: 60, n: 4, measure: CVAR95, gamma, target: "maxRisk" });
    for (const measure of [CDAR, MAD]) await compareWithReference({ seed: 32, T: 50, n: 4, measure, gamma: 0.1, target: "maxRisk" });
  });

  it("with bounds 0 ≤ w ≤ 0.4 and group limits", async () => {
    for (const [seed, measure] of [[41, CVAR95], [42, CDAR], [43, MAD], [44, SEMI]] as const) {
      for (const gamma of [0.001, 0.1]) await compareWithReference({ seed, T: 50, n: 5, measure, gamma, bounds: [0, 0.4], groups: GROUPS });
    }
  });

  it("long-short, −0.5 ≤ w ≤ 1, where the penalty decides how far the hedges go", async () => {
    for (const [seed, measure] of [[51, CVAR95], [52, CDAR], [53, MAD], [54, SEMI]] as const) {
      for (const gamma of [0.001, 0.1]) await compareWithReference({ seed, T: 50, n: 4, measure, gamma, bounds: [-0.5, 1] });
    }
    await compareWithReference({ seed: 55, T: 60, n: 4, measure: CVAR95, gamma: 0.01, bounds: [-0.5, 1], target: "targetReturn" });
  });

  it("property: random scenarios, measures, γ and bounds agree with the reference", async () => {
    const measures = [CVAR95, CVAR90, CDAR, MAD, SEMI];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          T: fc.integer({ min: 30, max: 80 }),
          n: fc.integer({ min: 2, max: 6 }),
          measure: fc.constantFrom(...measures),
          gamma: fc.constantFrom(...GAMMAS),
          bounds: fc.constantFrom<readonly [number, number]>([0, 1], [-0.5, 1]),
        }),
        // CDaR's reference has 2T + n + 1 variables: keep its dense QP small.
        async (c) => compareWithReference({ ...c, T: c.measure.kind === "cdar" ? Math.min(c.T, 50) : c.T }),
      ),
      // includeErrorInReport: show the failing comparison (or solver error), not only the counterexample.
      { numRuns: 15, includeErrorInReport: true },
    );
  });

  it("as γ → 0 the risk tends to the unpenalised minimum; as γ → ∞ the weights tend to 1/n", async () => {
    const { scenarios, mu } = randomScenarios(61, 60, 5);
    for (const measure of [CVAR95, CDAR, MAD, SEMI]) {
      const plain = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: modelOf(measure) });
      const tiny = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: modelOf(measure), constraints: { l2Gamma: 1e-8 } });
      const minimum = riskByDefinition(measure, scenarios, plain.weights);
      const risk = riskByDefinition(measure, scenarios, tiny.weights);
      // risk(w_γ) − min ∈ [0, γ·‖w_min‖²]: 1e-8 here, so 1e-6 fails only a penalty that is not γ‖w‖².
      assert.ok(risk >= minimum - BAR && risk <= minimum + 1e-6, `${measure.kind}: risk at γ = 1e-8 is ${risk}, minimum ${minimum}`);
      const huge = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: modelOf(measure), constraints: { l2Gamma: 1e3 } });
      // ‖w − 1/n‖ ≲ ‖∇risk‖/(2γ) ≈ 0.05/2000: far inside 1e-3.
      expectClose(huge.weights, new Array<number>(5).fill(0.2), { rtol: 0, atol: 1e-3 }, `${measure.kind}: weights at γ = 1e3`);
    }
  });

  it("Σw² does not rise with γ over {0.01, 0.1, 1, 10}", async () => {
    // From the optimality of each solution against the other: (γ₂ − γ₁)(‖w₂‖² − ‖w₁‖²) ≤ 0.
    const { scenarios, mu } = randomScenarios(71, 60, 5);
    for (const [measure, bounds] of [[CVAR95, [0, 1]], [CVAR95, [-0.5, 1]], [CDAR, [0, 1]], [MAD, [-0.5, 1]], [SEMI, [-0.5, 1]]] as const) {
      let previous = Infinity;
      for (const gamma of [0.01, 0.1, 1, 10]) {
        const r = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: modelOf(measure), constraints: { l2Gamma: gamma, bounds: [bounds[0], bounds[1]] } });
        const squares = sumOfSquares(r.weights);
        // Weights are good to ~1e-9, so Σw² to ~1e-9 as well.
        assert.ok(squares <= previous + 1e-9, `${measure.kind} [${bounds}]: Σw² ${squares} at γ = ${gamma} > ${previous} at the γ before`);
        previous = squares;
      }
      assert.ok(previous < 0.2 + 1e-3, `${measure.kind}: Σw² ${previous} at γ = 10 should be near 1/n = 0.2`);
    }
  });

  it("max Sortino refuses l2Gamma > 0 with INVALID_INPUT", async () => {
    const { scenarios, mu } = randomScenarios(81, 40, 3);
    await assert.rejects(
      () => optimizeRiskMeasure({ scenarios, expectedReturns: mu, model: { kind: "maxSortino" }, constraints: { l2Gamma: 0.1 } }),
      (error: unknown) => {
        assert.ok(error instanceof CoreError, `expected a CoreError, got ${String(error)}`);
        assert.equal(error.code, "INVALID_INPUT", error.message);
        return true;
      },
    );
  });
});
