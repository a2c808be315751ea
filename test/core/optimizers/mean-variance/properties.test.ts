/**
 * Invariants on random small problems (n ≤ 8): KKT residuals and constraints hold to 1e-9, a tighter
 * constraint set never improves the objective, the tangency portfolio's Sharpe ratio dominates the
 * frontier's, and the frontier's volatility rises with its return.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MaxSharpeUndefinedError } from "../../../../src/core/errors.js";
import type { SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import {
  efficientFrontier,
  optimizeMeanVariance,
  type MeanVarianceModel,
  type PortfolioConstraints,
  type PortfolioOptimum,
} from "../../../../src/core/optimizers/index.js";

// The solver's feasibility and optimality bar (its own tolerances are 1e-12 relative, far inside).
const BAR = 1e-9;
// Random problems per property: enough to hit shorts, binding groups and degenerate corners in a few seconds.
const RUNS = 60;

interface Problem {
  readonly mu: Float64Array;
  readonly covariance: SymmetricMatrix;
  readonly constraints: PortfolioConstraints;
}

const unit = fc.integer({ min: -1000, max: 1000 }).map((v) => v / 1000);

const problems: fc.Arbitrary<Problem> = fc
  .record({
    n: fc.integer({ min: 2, max: 8 }),
    seed: fc.array(unit, { minLength: 100, maxLength: 100 }),
    shorts: fc.boolean(),
    group: fc.boolean(),
  })
  .map(({ n, seed, shorts, group }) => {
    let k = 0;
    const next = () => seed[k++ % seed.length];
    const factors = 3;
    const B = Array.from({ length: n }, () => Array.from({ length: factors }, () => 0.2 * next()));
    const data = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let f = 0; f < factors; f++) s += B[i][f] * B[j][f];
        data[i * n + j] = s + (i === j ? 0.01 + 0.05 * Math.abs(next()) : 0);
      }
    }
    const mu = Float64Array.from({ length: n }, () => 0.05 + 0.25 * next());
    const constraints: PortfolioConstraints = {
      ...(shorts ? { bounds: [-1, 1] as const } : {}),
      ...(group ? { groups: [{ name: "first half", members: Array.from({ length: Math.ceil(n / 2) }, (_, i) => i), upper: 0.6 }] } : {}),
    };
    return { mu, covariance: { size: n, data }, constraints };
  });

function variance(p: Problem, w: ArrayLike<number>): number {
  const n = p.mu.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += w[i] * p.covariance.data[i * n + j] * w[j];
  return s;
}

/** KKT of the last QP, budget, bounds and the group cap, all to 1e-9. */
function assertFeasibleAndOptimal(p: Problem, result: PortfolioOptimum): void {
  for (const [name, value] of Object.entries(result.solver.kkt)) assert.ok(value <= BAR, `kkt.${name} = ${value}`);
  const w = result.weights;
  const [lo, hi] = p.constraints.bounds === undefined ? [0, 1] : (p.constraints.bounds as readonly [number, number]);
  assert.ok(Math.abs(w.reduce((s, x) => s + x, 0) - 1) <= 1e-10, "budget");
  w.forEach((x, i) => assert.ok(x >= lo - BAR && x <= hi + BAR, `bound of asset ${i}: ${x}`));
  for (const g of p.constraints.groups ?? []) {
    const total = g.members.reduce((s, i) => s + w[i], 0);
    assert.ok(total <= (g.upper ?? Infinity) + BAR, `group ${g.name}: ${total}`);
  }
}

const solve = (p: Problem, model: MeanVarianceModel, constraints = p.constraints) =>
  optimizeMeanVariance({ expectedReturns: p.mu, covariance: p.covariance, model, constraints });

function maxSharpeOrNull(p: Problem): PortfolioOptimum | null {
  try {
    return solve(p, { kind: "maxSharpe" });
  } catch (error) {
    if (error instanceof MaxSharpeUndefinedError) return null;
    throw error;
  }
}

describe("mean-variance properties on random problems", () => {
  it("KKT residuals and every constraint hold to 1e-9 for each model", () => {
    fc.assert(
      fc.property(problems, (p) => {
        const minVol = solve(p, { kind: "minVolatility" });
        assertFeasibleAndOptimal(p, minVol);
        assertFeasibleAndOptimal(p, solve(p, { kind: "maxQuadraticUtility", riskAversion: 3 }));
        const frontier = efficientFrontier({ expectedReturns: p.mu, covariance: p.covariance, constraints: p.constraints, points: 3 });
        const mid = frontier[1];
        const efficientReturn = solve(p, { kind: "efficientReturn", targetReturn: mid.expectedReturn });
        assertFeasibleAndOptimal(p, efficientReturn);
        assert.ok(efficientReturn.performance.expectedReturn >= mid.expectedReturn - BAR, "return target");
        const target = 0.5 * (frontier[0].volatility + frontier[2].volatility);
        const efficientRisk = solve(p, { kind: "efficientRisk", targetVolatility: target });
        assertFeasibleAndOptimal(p, efficientRisk);
        assert.ok(efficientRisk.performance.volatility <= target * (1 + BAR), "volatility limit");
        const tangency = maxSharpeOrNull(p);
        if (tangency !== null) assertFeasibleAndOptimal(p, tangency);
      }),
      { numRuns: RUNS },
    );
  });

  it("adding a constraint never improves the objective", () => {
    fc.assert(
      fc.property(problems, fc.integer({ min: 0, max: 7 }), (p, asset) => {
        const i = asset % p.mu.length;
        const loose = solve(p, { kind: "minVolatility" }, {});
        const tight = solve(p, { kind: "minVolatility" }, { groups: [{ name: "cap", members: [i], upper: 0.3 }] });
        assert.ok(tight.solver.objective >= loose.solver.objective - 1e-12, "min variance");
        const utility = (c: PortfolioConstraints) => solve(p, { kind: "maxQuadraticUtility", riskAversion: 2 }, c).solver.objective;
        assert.ok(utility({ groups: [{ name: "cap", members: [i], upper: 0.3 }] }) <= utility({}) + 1e-12, "utility");
        assert.ok(utility({}) <= utility({ bounds: [-1, 1] }) + 1e-12, "shorting can only help");
      }),
      { numRuns: RUNS },
    );
  });

  it("the max-Sharpe portfolio's Sharpe ≥ every frontier point's; frontier volatility rises with return", () => {
    fc.assert(
      fc.property(problems, (p) => {
        const frontier = efficientFrontier({ expectedReturns: p.mu, covariance: p.covariance, constraints: p.constraints, points: 12 });
        for (let k = 1; k < frontier.length; k++) {
          assert.ok(frontier[k].expectedReturn >= frontier[k - 1].expectedReturn - 1e-12, `return at ${k}`);
          assert.ok(frontier[k].volatility >= frontier[k - 1].volatility - 1e-12, `volatility at ${k}`);
        }
        // Points extrapolated along the critical line equal cold efficient-return solves at their
        // targets (two exact solutions of one strictly convex problem: 1e-9 on the weights).
        for (const q of frontier.slice(1, -1)) {
          const cold = solve(p, { kind: "efficientReturn", targetReturn: q.expectedReturn });
          cold.weights.forEach((w, i) => assert.ok(Math.abs(w - q.weights[i]) <= 1e-9, `frontier weight ${i}: ${q.weights[i]} vs ${w}`));
        }
        const tangency = maxSharpeOrNull(p);
        if (tangency === null) {
          assert.ok(frontier.every((q) => q.expectedReturn <= 0.02 + BAR), "no Sharpe only when nothing beats rf");
          return;
        }
        for (const q of frontier) if (q.sharpe !== null) assert.ok(tangency.performance.sharpe! >= q.sharpe - 1e-9, `frontier Sharpe ${q.sharpe}`);
        // Its volatility is the frontier's at its return: the tangency is efficient.
        const same = solve(p, { kind: "efficientReturn", targetReturn: tangency.performance.expectedReturn });
        assert.ok(Math.abs(variance(p, same.weights) - variance(p, tangency.weights)) <= 1e-9 * Math.max(1, variance(p, same.weights)));
      }),
      { numRuns: RUNS },
    );
  });
});
