/**
 * Times the holdings branch and bound on long-only minimum variance over the 20-stock sample covariance
 * of the shared reference (at most K names, each ≥ m), side by side with enumerating every support of
 * at most K names, and prints relaxations, wall times and the ratio. Also a seeded 40-asset factor model
 * at K = 10 under a node limit, to show where the plain continuous relaxation stops being enough.
 *
 * Run: npx tsx bench/cardinality-speed.ts
 */
import { readFileSync } from "node:fs";
import { branchAndBoundHoldings, type HoldingsNode, type Relaxation } from "../src/core/optimizers/cardinality/index.js";
import { InfeasibleProblemError } from "../src/core/errors.js";
import { solveQuadraticProgram, type QpSolution } from "../src/core/optimizers/qp/index.js";
import { measure } from "./timing.js";

/** min wᵀΣw, Σw = 1, w ∈ [lb, ub] over `assets` only (P = 2Σ restricted); null when infeasible. */
function solveOn(sigma: Float64Array, n: number, assets: number[], lb: number[], ub: number[], warm?: QpSolution): QpSolution | null {
  const k = assets.length;
  const P = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) P[a * k + b] = 2 * sigma[assets[a] * n + assets[b]];
  try {
    return solveQuadraticProgram(
      { P: { size: k, data: P }, q: new Float64Array(k), equalities: { A: { rows: 1, cols: k, data: new Float64Array(k).fill(1) }, b: [1] }, lowerBounds: lb, upperBounds: ub },
      { warmStart: warm },
    );
  } catch (error) {
    if (error instanceof InfeasibleProblemError) return null;
    throw error;
  }
}

function relaxation(sigma: Float64Array, n: number, m: number): (node: HoldingsNode) => Relaxation | null {
  const all = Array.from({ length: n }, (_, i) => i);
  return (node) => {
    const lb = all.map((i) => (node.included[i] === 1 ? m : 0));
    const ub = all.map((i) => (node.excluded[i] === 1 ? 0 : 1));
    if (lb.some((v, i) => v > ub[i])) return null;
    const sol = solveOn(sigma, n, all, lb, ub, node.parentWarmStart as QpSolution | undefined);
    return sol === null ? null : { objective: sol.objective, weights: sol.x, warmStart: sol };
  };
}

/** Least variance over every support of 1..K names with each weight in [m, 1]. */
function enumerate(sigma: Float64Array, n: number, K: number, m: number): number {
  let best = Infinity;
  const subset: number[] = [];
  const extend = (from: number) => {
    if (subset.length > 0) {
      const sol = solveOn(sigma, n, subset, subset.map(() => m), subset.map(() => 1));
      if (sol !== null) best = Math.min(best, sol.objective);
    }
    if (subset.length === K) return;
    for (let i = from; i < n; i++) {
      subset.push(i);
      extend(i + 1);
      subset.pop();
    }
  };
  extend(0);
  return best;
}

/** Σ = B·Bᵀ + D: 3 factors with loadings uniform in [−0.08, 0.16], idiosyncratic variances 0.01–0.09 (seeded). */
function factorCovariance(size: number, seed: number): Float64Array {
  let state = seed >>> 0;
  // Mulberry32, so every run times the same matrix.
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const B = Array.from({ length: size * 3 }, () => -0.08 + 0.24 * rand());
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let s = i === j ? 0.01 + 0.08 * rand() : 0;
      for (let f = 0; f < 3; f++) s += B[i * 3 + f] * B[j * 3 + f];
      out[i * size + j] = out[j * size + i] = s;
    }
  }
  return out;
}

const file = new URL("../../shared/reference/expected/covariance.json", import.meta.url);
const rows: number[][] = JSON.parse(readFileSync(file, "utf8")).matrices.sample_common_window.matrix;
const n = rows.length;
const sigma = Float64Array.from(rows.flat());

console.log(`holdings branch and bound · 20-stock sample covariance · long-only minimum variance`);
console.log(`  K    m     relaxations  branch&bound   enumeration   ratio   same optimum`);
for (const K of [3, 5, 8]) {
  for (const m of [0, 0.05, 0.15]) {
    if (K * m > 1) continue;
    const bb = measure(() => branchAndBoundHoldings({ nAssets: n, maxHoldings: K, minPosition: m, relax: relaxation(sigma, n, m) }));
    const en = K <= 5 ? measure(() => enumerate(sigma, n, K, m), { budgetMs: 3000, maxRuns: 3 }) : null;
    const same = en === null ? "—" : Math.abs(bb.result.objective - en.result) <= 1e-9 * en.result ? "yes" : "NO";
    const total = bb.result.nodes + bb.result.heuristicRelaxations;
    console.log(
      `  ${String(K).padEnd(4)} ${m.toFixed(2)}  ${String(total).padStart(11)}  ${bb.medianMs.toFixed(2).padStart(10)} ms` +
        `  ${en === null ? "           —" : `${en.medianMs.toFixed(0).padStart(9)} ms`}  ${en === null ? "     —" : `${(en.medianMs / bb.medianMs).toFixed(0).padStart(5)}×`}   ${same}`,
    );
  }
}

// A harder universe: idiosyncratic risk dominates, so the continuous optimum spreads over many names and
// dropping any one of them barely raises the bound; the node limit shows the gap left.
const bigSigma = factorCovariance(40, 7);
for (const maxNodes of [1_000, 10_000]) {
  const started = performance.now();
  const r = branchAndBoundHoldings({ nAssets: 40, maxHoldings: 10, relax: relaxation(bigSigma, 40, 0), maxNodes });
  console.log(
    `\n40-asset factor model, K = 10, maxNodes ${maxNodes}: ${r.status}, ${r.nodes} relaxations, ` +
      `${(performance.now() - started).toFixed(0)} ms, relative gap ${(r.gap / r.objective).toExponential(2)}`,
  );
}
