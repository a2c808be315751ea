import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { InsufficientHistoryError, InvalidInputError, NotSymmetricError, ShapeMismatchError } from "../../../../src/core/errors.js";
import { symmetricMatrix, type Matrix } from "../../../../src/core/linalg/matrix.js";
import { jamesSteinReturn } from "../../../../src/core/moments/expected-returns/index.js";
import { returnsMatrixFromArrays } from "../../../../src/core/returns/index.js";
import { expectClose } from "../../../support/expect-close.js";
import { loadStockData, type StockData } from "./stock-data.js";
import { seededRandom } from "../../../support/seeded-random.js";

/** The slow, literal James–Stein estimate (skfolio's formula), with the largest eigenvalue by power iteration. */
function slowJamesStein(x: Matrix, ppy: number): { mu: number[]; raw: number } {
  const { rows: T, cols: n } = x;
  const at = (t: number, j: number) => x.data[t * n + j];
  const mean: number[] = [];
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += at(t, j);
    mean.push(s / T);
  }
  const cov: number[][] = [];
  for (let i = 0; i < n; i++) {
    cov.push([]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += (at(t, i) - mean[i]) * (at(t, j) - mean[j]);
      cov[i].push(s / (T - 1));
    }
  }
  let v = new Array<number>(n).fill(1);
  let lambda = 0;
  for (let k = 0; k < 5000; k++) {
    const w = cov.map((row) => row.reduce((s, c, j) => s + c * v[j], 0));
    const norm = Math.hypot(...w);
    lambda = w.reduce((s, wi, i) => s + wi * v[i], 0) / v.reduce((s, vi) => s + vi * vi, 0);
    v = w.map((wi) => wi / norm);
  }
  const trace = cov.reduce((s, row, i) => s + row[i], 0);
  const target = mean.reduce((a, b) => a + b, 0) / n;
  const dispersion = mean.reduce((s, m) => s + (m - target) ** 2, 0);
  const raw = (trace - 2 * lambda) / dispersion / T;
  return { mu: mean.map((m) => ppy * ((1 - raw) * m + raw * target)), raw };
}

const uniform = seededRandom;

function checkInvariants(x: Matrix, ppy: number, result: ReturnType<typeof jamesSteinReturn>): void {
  assert.ok(result.shrinkage >= 0 && result.shrinkage <= 1, `shrinkage ${result.shrinkage}`);
  for (let j = 0; j < x.cols; j++) {
    let s = 0;
    for (let t = 0; t < x.rows; t++) s += x.data[t * x.cols + j];
    const sample = (ppy * s) / x.rows;
    const [lo, hi] = [Math.min(sample, result.target), Math.max(sample, result.target)];
    const slack = 1e-12 * Math.max(Math.abs(lo), Math.abs(hi));
    const mu = result.expectedReturns[j];
    assert.ok(mu >= lo - slack && mu <= hi + slack, `asset ${j}: ${mu} not between ${sample} and ${result.target}`);
  }
}

describe("jamesSteinReturn on the common window of stock_prices.csv", () => {
  let stock: StockData;
  before(async () => {
    stock = await loadStockData();
  });

  it("equals the slow hand computation (intensity inside [0, 1], so skfolio's number)", () => {
    const x = stock.commonWindow.returns;
    const slow = slowJamesStein(x, 252);
    const result = jamesSteinReturn(x, { periodsPerYear: 252 });
    assert.ok(slow.raw > 0 && slow.raw < 1, `raw intensity ${slow.raw}`);
    assert.equal(result.clipped, false);
    // Closed form over 895 × 20 returns, Householder–QL vs power iteration for λ_max: estimator tolerance.
    expectClose(result.shrinkage, slow.raw, { rtol: 1e-10, atol: 0 }, "shrinkage");
    expectClose(result.expectedReturns, slow.mu, { rtol: 1e-10, atol: 1e-14 }, "expected returns");
    checkInvariants(x, 252, result);
  });

  it("gives the same answer when handed the sample covariance it would compute", () => {
    const x = stock.commonWindow.returns;
    const n = x.cols;
    const mean = new Float64Array(n);
    for (let t = 0; t < x.rows; t++) for (let j = 0; j < n; j++) mean[j] += x.data[t * n + j] / x.rows;
    const cov = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < x.rows; t++) s += (x.data[t * n + i] - mean[i]) * (x.data[t * n + j] - mean[j]);
        cov[i * n + j] = s / (x.rows - 1);
      }
    }
    const given = jamesSteinReturn(x, { periodsPerYear: 252, covariance: symmetricMatrix(n, cov) });
    const own = jamesSteinReturn(x, { periodsPerYear: 252 });
    // Same quantities summed in a different order.
    expectClose(given.shrinkage, own.shrinkage, { rtol: 1e-12, atol: 0 }, "shrinkage");
  });
});

describe("jamesSteinReturn on synthetic tables", () => {
  const rand = uniform(42);

  it("with a scaled identity covariance, δ = (n − 2) σ² / (T ‖μ̂ − μ̄‖²)", () => {
    const x = returnsMatrixFromArrays(Array.from({ length: 40 }, () => Array.from({ length: 6 }, () => 0.02 * (rand() - 0.5))));
    const sigma2 = 1e-4;
    const result = jamesSteinReturn(x, { periodsPerYear: 1, covariance: symmetricMatrix(6, identityTimes(6, sigma2)) });
    const mean = Array.from({ length: 6 }, (_, j) => Array.from({ length: 40 }, (_, t) => x.data[t * 6 + j]).reduce((a, b) => a + b) / 40);
    const target = mean.reduce((a, b) => a + b) / 6;
    const raw = ((6 - 2) * sigma2) / (40 * mean.reduce((s, m) => s + (m - target) ** 2, 0));
    // A few dozen terms: rounding only.
    expectClose(result.shrinkage, Math.min(1, raw), { rtol: 1e-12, atol: 0 }, "shrinkage");
    checkInvariants(x, 1, result);
  });

  it("clips a negative intensity to 0 (one dominant factor): the sample means are kept", () => {
    // Three assets driven by one common factor: λ_max ≈ trace, so tr Σ − 2 λ_max < 0.
    const rows = Array.from({ length: 200 }, () => {
      const f = 0.03 * (rand() - 0.5);
      return [0.001 + f, 0.002 + f + 1e-4 * (rand() - 0.5), 0.004 + f + 1e-4 * (rand() - 0.5)];
    });
    const x = returnsMatrixFromArrays(rows);
    const result = jamesSteinReturn(x, { periodsPerYear: 252 });
    assert.equal(result.shrinkage, 0);
    assert.equal(result.clipped, true);
    const sample = [0, 1, 2].map((j) => (252 * rows.reduce((s, r) => s + r[j], 0)) / rows.length);
    // Sample mean × 252 computed two ways: rounding only.
    expectClose(result.expectedReturns, sample, { rtol: 1e-12, atol: 1e-15 }, "sample means");
    checkInvariants(x, 252, result);
  });

  it("clips an intensity above 1 (means all but equal, much noise): every asset gets the grand mean", () => {
    // Eight noisy assets, demeaned, then given means 1e-6 apart: tiny dispersion, large tr Σ − 2λ_max.
    const noise = Array.from({ length: 30 }, () => Array.from({ length: 8 }, () => 0.05 * (rand() - 0.5)));
    const rows = noise.map((row) => row.map((v, j) => v - noise.reduce((s, r) => s + r[j], 0) / noise.length + 1e-6 * j));
    const x = returnsMatrixFromArrays(rows);
    const result = jamesSteinReturn(x, { periodsPerYear: 12 });
    assert.equal(result.shrinkage, 1);
    assert.equal(result.clipped, true);
    // (1 − 1)·μ̂ + 1·μ̄ leaves only rounding.
    expectClose(result.expectedReturns, new Array<number>(8).fill(result.target), { rtol: 1e-12, atol: 1e-17 });
  });

  it("rejects missing returns, too few rows and a bad covariance", () => {
    assert.throws(
      () => jamesSteinReturn(returnsMatrixFromArrays([[0.1, 0.2], [NaN, 0.1]]), { periodsPerYear: 1 }),
      (e: unknown) => e instanceof InvalidInputError && e.details.row === 1 && e.details.asset === 0,
    );
    assert.throws(() => jamesSteinReturn(returnsMatrixFromArrays([[0.1, 0.2]]), { periodsPerYear: 1 }), InsufficientHistoryError);
    const x = returnsMatrixFromArrays([[0.1, 0.2], [0.0, 0.1]]);
    assert.throws(() => jamesSteinReturn(x, { periodsPerYear: 1, covariance: symmetricMatrix(1, [1]) }), ShapeMismatchError);
    assert.throws(() => jamesSteinReturn(x, { periodsPerYear: 1, covariance: symmetricMatrix(2, [1, 0.5, 0.4, 1]) }), NotSymmetricError);
  });
});

function identityTimes(n: number, s: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = s;
  return out;
}
