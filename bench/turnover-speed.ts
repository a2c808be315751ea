/**
 * Turnover, transaction costs and gross leverage: min volatility and max Sharpe through
 * `optimizeMeanVariance` at N = 20, 100, 500 on a seeded factor-model universe (T = 2,520 days; Σ the
 * annualised `sampleCovariance`, μ the annualised means), bounds [−0.2, 0.5], from equal current
 * weights. Each problem is timed with no trading terms (the baseline they must not slow down), with a
 * turnover cap of 0.3, with the cap and a 10 bps cost, and with both plus gross leverage 1.6.
 *
 * Run alone: `node --import tsx bench/turnover-speed.ts` (optionally the sizes: `… 20 100`). A row whose
 * estimate (the previous size's time × (N/N_prev)³) passes 60 s is skipped and its estimate printed.
 * Each row also prints Σ|w − w0| and Σ|w|, so a fast but wrong formulation shows up here too.
 */
import type { SymmetricMatrix } from "../src/core/linalg/matrix.js";
import { sampleCovariance } from "../src/core/moments/covariance/index.js";
import { optimizeMeanVariance, type PortfolioOptimum } from "../src/core/optimizers/mean-variance/index.js";
import type { PortfolioConstraints } from "../src/core/optimizers/constraints/index.js";
import { formatMs, type TargetCheck } from "./covariance.js";
import { syntheticReturns } from "./synthetic-returns.js";
import { measure } from "./timing.js";

const T = 2520;
const PERIODS_PER_YEAR = 252;
const SIZES = [20, 100, 500];
const SKIP_MS = 60_000;
/** The targets for the full set (cap + cost + leverage), min volatility. */
const TARGET_MS: Record<number, number> = { 100: 20, 500: 300 };

type Terms = "none" | "cap" | "cap+cost" | "cap+cost+leverage";
const TERMS: Terms[] = ["none", "cap", "cap+cost", "cap+cost+leverage"];
const MODELS = ["minVolatility", "maxSharpe"] as const;

function universe(n: number): { covariance: SymmetricMatrix; mu: Float64Array } {
  const returns = syntheticReturns(T, n, 7);
  const covariance = sampleCovariance(returns, { periodsPerYear: PERIODS_PER_YEAR }).covariance;
  const mu = new Float64Array(n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) mu[i] += (returns.data[t * n + i] * PERIODS_PER_YEAR) / T;
  return { covariance, mu };
}

function constraintsFor(terms: Terms, n: number): PortfolioConstraints {
  const base: PortfolioConstraints = { bounds: [-0.2, 0.5], currentWeights: new Array<number>(n).fill(1 / n) };
  if (terms === "none") return base;
  const cap = { ...base, maxTurnover: 0.3 };
  if (terms === "cap") return cap;
  const cost = { ...cap, transactionCost: 0.001 };
  return terms === "cap+cost" ? cost : { ...cost, grossLeverage: 1.6 };
}

function sums(result: PortfolioOptimum, n: number): { turnover: number; gross: number } {
  let turnover = 0;
  let gross = 0;
  for (let i = 0; i < n; i++) {
    turnover += Math.abs(result.weights[i] - 1 / n);
    gross += Math.abs(result.weights[i]);
  }
  return { turnover, gross };
}

export function benchTurnoverSpeed(sizes: readonly number[] = SIZES): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const previous = new Map<string, { n: number; ms: number }>();
  console.log("Turnover / costs / leverage (optimizeMeanVariance, bounds [-0.2, 0.5], w0 = 1/N)");
  console.log(`${"model".padEnd(14)}${"terms".padEnd(20)}${"N".padStart(5)}${"time".padStart(12)}${"runs".padStart(6)}  Σ|w−w0|   Σ|w|     objective`);
  for (const n of sizes) {
    const { covariance, mu } = universe(n);
    for (const kind of MODELS) {
      for (const terms of TERMS) {
        const key = `${kind} ${terms}`;
        const before = previous.get(key);
        const estimate = before === undefined ? 0 : before.ms * (n / before.n) ** 3;
        const label = `${kind.padEnd(14)}${terms.padEnd(20)}${String(n).padStart(5)}`;
        if (estimate > SKIP_MS) {
          console.log(`${label}${("~" + formatMs(estimate)).padStart(12)}${"0".padStart(6)}  (skipped: estimate)`);
          previous.set(key, { n, ms: estimate });
          if (kind === "minVolatility" && terms === "cap+cost+leverage" && TARGET_MS[n] !== undefined) {
            checks.push({ pass: false, text: `min volatility, cap + cost + leverage, N=${n}: ~${formatMs(estimate)} (estimated) ≤ ${TARGET_MS[n]} ms` });
          }
          continue;
        }
        const constraints = constraintsFor(terms, n);
        const m = measure(() => optimizeMeanVariance({ expectedReturns: mu, covariance, model: { kind }, constraints }), { budgetMs: 1500 });
        const { turnover, gross } = sums(m.result, n);
        console.log(
          `${label}${formatMs(m.medianMs).padStart(12)}${String(m.runs).padStart(6)}  ${turnover.toFixed(6)}  ${gross.toFixed(6)}  ${m.result.solver.objective.toExponential(10)}`,
        );
        previous.set(key, { n, ms: m.medianMs });
        if (kind === "minVolatility" && terms === "cap+cost+leverage" && TARGET_MS[n] !== undefined) {
          checks.push({ pass: m.medianMs <= TARGET_MS[n], text: `min volatility, cap + cost + leverage, N=${n}: ${formatMs(m.medianMs)} ≤ ${TARGET_MS[n]} ms` });
        }
      }
    }
  }
  return checks;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((v) => v > 0);
  const checks = benchTurnoverSpeed(sizes.length > 0 ? sizes : SIZES);
  for (const check of checks) console.log(`  ${check.pass ? "PASS" : "MISS"}  ${check.text}`);
}
