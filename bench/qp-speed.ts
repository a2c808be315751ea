/**
 * Times the QP solver on long-only minimum variance (budget equality, 0 ≤ x ≤ 1) over a seeded random
 * factor-model covariance Σ = B·Bᵀ + D (5 factors, idiosyncratic variances 0.01–0.09, annual scale),
 * at N = 20, 100, 500 and 2,000, and prints the median wall time per solve. Targets: 0.1 ms, 1 ms,
 * 10 ms (none at 2,000: it is there to show the solve stays in tens of milliseconds, not seconds).
 * `npm run bench` (bench/optimizers.ts) times the same problems on sample covariances next to the peers.
 *
 * Run: npx tsx bench/qp-speed.ts
 */
import { solveQuadraticProgram } from "../src/core/optimizers/qp/index.js";
import type { QuadraticProgram } from "../src/core/optimizers/qp/index.js";
import { uniforms } from "./synthetic-returns.js";

const generator = uniforms;

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function factorModelMinVariance(n: number, seed: number): QuadraticProgram {
  const rand = generator(seed);
  // One market factor (vol 16%, betas ~ N(1, 0.35)), four style factors (vol 6%), idiosyncratic vols
  // 15–45%: the shape of an equity universe, whose long-only minimum-variance portfolio holds the
  // low-beta, low-idiosyncratic-risk names (a few dozen of 500), as in practice.
  const factors = 5;
  const vols = [0.16, 0.06, 0.06, 0.06, 0.06];
  const B = new Float64Array(n * factors);
  for (let i = 0; i < n; i++) {
    B[i * factors] = vols[0] * (1 + 0.35 * normal(rand));
    for (let f = 1; f < factors; f++) B[i * factors + f] = vols[f] * normal(rand);
  }
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let f = 0; f < factors; f++) s += B[i * factors + f] * B[j * factors + f];
      if (i === j) s += (0.15 + 0.3 * rand()) ** 2;
      P[i * n + j] = 2 * s; // P = 2Σ so the objective is the variance
      P[j * n + i] = 2 * s;
    }
  }
  return {
    P: { size: n, data: P },
    q: new Float64Array(n),
    equalities: { A: { rows: 1, cols: n, data: new Float64Array(n).fill(1) }, b: [1] },
    lowerBounds: new Float64Array(n),
    upperBounds: new Float64Array(n).fill(1),
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

for (const [n, target] of [
  [20, 0.1],
  [100, 1],
  [500, 10],
  [2000, undefined],
] as const) {
  const problems = Array.from({ length: n > 500 ? 2 : 5 }, (_, s) => factorModelMinVariance(n, 1000 + s));
  const repeats = n <= 100 ? 200 : n <= 500 ? 20 : 5;
  for (let w = 0; w < 3; w++) for (const p of problems) solveQuadraticProgram(p); // JIT warm-up
  const times: number[] = [];
  let iterations = 0;
  let held = 0;
  for (const p of problems) {
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const sol = solveQuadraticProgram(p);
      times.push(performance.now() - t0);
      iterations = sol.iterations;
      held = sol.x.filter((v) => v > 0).length;
    }
  }
  console.log(
    `N=${String(n).padStart(4)}  median ${median(times).toFixed(4)} ms  (${target === undefined ? "no target" : `target ${target} ms`})  ` +
      `last: ${iterations} iterations, ${held} assets held`,
  );
}
