/**
 * Allocators without expected returns on the synthetic factor-model universe (T = 2520 daily returns):
 * HRP at N = 100 and 500 (targets ≤ 1 ms and ≤ 20 ms; SciPy + PyPortfolioOpt take 2.7 ms at N = 100),
 * equal risk contribution at N = 500 (target ≤ 50 ms), HERC and NCO for scale, and maximum
 * diversification. portfolio-allocation sits beside us where it has the model: `equalRiskContributionWeights`
 * (cyclical coordinate descent, tolerance 1e-10) and `mostDiversifiedWeights`; it has no HRP (its
 * `clusterRiskParityWeights` is a different model). Quality is compared too: the largest gap of a risk
 * share to 1/N for ERC, the diversification ratio for maximum diversification.
 */
import PortfolioAllocation from "portfolio-allocation";
import type { SymmetricMatrix } from "../src/core/linalg/matrix.js";
import { diversificationRatio, riskContributions } from "../src/core/measures/index.js";
import { sampleCovariance } from "../src/core/moments/covariance/index.js";
import {
  hierarchicalEqualRiskContribution,
  hierarchicalRiskParity,
  nestedClusteredOptimization,
} from "../src/core/optimizers/hierarchical/index.js";
import { equalRiskContribution, maximumDiversification } from "../src/core/optimizers/risk-budgeting/index.js";
import { formatMs, type TargetCheck } from "./covariance.js";
import { syntheticReturns } from "./synthetic-returns.js";
import { measure } from "./timing.js";
import { performance } from "node:perf_hooks";

const T = 2520;

/** The parts of portfolio-allocation this bench calls beyond bench/portfolio-allocation.d.ts. */
interface PeerAllocators {
  equalRiskContributionWeights(sigma: number[][], opt?: { eps?: number; maxCycles?: number }): number[];
  mostDiversifiedWeights(sigma: number[][], opt?: Record<string, unknown>): number[];
}
const peer = PortfolioAllocation as unknown as PeerAllocators;

function universe(n: number): { covariance: SymmetricMatrix; rows: number[][] } {
  const covariance = sampleCovariance(syntheticReturns(T, n, 2024), { periodsPerYear: 252 }).covariance;
  const rows = Array.from({ length: n }, (_, i) => Array.from(covariance.data.subarray(i * n, (i + 1) * n)));
  return { covariance, rows };
}

function warmUp(fn: () => unknown): void {
  const until = performance.now() + 100;
  do fn();
  while (performance.now() < until);
}

function time<T>(fn: () => T): { ms: number; result: T } {
  warmUp(fn);
  const m = measure(fn, { budgetMs: 800 });
  return { ms: m.medianMs, result: m.result };
}

const ercGap = (w: ArrayLike<number>, covariance: SymmetricMatrix): number => {
  const shares = riskContributions(w, covariance).percentage;
  return Math.max(...Array.from(shares, (s) => Math.abs(s - 1 / shares.length)));
};

export async function benchAllocators(): Promise<TargetCheck[]> {
  console.log(`Allocators without expected returns, T = ${T}, synthetic factor model`);
  console.log(`${"N".padStart(5)}  ${"model".padEnd(26)}${"ours".padStart(11)}${"portfolio-allocation".padStart(22)}${"peer/ours".padStart(11)}  quality`);
  const checks: TargetCheck[] = [];
  const row = (n: number, model: string, ours: number, theirs: number | undefined, quality: string) => {
    const ratio = theirs === undefined ? "" : `${(theirs / ours).toFixed(1)}×`;
    console.log(`${String(n).padStart(5)}  ${model.padEnd(26)}${formatMs(ours).padStart(11)}${(theirs === undefined ? "-" : formatMs(theirs)).padStart(22)}${ratio.padStart(11)}  ${quality}`);
  };

  for (const n of [100, 500]) {
    const u = universe(n);
    const hrp = time(() => hierarchicalRiskParity({ covariance: u.covariance }));
    row(n, "hierarchicalRiskParity", hrp.ms, undefined, "no peer (SciPy + PyPortfolioOpt: 2.7 ms at N = 100)");
    const target = n === 100 ? 1 : 20;
    checks.push({ pass: hrp.ms <= target, text: `HRP N=${n}: ${formatMs(hrp.ms)} ≤ ${target} ms` });
    const herc = time(() => hierarchicalEqualRiskContribution({ covariance: u.covariance }));
    row(n, "hierarchicalEqualRisk…", herc.ms, undefined, `${herc.result.clusters?.length} clusters`);
    const nco = time(() => nestedClusteredOptimization({ covariance: u.covariance }));
    row(n, "nestedClustered (minVol)", nco.ms, undefined, `${nco.result.clusters?.length} clusters`);

    const erc = time(() => equalRiskContribution(u.covariance));
    const peerErc = time(() => peer.equalRiskContributionWeights(u.rows));
    row(n, "equalRiskContribution", erc.ms, peerErc.ms, `max |share − 1/N|: ours ${ercGap(erc.result.weights, u.covariance).toExponential(1)}, theirs ${ercGap(peerErc.result, u.covariance).toExponential(1)}`);
    if (n === 500) checks.push({ pass: erc.ms <= 50, text: `equal risk contribution N=500: ${formatMs(erc.ms)} ≤ 50 ms` });

    const mdp = time(() => maximumDiversification(u.covariance));
    let peerText: number | undefined;
    let quality = `DR ours ${mdp.result.diversificationRatio.toFixed(6)}`;
    if (n <= 100) {
      const theirs = time(() => peer.mostDiversifiedWeights(u.rows));
      peerText = theirs.ms;
      quality += `, theirs ${diversificationRatio(theirs.result, u.covariance).toFixed(6)}`;
    }
    row(n, "maximumDiversification", mdp.ms, peerText, quality);
  }
  console.log("");
  return checks;
}
