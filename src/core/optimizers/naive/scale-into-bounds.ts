/**
 * The closest portfolio to a positive target, in relative (chi-square) distance Σ (wᵢ − tᵢ)²/tᵢ,
 * among those with Σw = budget and lᵢ ≤ wᵢ ≤ uᵢ. Its optimality conditions give the closed form
 * wᵢ = clamp(λ·tᵢ, lᵢ, uᵢ) with one scalar λ: every asset whose bound does not bind keeps its share of
 * the target, the ratios between them unchanged (the "constrained" naive portfolios of skfolio and of
 * Pfitzinger & Katzke, 2019, bound the same way). λ is found exactly: Σ clamp(λ·tᵢ, lᵢ, uᵢ) is
 * piecewise linear and non-decreasing in λ, with breakpoints lᵢ/tᵢ and uᵢ/tᵢ.
 */

/** λ·t clamped to the bounds. */
function clamped(t: Float64Array, lower: Float64Array, upper: Float64Array, lambda: number): Float64Array {
  const w = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) w[i] = Math.min(upper[i], Math.max(lower[i], lambda * t[i]));
  return w;
}

function total(w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i];
  return s;
}

/**
 * Solves Σ clamp(λ·tᵢ, lᵢ, uᵢ) = budget for λ and returns the weights. The caller guarantees tᵢ > 0 and
 * Σl ≤ budget ≤ Σu (checked by `compileConstraints`).
 */
export function scaleIntoBounds(t: Float64Array, lower: Float64Array, upper: Float64Array, budget: number): Float64Array {
  const n = t.length;
  const breaks: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(lower[i])) breaks.push(lower[i] / t[i]);
    if (Number.isFinite(upper[i])) breaks.push(upper[i] / t[i]);
  }
  breaks.sort((a, b) => a - b);
  // Largest breakpoint index k with g(breaks[k]) ≤ budget (−1: below all of them).
  let lo = -1;
  let hi = breaks.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (total(clamped(t, lower, upper, breaks[mid])) <= budget) lo = mid;
    else hi = mid;
  }
  // Inside the segment (breaks[lo], breaks[lo + 1]) the same assets are free; read them at a point in it.
  const left = lo >= 0 ? breaks[lo] : -Infinity;
  const right = lo + 1 < breaks.length ? breaks[lo + 1] : Infinity;
  if (lo >= 0 && total(clamped(t, lower, upper, left)) === budget) return exact(clamped(t, lower, upper, left), budget);
  const probe = Number.isFinite(left) && Number.isFinite(right) ? (left + right) / 2 : Number.isFinite(left) ? left + 1 : Number.isFinite(right) ? right - 1 : 1;
  let fixed = 0;
  let freeTarget = 0;
  for (let i = 0; i < n; i++) {
    const v = probe * t[i];
    if (v <= lower[i]) fixed += lower[i];
    else if (v >= upper[i]) fixed += upper[i];
    else freeTarget += t[i];
  }
  const lambda = freeTarget > 0 ? (budget - fixed) / freeTarget : left;
  return exact(clamped(t, lower, upper, Math.min(right, Math.max(left, lambda))), budget);
}

/** Puts the rounding error of the sum on the largest weight strictly inside its bounds (if any). */
function exact(w: Float64Array, budget: number): Float64Array {
  const gap = budget - total(w);
  if (gap === 0) return w;
  let k = 0;
  for (let i = 1; i < w.length; i++) if (w[i] > w[k]) k = i;
  w[k] += gap;
  return w;
}
