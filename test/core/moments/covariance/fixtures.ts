/**
 * Test support for the covariance estimators: the shared reference prices turned into return tables
 * (a small CSV reader of our own, so these tests do not depend on src/data), the reference matrices
 * of covariance.json, a seeded random generator for synthetic panels, and small matrix helpers.
 */
import { readFileSync } from "node:fs";
import type { Matrix, SymmetricMatrix } from "../../../../src/core/linalg/matrix.js";
import { minEigenvalue } from "../../../../src/core/linalg/index.js";
import { referenceJson, referencePath } from "../../../support/reference.js";
import { seededRandom } from "../../../support/seeded-random.js";

export interface PriceTable {
  readonly tickers: readonly string[];
  readonly dates: readonly string[];
  /** rows = dates, cols = tickers, NaN where the CSV cell is empty. */
  readonly prices: Matrix;
}

/** Parses a `date,T1,T2,…` CSV of prices (no quoting in these files; empty cell = missing). */
export function readPriceCsv(file: string): PriceTable {
  const lines = readFileSync(referencePath("data", file), "utf8").trim().split(/\r?\n/);
  const tickers = lines[0].split(",").slice(1);
  const dates: string[] = [];
  const data: number[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    dates.push(cells[0]);
    for (let j = 1; j <= tickers.length; j++) data.push(cells[j] === undefined || cells[j] === "" ? NaN : Number(cells[j]));
  }
  return { tickers, dates, prices: { rows: dates.length, cols: tickers.length, data: Float64Array.from(data) } };
}

/** Simple returns `P_t/P_{t−1} − 1`, first row dropped, NaN where either price is missing. */
export function simpleReturns(prices: Matrix): Matrix {
  const { rows, cols, data } = prices;
  const out = new Float64Array((rows - 1) * cols);
  for (let t = 1; t < rows; t++) for (let j = 0; j < cols; j++) out[(t - 1) * cols + j] = data[t * cols + j] / data[(t - 1) * cols + j] - 1;
  return { rows: rows - 1, cols, data: out };
}

/** Log returns `ln(P_t/P_{t−1})`, first row dropped. */
export function logReturns(prices: Matrix): Matrix {
  const { rows, cols, data } = prices;
  const out = new Float64Array((rows - 1) * cols);
  for (let t = 1; t < rows; t++) for (let j = 0; j < cols; j++) out[(t - 1) * cols + j] = Math.log(data[t * cols + j] / data[(t - 1) * cols + j]);
  return { rows: rows - 1, cols, data: out };
}

/** Rows of a table where every column is present. */
export function completeRowsOf(x: Matrix): Matrix {
  const keep: number[] = [];
  for (let t = 0; t < x.rows; t++) {
    let ok = true;
    for (let j = 0; j < x.cols; j++) ok &&= !Number.isNaN(x.data[t * x.cols + j]);
    if (ok) keep.push(t);
  }
  const out = new Float64Array(keep.length * x.cols);
  keep.forEach((t, k) => out.set(x.data.subarray(t * x.cols, (t + 1) * x.cols), k * x.cols));
  return { rows: keep.length, cols: x.cols, data: out };
}

let stock: PriceTable | undefined;
/** stock_prices.csv (7126 dates × 20 tickers), read once. */
export function stockPrices(): PriceTable {
  stock ??= readPriceCsv("stock_prices.csv");
  return stock;
}

/** The full history: 7125 return rows, NaN before each listing. */
export function fullHistoryReturns(): Matrix {
  return simpleReturns(stockPrices().prices);
}

/** The common window: returns over the 896 dates where all 20 prices exist (895 rows). */
export function commonWindowReturns(): Matrix {
  return simpleReturns(completeRowsOf(stockPrices().prices));
}

export interface ReferenceMatrix {
  readonly matrix: SymmetricMatrix;
  readonly shrinkage?: number;
  readonly min_eigenvalue?: number;
  readonly n_obs?: number;
}

/** One matrix of expected/covariance.json by name, in its `tickers` order. */
export function referenceCovariance(name: string): ReferenceMatrix {
  const json = referenceJson<{ tickers: string[]; matrices: Record<string, { matrix: number[][] } & Omit<ReferenceMatrix, "matrix">> }>(
    "expected",
    "covariance.json",
  );
  if (json.tickers.join() !== stockPrices().tickers.join()) throw new Error("covariance.json tickers differ from the CSV columns");
  const entry = json.matrices[name];
  if (entry === undefined) throw new Error(`no matrix ${name} in covariance.json`);
  const n = entry.matrix.length;
  return { ...entry, matrix: { size: n, data: Float64Array.from(entry.matrix.flat()) } };
}

export { seededRandom };

/** Standard normal draws by Box-Muller from a uniform generator. */
export function normalSampler(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * A synthetic daily-like panel: one market factor with loadings in [0.5, 1.5] plus idiosyncratic
 * noise, fat-ish tails from a random volatility per row. Values are O(1e-2), like daily returns.
 */
export function factorPanel(rows: number, cols: number, seed: number, factorVolatility = 0.01): Matrix {
  const u = seededRandom(seed);
  const z = normalSampler(u);
  const loadings = Array.from({ length: cols }, () => 0.5 + u());
  const data = new Float64Array(rows * cols);
  for (let t = 0; t < rows; t++) {
    const market = factorVolatility * z();
    const scale = 0.5 + u();
    for (let j = 0; j < cols; j++) data[t * cols + j] = 0.0003 + loadings[j] * market + 0.012 * scale * z();
  }
  return { rows, cols, data };
}

/** Element (i, j) of a square row-major matrix. */
export const at = (m: SymmetricMatrix, i: number, j: number): number => m.data[i * m.size + j];

/** Largest |entry|, for absolute tolerances that follow the matrix's scale. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < values.length; k++) m = Math.max(m, Math.abs(values[k]));
  return m;
}

/** Smallest eigenvalue relative to the largest |eigenvalue| (−1e-12 or more: PSD up to rounding). */
export function relativeMinEigenvalue(m: SymmetricMatrix): number {
  const scale = maxAbs(m.data) * m.size;
  return scale === 0 ? 0 : minEigenvalue(m) / scale;
}

/** A table with its columns reordered: column k of the result is column `order[k]` of `x`. */
export function permuteColumns(x: Matrix, order: readonly number[]): Matrix {
  const out = new Float64Array(x.rows * x.cols);
  for (let t = 0; t < x.rows; t++) for (let k = 0; k < x.cols; k++) out[t * x.cols + k] = x.data[t * x.cols + order[k]];
  return { rows: x.rows, cols: x.cols, data: out };
}

/** `P·M·Pᵀ` for the permutation `order`. */
export function permuteSymmetric(m: SymmetricMatrix, order: readonly number[]): Float64Array {
  const n = m.size;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = m.data[order[i] * n + order[j]];
  return out;
}

/** `c · x` for a table. */
export function scaleTable(x: Matrix, c: number): Matrix {
  return { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data, (v) => v * c) };
}

/** A table from nested rows. */
export function table(rows: readonly (readonly number[])[]): Matrix {
  return { rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()) };
}
