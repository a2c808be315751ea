/**
 * `maxHoldings` and `minPosition` on any mean-variance model: the exact branch and bound of
 * `cardinality/` over the model's own convex relaxation. A node's relaxation is the model with the
 * node's assets fixed out (bounds [0, 0]) and fixed in (w ≥ m long, w ≤ −m short); for max Sharpe the
 * same in the homogenised variables (yᵢ = 0, ±yᵢ − m·κ ≥ 0), whose objective 1/Sharpe² orders nodes
 * the same way. The winning holdings are solved once more as a plain model, so the result carries that
 * solve's KKT report and the model's own objective.
 */
import { InfeasibleProblemError, MaxSharpeUndefinedError, TargetOutOfRangeError } from "../../errors.js";
import { branchAndBoundHoldings, type HoldingsNode } from "../cardinality/index.js";
import type { QpSolution } from "../qp/index.js";
import type { MeanVarianceModel } from "./mean-variance-model.js";
import { solvesMaxSharpeByCone } from "./max-sharpe.js";
import type { ModelContext } from "./quadratic-models.js";
import { runModel, type ModelRun, type RunSettings } from "./run-model.js";

interface NodeFixings {
  readonly excluded: Uint8Array;
  readonly included: Uint8Array;
  readonly sign: Int8Array;
}

/** The node's bounds on the weights, or null when a fixing contradicts them (e.g. excluded but lb > 0). */
function nodeBounds(ctx: ModelContext, node: NodeFixings, minPosition: number): { lower: Float64Array; upper: Float64Array } | null {
  const lower = Float64Array.from(ctx.compiled.lowerBounds);
  const upper = Float64Array.from(ctx.compiled.upperBounds);
  for (let i = 0; i < ctx.moments.n; i++) {
    if (node.excluded[i]) {
      if (lower[i] > 0 || upper[i] < 0) return null;
      lower[i] = 0;
      upper[i] = 0;
    } else if (node.included[i] && minPosition > 0) {
      if (node.sign[i] > 0) lower[i] = Math.max(lower[i], minPosition);
      else if (node.sign[i] < 0) upper[i] = Math.min(upper[i], -minPosition);
      if (lower[i] > upper[i]) return null;
    }
  }
  return { lower, upper };
}

function solveNode(model: MeanVarianceModel, ctx: ModelContext, settings: RunSettings, node: NodeFixings, minPosition: number): ModelRun | null {
  try {
    if (model.kind === "maxSharpe" && solvesMaxSharpeByCone(ctx.compiled)) {
      return runModel(model, ctx, { ...settings, homogenizedNode: { ...node, minPosition } });
    }
    const bounds = nodeBounds(ctx, node, minPosition);
    if (bounds === null) return null;
    return runModel(model, { ...ctx, overrides: bounds }, settings);
  } catch (error) {
    // A node whose fixings leave no portfolio (or no reachable target) is pruned, not an error.
    if (error instanceof InfeasibleProblemError || error instanceof TargetOutOfRangeError) return null;
    if (error instanceof MaxSharpeUndefinedError && error.details.reason !== "marketNeutral") return null;
    throw error;
  }
}

/** Runs the model under `maxHoldings` / `minPosition`; returns the best holdings' solve and the node count. */
export function searchHoldings(model: MeanVarianceModel, ctx: ModelContext, settings: RunSettings): { run: ModelRun; nodes: number; status: "optimal" | "nodeLimit"; gap: number } {
  const { n } = ctx.moments;
  const maxHoldings = settings.constraints.maxHoldings;
  const minPosition = settings.constraints.minPosition ?? 0;
  let allowShort = false;
  for (let i = 0; i < n; i++) if (ctx.compiled.lowerBounds[i] < 0) allowShort = true;
  const result = branchAndBoundHoldings({
    nAssets: n,
    ...(maxHoldings === undefined ? {} : { maxHoldings }),
    minPosition,
    allowShort,
    relax: (node: HoldingsNode) => {
      const run = solveNode(model, ctx, { ...settings, warm: node.parentWarmStart as QpSolution | undefined }, node, minPosition);
      if (run === null) return null;
      const weights = run.outcome.weights ?? run.outcome.solution.x.subarray(0, n);
      return { objective: run.minimised, weights: Float64Array.from(weights), warmStart: run.outcome.solution };
    },
  });
  // Re-solve with exactly the held assets free (and at least minPosition): a relaxation of the winning
  // node whose optimum is feasible for the mixed-integer problem, hence optimal too.
  const held = new Set(result.held);
  const excluded = Uint8Array.from({ length: n }, (_, i) => (held.has(i) ? 0 : 1));
  const included = Uint8Array.from({ length: n }, (_, i) => (held.has(i) ? 1 : 0));
  const sign = Int8Array.from({ length: n }, (_, i) => (held.has(i) ? (result.weights[i] < 0 ? -1 : 1) : 0));
  const run = solveNode(model, ctx, settings, { excluded, included, sign }, minPosition);
  if (run === null) throw new InfeasibleProblemError(`the best holdings found could not be solved again`, { held: result.held });
  return { run, nodes: result.nodes, status: result.status, gap: result.gap };
}
