/**
 * The two exact max-Sharpe methods agree: the homogenised cone (one QP) and the efficient path (a root
 * of ν = N/(2D²), used when the cone would carry many bound rows). Compared on the reference universe,
 * where both apply, and at a size where the public entry point takes the path.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileConstraints, efficientFrontier, optimizeMeanVariance, type PortfolioConstraints } from "../../../../src/core/optimizers/index.js";
import { checkMoments } from "../../../../src/core/optimizers/mean-variance/check-moments.js";
import { solveMaxSharpeOnPath } from "../../../../src/core/optimizers/mean-variance/max-sharpe-path.js";
import { SolveLog } from "../../../../src/core/optimizers/mean-variance/solve-log.js";
import { expectClose } from "../../../support/expect-close.js";
import { factorPanel, seededRandom } from "../../moments/covariance/fixtures.js";
import { sampleCovariance } from "../../../../src/core/moments/covariance/index.js";
import { factTuple, performanceTuple, view } from "./fixtures.js";

// Both methods end in exact solves; the path's root search stops at 1e-13 relative on ν·2D²/N, which
// moves the weights by about that much times the path's slope: 1e-9 leaves room for conditioning.
const SAME_PORTFOLIO = { rtol: 0, atol: 1e-9 };
const SAME_RATIO = { rtol: 1e-12, atol: 0 };

describe("max Sharpe along the efficient path", () => {
  const v = view("full_history");
  const cases: readonly { name: string; constraints: PortfolioConstraints; rf?: number }[] = [
    { name: "long only", constraints: {} },
    { name: "bounds [-1, 1]", constraints: { bounds: [-1, 1] } },
    { name: "bounds [-1, 1] at rf 0 (CLA)", constraints: { bounds: [-1, 1] }, rf: 0 },
    { name: "L2 γ = 5", constraints: { l2Gamma: 5 } },
    { name: "costs against equal weights", constraints: { transactionCost: 0.01, currentWeights: new Array(20).fill(0.05) } },
    { name: "130/30", constraints: { bounds: [-0.3, 1], grossLeverage: 1.6 } },
  ];
  for (const c of cases) {
    it(`${c.name}: the path's portfolio is the cone's`, () => {
      const cone = optimizeMeanVariance({ expectedReturns: v.mu, covariance: v.covariance, model: { kind: "maxSharpe" }, constraints: c.constraints, riskFreeRate: c.rf });
      const moments = checkMoments(v.mu, v.covariance, c.rf);
      const compiled = compileConstraints(c.constraints, 20);
      const path = solveMaxSharpeOnPath({ moments, compiled, log: new SolveLog() });
      expectClose(path.solution.x.subarray(0, 20), cone.weights, SAME_PORTFOLIO, "weights");
      expectClose(path.objective, cone.solver.objective, SAME_RATIO, "ratio");
    });
  }

  it("meets PyPortfolioOpt's long-only tangency at its tolerance", () => {
    const moments = checkMoments(v.mu, v.covariance, 0.02);
    const path = solveMaxSharpeOnPath({ moments, compiled: compileConstraints({}, 20), log: new SolveLog() });
    const w = path.solution.x.subarray(0, 20);
    const tuple = performanceTuple({ performance: perf(w) } as never);
    expectClose(tuple, factTuple("ef_max_sharpe"), { rtol: 1e-7, atol: 0 }, "ef_max_sharpe");
    function perf(x: ArrayLike<number>) {
      let r = 0;
      let q = 0;
      for (let i = 0; i < 20; i++) {
        r += v.mu[i] * x[i];
        for (let j = 0; j < 20; j++) q += x[i] * v.covariance.data[i * 20 + j] * x[j];
      }
      return { expectedReturn: r, volatility: Math.sqrt(q) };
    }
  });

  it("60 long-short assets (the public entry takes the path): the Sharpe ratio dominates the frontier", () => {
    const n = 60;
    const covariance = sampleCovariance(factorPanel(500, n, 5), { periodsPerYear: 252 }).covariance;
    const u = seededRandom(9);
    const mu = Float64Array.from({ length: n }, () => 0.3 * u() - 0.05);
    const constraints: PortfolioConstraints = { bounds: [-0.2, 0.2] };
    const result = optimizeMeanVariance({ expectedReturns: mu, covariance, model: { kind: "maxSharpe" }, constraints });
    for (const [name, value] of Object.entries(result.solver.kkt)) assert.ok(value <= 1e-9, `kkt.${name} = ${value}`);
    assert.ok(result.solver.solves > 1, "solved along the path");
    const frontier = efficientFrontier({ expectedReturns: mu, covariance, constraints, points: 40 });
    for (const p of frontier) if (p.sharpe !== null) assert.ok(result.performance.sharpe! >= p.sharpe - 1e-12, `frontier point ${p.sharpe}`);
    const same = optimizeMeanVariance({ expectedReturns: mu, covariance, model: { kind: "efficientReturn", targetReturn: result.performance.expectedReturn }, constraints });
    expectClose(same.weights, result.weights, SAME_PORTFOLIO, "the tangency is the efficient portfolio at its return");
  });
});
