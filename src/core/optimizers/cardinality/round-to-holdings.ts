/**
 * The first incumbent: round the root relaxation to its largest positions and re-solve. This is only a
 * starting point for the branch and bound — a good incumbent early lets the search prune most of the
 * tree — never the answer: the best K-asset portfolio need not hold the K assets the unconstrained optimum
 * weights most (the test suite's brute force finds such cases on 10 assets).
 */
import { classifyRelaxation } from "./classify-relaxation.js";
import type { HoldingsNode, HoldingsSettings, Relaxation } from "./holdings-problem.js";

export interface Rounded {
  /** A portfolio within the holdings limits, or null when rounding found none. */
  readonly incumbent: { readonly objective: number; readonly weights: Float64Array } | null;
  /** Relaxations solved. */
  readonly relaxations: number;
}

/**
 * Keeps the `maxHoldings` largest |w| of `root` (excludes every other asset) and re-solves; while a kept
 * weight then falls below `minPosition`, excludes the smallest such weight and re-solves again. Each
 * round excludes one more asset, so there are at most `maxHoldings + 1` relaxations.
 */
export function roundToHoldings(
  root: Relaxation,
  settings: HoldingsSettings,
  relax: (node: HoldingsNode) => Relaxation | null,
): Rounded {
  const { nAssets, maxHoldings, minHoldings } = settings;
  const order = Array.from({ length: nAssets }, (_, i) => i).sort(
    (a, b) => Math.abs(root.weights[b]) - Math.abs(root.weights[a]) || a - b,
  );
  const excluded = new Uint8Array(nAssets);
  for (let r = maxHoldings; r < nAssets; r++) excluded[order[r]] = 1;
  let kept = Math.min(maxHoldings, nAssets);
  // Nothing is forced held here: the rounded problem only drops assets, so the model applies no threshold.
  const included = new Uint8Array(nAssets);
  const sign = new Int8Array(nAssets);
  let parentWarmStart = root.warmStart;
  let relaxations = 0;
  while (kept > 0 && kept >= minHoldings) {
    const node: HoldingsNode = { excluded, included, sign, depth: 0, parentWarmStart };
    const relaxation = relax(node);
    relaxations++;
    if (relaxation === null) break;
    const verdict = classifyRelaxation(relaxation, node, settings);
    if (verdict.feasible) {
      return { incumbent: { objective: relaxation.objective, weights: Float64Array.from(relaxation.weights) }, relaxations };
    }
    // At most `maxHoldings` assets are left, so the count holds and the verdict is a threshold breach.
    excluded[verdict.smallestBreach] = 1;
    kept--;
    parentWarmStart = relaxation.warmStart;
  }
  return { incumbent: null, relaxations };
}
