/**
 * The Marchenko-Pastur law of the eigenvalues of a random correlation matrix, and the fit of its
 * variance σ² to observed eigenvalues. Private to this folder (`denoiseCovariance` uses it).
 *
 * Follows López de Prado (2020), "Machine Learning for Asset Managers", §2.4–2.5 (snippets 2.1–2.4):
 * the fitted σ² minimises the squared error between the Marchenko-Pastur density on a grid of points
 * over [λ₋, λ₊] and a Gaussian kernel density estimate of the eigenvalues at those same points.
 * skfolio's `DenoiseCovariance` evaluates its kernel density at the Marchenko-Pastur density *values*
 * instead of at the grid points; we follow the book.
 */
import { goldenSectionMinimum } from "./golden-section-minimum.js";

/** Grid points over [λ₋, λ₊], as in the book's `mpPDF(..., pts=1000)`. */
export const MARCHENKO_PASTUR_POINTS = 1000;

/** σ² is searched in [1e-5, 1 − 1e-5], the book's bounds: a correlation's eigenvalues average 1. */
export const SIGMA2_BOUNDS = [1e-5, 1 - 1e-5] as const;

/** Edges `[λ₋, λ₊] = σ²·(1 ∓ √(1/q))²` of the law for `q = T/N` observations per variable. */
export function marchenkoPasturEdges(sigma2: number, q: number): [number, number] {
  const r = Math.sqrt(1 / q);
  return [sigma2 * (1 - r) ** 2, sigma2 * (1 + r) ** 2];
}

/**
 * Density `q/(2πσ²x)·√((λ₊ − x)(x − λ₋))` at x in [λ₋, λ₊] (0 outside, and at x = 0, where the q = 1
 * law has an integrable pole that a grid cannot use).
 */
export function marchenkoPasturDensity(x: number, sigma2: number, q: number): number {
  const [lo, hi] = marchenkoPasturEdges(sigma2, q);
  if (!(x > 0) || x < lo || x > hi) return 0;
  return (q / (2 * Math.PI * sigma2 * x)) * Math.sqrt(Math.max(0, (hi - x) * (x - lo)));
}

/** Gaussian kernel density of `points` at x: `(1/n)·Σ φ((x − pᵢ)/h)/h`, as scikit-learn's `KernelDensity`. */
export function gaussianKernelDensity(x: number, points: ArrayLike<number>, bandwidth: number): number {
  let s = 0;
  for (let i = 0; i < points.length; i++) {
    const z = (x - points[i]) / bandwidth;
    s += Math.exp(-0.5 * z * z);
  }
  return s / (points.length * bandwidth * Math.sqrt(2 * Math.PI));
}

/** The fitting error for one σ²: Σₖ (kde(xₖ) − mp(xₖ))² over the grid xₖ spanning [λ₋, λ₊]. */
export function marchenkoPasturFitError(sigma2: number, eigenvalues: ArrayLike<number>, q: number, bandwidth: number): number {
  const [lo, hi] = marchenkoPasturEdges(sigma2, q);
  const step = (hi - lo) / (MARCHENKO_PASTUR_POINTS - 1);
  let sse = 0;
  for (let k = 0; k < MARCHENKO_PASTUR_POINTS; k++) {
    const x = k === MARCHENKO_PASTUR_POINTS - 1 ? hi : lo + k * step;
    const diff = gaussianKernelDensity(x, eigenvalues, bandwidth) - marchenkoPasturDensity(x, sigma2, q);
    sse += diff * diff;
  }
  return sse;
}

/** σ² of the Marchenko-Pastur law closest to `eigenvalues` (of a correlation matrix) and its λ₊. */
export function fitMarchenkoPastur(
  eigenvalues: ArrayLike<number>,
  q: number,
  bandwidth: number,
): { readonly sigma2: number; readonly lambdaMax: number } {
  const { x: sigma2 } = goldenSectionMinimum(
    (s2) => marchenkoPasturFitError(s2, eigenvalues, q, bandwidth),
    SIGMA2_BOUNDS[0],
    SIGMA2_BOUNDS[1],
  );
  return { sigma2, lambdaMax: marchenkoPasturEdges(sigma2, q)[1] };
}
