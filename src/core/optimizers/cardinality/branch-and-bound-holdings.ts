/**
 * Exact "at most K holdings" and "a held asset's |weight| ≥ m" by branch and bound over a model's convex
 * relaxation: the mixed-integer QP that the npm `highs` package cannot solve, done on our own QP solver.
 *
 * Method, after Bienstock (1996, "Computational study of a family of mixed-integer quadratic programming
 * problems", Math. Programming 74) and Bertsimas & Shioda (2009, "Algorithm for cardinality-constrained
 * quadratic optimization", Comput. Optim. Appl. 43): a node fixes some assets out (w = 0) and some in
 * (|w| ≥ m, on a chosen side); its relaxation drops the count and the "0 or ≥ m" disjunction on the rest,
 * so its optimum bounds the node's whole subtree from below. Children are warm-started from the parent.
 *
 * Search order: depth first, diving into one child per branching (the one on the side of the branched
 * weight: excluded when |w| < m/2, included otherwise; `classify-relaxation.ts` says which asset), and
 * when a dive ends — an incumbent, a pruned or an infeasible node — backtracking to the open node with
 * the least bound. Dives find incumbents fast and
 * keep consecutive relaxations alike (so warm starts pay); best-bound backtracking keeps the tree small.
 */
import { ConvergenceError, InfeasibleProblemError } from "../../errors.js";
import { classifyRelaxation, heldAssets } from "./classify-relaxation.js";
import {
  MIN_POSITION_SLACK,
  ZERO_WEIGHT,
  holdingsSettings,
  type HoldingsNode,
  type HoldingsProblem,
  type HoldingsResult,
  type HoldingsSettings,
  type Relaxation,
} from "./holdings-problem.js";
import { NodeHeap } from "./node-heap.js";
import { roundToHoldings } from "./round-to-holdings.js";

interface OpenNode {
  readonly node: HoldingsNode;
  /** A lower bound on the subtree: the parent's relaxed objective. */
  readonly bound: number;
  readonly depth: number;
  /** The parent's relaxation when it already satisfies this node's fixings, so it is this node's too. */
  readonly inherited?: Relaxation;
}

interface Incumbent {
  objective: number;
  weights: Float64Array;
}

/**
 * Minimises a model's objective over portfolios with at most `maxHoldings` assets held (|w| > 1e-9) and
 * every held |w| ≥ `minPosition`, exactly (to the gap tolerance), by branch and bound over the model's
 * convex relaxation `relax(node)`.
 *
 * `relax` receives `node.excluded` (1 → the model sets the asset's bounds to [0, 0]), `node.included` and
 * `node.sign` (1 with sign +1 → lower bound `minPosition`; sign −1 → upper bound `−minPosition`) and
 * `node.parentWarmStart`; it returns `{ objective, weights, warmStart }` of the relaxed problem, or null
 * when the node's constraints admit no point. Its objective must be a lower bound on the node's subtree
 * and equal the model's objective at `weights` (true of the plain convex relaxation).
 *
 * Returns the weights (copied), objective, held assets, status "optimal" (gap within tolerance) or
 * "nodeLimit" (`maxNodes` relaxations spent: the best portfolio found with its proven `lowerBound` and
 * `gap`), and node counts. Throws `InfeasibleProblemError` (INFEASIBLE_CONSTRAINTS) when no portfolio
 * meets the limits, `ConvergenceError` when the node limit comes before any portfolio was found, and
 * `InvalidInputError` / `ShapeMismatchError` for bad settings or a relaxation that broke its contract.
 *
 * @example
 * // Long-only minimum variance (P = 2Σ, Σw = 1, 0 ≤ w ≤ 1) with at most 5 names, each ≥ 5%.
 * const result = branchAndBoundHoldings({
 *   nAssets: n, maxHoldings: 5, minPosition: 0.05,
 *   relax: (node) => {
 *     const lowerBounds = Array.from(node.included, (v) => v * 0.05);
 *     const upperBounds = Array.from(node.excluded, (v) => 1 - v);
 *     try {
 *       const sol = solveQuadraticProgram({ P, q, equalities, lowerBounds, upperBounds },
 *         { warmStart: node.parentWarmStart as QpSolution | undefined });
 *       return { objective: sol.objective, weights: sol.x, warmStart: sol };
 *     } catch (e) { if (e instanceof InfeasibleProblemError) return null; throw e; }
 *   },
 * });
 */
export function branchAndBoundHoldings(problem: HoldingsProblem): HoldingsResult {
  const settings = holdingsSettings(problem);
  const { nAssets: n, maxHoldings, minPosition, minHoldings, maxNodes, tolerance } = settings;
  const limits = describeLimits(settings);
  let status: HoldingsResult["status"] = "optimal";
  let heuristicRelaxations = 0;
  if (minHoldings > maxHoldings) {
    throw new InfeasibleProblemError(`no portfolio of ${limits} satisfies the constraints: every feasible portfolio holds at least ${minHoldings}`, {
      maxHoldings,
      minHoldings,
    });
  }
  const relax = problem.relax;
  const rootNode: HoldingsNode = { excluded: new Uint8Array(n), included: new Uint8Array(n), sign: new Int8Array(n), depth: 0 };
  const root = relax(rootNode);
  let nodes = 1;
  if (root === null) {
    throw new InfeasibleProblemError(`the constraints admit no portfolio even before the holdings limits (${limits}) are applied`, {
      maxHoldings,
      minPosition,
      nodes,
    });
  }
  const rootVerdict = classifyRelaxation(root, rootNode, settings);
  if (rootVerdict.feasible) return finish({ objective: root.objective, weights: Float64Array.from(root.weights) }, root.objective);

  const rounded = roundToHoldings(root, settings, relax);
  heuristicRelaxations = rounded.relaxations;
  let incumbent: Incumbent | null = rounded.incumbent === null ? null : { ...rounded.incumbent };
  const slack = () => (incumbent === null ? 0 : Math.max(tolerance.absoluteGap, tolerance.relativeGap * Math.abs(incumbent.objective)));
  const prunable = (bound: number) => incumbent !== null && bound >= incumbent.objective - slack();
  // Least bound among the nodes dropped by the gap test: their subtrees were not proven worse than the
  // incumbent, only not better by more than the tolerance, so they limit the proven lower bound.
  let prunedBound = Infinity;

  const heap = new NodeHeap<OpenNode>();
  let current: OpenNode | undefined = branch(rootNode, root, root.objective, rootVerdict.asset, rootVerdict.weight, settings, heap);
  for (;;) {
    if (current === undefined) {
      current = heap.pop();
      if (current === undefined) break;
    }
    if (prunable(current.bound)) {
      prunedBound = Math.min(prunedBound, current.bound);
      current = undefined;
      continue;
    }
    let relaxation = current.inherited;
    if (relaxation === undefined) {
      if (nodes >= maxNodes) {
        heap.push(current);
        status = "nodeLimit";
        break;
      }
      const solved = relax(current.node);
      nodes++;
      if (solved === null) {
        current = undefined;
        continue;
      }
      relaxation = solved;
    }
    const verdict = classifyRelaxation(relaxation, current.node, settings);
    // A child's feasible set lies inside its parent's, so its optimum cannot be lower; max() only guards
    // against the solver's rounding making it look so.
    const bound = Math.max(current.bound, relaxation.objective);
    if (prunable(bound)) {
      prunedBound = Math.min(prunedBound, bound);
      current = undefined;
    } else if (verdict.feasible) {
      // Not prunable, so strictly better than the incumbent beyond the tolerance.
      incumbent = { objective: relaxation.objective, weights: Float64Array.from(relaxation.weights) };
      current = undefined;
    } else {
      current = branch(current.node, relaxation, bound, verdict.asset, verdict.weight, settings, heap);
    }
  }
  if (incumbent === null) {
    if (status === "nodeLimit") {
      throw new ConvergenceError(`the node limit (${maxNodes}) came before any portfolio within the holdings limits was found`, {
        maxNodes,
        nodes,
      });
    }
    throw new InfeasibleProblemError(`no portfolio of ${limits} satisfies the constraints`, { maxHoldings, minPosition, nodes });
  }
  return finish(incumbent, Math.min(incumbent.objective, prunedBound, heap.leastBound));

  function finish(best: Incumbent, lowerBound: number): HoldingsResult {
    return Object.freeze({
      weights: best.weights,
      objective: best.objective,
      held: Object.freeze(heldAssets(best.weights)),
      status,
      lowerBound,
      gap: Math.max(0, best.objective - lowerBound),
      nodes,
      heuristicRelaxations,
    });
  }
}

/** "at most K assets with every held |weight| ≥ m", for the error messages. */
function describeLimits({ maxHoldings, minPosition, nAssets }: HoldingsSettings): string {
  const count = maxHoldings < nAssets ? `at most ${maxHoldings} assets` : `these ${nAssets} assets`;
  return `${count}${minPosition > 0 ? ` with every held |weight| ≥ ${minPosition}` : ""}`;
}

/**
 * Children of `parent` on `asset`: excluded, and included on the relaxed weight's side (and, when short
 * positions are allowed, on the other side too; with no threshold an included asset only counts, sign 0).
 * Pushes all but the dive child onto the heap and returns the dive child (undefined when every child is
 * dropped by the cheap count test).
 */
function branch(
  parent: HoldingsNode,
  relaxation: Relaxation,
  bound: number,
  asset: number,
  weight: number,
  settings: HoldingsSettings,
  heap: NodeHeap<OpenNode>,
): OpenNode | undefined {
  const { nAssets, maxHoldings, minPosition, minHoldings, allowShort } = settings;
  const depth = parent.depth + 1;
  const parentWarmStart = relaxation.warmStart;

  let out: OpenNode | undefined;
  const excluded = Uint8Array.from(parent.excluded);
  excluded[asset] = 1;
  // Fewer candidates left than every feasible portfolio needs: dropped without a relaxation.
  if (nAssets - count(excluded) >= minHoldings) {
    out = { node: { excluded, included: parent.included, sign: parent.sign, depth, parentWarmStart }, bound, depth };
  }

  const side = weight < 0 ? -1 : 1;
  const sides = minPosition === 0 ? [0] : allowShort ? [side, -side] : [1];
  const ins = sides.map((sign): OpenNode => {
    const included = Uint8Array.from(parent.included);
    included[asset] = 1;
    const signs = Int8Array.from(parent.sign);
    signs[asset] = sign;
    // K assets forced held: every other asset must be out, and the relaxation should know it now.
    const full = count(included) === maxHoldings ? Uint8Array.from(included, (v) => 1 - v) : parent.excluded;
    const node: HoldingsNode = { excluded: full, included, sign: signs, depth, parentWarmStart };
    // When the parent's relaxed point already meets the new fixings it is optimal for this child as well.
    const meets =
      (sign === 0 || sign * weight >= minPosition - MIN_POSITION_SLACK) && offWeightsAreZero(full, parent.excluded, relaxation.weights);
    return meets ? { node, bound, depth, inherited: relaxation } : { node, bound, depth };
  });

  // Dive on the side the relaxation leans to: a weight under half the threshold is nearer to 0 than to m;
  // otherwise (always when m = 0) into the included child, which usually inherits the parent's point.
  const leansOut = Math.abs(weight) < minPosition / 2;
  const dive = leansOut && out !== undefined ? out : ins[0];
  for (const child of out === undefined ? ins : [out, ...ins]) if (child !== dive) heap.push(child);
  return dive;
}

function count(flags: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < flags.length; i++) total += flags[i];
  return total;
}

/** True when every asset excluded in `now` but not in `before` has a zero weight in `weights`. */
function offWeightsAreZero(now: Uint8Array, before: Uint8Array, weights: Float64Array): boolean {
  for (let i = 0; i < now.length; i++) if (now[i] === 1 && before[i] === 0 && Math.abs(weights[i]) > ZERO_WEIGHT) return false;
  return true;
}
