/**
 * Every mean-variance model through the entry point users call (`optimizeMeanVariance`) at N = 20, 100,
 * 500 and 2,000 on the synthetic factor-model universe of bench/optimizers.ts, with portfolio-allocation's
 * `meanVarianceOptimizationWeights` side by side on the models it has (target return, target volatility,
 * risk tolerance = 1/δ; long-only, fully invested). Targets are set inside each universe's attainable
 * range: the midpoint between the minimum-volatility and the maximum-return portfolios. Objective gaps are
 * recomputed from each side's weights in the model's own terms (variance at the target return, return at
 * the target volatility, utility), (theirs − ours)/|ours|, positive = the peer is worse.
 */
import PortfolioAllocation from "portfolio-allocation";
import type { SymmetricMatrix } from "../src/core/linalg/matrix.js";
import { quadraticForm } from "../src/core/linalg/matrix.js";
import { sampleCovariance } from "../src/core/moments/covariance/index.js";
import { optimizeMeanVariance, type MeanVarianceModel } from "../src/core/optimizers/index.js";
import { formatMs, type TargetCheck } from "./covariance.js";
import { syntheticReturns } from "./synthetic-returns.js";
import { measure } from "./timing.js";
import { performance } from "node:perf_hooks";

const T = 2520;
const SIZES = [20, 100, 500, 2000];
const PEER_LIMIT_MS = 10_000;
const RISK_AVERSION = 2;

interface Universe {
  readonly n: number;
  readonly covariance: SymmetricMatrix;
  readonly mu: Float64Array;
  readonly rows: number[][];
}

function universe(n: number): Universe {
  const returns = syntheticReturns(T, n, 2024);
  const covariance = sampleCovariance(returns, { periodsPerYear: 252 }).covariance;
  const mu = new Float64Array(n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) mu[i] += returns.data[t * n + i];
  for (let i = 0; i < n; i++) mu[i] *= 252 / T;
  const rows = Array.from({ length: n }, (_, i) => Array.from(covariance.data.subarray(i * n, (i + 1) * n)));
  return { n, covariance, mu, rows };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** The model's objective in minimisation form, for comparing two weight vectors. */
function objective(u: Universe, model: MeanVarianceModel, w: ArrayLike<number>): number {
  const variance = quadraticForm(u.covariance, Array.from(w));
  switch (model.kind) {
    case "efficientReturn":
      return variance;
    case "efficientRisk":
      return -dot(u.mu, w);
    case "maxQuadraticUtility":
      return -(dot(u.mu, w) - (RISK_AVERSION / 2) * variance);
    default:
      return variance;
  }
}

function peer(u: Universe, model: MeanVarianceModel): (() => number[]) | undefined {
  const mu = Array.from(u.mu);
  const constraints =
    model.kind === "efficientReturn"
      ? { return: model.targetReturn }
      : model.kind === "efficientRisk"
        ? { volatility: model.targetVolatility }
        : model.kind === "maxQuadraticUtility"
          ? { riskTolerance: 1 / RISK_AVERSION }
          : undefined;
  if (constraints === undefined) return undefined;
  return () => PortfolioAllocation.meanVarianceOptimizationWeights(mu, u.rows, { constraints }) as number[];
}

/** ~100 ms of calls before timing, so sub-millisecond rows are not timed before the JIT has compiled them. */
function warmUp(fn: () => unknown): void {
  const until = performance.now() + 100;
  do fn();
  while (performance.now() < until);
}

export function benchModels(): TargetCheck[] {
  console.log("Every model through optimizeMeanVariance (long-only, fully invested), T = 2520, synthetic factor model");
  console.log(`${"N".padStart(5)}  ${"model".padEnd(22)}${"ours".padStart(11)}${"portfolio-allocation".padStart(22)}${"peer/ours".padStart(11)}  objective gap`);
  const checks: TargetCheck[] = [];
  /** The peer's last measured time per model and the size it was measured at, for the O(N³) estimate. */
  const peerMs: Record<string, { ms: number; n: number }> = {};
  for (const n of SIZES) {
    const u = universe(n);
    const minVol = optimizeMeanVariance({ expectedReturns: u.mu, covariance: u.covariance, model: { kind: "minVolatility" } });
    const maxReturn = Math.max(...u.mu);
    const maxReturnVol = Math.sqrt(u.covariance.data[u.mu.indexOf(maxReturn) * (n + 1)]);
    // A benchmark whose largest weights exceed the cap below, so tracking it takes an optimization.
    const benchmark = Float64Array.from({ length: n }, (_, i) => 1 + (i % 5));
    const total = benchmark.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) benchmark[i] /= total;
    const models: MeanVarianceModel[] = [
      { kind: "minVolatility" },
      { kind: "maxSharpe" },
      { kind: "maxQuadraticUtility", riskAversion: RISK_AVERSION },
      { kind: "efficientReturn", targetReturn: (minVol.performance.expectedReturn + maxReturn) / 2 },
      { kind: "efficientRisk", targetVolatility: (minVol.performance.volatility + maxReturnVol) / 2 },
      { kind: "minTrackingError", benchmark },
    ];
    for (const model of models) {
      // The tracking-error model needs a reason to deviate from its benchmark: a cap on every weight.
      const constraints = model.kind === "minTrackingError" ? { bounds: [0, 2.5 / n] as [number, number] } : undefined;
      const solve = () => optimizeMeanVariance({ expectedReturns: u.mu, covariance: u.covariance, model, constraints });
      warmUp(solve);
      const ours = measure(solve, { budgetMs: 800 });
      let peerText = "-";
      let ratio = "";
      let gap = "";
      const run = constraints === undefined ? peer(u, model) : undefined;
      const previous = peerMs[model.kind];
      const estimate = previous === undefined ? 0 : previous.ms * (n / previous.n) ** 3;
      if (run !== undefined && estimate <= PEER_LIMIT_MS) {
        try {
          warmUp(run);
          const theirs = measure(run, { budgetMs: 800, maxRuns: 7 });
          peerMs[model.kind] = { ms: theirs.medianMs, n };
          peerText = formatMs(theirs.medianMs);
          ratio = `${(theirs.medianMs / ours.medianMs).toFixed(1)}×`;
          const a = objective(u, model, ours.result.weights);
          const b = objective(u, model, theirs.result);
          gap = ((b - a) / Math.abs(a)).toExponential(1);
        } catch (error) {
          peerText = "failed";
          gap = (error as Error).message.slice(0, 40);
        }
      } else if (run !== undefined) {
        peerText = `~${formatMs(estimate)}`;
        gap = "skipped: estimated past the limit";
      }
      console.log(
        `${String(n).padStart(5)}  ${model.kind.padEnd(22)}${formatMs(ours.medianMs).padStart(11)}${peerText.padStart(22)}${ratio.padStart(11)}  ${gap}`,
      );
      if (ratio !== "") {
        const faster = Number.parseFloat(ratio) > 1;
        const noWorse = Number.parseFloat(gap) >= -1e-9;
        checks.push({
          pass: faster && noWorse,
          text: `${model.kind} N=${n}: faster than portfolio-allocation (${ratio}) with an objective no worse (gap ${gap})`,
        });
      }
    }
  }
  console.log("");
  return checks;
}
