/**
 * Trading a portfolio to target weights when the costs are paid out of the portfolio itself.
 *
 * With pre-trade value V (cash included), current position values xᵢ = hᵢ·pᵢ, targets wᵢ, a
 * proportional rate c and a fixed fee f per asset traded, the value left after costs V′ must satisfy
 *
 *     V′ = V − c·Σᵢ |wᵢ·V′ − xᵢ| − f·n(V′),
 *
 * because the targets apply to what is left once the costs are paid. For a fixed trade count n the
 * right-hand side is piecewise linear in V′ with kinks at V′ = xᵢ/wᵢ, and h(V′) = V′ + c·Σ|wᵢV′ − xᵢ|
 * increases strictly (slope ≥ 1 − c·Σ|wᵢ| > 0), so the root is unique: a binary search over the
 * sorted kinks finds its segment and one division solves it exactly. The count n is then re-read at
 * the solution (a trade that vanishes exactly at a kink pays no fee) until it is stable.
 */

export interface TradeInput {
  /** Pre-trade value V, cash included. */
  readonly value: number;
  /** Current value of each position, xᵢ = sharesᵢ × priceᵢ (0 when nothing is held). */
  readonly positions: Float64Array;
  /** Target weight of each position (fractions of the post-cost value); the rest is cash. */
  readonly targets: Float64Array;
  /** Proportional cost rate c (costBps / 10,000). */
  readonly rate: number;
  /** Fixed cost per asset traded. */
  readonly fixedCost: number;
}

export interface TradeOutcome {
  /** V′: the value after paying the costs; positions become wᵢ·V′. */
  readonly valueAfter: number;
  /** Σᵢ |wᵢ·V′ − xᵢ|: buys plus sells. */
  readonly tradedValue: number;
  /** c·tradedValue + f·trades = V − V′. */
  readonly cost: number;
  /** Assets whose position changed by more than dust (1e-12 of V). */
  readonly trades: number;
}

/** Position changes below this fraction of the portfolio are rounding, not trades (no fixed fee). */
const DUST = 1e-12;

function countTrades(input: TradeInput, valueAfter: number): number {
  const { positions, targets } = input;
  const dust = DUST * input.value;
  let n = 0;
  for (let i = 0; i < targets.length; i++) if (Math.abs(targets[i] * valueAfter - positions[i]) > dust) n++;
  return n;
}

/** Σ|wᵢv − xᵢ|: the value traded when the post-cost value is v. */
function tradedAt(input: TradeInput, v: number): number {
  const { positions, targets } = input;
  let s = 0;
  for (let i = 0; i < targets.length; i++) s += Math.abs(targets[i] * v - positions[i]);
  return s;
}

/** h(v) = v + c·Σ|wᵢv − xᵢ|. */
function grossUp(input: TradeInput, v: number): number {
  return v + input.rate * tradedAt(input, v);
}

/** The unique v > 0 with h(v) = goal, or null when even v → 0 costs more than `goal`. */
function solveValue(input: TradeInput, goal: number): number | null {
  const { positions, targets, rate } = input;
  if (rate === 0) return goal > 0 ? goal : null;
  if (!(goal > grossUp(input, 0))) return null;
  const kinks: number[] = [];
  for (let i = 0; i < targets.length; i++) {
    if (targets[i] === 0) continue;
    const b = positions[i] / targets[i];
    if (b > 0 && Number.isFinite(b)) kinks.push(b);
  }
  kinks.sort((a, b) => a - b);
  // First kink where h ≥ goal: the root lies in the segment that ends there.
  let lo = 0;
  let hi = kinks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (grossUp(input, kinks[mid]) >= goal) hi = mid;
    else lo = mid + 1;
  }
  const left = lo === 0 ? 0 : kinks[lo - 1];
  const right = lo < kinks.length ? kinks[lo] : 2 * left + 1;
  const probe = (left + right) / 2;
  // h is linear on (left, right): h(v) = slope·v + intercept with the signs read at the probe.
  let slope = 1;
  let intercept = 0;
  for (let i = 0; i < targets.length; i++) {
    const w = targets[i];
    const x = positions[i];
    const sign = w * probe - x >= 0 ? 1 : -1;
    slope += rate * sign * w;
    intercept -= rate * sign * x;
  }
  return (goal - intercept) / slope;
}

/**
 * The post-cost value and the costs of trading `positions` to `targets` (see the file header).
 * Returns null when the costs would exceed the value (nothing can be bought: the caller keeps the
 * holdings and records why). With no costs the value is unchanged exactly.
 *
 * @example tradeToTarget({ value: 1, positions: new Float64Array(2), targets: Float64Array.of(0.5, 0.5), rate: 0.001, fixedCost: 0 })
 *   // valueAfter = 1/1.001, cost = tradedValue·0.001
 */
export function tradeToTarget(input: TradeInput): TradeOutcome | null {
  const { value, rate, fixedCost } = input;
  let trades = countTrades(input, value);
  if (trades === 0) return { valueAfter: value, tradedValue: tradedAt(input, value), cost: 0, trades: 0 };
  let valueAfter: number | null = null;
  // The fee count can only change where a trade vanishes (a kink); a few passes settle it.
  for (let pass = 0; pass < 8; pass++) {
    valueAfter = solveValue(input, value - fixedCost * trades);
    if (valueAfter === null) return null;
    const recount = fixedCost > 0 ? countTrades(input, valueAfter) : trades;
    if (recount === trades) break;
    trades = recount;
  }
  if (valueAfter === null) return null;
  const tradedValue = tradedAt(input, valueAfter);
  return { valueAfter, tradedValue, cost: rate * tradedValue + fixedCost * trades, trades };
}
