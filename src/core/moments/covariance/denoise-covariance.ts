/**
 * Marchenko-Pastur denoising of a covariance with the constant-residual-eigenvalue method: the
 * eigenvalues of the correlation matrix that a random matrix would produce (below the fitted λ₊) are
 * replaced by their average, the others (the factors) are kept.
 */
import { InvalidInputError } from "../../errors.js";
import { eigenSymmetric } from "../../linalg/index.js";
import type { SymmetricMatrix } from "../../linalg/matrix.js";
import { correlationToCovariance } from "./correlation-to-covariance.js";
import { covarianceToCorrelation } from "./covariance-to-correlation.js";
import { fitMarchenkoPastur } from "./marchenko-pastur.js";

export interface DenoiseCovarianceOptions {
  /** T, the number of observations behind the covariance: the law depends on q = T / nAssets. */
  readonly nObservations: number;
  /** Only `"constantResidual"` (López de Prado, 2020, §2.5.1) is implemented. */
  readonly method?: "constantResidual";
  /**
   * Bandwidth of the Gaussian kernel density of the eigenvalues. Default 0.01, the book's and
   * skfolio's value: eigenvalues of a correlation matrix are O(1), and a narrower kernel turns the
   * density into spikes the smooth law cannot fit.
   */
  readonly bandwidth?: number;
}

export interface DenoisedCovariance {
  /** The denoised covariance, same variances as the input. */
  readonly covariance: SymmetricMatrix;
  /** Eigenvalues kept (those ≥ λ₊): the number of factors. */
  readonly nFactors: number;
  /** λ₊ = σ²·(1 + √(N/T))², the edge of the fitted Marchenko-Pastur law. */
  readonly lambdaMax: number;
  /** Fitted variance σ² of the law, in [1e-5, 1 − 1e-5]. */
  readonly sigma2: number;
}

/**
 * Denoises a covariance matrix.
 *
 * Steps: covariance → correlation C and standard deviations; eigenvalues of C; σ² fitted by
 * minimising the squared error between the Marchenko-Pastur density and a kernel density of the
 * eigenvalues (bounded golden-section search after a grid, see `golden-section-minimum.ts`); the
 * eigenvalues below λ₊ are set to their mean, which keeps tr(C) = N; C is rebuilt, rescaled to a unit
 * diagonal and turned back into a covariance with the original standard deviations.
 *
 * @param cov `nAssets × nAssets` covariance (any scale: annualised or not), variances > 0.
 * @returns `{ covariance, nFactors, lambdaMax, sigma2 }`.
 * @throws InvalidInputError for a zero or negative variance, a bad `nObservations` or an unknown method.
 *
 * Reference: López de Prado (2020), "Machine Learning for Asset Managers", Cambridge Elements in
 * Quantitative Finance, §2 (snippets 2.1–2.5); Marčenko & Pastur (1967), "Distribution of eigenvalues
 * for some sets of random matrices", Mathematics of the USSR-Sbornik 1(4), 457–483. The procedure is
 * also skfolio's `DenoiseCovariance` (see `marchenko-pastur.ts` for where we differ).
 *
 * @example
 * const { covariance, nFactors } = denoiseCovariance(sample.covariance, { nObservations: sample.observations });
 */
export function denoiseCovariance(cov: SymmetricMatrix, options: DenoiseCovarianceOptions): DenoisedCovariance {
  const { nObservations, method = "constantResidual", bandwidth = 0.01 } = options;
  if (method !== "constantResidual") {
    throw new InvalidInputError(`denoiseCovariance: unknown method "${String(method)}"`, { method });
  }
  if (!(Number.isInteger(nObservations) && nObservations >= 2)) {
    throw new InvalidInputError(`denoiseCovariance: nObservations must be an integer ≥ 2, got ${nObservations}`, {
      nObservations,
    });
  }
  if (!(Number.isFinite(bandwidth) && bandwidth > 0)) {
    throw new InvalidInputError(`denoiseCovariance: bandwidth must be a positive number, got ${bandwidth}`, { bandwidth });
  }
  const { correlation, stdDevs } = covarianceToCorrelation(cov);
  const n = correlation.size;
  const { values, vectors } = eigenSymmetric(correlation);
  const { sigma2, lambdaMax } = fitMarchenkoPastur(values, nObservations / n, bandwidth);

  // values are ascending: the noise eigenvalues come first.
  let nNoise = 0;
  while (nNoise < n && values[nNoise] < lambdaMax) nNoise++;
  const nFactors = n - nNoise;
  const kept = Float64Array.from(values);
  if (nNoise > 0) {
    let sum = 0;
    for (let k = 0; k < nNoise; k++) sum += values[k];
    kept.fill(sum / nNoise, 0, nNoise);
  }

  // C₁ = V·diag(kept)·Vᵀ, then rescaled to a unit diagonal.
  const v = vectors.data;
  const rebuilt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v[i * n + k] * kept[k] * v[j * n + k];
      rebuilt[i * n + j] = s;
      rebuilt[j * n + i] = s;
    }
  }
  const denoised = unitDiagonal(rebuilt, n);
  return Object.freeze({ covariance: correlationToCovariance(denoised, stdDevs), nFactors, lambdaMax, sigma2 });
}

/**
 * `Cᵢⱼ / √(CᵢᵢCⱼⱼ)`, diagonal set to exactly 1. With a positive semidefinite input every rebuilt
 * diagonal is positive (the factors are > λ₊ > 0 and the noise mean is ≥ 0, and the eigenvectors
 * span every coordinate); only an indefinite input can break this, and that is reported.
 */
function unitDiagonal(c: Float64Array, n: number): SymmetricMatrix {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dii = c[i * n + i];
    if (!(dii > 0)) {
      throw new InvalidInputError(
        `denoiseCovariance: the rebuilt correlation has diagonal ${dii} at asset ${i}; is the input positive semidefinite?`,
        { asset: i, diagonal: dii },
      );
    }
    d[i] = Math.sqrt(dii);
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = i === j ? 1 : c[i * n + j] / (d[i] * d[j]);
  return { size: n, data: out };
}
