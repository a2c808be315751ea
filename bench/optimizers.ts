/**
 * Optimizers: long-only minimum volatility and maximum Sharpe at N = 20, 100, 500 and 2,000 assets, and a
 * 100-point efficient frontier, on a synthetic factor-model universe (T = 2,520 days; Σ the annualised
 * `sampleCovariance`, μ the annualised mean returns), against the JavaScript peers in this process.
 *
 * Ours, timed at two levels: the entry points users call (`optimizeMeanVariance`, `efficientFrontier`),
 * and the QP under them (`solveQuadraticProgram`: min wᵀΣw s.t. Σw = 1, 0 ≤ w ≤ 1; max Sharpe as the
 * homogenised QP min yᵀΣy s.t. (μ − rf)ᵀy = 1, y ≥ 0, w = y/Σy; the frontier as min wᵀΣw s.t. μᵀw = r
 * at 100 returns from the min-volatility return to max μ, each solve warm-started from the previous).
 *
 * Peers, each given its input in its own format, built outside the timing:
 * - quadprog (npm, Goldfarb & Idnani's dual method, a port of R's quadprog): min-volatility only,
 *   `solveQP(2Σ, 0, [1 | I], [1, 0…], meq = 1)` with 1-based arrays. It overwrites D, d and A, so each
 *   call copies them first (O(N²), against its O(N³) solve). w ≤ 1 is left out: Σw = 1 and w ≥ 0 imply it.
 * - portfolio-allocation: `globalMinimumVarianceWeights(Σ)`, `maximumSharpeRatioWeights(μ, Σ, rf)`,
 *   `meanVarianceEfficientFrontierPortfolios(μ, Σ, { nbPortfolios: 100, discretizationType: "return" })`
 *   (all long-only, fully invested; Markowitz's critical line algorithm when Σ allows it).
 * A peer whose single run is estimated past 20 s (its previous size's time × (N/N_prev)³, these being
 * O(N³) methods) is skipped and its estimate printed, as is one that would take the topic past ~50 s.
 * Objectives are recomputed here from each implementation's weights, in minimisation form: variance for
 * min volatility, −Sharpe for max Sharpe, and for a frontier point its variance against ours at the same
 * return (solved outside the timing; the worst point is shown). The gap is (theirs − ours)/|ours|: a
 * negative gap beyond rounding (1e-12) means the peer found a better point, and is flagged.
 */
import { createRequire } from "node:module";
import PortfolioAllocation from "portfolio-allocation";
import type { SymmetricMatrix } from "../src/core/linalg/matrix.js";
import { sampleCovariance } from "../src/core/moments/covariance/index.js";
import { solveQuadraticProgram, type QpSolution, type QuadraticProgram } from "../src/core/optimizers/qp/index.js";
import { formatMs, type TargetCheck } from "./covariance.js";
import { syntheticReturns } from "./synthetic-returns.js";
import { measure } from "./timing.js";

const T = 2520;
const PERIODS_PER_YEAR = 252;
const RISK_FREE_RATE = 0.02;
const SIZES = [20, 100, 500, 2000];
/** The frontier is timed where the target is set (500) and where the peer can still run (100). */
const FRONTIER_SIZES = [100, 500];
const FRONTIER_POINTS = 100;
const PEER_LIMIT_MS = 20_000;
/**
 * The topic's time budget: a peer is also skipped when twice its estimate (the cubic extrapolation has
 * run 1.7× short for portfolio-allocation at N=500) would take the topic past it, so the topic stays
 * under a minute on an idle or a busy machine.
 */
const TOPIC_BUDGET_MS = 50_000;
const TARGET_MS: Record<number, number> = { 20: 0.1, 100: 1, 500: 10 };
const FRONTIER_TARGET_MS = 200;
/** A peer objective better than ours by more than this (relative) is flagged; less is rounding. */
const GAP_FLAG = -1e-12;

/** Python, measured elsewhere on this machine type (Python cannot run in this process). */
const REFERENCE = [
  "cvxopt QP, long-only min volatility: N=20 0.5 ms, N=100 1.3 ms, N=500 21 ms",
  "cvxopt QP, 50-point frontier at N=500: 1.9 s",
  "SciPy SLSQP, long-only min volatility at N=500: 17 s",
];

type Problem = "minVolatility" | "maxSharpe" | "frontier";

interface Row {
  readonly problem: Problem;
  readonly n: number;
  readonly implementation: string;
  /** "entry": our public entry point; "qp": our QP; undefined: a peer. */
  readonly ours?: "entry" | "qp";
  readonly ms: number;
  readonly runs: number; // 0: not run, ms estimated
  /** Relative: how much worse than ours (positive = worse; see `objectiveGap`). */
  readonly gap?: number;
  readonly note?: string;
}

interface Universe {
  readonly n: number;
  readonly covariance: SymmetricMatrix;
  readonly mu: Float64Array;
  readonly sigmaRows: number[][];
}

// The optimizers of the untyped peers, as this file calls them.
interface PortfolioAllocationOptimizers {
  globalMinimumVarianceWeights(sigma: number[][]): number[];
  maximumSharpeRatioWeights(mu: number[], sigma: number[][], rf: number): number[];
  meanVarianceEfficientFrontierPortfolios(
    mu: number[],
    sigma: number[][],
    opt: { nbPortfolios: number; discretizationType: "return" },
  ): [number[], number, number][];
}
const portfolioAllocation = PortfolioAllocation as unknown as PortfolioAllocationOptimizers;
const quadprog = createRequire(import.meta.url)("quadprog") as {
  solveQP(D: number[][], d: number[], A: number[][], b: number[], meq: number): { solution: number[]; message: string };
};

// The entry points users call, loaded when the mean-variance module is there (it is written in parallel).
type MeanVariance = typeof import("../src/core/optimizers/mean-variance/index.js");
const meanVariance: MeanVariance | string = await import("../src/core/optimizers/mean-variance/index.js").catch(
  (error: unknown) => `not available (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
);

function universe(n: number): Universe {
  const returns = syntheticReturns(T, n, 2024);
  const covariance = sampleCovariance(returns, { periodsPerYear: PERIODS_PER_YEAR }).covariance;
  const mu = new Float64Array(n);
  for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) mu[i] += returns.data[t * n + i];
  for (let i = 0; i < n; i++) mu[i] *= PERIODS_PER_YEAR / T;
  // Max Sharpe exists only if some asset beats rf; the generator's drifts (5–15 % a year) make it so.
  if (!mu.some((m) => m > RISK_FREE_RATE)) throw new Error(`synthetic universe N=${n}: no asset beats rf`);
  const sigmaRows = Array.from({ length: n }, (_, i) => Array.from(covariance.data.subarray(i * n, (i + 1) * n)));
  return { n, covariance, mu, sigmaRows };
}

const variance = (u: Universe, w: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < u.n; i++) {
    if (w[i] === 0) continue;
    let r = 0;
    for (let j = 0; j < u.n; j++) r += u.covariance.data[i * u.n + j] * w[j];
    s += w[i] * r;
  }
  return s;
};
const sharpe = (u: Universe, w: ArrayLike<number>): number => {
  let r = 0;
  for (let i = 0; i < u.n; i++) r += u.mu[i] * w[i];
  return (r - RISK_FREE_RATE) / Math.sqrt(variance(u, w));
};
/** Largest violation of Σw = 1, w ≥ 0: a peer's "better" objective only counts if it is feasible. */
const violation = (w: ArrayLike<number>): number => {
  let sum = 0;
  let worst = 0;
  for (let i = 0; i < w.length; i++) {
    sum += w[i];
    worst = Math.max(worst, -w[i]);
  }
  return Math.max(worst, Math.abs(sum - 1));
};

function qpProblem(u: Universe, equalityRows: Float64Array[], b: number[], upper: number): QuadraticProgram {
  const { n } = u;
  const P = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) P[k] = 2 * u.covariance.data[k]; // objective = variance
  const A = new Float64Array(equalityRows.length * n);
  equalityRows.forEach((row, r) => A.set(row, r * n));
  return {
    P: { size: n, data: P },
    q: new Float64Array(n),
    equalities: { A: { rows: equalityRows.length, cols: n, data: A }, b },
    lowerBounds: new Float64Array(n),
    upperBounds: new Float64Array(n).fill(upper),
  };
}

/** Our QP-level frontier: `points` target returns, each solve warm-started from the previous one. */
function qpFrontier(u: Universe, points: number, targets?: readonly number[]): { returns: number[]; variances: number[] } {
  const ones = new Float64Array(u.n).fill(1);
  const minVol = solveQuadraticProgram(qpProblem(u, [ones], [1], 1));
  let rMin = 0;
  for (let i = 0; i < u.n; i++) rMin += u.mu[i] * minVol.x[i];
  const rMax = Math.max(...u.mu);
  const grid = targets ?? Array.from({ length: points }, (_, k) => (k === points - 1 ? rMax : rMin + (k * (rMax - rMin)) / (points - 1)));
  const program = qpProblem(u, [ones, u.mu], [1, rMin], 1);
  const b = program.equalities!.b as number[];
  const variances: number[] = [];
  let warm: QpSolution = minVol;
  for (const r of grid) {
    b[1] = r;
    warm = solveQuadraticProgram(program, { warmStart: warm });
    variances.push(warm.objective);
  }
  return { returns: [...grid], variances };
}

let topicStarted = 0;

interface Judged {
  readonly gap: number;
  readonly note?: string;
}

/**
 * Times `run` (only the call: what it returns is judged after the timing), or, for a peer, estimates it
 * from its previous size and skips it past the limit.
 */
function timedRow<T>(
  rows: readonly Row[],
  base: { problem: Problem; n: number; implementation: string; ours?: "entry" | "qp" },
  run: () => T,
  judge: (result: T) => Judged,
  budgetMs = 500,
): Row {
  const { problem, n, implementation } = base;
  const previous = [...rows].reverse().find((r) => r.implementation === implementation && r.problem === problem && r.runs > 0);
  const estimateMs = previous === undefined ? 0 : previous.ms * (n / previous.n) ** 3;
  if (base.ours === undefined && previous !== undefined) {
    const left = TOPIC_BUDGET_MS - (performance.now() - topicStarted);
    if (estimateMs > PEER_LIMIT_MS || 2 * estimateMs > left) {
      const why = estimateMs > PEER_LIMIT_MS ? "" : `, twice that is more than the ${formatMs(Math.max(0, left))} left of the topic's budget`;
      const note = `skipped: one run estimated at ${formatMs(estimateMs)} from N=${previous.n} × (${n}/${previous.n})³${why}`;
      return { ...base, ms: estimateMs, runs: 0, note };
    }
  }
  try {
    // `measure` warms up with one call; a fast function gets ~100 ms of calls first, ours and the peers
    // alike, so that the JIT has compiled it before the timed runs (the first rows otherwise time tiers
    // that later rows, calling the same solver, never see). Slow ones are not run twice for it.
    if (base.ours !== undefined || estimateMs < 10) {
      const t0 = performance.now();
      for (let calls = 0; calls < 1000 && performance.now() - t0 < 100; calls++) run();
    }
    const m = measure(run, base.ours === undefined ? { budgetMs: 2000, maxRuns: 7 } : { budgetMs, maxRuns: 400 });
    return { ...base, ms: m.medianMs, runs: m.runs, ...judge(m.result) };
  } catch (error) {
    return { ...base, ms: NaN, runs: 0, note: `failed: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** (value − reference)/|reference| on the minimised objective (−Sharpe for max Sharpe): + = worse than ours. */
function objectiveGap(problem: Problem, value: number, reference: number): number {
  return problem === "maxSharpe" ? (reference - value) / Math.abs(reference) : (value - reference) / Math.abs(reference);
}

/** The gap of a set of weights, and a note when they leave Σw = 1, w ≥ 0 (then the gap means little). */
function judgeWeights(problem: Problem, u: Universe, w: ArrayLike<number>, reference: number, message = ""): Judged {
  const value = problem === "maxSharpe" ? sharpe(u, w) : variance(u, w);
  const v = violation(w);
  const notes = [message, v > 1e-9 ? `weights off Σw = 1, w ≥ 0 by ${v.toExponential(1)}` : ""].filter((s) => s !== "");
  return { gap: objectiveGap(problem, value, reference), ...(notes.length ? { note: notes.join("; ") } : {}) };
}

function benchSize(u: Universe, rows: Row[]): void {
  const { n, mu, covariance, sigmaRows } = u;
  const ones = new Float64Array(n).fill(1);
  const minVolQp = qpProblem(u, [ones], [1], 1);
  const excess = Float64Array.from(mu, (m) => m - RISK_FREE_RATE);
  const sharpeQp = qpProblem(u, [excess], [1], Infinity);
  const weightsOf = (y: Float64Array): Float64Array => {
    let s = 0;
    for (let i = 0; i < n; i++) s += y[i];
    return y.map((v) => v / s);
  };
  const minVar = variance(u, solveQuadraticProgram(minVolQp).x);
  const maxSr = sharpe(u, weightsOf(solveQuadraticProgram(sharpeQp).x));
  const minVolRow = (implementation: string) => ({ problem: "minVolatility" as const, n, implementation });
  const sharpeRow = (implementation: string) => ({ problem: "maxSharpe" as const, n, implementation });

  rows.push(
    timedRow(rows, { ...minVolRow("ours, solveQuadraticProgram"), ours: "qp" }, () => solveQuadraticProgram(minVolQp).x, (w) =>
      judgeWeights("minVolatility", u, w, minVar),
    ),
    timedRow(
      rows,
      { ...sharpeRow("ours, solveQuadraticProgram (homogenised)"), ours: "qp" },
      () => weightsOf(solveQuadraticProgram(sharpeQp).x),
      (w) => judgeWeights("maxSharpe", u, w, maxSr),
    ),
  );
  if (typeof meanVariance !== "string") {
    const { optimizeMeanVariance } = meanVariance;
    const input = { expectedReturns: mu, covariance, riskFreeRate: RISK_FREE_RATE };
    rows.push(
      timedRow(
        rows,
        { ...minVolRow("ours, optimizeMeanVariance"), ours: "entry" },
        () => optimizeMeanVariance({ ...input, model: { kind: "minVolatility" } }).weights,
        (w) => judgeWeights("minVolatility", u, w, minVar),
      ),
      timedRow(
        rows,
        { ...sharpeRow("ours, optimizeMeanVariance"), ours: "entry" },
        () => optimizeMeanVariance({ ...input, model: { kind: "maxSharpe" } }).weights,
        (w) => judgeWeights("maxSharpe", u, w, maxSr),
      ),
    );
  }

  // quadprog's arrays (1-based); it writes into D, d and A, so every call works on fresh copies.
  const D = [[], ...sigmaRows.map((row) => [0, ...row.map((v) => 2 * v)])];
  const A = [[], ...Array.from({ length: n }, (_, i) => [0, 1, ...Array.from({ length: n }, (_, c) => (c === i ? 1 : 0))])];
  const b = [0, 1, ...new Array<number>(n).fill(0)];
  rows.push(
    timedRow(
      rows,
      minVolRow("quadprog solveQP"),
      () => quadprog.solveQP(D.map((r) => r.slice()), new Array<number>(n + 1).fill(0), A.map((r) => r.slice()), b.slice(), 1),
      (out) => judgeWeights("minVolatility", u, out.solution.slice(1), minVar, out.message),
    ),
    timedRow(rows, minVolRow("portfolio-allocation globalMinimumVarianceWeights"), () => portfolioAllocation.globalMinimumVarianceWeights(sigmaRows), (w) =>
      judgeWeights("minVolatility", u, w, minVar),
    ),
    timedRow(
      rows,
      sharpeRow("portfolio-allocation maximumSharpeRatioWeights"),
      () => portfolioAllocation.maximumSharpeRatioWeights(Array.from(mu), sigmaRows, RISK_FREE_RATE),
      (w) => judgeWeights("maxSharpe", u, w, maxSr),
    ),
  );
}

/** Each point's variance against ours at the same return; the gap reported is the smallest. */
function judgeFrontier(u: Universe, points: readonly { weights: ArrayLike<number> }[]): Judged {
  const returns = points.map(({ weights }) => {
    let r = 0;
    for (let i = 0; i < u.n; i++) r += weights[i] * u.mu[i];
    return r;
  });
  // Ours at exactly these returns (outside the timing), so a point is judged against its own return.
  const ours = qpFrontier(u, points.length, returns);
  let worst = Infinity; // the point most in the peer's favour
  let worstViolation = 0;
  points.forEach(({ weights }, k) => {
    worst = Math.min(worst, (variance(u, weights) - ours.variances[k]) / ours.variances[k]);
    worstViolation = Math.max(worstViolation, violation(weights));
  });
  const off = worstViolation > 1e-9 ? `; weights off Σw = 1, w ≥ 0 by ${worstViolation.toExponential(1)}` : "";
  return { gap: worst, note: `gap: the smallest over the ${points.length} points${off}` };
}

function benchFrontier(u: Universe, rows: Row[]): void {
  const { n, mu, covariance, sigmaRows } = u;
  const label = `${FRONTIER_POINTS}-point`;
  const base = (implementation: string) => ({ problem: "frontier" as const, n, implementation });
  rows.push(
    timedRow(rows, { ...base(`ours, ${label}, solveQuadraticProgram warm`), ours: "qp" }, () => qpFrontier(u, FRONTIER_POINTS), () => ({ gap: 0 }), 1000),
  );
  if (typeof meanVariance !== "string") {
    const { efficientFrontier } = meanVariance;
    rows.push(
      timedRow(
        rows,
        { ...base(`ours, ${label}, efficientFrontier`), ours: "entry" },
        () => efficientFrontier({ expectedReturns: mu, covariance, points: FRONTIER_POINTS, riskFreeRate: RISK_FREE_RATE }),
        (points) => judgeFrontier(u, points),
        1000,
      ),
    );
  }
  rows.push(
    timedRow(
      rows,
      base("portfolio-allocation meanVarianceEfficientFrontierPortfolios"),
      () => portfolioAllocation.meanVarianceEfficientFrontierPortfolios(Array.from(mu), sigmaRows, { nbPortfolios: FRONTIER_POINTS, discretizationType: "return" }),
      (points) => judgeFrontier(u, points.map(([weights]) => ({ weights }))),
    ),
  );
}

const pad = (s: string, w: number): string => s.padEnd(w);
const lpad = (s: string, w: number): string => s.padStart(w);

function printRows(rows: readonly Row[]): void {
  console.log(
    `${lpad("N", 5)}  ${pad("problem", 14)}${pad("implementation", 62)}${lpad("median", 10)}${lpad("runs", 6)}${lpad("peer/ours", 11)}` +
      `  gap (theirs − ours)/|ours|, − = better than ours`,
  );
  for (const row of rows) {
    const ours = reference(rows, row.problem, row.n);
    const ratio = row.ours === undefined && ours !== undefined && Number.isFinite(row.ms) ? `${(row.ms / ours.ms).toFixed(1)}×` : "";
    const time = !Number.isFinite(row.ms) ? "-" : row.runs === 0 ? `~${formatMs(row.ms)}` : formatMs(row.ms);
    const gap = row.gap === undefined ? "" : `${row.gap >= 0 ? "+" : ""}${row.gap.toExponential(1)}${row.gap < GAP_FLAG ? "  <-- BETTER THAN OURS" : ""}`;
    console.log(
      `${lpad(String(row.n), 5)}  ${pad(row.problem, 14)}${pad(row.implementation, 62)}${lpad(time, 10)}` +
        `${lpad(row.runs === 0 ? "-" : String(row.runs), 6)}${lpad(ratio, 11)}  ${pad(gap, 10)}` +
        (row.note === undefined ? "" : `  ${row.note}`),
    );
  }
}

/** Ours as users call it (the entry point when it ran), else the QP level. */
function reference(rows: readonly Row[], problem: Problem, n: number): Row | undefined {
  const at = rows.filter((r) => r.problem === problem && r.n === n && r.ours !== undefined && r.runs > 0);
  return at.find((r) => r.ours === "entry") ?? at.find((r) => r.ours === "qp");
}

export function benchOptimizers(): TargetCheck[] {
  console.log(
    `Optimizers on T = ${T} daily returns (3-factor model, seeded): Σ = sampleCovariance, μ = mean × ${PERIODS_PER_YEAR}, ` +
      `long-only, fully invested, rf = ${RISK_FREE_RATE}`,
  );
  if (typeof meanVariance === "string") console.log(`mean-variance entry points ${meanVariance}: timing the QP level only`);
  topicStarted = performance.now();
  const rows: Row[] = [];
  for (const n of SIZES) {
    const t0 = performance.now();
    const u = universe(n);
    const setupMs = performance.now() - t0;
    const from = rows.length;
    benchSize(u, rows);
    if (FRONTIER_SIZES.includes(n)) benchFrontier(u, rows);
    printRows(rows.slice(from));
    console.log(`       (universe: returns and covariance in ${formatMs(setupMs)}, not timed)\n`);
  }
  console.log("Reference, measured elsewhere on this machine type, not in this run (Python):");
  for (const line of REFERENCE) console.log(`  ${line}`);
  console.log(`\noptimizers topic took ${formatMs(performance.now() - topicStarted)}\n`);
  return targets(rows);
}

function targets(rows: readonly Row[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const at = (problem: Problem, n: number, level: "entry" | "qp") => rows.find((r) => r.problem === problem && r.n === n && r.ours === level && r.runs > 0);
  const levels = [
    ["entry", "optimizeMeanVariance"],
    ["qp", "QP"],
  ] as const;
  for (const problem of ["minVolatility", "maxSharpe"] as const) {
    for (const [n, limit] of Object.entries(TARGET_MS).map(([n, ms]) => [Number(n), ms] as const)) {
      for (const [level, name] of levels) {
        const row = at(problem, n, level);
        if (row !== undefined) checks.push({ pass: row.ms <= limit, text: `${problem} N=${n} (${name}): ≤ ${limit} ms (${formatMs(row.ms)})` });
      }
    }
  }
  for (const [level, name] of [
    ["entry", "efficientFrontier"],
    ["qp", "QP, warm-started"],
  ] as const) {
    const row = at("frontier", 500, level);
    if (row !== undefined) {
      checks.push({ pass: row.ms <= FRONTIER_TARGET_MS, text: `${FRONTIER_POINTS}-point frontier N=500 (${name}): ≤ ${FRONTIER_TARGET_MS} ms (${formatMs(row.ms)})` });
    }
  }
  for (const row of rows) {
    if (row.ours !== undefined) continue;
    const ours = reference(rows, row.problem, row.n);
    if (ours === undefined) continue;
    const estimated = row.runs === 0;
    const faster = ours.ms < row.ms;
    const noWorse = estimated || (row.gap !== undefined && row.gap >= GAP_FLAG);
    checks.push({
      pass: faster && noWorse,
      text:
        `${row.problem} N=${row.n}: faster than ${row.implementation} with an objective no worse ` +
        `(${(row.ms / ours.ms).toFixed(1)}×${estimated ? ", peer estimated, not run" : `, gap ${row.gap?.toExponential(1)}`})`,
    });
  }
  return checks;
}
