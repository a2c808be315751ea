/**
 * The holdings-limited problem as the branch and bound sees it, the node handed to the model's
 * relaxation, the result record, and the checks done on use.
 *
 * The branch and bound knows nothing about covariances or budgets: a model (minimum variance, mean-
 * variance, …) supplies `relax(node)`, the convex problem with the node's fixings applied, and the search
 * only reads the relaxed weights back. So one search serves every model in `mean-variance/`.
 */
import { InvalidInputError } from "../../errors.js";

/**
 * A node of the search: which assets are fixed out of or into the portfolio. The arrays belong to the
 * search and are shared with the open nodes; `relax` reads them and must not write into them.
 */
export interface HoldingsNode {
  /** 1 = the asset is forced to weight 0 (the relaxation sets its bounds to [0, 0]). */
  readonly excluded: Uint8Array;
  /**
   * 1 = the asset is forced held: it counts towards `maxHoldings` and the relaxation must apply
   * `w ≥ minPosition` when `sign` is +1, `w ≤ −minPosition` when `sign` is −1, and nothing when `sign`
   * is 0 (only when `minPosition` is 0: the asset then just uses up a holding).
   */
  readonly included: Uint8Array;
  /** Side of each included asset (+1 long, −1 short, 0 no threshold); 0 on the assets not included. */
  readonly sign: Int8Array;
  /** Branchings from the root (0 at the root). */
  readonly depth: number;
  /** The parent relaxation's `warmStart`, undefined at the root and in the rounding heuristic's first solve. */
  readonly parentWarmStart?: unknown;
}

/** What `relax` returns for a node it can solve; `null` means the node's convex problem has no point. */
export interface Relaxation {
  /**
   * The optimum of the node's convex relaxation, to be MINIMISED. It must be a lower bound on every
   * portfolio in the node's subtree, which holds when the relaxation keeps every constraint of the
   * model, applies the node's fixings, and only drops "w = 0 or |w| ≥ m" and the holdings count. It
   * must also be the model's objective at `weights`, since a relaxed point within the limits becomes the
   * incumbent with this value (a strengthened relaxation, e.g. perspective, would break that).
   */
  readonly objective: number;
  /** The relaxed solution's asset weights, length `nAssets` (copied by the search, never kept). */
  readonly weights: Float64Array;
  /** Anything the model wants back when solving the children (e.g. the `QpSolution` as a warm start). */
  readonly warmStart?: unknown;
}

export interface GapTolerance {
  /** A node is pruned when its bound ≥ incumbent − max(absoluteGap, relativeGap·|incumbent|). */
  readonly absoluteGap: number;
  readonly relativeGap: number;
}

export interface HoldingsProblem {
  readonly nAssets: number;
  /** At most this many assets with |w| > 1e-9 (default `nAssets`: no limit). */
  readonly maxHoldings?: number;
  /** Every held asset has |w| ≥ minPosition (default 0: no threshold). */
  readonly minPosition?: number;
  /**
   * A count of holdings that the caller can prove every feasible portfolio needs, e.g. ⌈budget / max ub⌉
   * when long only (default 0: nothing assumed). Lets the search drop a node whose non-excluded assets are
   * too few without solving it, and fail at once when it exceeds `maxHoldings`.
   */
  readonly minHoldings?: number;
  /**
   * false (default): long only, so an included asset means `w ≥ minPosition`; a relaxation that returns
   * a negative weight while `minPosition > 0` is rejected. true: an included asset is also branched on
   * its side (`w ≥ m` or `w ≤ −m`, the two halves of the non-convex `|w| ≥ m`).
   */
  readonly allowShort?: boolean;
  /** The model's convex relaxation of a node; `null` when that node has no feasible point. */
  readonly relax: (node: HoldingsNode) => Relaxation | null;
  /** Default `{ absoluteGap: 1e-12, relativeGap: 1e-10 }`. */
  readonly tolerance?: GapTolerance;
  /** Nodes of the tree to relax before stopping with status "nodeLimit" (default 100 000). */
  readonly maxNodes?: number;
}

export interface HoldingsResult {
  /** The best portfolio found (a copy of a relaxation's weights, held assets |w| > 1e-9). */
  readonly weights: Float64Array;
  readonly objective: number;
  /** Indices of the held assets (|w| > 1e-9), ascending. */
  readonly held: readonly number[];
  /** "optimal": proven within the gap tolerance; "nodeLimit": `maxNodes` reached first. */
  readonly status: "optimal" | "nodeLimit";
  /** A proven lower bound on the optimum (the least bound over the unexplored and the tolerance-pruned nodes). */
  readonly lowerBound: number;
  /** `objective − lowerBound` ≥ 0, absolute. */
  readonly gap: number;
  /** Tree nodes relaxed (the root included). */
  readonly nodes: number;
  /** Extra relaxations solved by the rounding heuristic for the first incumbent. */
  readonly heuristicRelaxations: number;
}

/** The problem with its defaults filled in. */
export interface HoldingsSettings {
  readonly nAssets: number;
  readonly maxHoldings: number;
  readonly minPosition: number;
  readonly minHoldings: number;
  readonly allowShort: boolean;
  readonly tolerance: GapTolerance;
  readonly maxNodes: number;
}

/**
 * Below this |w| an asset counts as not held. The QP solver's feasibility bar is 1e-9, so a weight the
 * solver meant as 0 may come back as ±1e-12; it must not use up a holding.
 */
export const ZERO_WEIGHT = 1e-9;

/** A free asset meets the threshold when |w| ≥ m − MIN_POSITION_SLACK (rounding of the solver's bound). */
export const MIN_POSITION_SLACK = 1e-12;

/**
 * An included asset sits on the bound the relaxation applied, which the QP solver meets to its 1e-9
 * feasibility bar; beyond that the relaxation broke its contract.
 */
export const INCLUDED_SLACK = 1e-9;

function integerAtLeast(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidInputError(`${name} must be an integer ≥ ${min}, got ${value}`, { [name]: value });
  }
}

/** Fills the defaults and checks the ranges; throws `InvalidInputError` naming the offending field. */
export function holdingsSettings(problem: HoldingsProblem): HoldingsSettings {
  const { nAssets } = problem;
  integerAtLeast("nAssets", nAssets, 1);
  const maxHoldings = problem.maxHoldings ?? nAssets;
  integerAtLeast("maxHoldings", maxHoldings, 1);
  const minPosition = problem.minPosition ?? 0;
  if (!(Number.isFinite(minPosition) && minPosition >= 0)) {
    throw new InvalidInputError(`minPosition must be finite and ≥ 0, got ${minPosition}`, { minPosition });
  }
  const minHoldings = problem.minHoldings ?? 0;
  integerAtLeast("minHoldings", minHoldings, 0);
  const maxNodes = problem.maxNodes ?? 100_000;
  integerAtLeast("maxNodes", maxNodes, 1);
  const tolerance = problem.tolerance ?? { absoluteGap: 1e-12, relativeGap: 1e-10 };
  for (const [name, value] of Object.entries(tolerance)) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new InvalidInputError(`tolerance.${name} must be finite and ≥ 0, got ${value}`, { [name]: value });
    }
  }
  return {
    nAssets,
    maxHoldings: Math.min(maxHoldings, nAssets),
    minPosition,
    minHoldings,
    allowShort: problem.allowShort ?? false,
    tolerance,
    maxNodes,
  };
}
