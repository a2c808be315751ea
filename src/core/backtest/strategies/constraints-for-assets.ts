/**
 * Portfolio constraints are written against the panel's columns, but at a rebalance date only the
 * eligible assets are optimised. This restricts every per-asset part (bounds, groups, linear rows,
 * tracking-error benchmark) to those assets and states the weights held now, so turnover limits and
 * transaction-cost terms see the drifted portfolio.
 */
import type { AssetGroup, LinearConstraint, PortfolioConstraints } from "../../optimizers/constraints/portfolio-constraints.js";

/** `values` (one per panel column) at the eligible `assets`. */
export function pickAssets(values: ArrayLike<number>, assets: readonly number[]): Float64Array {
  return Float64Array.from(assets, (j) => values[j]);
}

function remapGroups(groups: readonly AssetGroup[], assets: readonly number[]): AssetGroup[] {
  const position = new Map(assets.map((j, a) => [j, a]));
  const out: AssetGroup[] = [];
  for (const group of groups) {
    const members = group.members.filter((j) => position.has(j)).map((j) => position.get(j) as number);
    // A group whose members are all ineligible constrains nothing, unless it demands a floor: keep that
    // one so the optimiser reports the infeasibility (recorded as a failed rebalance).
    if (members.length === 0 && !((group.lower ?? 0) > 0)) continue;
    out.push({ ...group, members });
  }
  return out;
}

/**
 * The constraints of the sub-problem over `assets` (panel column indices, ascending), with
 * `currentWeights` set to `previousWeights` (over `assets`) when turnover or costs are constrained.
 */
export function constraintsForAssets(
  constraints: PortfolioConstraints,
  assets: readonly number[],
  previousWeights: Float64Array,
): PortfolioConstraints {
  const { bounds, groups, linear, trackingError } = constraints;
  const out: { -readonly [K in keyof PortfolioConstraints]: PortfolioConstraints[K] } = { ...constraints };
  if (bounds !== undefined && !Array.isArray(bounds)) {
    const perAsset = bounds as { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> };
    out.bounds = { lower: pickAssets(perAsset.lower, assets), upper: pickAssets(perAsset.upper, assets) };
  }
  if (groups !== undefined) out.groups = remapGroups(groups, assets);
  if (linear !== undefined) {
    out.linear = linear.map((row): LinearConstraint => ({ ...row, coefficients: pickAssets(row.coefficients, assets) }));
  }
  if (trackingError !== undefined) {
    out.trackingError = { ...trackingError, benchmark: pickAssets(trackingError.benchmark, assets) };
  }
  if (constraints.maxTurnover !== undefined || constraints.transactionCost !== undefined) out.currentWeights = previousWeights;
  else delete out.currentWeights;
  return out;
}
