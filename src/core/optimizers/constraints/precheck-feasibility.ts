/**
 * Cheap feasibility pre-checks: contradictions that can be seen from sums of bounds, each reported in
 * finance terms with the smallest relaxation that removes it. They are necessary conditions only; a set
 * of rows that conflict in combination is left to the solver's phase 1 (see `explainInfeasibility`).
 */
import { InfeasibleProblemError } from "../../errors.js";
import { formatNumber as f } from "./format-number.js";
import type { ResolvedConstraints, ResolvedGroup } from "./resolve-constraint-defaults.js";

/**
 * The slack allowed before a sum counts as contradicting the budget: the solver accepts violations of
 * 1e-9 relative to the right-hand sides, so a set the solver would accept is never rejected here
 * (ten bounds of 0.1 sum to 0.9999999999999999, which is the budget 1).
 */
const SLACK = 1e-9;

function infeasible(message: string, details: Record<string, unknown>): never {
  throw new InfeasibleProblemError(message, details);
}

/** Distance from `value` to the interval [lo, hi]: the least |w − value| over the bounds. */
function distanceToInterval(value: number, lo: number, hi: number): number {
  return Math.max(lo - value, value - hi, 0);
}

/** Throws `InfeasibleProblemError` for the first contradiction found among `r`'s values. */
export function precheckFeasibility(r: ResolvedConstraints): void {
  const { nAssets: n, budget, lower, upper } = r;
  const tol = SLACK * Math.max(1, Math.abs(budget));

  for (let i = 0; i < n; i++) {
    if (lower[i] > upper[i]) {
      infeasible(`bounds for asset ${i}: lower ${f(lower[i])} > upper ${f(upper[i])}`, { constraint: "bounds", asset: i, lower: lower[i], upper: upper[i] });
    }
  }
  const sumLower = lower.reduce((s, v) => s + v, 0);
  const sumUpper = upper.reduce((s, v) => s + v, 0);
  if (sumLower > budget + tol) {
    infeasible(`the lower bounds sum to ${f(sumLower)} > the budget ${f(budget)}: lower them by ${f(sumLower - budget)} in total`, {
      constraint: "budget",
      sumLower,
      budget,
      relaxation: sumLower - budget,
    });
  }
  if (sumUpper < budget - tol) {
    infeasible(`the upper bounds sum to ${f(sumUpper)} < the budget ${f(budget)}: raise them by ${f(budget - sumUpper)} in total`, {
      constraint: "budget",
      sumUpper,
      budget,
      relaxation: budget - sumUpper,
    });
  }

  for (const g of r.groups) precheckGroup(g, lower, upper);
  precheckDisjointGroups(r, tol);
  for (const c of r.linear) precheckLinear(c.label, c.coefficients, c.lower, c.upper, lower, upper);

  // Gross exposure is at least the net (Σ|w| ≥ |Σw|) and at least what the bounds force away from 0.
  if (r.grossLeverage < Math.abs(budget) - tol) {
    infeasible(`the gross leverage limit ${f(r.grossLeverage)} is below the budget's size ${f(Math.abs(budget))} (gross exposure is at least the net): raise it to at least ${f(Math.abs(budget))}`, {
      constraint: "grossLeverage",
      grossLeverage: r.grossLeverage,
      budget,
    });
  }
  let forcedExposure = 0;
  for (let i = 0; i < n; i++) forcedExposure += distanceToInterval(0, lower[i], upper[i]);
  if (r.grossLeverage < forcedExposure - tol) {
    infeasible(`the bounds force a gross exposure of at least ${f(forcedExposure)} > the gross leverage limit ${f(r.grossLeverage)}: raise the limit by ${f(forcedExposure - r.grossLeverage)}`, {
      constraint: "grossLeverage",
      grossLeverage: r.grossLeverage,
      forcedExposure,
    });
  }

  // Turnover is at least the change in net exposure and at least what the bounds force to be traded.
  if (Number.isFinite(r.maxTurnover)) {
    const held = r.currentWeights.reduce((s, v) => s + v, 0);
    let forcedTrades = 0;
    for (let i = 0; i < n; i++) forcedTrades += distanceToInterval(r.currentWeights[i], lower[i], upper[i]);
    const least = Math.max(Math.abs(budget - held), forcedTrades);
    if (r.maxTurnover < least - tol) {
      const why =
        least === forcedTrades
          ? `the bounds force trades of at least ${f(forcedTrades)} away from the current weights`
          : `moving the current weights, which sum to ${f(held)}, to the budget ${f(budget)} trades at least ${f(least)}`;
      infeasible(`${why} > the turnover limit ${f(r.maxTurnover)}: raise the limit by ${f(least - r.maxTurnover)}`, {
        constraint: "maxTurnover",
        maxTurnover: r.maxTurnover,
        leastTurnover: least,
      });
    }
  }

  if (Number.isFinite(r.maxHoldings)) precheckHoldings(r, tol);
  if (r.minPosition > 0) precheckMinPosition(r);
}

function precheckGroup(g: ResolvedGroup, lower: Float64Array, upper: Float64Array): void {
  if (g.lower > g.upper) {
    infeasible(`group limits ${g.name} <= ${f(g.upper)} and ${g.name} >= ${f(g.lower)} contradict`, { constraint: "group", group: g.name, lower: g.lower, upper: g.upper });
  }
  let reachLow = 0;
  let reachHigh = 0;
  for (const m of g.members) {
    reachLow += lower[m];
    reachHigh += upper[m];
  }
  const tol = SLACK * Math.max(1, Math.abs(g.lower === -Infinity ? 0 : g.lower), Math.abs(g.upper === Infinity ? 0 : g.upper));
  if (g.lower > reachHigh + tol) {
    infeasible(`group ${g.name} >= ${f(g.lower)} cannot be met: its members' upper bounds sum to ${f(reachHigh)}; lower the floor by ${f(g.lower - reachHigh)} or raise those bounds`, {
      constraint: "group",
      group: g.name,
      lower: g.lower,
      sumUpper: reachHigh,
    });
  }
  if (g.upper < reachLow - tol) {
    infeasible(`group ${g.name} <= ${f(g.upper)} cannot be met: its members' lower bounds sum to ${f(reachLow)}; raise the cap by ${f(reachLow - g.upper)} or lower those bounds`, {
      constraint: "group",
      group: g.name,
      upper: g.upper,
      sumLower: reachLow,
    });
  }
}

/**
 * Groups that share no asset add up: Σw is at least the sum of their floors plus the other assets'
 * lower bounds, and at most the sum of their caps plus the other assets' upper bounds. Choosing the
 * family of disjoint groups that makes this tightest is set packing (NP-hard), so the groups are taken
 * greedily, largest gain first; that is exact for the common case, a partition into sectors.
 */
function precheckDisjointGroups(r: ResolvedConstraints, tol: number): void {
  const { lower, upper, budget } = r;
  for (const direction of ["floor", "cap"] as const) {
    const isFloor = direction === "floor";
    const gain = (g: ResolvedGroup): number => {
      const limit = isFloor ? g.lower : g.upper;
      if (!Number.isFinite(limit)) return 0;
      const bounds = g.members.reduce((s, m) => s + (isFloor ? lower[m] : upper[m]), 0);
      return isFloor ? limit - bounds : bounds - limit;
    };
    const candidates = r.groups.filter((g) => gain(g) > 0).sort((a, b) => gain(b) - gain(a));
    if (candidates.length === 0) continue;
    const taken = new Set<number>();
    const chosen: ResolvedGroup[] = [];
    for (const g of candidates) {
      if (g.members.some((m) => taken.has(m))) continue;
      chosen.push(g);
      for (const m of g.members) taken.add(m);
    }
    let total = chosen.reduce((s, g) => s + (isFloor ? g.lower : g.upper), 0);
    for (let i = 0; i < r.nAssets; i++) if (!taken.has(i)) total += isFloor ? lower[i] : upper[i];
    if (!Number.isFinite(total)) continue;
    const limits = chosen.map((g) => `${g.name} ${isFloor ? ">=" : "<="} ${f(isFloor ? g.lower : g.upper)}`).join(", ");
    const rest = taken.size < r.nAssets ? ` with the other assets' ${isFloor ? "lower" : "upper"} bounds` : "";
    if (isFloor && total > budget + tol) {
      infeasible(`group floors ${limits}${rest} need ${f(total)} > the budget ${f(budget)}: lower them by ${f(total - budget)} in total`, {
        constraint: "groups",
        groups: chosen.map((g) => g.name),
        total,
        budget,
      });
    }
    if (!isFloor && total < budget - tol) {
      infeasible(`group caps ${limits}${rest} allow only ${f(total)} < the budget ${f(budget)}: raise them by ${f(budget - total)} in total`, {
        constraint: "groups",
        groups: chosen.map((g) => g.name),
        total,
        budget,
      });
    }
  }
}

/** A row's range over the box of bounds: it must reach into [lo, hi]. */
function precheckLinear(label: string, c: Float64Array, lo: number, hi: number, lower: Float64Array, upper: Float64Array): void {
  if (lo > hi) infeasible(`"${label}": lower side ${f(lo)} > upper side ${f(hi)}`, { constraint: "linear", label, lower: lo, upper: hi });
  let least = 0;
  let most = 0;
  let scale = Math.max(1, Math.abs(Number.isFinite(lo) ? lo : 0), Math.abs(Number.isFinite(hi) ? hi : 0));
  for (let i = 0; i < c.length; i++) {
    if (c[i] === 0) continue;
    least += c[i] * (c[i] > 0 ? lower[i] : upper[i]);
    most += c[i] * (c[i] > 0 ? upper[i] : lower[i]);
    scale = Math.max(scale, Math.abs(c[i]));
  }
  const tol = SLACK * scale;
  if (most < lo - tol) {
    infeasible(`"${label}" cannot hold: within the asset bounds it reaches at most ${f(most)} < ${f(lo)}`, { constraint: "linear", label, lower: lo, reachable: most });
  }
  if (least > hi + tol) {
    infeasible(`"${label}" cannot hold: within the asset bounds it is at least ${f(least)} > ${f(hi)}`, { constraint: "linear", label, upper: hi, reachable: least });
  }
}

/**
 * With at most K holdings, the assets whose bounds exclude 0 must be held, and the budget has to be
 * reached with them plus the K − forced best of the others.
 */
function precheckHoldings(r: ResolvedConstraints, tol: number): void {
  const { lower, upper, budget, maxHoldings: k } = r;
  const forced: number[] = [];
  const optional: number[] = [];
  for (let i = 0; i < r.nAssets; i++) (lower[i] > 0 || upper[i] < 0 ? forced : optional).push(i);
  if (forced.length > k) {
    infeasible(`maxHoldings ${k} is too few: the bounds force ${forced.length} assets to be held (${forced.slice(0, 5).join(", ")}${forced.length > 5 ? ", …" : ""})`, {
      constraint: "maxHoldings",
      maxHoldings: k,
      forced,
    });
  }
  const free = k - forced.length;
  const sum = (ids: number[], v: Float64Array) => ids.reduce((s, i) => s + v[i], 0);
  const most = sum(forced, upper) + optional.map((i) => Math.max(upper[i], 0)).sort((a, b) => b - a).slice(0, free).reduce((s, v) => s + v, 0);
  const least = sum(forced, lower) + optional.map((i) => Math.min(lower[i], 0)).sort((a, b) => a - b).slice(0, free).reduce((s, v) => s + v, 0);
  if (most < budget - tol) {
    infeasible(`with at most ${k} holdings the upper bounds allow only ${f(most)} < the budget ${f(budget)}: allow more holdings or raise the bounds`, {
      constraint: "maxHoldings",
      maxHoldings: k,
      reachable: most,
      budget,
    });
  }
  if (least > budget + tol) {
    infeasible(`with at most ${k} holdings the lower bounds need at least ${f(least)} > the budget ${f(budget)}: allow more holdings or lower the bounds`, {
      constraint: "maxHoldings",
      maxHoldings: k,
      reachable: least,
      budget,
    });
  }
}

/** An asset whose bounds exclude 0 is held, so it must be able to reach the minimum position. */
function precheckMinPosition(r: ResolvedConstraints): void {
  const { lower, upper, minPosition } = r;
  for (let i = 0; i < r.nAssets; i++) {
    const held = lower[i] > 0 || upper[i] < 0;
    if (held && Math.max(Math.abs(lower[i]), Math.abs(upper[i])) < minPosition) {
      infeasible(`asset ${i} must be held (bounds [${f(lower[i])}, ${f(upper[i])}]) but cannot reach the minimum position ${f(minPosition)}`, {
        constraint: "minPosition",
        asset: i,
        minPosition,
      });
    }
  }
}
