/**
 * The split form of turnover, costs and leverage (`compileSplitConstraints`, weights substituted out
 * by `eliminateDefinitions`) against the row form (`compileConstraints`: t ≥ |w − w0|, s ≥ |w|, two
 * rows per asset) solved directly by the QP, on seeded random problems: same optimum, and the
 * reported weights meet Σ|w − w0| ≤ cap and Σ|w| ≤ L.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileConstraints, compileSplitConstraints, type PortfolioConstraints } from "../../../../src/core/optimizers/constraints/index.js";
import { optimizeMeanVariance } from "../../../../src/core/optimizers/mean-variance/index.js";
import { costVector, modelProgram, weightHessian } from "../../../../src/core/optimizers/mean-variance/model-program.js";
import { solveQuadraticProgram } from "../../../../src/core/optimizers/qp/index.js";
import type { SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import { expectClose } from "../../../support/expect-close.js";
import { seededRandom } from "../../../support/seeded-random.js";

// The solver's feasibility bar (1e-9 relative to the right-hand sides), which every constraint must meet.
const BAR = 1e-9;
// Two exact active-set solves of the same convex problem in different variables: optimal values agree
// to rounding amplified by the condition of Σ (≈1e3 here); 1e-9 relative leaves room for that.
const OBJECTIVE = { rtol: 1e-9, atol: 1e-12 };

const uniforms = seededRandom;

interface Case {
  readonly covariance: SymmetricMatrix;
  readonly mu: Float64Array;
  readonly constraints: PortfolioConstraints;
  readonly lower: number;
  readonly upper: number;
}

/** A 2-factor covariance, returns, and constraints; w0 sometimes outside the bounds. */
function randomCase(seed: number): Case {
  const u = uniforms(seed);
  const n = 4 + Math.floor(u() * 9);
  const B = Array.from({ length: n }, () => [0.1 + 0.2 * u(), 0.2 * (u() - 0.5)]);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) data[i * n + j] = B[i][0] * B[j][0] + B[i][1] * B[j][1] + (i === j ? 0.01 + 0.04 * u() : 0);
  }
  const mu = Float64Array.from({ length: n }, () => 0.02 + 0.1 * u());
  const lower = u() < 0.5 ? -0.2 - 0.3 * u() : 0;
  const upper = 0.3 + 0.5 * u();
  const w0 = Array.from({ length: n }, () => lower - 0.05 + (upper - lower + 0.1) * u());
  const kind = Math.floor(u() * 4);
  const constraints: PortfolioConstraints = {
    bounds: [lower, upper],
    currentWeights: w0,
    ...(kind !== 1 ? { maxTurnover: 0.3 + 2 * u() } : {}),
    ...(kind !== 0 ? { transactionCost: 0.001 + 0.01 * u() } : {}),
    ...(kind >= 2 && lower < 0 ? { grossLeverage: 1.05 + 0.8 * u() } : {}),
    ...(kind === 3 ? { l2Gamma: 0.05 } : {}),
  };
  return { covariance: { size: n, data }, mu, constraints, lower, upper };
}

/** The row form's optimum of min a·wᵀΣw + γ‖w‖² − b·μᵀw + costs, straight from the QP. */
function rowFormObjective(c: Case, riskWeight: number, returnWeight: number): number {
  const compiled = compileConstraints(c.constraints, c.mu.length);
  const linear = costVector(compiled);
  for (let i = 0; i < c.mu.length; i++) linear[i] -= returnWeight * c.mu[i];
  const program = modelProgram(compiled, weightHessian(c.covariance, compiled.nVariables, riskWeight, compiled.l2Gamma), linear);
  return solveQuadraticProgram(program).objective;
}

function checkLimits(c: Case, w: ArrayLike<number>, label: string): void {
  const w0 = c.constraints.currentWeights!;
  let traded = 0;
  let gross = 0;
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    traded += Math.abs(w[i] - w0[i]);
    gross += Math.abs(w[i]);
    sum += w[i];
    assert.ok(w[i] >= c.lower - BAR && w[i] <= c.upper + BAR, `${label}: w${i} = ${w[i]} outside [${c.lower}, ${c.upper}]`);
  }
  assert.ok(Math.abs(sum - 1) <= BAR, `${label}: Σw = ${sum}`);
  if (c.constraints.maxTurnover !== undefined) assert.ok(traded <= c.constraints.maxTurnover + BAR, `${label}: Σ|w − w0| = ${traded} > ${c.constraints.maxTurnover}`);
  if (c.constraints.grossLeverage !== undefined) assert.ok(gross <= c.constraints.grossLeverage + BAR, `${label}: Σ|w| = ${gross} > ${c.constraints.grossLeverage}`);
}

test("split and row forms reach the same optimum; the split weights meet the turnover and leverage limits", () => {
  let compared = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const c = randomCase(seed);
    let rowVolatility: number;
    try {
      rowVolatility = rowFormObjective(c, 1, 0);
    } catch {
      // Infeasible draws (a cap too tight for w0 outside the bounds): the split form must say so too.
      assert.throws(() => optimizeMeanVariance({ expectedReturns: c.mu, covariance: c.covariance, model: { kind: "minVolatility" }, constraints: c.constraints }));
      continue;
    }
    const input = { expectedReturns: c.mu, covariance: c.covariance, constraints: c.constraints };
    const minVol = optimizeMeanVariance({ ...input, model: { kind: "minVolatility" } });
    expectClose([minVol.solver.objective], [rowVolatility], OBJECTIVE, `seed ${seed}: min volatility objective`);
    checkLimits(c, minVol.weights, `seed ${seed} min volatility`);
    assert.ok(minVol.solver.kkt.stationarity <= BAR, `seed ${seed}: stationarity ${minVol.solver.kkt.stationarity}`);

    const utility = optimizeMeanVariance({ ...input, model: { kind: "maxQuadraticUtility", riskAversion: 2 } });
    expectClose([-utility.solver.objective], [rowFormObjective(c, 1, 1)], OBJECTIVE, `seed ${seed}: quadratic utility objective`);
    checkLimits(c, utility.weights, `seed ${seed} quadratic utility`);

    const sharpe = optimizeMeanVariance({ ...input, model: { kind: "maxSharpe" } });
    checkLimits(c, sharpe.weights, `seed ${seed} max Sharpe`);
    compared++;
  }
  // The draws must exercise the comparison, not only the infeasible branch.
  assert.ok(compared >= 25, `only ${compared} feasible draws`);
});

test("split form: one bound-only trade per linear piece, definitions as equalities, no per-asset inequality rows", () => {
  // w0 = 0.1 inside [-0.2, 0.5]: segments up [0.1, 0.5], down [0.1, 0] and [0, -0.2] for each asset.
  const c = compileSplitConstraints({ bounds: [-0.2, 0.5], currentWeights: [0.1, 0.1, 0.8], maxTurnover: 0.4, transactionCost: 0.001, grossLeverage: 1.2 }, 3);
  assert.deepEqual(c.inequalities.labels, ["gross leverage", "turnover"]);
  assert.equal(c.equalities.labels.length, 4, "budget and one definition per asset");
  // Asset 2 holds 0.8 > 0.5: it is anchored at 0.5 and its forced 0.3 of turnover is the pinned offset.
  const offset = c.nVariables - 1;
  assert.equal(c.auxiliaries[offset - 3].kind, "turnover offset");
  expectClose([c.lowerBounds[offset], c.upperBounds[offset]], [0.3, 0.3], { rtol: 1e-15, atol: 1e-15 }, "offset");
  // Σ|anchor| = 0.1 + 0.1 + 0.5 comes off the leverage limit (1.2 < 3 × 0.5, so it can bind).
  expectClose([c.inequalities.upper[0]], [1.2 - 0.7], { rtol: 1e-15, atol: 1e-15 }, "leverage side");
  // Without turnover, costs or a binding leverage limit, the row form is returned unchanged.
  assert.deepEqual(compileSplitConstraints({ bounds: [0, 1] }, 3), compileConstraints({ bounds: [0, 1] }, 3));
});
