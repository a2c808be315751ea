/**
 * Daily returns that look like returns, reproducibly: a three-factor model (market, two sectors) plus
 * idiosyncratic noise, r_ti = β_i·f_t + ε_ti, with a seeded generator so every run times the same data.
 * Market volatility ~1%/day, idiosyncratic 1–2%/day, betas 0.5–1.5: correlations of 0.2–0.6, as for
 * large-cap equities.
 */
import { matrix, type Matrix } from "../src/core/linalg/matrix.js";

/** mulberry32: small, fast and good enough to make test data (not for statistics about the generator). */
export function uniforms(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 2 ** 32;
  };
}

function normals(seed: number): () => number {
  const u = uniforms(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()); // Box–Muller
}

/** `nObservations × nAssets` decimal daily returns. */
export function syntheticReturns(nObservations: number, nAssets: number, seed = 1): Matrix {
  const z = normals(seed);
  const u = uniforms(seed + 1);
  const factorVol = [0.01, 0.006, 0.006];
  const betas = Array.from({ length: nAssets }, (_, i) => [0.5 + u(), i % 2 === 0 ? u() : 0, i % 2 === 1 ? u() : 0]);
  const idioVol = Array.from({ length: nAssets }, () => 0.01 + 0.01 * u());
  const drift = Array.from({ length: nAssets }, () => 0.0002 + 0.0004 * u());
  const data = new Float64Array(nObservations * nAssets);
  for (let t = 0; t < nObservations; t++) {
    const f = factorVol.map((vol) => vol * z());
    for (let i = 0; i < nAssets; i++) {
      const b = betas[i];
      data[t * nAssets + i] = drift[i] + b[0] * f[0] + b[1] * f[1] + b[2] * f[2] + idioVol[i] * z();
    }
  }
  return matrix(nObservations, nAssets, data);
}
