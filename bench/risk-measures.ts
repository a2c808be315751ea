/**
 * The risk-measure models at N = 100 assets and T = 2520 daily scenarios (ten years) of the synthetic
 * factor-model universe. The target (issue 5): min CVaR at β = 0.95 within 350 ms, the time native
 * HiGHS takes through SciPy's `linprog` here. portfolio-allocation has no CVaR, CDaR, MAD or
 * semivariance model, so there is no peer column; the primal LP (the formulation SciPy is given) is
 * timed beside our dual one instead. Times include building the program and the WebAssembly call,
 * not loading HiGHS (once per process, ≈ 40 ms).
 */
import { loadLinearSolver } from "../src/core/optimizers/lp/index.js";
import { optimizeRiskMeasure, type RiskMeasureModel } from "../src/core/optimizers/risk-measures/index.js";
import { formatMs, type TargetCheck } from "./covariance.js";
import { syntheticReturns } from "./synthetic-returns.js";
import { measure } from "./timing.js";

const T = 2520;
const N = 100;
const CVAR_TARGET_MS = 350;

export async function benchRiskMeasures(): Promise<TargetCheck[]> {
  await loadLinearSolver();
  const scenarios = syntheticReturns(T, N, 2024);
  const mu = new Float64Array(N);
  for (let t = 0; t < T; t++) for (let i = 0; i < N; i++) mu[i] += (252 * scenarios.data[t * N + i]) / T;
  const checks: TargetCheck[] = [];
  const lines: string[] = [`risk-measure models, N = ${N}, T = ${T} (portfolio-allocation: no peer for these models)`];

  // Timing wraps an async call that resolves synchronously after the first load, so measure the sync part.
  const time = async (model: RiskMeasureModel, budgetMs: number) => {
    let last = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model });
    const samples: number[] = [];
    const until = performance.now() + budgetMs;
    do {
      const start = performance.now();
      last = await optimizeRiskMeasure({ scenarios, expectedReturns: mu, model });
      samples.push(performance.now() - start);
    } while (performance.now() < until && samples.length < 15);
    samples.sort((a, b) => a - b);
    return { ms: samples[samples.length >> 1], result: last };
  };

  const cvar = await time({ kind: "minCvar", confidence: 0.95 }, 3000);
  lines.push(`  min CVaR (dual LP)        ${formatMs(cvar.ms).padStart(10)}   CVaR ${cvar.result.risk.toPrecision(10)}, ${cvar.result.solver.iterations} simplex iterations`);
  checks.push({ pass: cvar.ms <= CVAR_TARGET_MS, text: `min CVaR at N=${N}, T=${T}: ${formatMs(cvar.ms)} (target ≤ ${CVAR_TARGET_MS} ms; SciPy/HiGHS native 350 ms)` });

  // The primal LP, as SciPy is given it: the same optimum, slower with a T × T basis.
  const solver = await loadLinearSolver();
  const { LinearProgramBuilder } = await import("../src/core/optimizers/lp/index.js");
  const primal = measure(
    () => {
      const lp = new LinearProgramBuilder();
      for (let i = 0; i < N; i++) lp.addVariable({ lower: 0, upper: 1 });
      const a = lp.addVariable({ cost: 1, lower: -Infinity, upper: Infinity });
      const u = lp.addVariables(T, { cost: 1 / (0.05 * T), lower: 0, upper: Infinity });
      const idx = [...Array.from({ length: N }, (_, i) => i), a, 0];
      for (let t = 0; t < T; t++) {
        idx[N + 1] = u + t;
        lp.addRow(idx, [...scenarios.data.subarray(t * N, (t + 1) * N), 1, 1], 0, Infinity);
      }
      lp.addRow(Array.from({ length: N }, (_, i) => i), new Array(N).fill(1), 1, 1);
      return solver.solve(lp.build()).objective;
    },
    { budgetMs: 3000, maxRuns: 7 },
  );
  lines.push(`  min CVaR (primal LP)      ${formatMs(primal.medianMs).padStart(10)}   CVaR ${primal.result.toPrecision(10)}  (dual is ${(primal.medianMs / cvar.ms).toFixed(1)}× faster)`);

  for (const [label, model] of [
    ["min MAD (dual LP)", { kind: "minMad" }],
    ["min semivariance (Newton)", { kind: "minSemivariance" }],
    ["max Sortino (Newton)", { kind: "maxSortino" }],
    ["min CDaR (primal LP)", { kind: "minCdar" }],
  ] as const) {
    const r = await time(model, 2000);
    lines.push(`  ${label.padEnd(26)}${formatMs(r.ms).padStart(10)}   ${r.result.riskMeasure} ${r.result.risk.toPrecision(8)}`);
  }
  console.log(lines.join("\n"));
  return checks;
}
