/**
 * Ledoit-Wolf shrinkage towards Sharpe's single-index (market) model, as PyPortfolioOpt 1.5.6's
 * `CovarianceShrinkage._ledoit_wolf_single_factor` computes it, itself a port of Ledoit and Wolf's
 * `covMarket.m`. Private to this folder; `ledoitWolf` is the public entry.
 *
 * Conventions (PyPortfolioOpt's): returns are centred; the market is the equal-weighted average of
 * the centred returns; the sample covariance, the betas (covariances with the market) and the market
 * variance all use the divisor T; the intensity is κ/T clipped to [0, 1].
 */
import { crossProduct } from "../../kernels/cross-product.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import { centred, elementPower, sideBySide } from "./returns-table.js";

export interface Shrunk {
  /** Not annualised. */
  readonly covariance: SymmetricMatrix;
  readonly shrinkage: number;
}

/**
 * Shrinks the divisor-T sample covariance of the complete table `x` (T × N) towards
 * `F = ββᵀ/σ²ₘ` with the sample variances on its diagonal.
 *
 * Reference: Ledoit & Wolf (2003), "Improved estimation of the covariance matrix of stock returns with
 * an application to portfolio selection", Journal of Empirical Finance 10(5), 603–621: π̂ (the sum of
 * the asymptotic variances of √T·sᵢⱼ), ρ̂ (its covariance with the target) and γ̂ = ‖S − F‖²_F give
 * κ̂ = (π̂ − ρ̂)/γ̂ and the intensity δ = max(0, min(1, κ̂/T)).
 */
export function singleFactorShrinkage(x: Matrix): Shrunk {
  const t = x.rows;
  const n = x.cols;
  const xc = centred(x);
  const market = new Float64Array(t);
  for (let s = 0; s < t; s++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += xc.data[s * n + j];
    market[s] = sum / n;
  }
  // One cross-product of [X | m] gives S, the betas and the market variance.
  const augmented = crossProduct(sideBySide(xc, { rows: t, cols: 1, data: market }));
  const m = n + 1;
  const sample = new Float64Array(n * n);
  const betas = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) sample[i * n + j] = augmented.data[i * m + j] / t;
    betas[i] = augmented.data[i * m + n] / t;
  }
  const marketVariance = augmented.data[n * m + n] / t;
  // A flat market (σ²ₘ = 0, e.g. all returns constant) has no betas: the target is then diagonal.
  const hasMarket = marketVariance > 0;

  const target = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      target[i * n + j] = i === j ? sample[i * n + i] : hasMarket ? (betas[i] * betas[j]) / marketVariance : 0;
    }
  }
  let gamma = 0;
  let sampleNorm = 0;
  for (let k = 0; k < n * n; k++) {
    gamma += (sample[k] - target[k]) ** 2;
    sampleNorm += sample[k] ** 2;
  }
  // S = F (one asset, a flat market, or rank-one data such as T = 2 where S is exactly a single-factor
  // matrix): every intensity gives the same matrix, and κ̂ = (π̂ − ρ̂)/γ̂ would be rounding noise over
  // rounding noise. γ̂ ≤ 1e-24·‖S‖² means F and S agree to ~1e-12 relative, far below any estimate.
  if (!(gamma > 1e-24 * sampleNorm)) return { covariance: { size: n, data: sample }, shrinkage: 0 };

  // y = X², z = X·m (row-wise): one cross-product of [y | z] holds yᵀy, yᵀz and zᵀz.
  const y = elementPower(xc, 2);
  const z = new Float64Array(t * n);
  for (let s = 0; s < t; s++) for (let j = 0; j < n; j++) z[s * n + j] = xc.data[s * n + j] * market[s];
  const blocks = crossProduct(sideBySide(y, { rows: t, cols: n, data: z }));
  const w = 2 * n;
  const yy = (i: number, j: number) => blocks.data[i * w + j];
  const yz = (i: number, j: number) => blocks.data[i * w + n + j];
  const zz = (i: number, j: number) => blocks.data[(n + i) * w + n + j];

  // π̂ = Σᵢⱼ mean_t (xᵢxⱼ − sᵢⱼ)²
  let pi = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) pi += yy(i, j) / t - sample[i * n + j] ** 2;
  // ρ̂: the diagonal terms are πᵢᵢ; the off-diagonal ones are split as in covMarket.m (2·r₁ − r₃).
  let rhoDiagonal = 0;
  for (let i = 0; i < n; i++) rhoDiagonal += yy(i, i) / t - sample[i * n + i] ** 2;
  let r1 = 0;
  let r3 = 0;
  if (hasMarket) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const sij = sample[i * n + j];
        r1 += ((yz(i, j) / t - betas[i] * sij) * betas[j]) / marketVariance;
        r3 += ((zz(i, j) / t - marketVariance * sij) * betas[i] * betas[j]) / marketVariance ** 2;
      }
    }
  }
  const rho = rhoDiagonal + 2 * r1 - r3;
  const kappa = (pi - rho) / gamma;
  const shrinkage = Math.max(0, Math.min(1, kappa / t));
  const out = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) out[k] = shrinkage * target[k] + (1 - shrinkage) * sample[k];
  return { covariance: { size: n, data: out }, shrinkage };
}
