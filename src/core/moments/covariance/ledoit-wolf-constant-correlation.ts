/**
 * Ledoit-Wolf shrinkage towards the constant-correlation matrix, as PyPortfolioOpt 1.5.6's
 * `CovarianceShrinkage._ledoit_wolf_constant_correlation` computes it (after Ledoit and Wolf's
 * `covCor.m`). Private to this folder; `ledoitWolf` is the public entry.
 *
 * Conventions (PyPortfolioOpt's, which differ from the paper's divisor T): the sample covariance S
 * uses the divisor T − 1 (pandas `cov()`), and it is also the S inside π̂ and θ̂; the returns are
 * centred by their plain means and every time average divides by T; the intensity is κ̂/T clipped
 * to [0, 1].
 */
import { InvalidInputError } from "../../errors.js";
import { crossProduct } from "../../kernels/cross-product.js";
import type { Matrix, SymmetricMatrix } from "../../linalg/matrix.js";
import type { Shrunk } from "./ledoit-wolf-single-factor.js";
import { centred, elementPower, sideBySide } from "./returns-table.js";

/**
 * Shrinks `sample` towards `F` with `Fᵢᵢ = sᵢᵢ` and `Fᵢⱼ = r̄·√(sᵢᵢsⱼⱼ)`, `r̄` the average sample
 * correlation. `x` is the complete (or zero-filled) T × N table behind π̂ and ρ̂; `sample` is its
 * divisor-(T − 1) covariance, or PyPortfolioOpt's pairwise one when the table had gaps.
 *
 * Reference: Ledoit & Wolf (2004), "Honey, I shrunk the sample covariance matrix", Journal of
 * Portfolio Management 30(4), 110–119, Appendix B: π̂ = Σᵢⱼ mean_t (xᵢxⱼ − sᵢⱼ)²,
 * ρ̂ = Σᵢ π̂ᵢᵢ + Σᵢ≠ⱼ (r̄/2)(√(sⱼⱼ/sᵢᵢ)·θ̂ᵢᵢ,ᵢⱼ + √(sᵢᵢ/sⱼⱼ)·θ̂ⱼⱼ,ᵢⱼ),
 * θ̂ᵢᵢ,ᵢⱼ = mean_t (xᵢ² − sᵢᵢ)(xᵢxⱼ − sᵢⱼ), γ̂ = ‖F − S‖²_F, κ̂ = (π̂ − ρ̂)/γ̂.
 *
 * @throws InvalidInputError naming an asset with zero variance (its correlations are undefined).
 */
export function constantCorrelationShrinkage(x: Matrix, sample: SymmetricMatrix): Shrunk {
  const t = x.rows;
  const n = x.cols;
  const s = sample.data;
  const std = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const variance = s[i * n + i];
    if (!(variance > 0)) {
      throw new InvalidInputError(
        `ledoitWolf (constantCorrelation): asset ${i} has variance ${variance}; the constant-correlation target needs every correlation`,
        { asset: i, variance },
      );
    }
    std[i] = Math.sqrt(variance);
  }
  if (n === 1) return { covariance: { size: 1, data: Float64Array.from(s) }, shrinkage: 0 };

  let correlationSum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) correlationSum += s[i * n + j] / (std[i] * std[j]);
  const meanCorrelation = correlationSum / (n * (n - 1));
  const target = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) target[i * n + j] = i === j ? s[i * n + i] : meanCorrelation * std[i] * std[j];
  }
  let gamma = 0;
  let sampleNorm = 0;
  for (let k = 0; k < n * n; k++) {
    gamma += (s[k] - target[k]) ** 2;
    sampleNorm += s[k] ** 2;
  }
  // S already has equal correlations (always so for two assets): every intensity gives the same
  // matrix, and κ̂ would be rounding noise over rounding noise. γ̂ ≤ 1e-24·‖S‖² means F and S agree to
  // ~1e-12 relative, far below any estimate.
  if (!(gamma > 1e-24 * sampleNorm)) return { covariance: { size: n, data: Float64Array.from(s) }, shrinkage: 0 };

  const xc = centred(x);
  const squares = crossProduct(elementPower(xc, 2)); // Σ_t xᵢ²xⱼ²
  // One cross-product of [X | X³] holds XᵀX and (X³)ᵀX.
  const blocks = crossProduct(sideBySide(xc, elementPower(xc, 3)));
  const w = 2 * n;
  const xx = (i: number, j: number) => blocks.data[i * w + j];
  const cubeX = (i: number, j: number) => blocks.data[(n + i) * w + j];

  let pi = 0;
  let piDiagonal = 0;
  let thetaTerm = 0;
  for (let i = 0; i < n; i++) {
    const sii = s[i * n + i];
    const meanSquareI = xx(i, i) / t;
    for (let j = 0; j < n; j++) {
      const sij = s[i * n + j];
      // mean_t (xᵢxⱼ − sᵢⱼ)² expanded, with PyPortfolioOpt's S (divisor T − 1) as sᵢⱼ.
      const piIJ = squares.data[i * n + j] / t - (2 * xx(i, j) * sij) / t + sij * sij;
      pi += piIJ;
      if (i === j) {
        piDiagonal += piIJ;
        continue;
      }
      // mean_t (xᵢ² − sᵢᵢ)(xᵢxⱼ − sᵢⱼ) expanded.
      const theta = cubeX(i, j) / t - meanSquareI * sij - (xx(i, j) / t) * sii + sii * sij;
      thetaTerm += (std[j] / std[i]) * theta;
    }
  }
  const rho = piDiagonal + meanCorrelation * thetaTerm;
  const kappa = (pi - rho) / gamma;
  const shrinkage = Math.max(0, Math.min(1, kappa / t));
  const out = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) out[k] = shrinkage * target[k] + (1 - shrinkage) * s[k];
  // Symmetric by construction, but write the mirror so that rounding in s cannot leave a gap.
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i];
  return { covariance: { size: n, data: out }, shrinkage };
}
