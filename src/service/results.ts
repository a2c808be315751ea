/**
 * Optimizations as stored runs: optimize or trace a frontier on the prices in the store, save the
 * run with what it takes to repeat it (the request with its universe resolved, the program version,
 * the panel hash), list a portfolio's runs, read one, and re-run a stored request on today's data to
 * compare with the original. Allocations (whole shares or a rebalance plan for target weights) are
 * stored the same way, and the history lists both kinds of run across portfolios.
 *
 * Results are memoised (LRU) per request and panel hash: an optimization is a pure function of the
 * two, so a repeated request is answered without re-estimating the moments (≈10 ms for 20 assets ×
 * 8,000 days of Ledoit-Wolf), and new prices change the hash and so miss the memo. Every request is
 * still saved as its own run.
 */
import type { ExpectedReturnsSpec, RiskModelSpec } from "../core/moments/index.js";
import { withEmptyColumns, type GapPolicy, type PricePanel } from "../core/returns/index.js";
import type { BacktestRun, Job, JsonValue, ListSummariesOptions, OptimizationRun, PortfolioRepository, ResultRepository, RunSummary } from "../store/index.js";
import { StoreError } from "../store/index.js";
import { InvalidRequestError, JobNotFinishedError, ResultNotFoundError } from "./errors.js";
import { allocatePortfolio, type AllocationResult, type AllocationSettings } from "./allocate-portfolio.js";
import { LruCache } from "./lru-cache.js";
import { frontierOfPortfolio, optimizePortfolio, type FrontierRequest, type FrontierResult, type ModelRequest, type OptimizationResult } from "./optimize-portfolio.js";
import type { PriceService } from "./prices.js";
import type { ConstraintsRequest } from "./resolve-constraints.js";
import { resolvePortfolioUniverse } from "./resolve-universe.js";
import { compareRuns, type RunDifferences } from "./run-differences.js";

/** What every stored optimization request says besides its model: the universe and the estimators. */
export interface UniverseSpec {
  /** Take tickers and constraints from this portfolio (the request's own win) and link the run to it. */
  readonly portfolioId?: number;
  readonly tickers?: readonly string[];
  readonly start?: string;
  readonly end?: string;
  readonly expectedReturns?: ExpectedReturnsSpec;
  readonly riskModel?: RiskModelSpec;
  readonly periodsPerYear?: number;
  readonly logReturns?: boolean;
  readonly gaps?: GapPolicy;
  /** Ticker of the market series for CAPM expected returns. */
  readonly market?: string;
  readonly constraints?: ConstraintsRequest;
  readonly riskFreeRate?: number;
}

export interface OptimizeSpec extends UniverseSpec {
  readonly model: ModelRequest;
  readonly fallback?: readonly ModelRequest[];
}

export interface FrontierSpec extends UniverseSpec {
  readonly points?: number;
  readonly riskMeasure?: FrontierRequest["riskMeasure"];
  readonly confidence?: number;
}

/** An allocation: the target weights from a model (optimized like `OptimizeSpec`) or given as `weights`. */
export interface AllocateSpec extends UniverseSpec, AllocationSettings {
  readonly model?: ModelRequest;
  readonly fallback?: readonly ModelRequest[];
}

export interface SavedAllocation {
  readonly runId: number;
  readonly createdAt: string;
  readonly panelHash: string;
  readonly result: AllocationResult;
}

export interface SavedOptimization {
  readonly runId: number;
  readonly createdAt: string;
  readonly panelHash: string;
  readonly result: OptimizationResult;
}

export interface SavedFrontier {
  readonly runId: number;
  readonly createdAt: string;
  readonly panelHash: string;
  readonly result: FrontierResult;
}

export interface RunComparison {
  readonly original: OptimizationRun;
  readonly rerun: OptimizationRun;
  readonly differences: RunDifferences;
}

export interface PortfolioRuns {
  readonly optimizations: readonly OptimizationRun[];
  readonly backtests: readonly BacktestRun[];
}

export type JobResult =
  | { readonly kind: "backtest"; readonly run: BacktestRun }
  | { readonly kind: "optimization"; readonly run: OptimizationRun };

export interface ResultService {
  /** Optimizes on the stored prices and saves the run. */
  optimize(spec: OptimizeSpec): Promise<SavedOptimization>;
  /** Traces the frontier on the stored prices and saves it as one run (model `frontier`). */
  frontier(spec: FrontierSpec): Promise<SavedFrontier>;
  /**
   * Shares or trades for target weights at the latest stored prices, saved as a run (its model:
   * the optimized model, or `allocation` for given weights; metrics leftover, rmse, totalFees, value).
   */
  allocate(spec: AllocateSpec): Promise<SavedAllocation>;
  /** Run summaries newest first, across portfolios. @throws PORTFOLIO_NOT_FOUND for an unknown `portfolioId` */
  history(options?: ListSummariesOptions): Promise<RunSummary[]>;
  /** @throws RESULT_NOT_FOUND */
  deleteOptimization(id: number): Promise<void>;
  /** @throws RESULT_NOT_FOUND */
  getBacktest(id: number): Promise<BacktestRun>;
  /** @throws RESULT_NOT_FOUND */
  deleteBacktest(id: number): Promise<void>;
  /** @throws PORTFOLIO_NOT_FOUND */
  listForPortfolio(portfolioId: number, options?: { readonly limit?: number }): Promise<PortfolioRuns>;
  /** @throws RESULT_NOT_FOUND */
  get(id: number): Promise<OptimizationRun>;
  /** Runs a stored request again on the current prices, saves it, and says what changed. */
  rerun(id: number): Promise<RunComparison>;
  /** The stored result a succeeded job points to. @throws JOB_NOT_FINISHED, RESULT_NOT_FOUND */
  jobResult(job: Job): Promise<JobResult>;
}

export interface ResultServiceOptions {
  readonly results: ResultRepository;
  readonly portfolios: PortfolioRepository;
  readonly prices: PriceService;
  /** Written into every run (package.json version). */
  readonly programVersion: string;
  /** Most assets per request (MAX_ASSETS). */
  readonly maxAssets?: number;
  /** Results memoised (default 256). */
  readonly memoSize?: number;
}

/** Tickers a request names outside its universe: per-asset bounds, groups, weights, benchmarks. */
function referencedTickers(spec: OptimizeSpec | FrontierSpec | AllocateSpec): string[] {
  const c = spec.constraints ?? {};
  const names = [
    ...Object.keys(c.assetBounds ?? {}),
    ...Object.values(c.groups ?? {}).flat(),
    ...Object.keys(c.currentWeights ?? {}),
    ...Object.keys(c.trackingError?.benchmark ?? {}),
  ];
  if ("model" in spec && spec.model !== undefined) {
    for (const m of [spec.model, ...(spec.fallback ?? [])]) if (m.kind === "minTrackingError") names.push(...Object.keys(m.benchmark));
  }
  return names;
}


function performanceMetrics(p: OptimizationResult["performance"], observations: number): Record<string, number | null> {
  return { expectedReturn: p.expectedReturn, volatility: p.volatility, sharpe: p.sharpe, observations };
}

/** The summary measures of a stored frontier run (the run records and the frontier job share them). */
export function frontierRunMetrics(result: FrontierResult): Record<string, number | null> {
  const sharpes = result.points.map((p) => p.sharpe).filter((s): s is number => s !== null);
  return {
    points: result.points.length,
    minVolatility: Math.min(...result.points.map((p) => p.volatility)),
    maxExpectedReturn: Math.max(...result.points.map((p) => p.expectedReturn)),
    maxSharpe: sharpes.length === 0 ? null : Math.max(...sharpes),
    observations: result.estimate.observations,
  };
}

/** The money an allocation places: the value given, or the account's worth at the prices used. */
function accountValue(spec: AllocateSpec, result: AllocationResult): number {
  if (spec.value !== undefined) return spec.value;
  let value = spec.cash ?? 0;
  for (const [ticker, shares] of Object.entries(spec.holdings ?? {})) value += shares * (result.prices[ticker] ?? 0);
  return value;
}

/** The summary measures of an allocation run; rmse of achieved against target weights (PyPortfolioOpt's). */
function allocationMetrics(spec: AllocateSpec, result: AllocationResult): Record<string, number | null> {
  let squares = 0;
  for (const t of result.tickers) squares += (result.weights[t] - result.targetWeights[t]) ** 2;
  return {
    leftover: result.leftover,
    rmse: result.tickers.length === 0 ? 0 : Math.sqrt(squares / result.tickers.length),
    totalFees: result.totalFees,
    value: accountValue(spec, result),
    maxDeviation: result.maxDeviation,
  };
}

export function createResultService(options: ResultServiceOptions): ResultService {
  const { results, portfolios, prices, programVersion } = options;
  const maxAssets = options.maxAssets ?? Infinity;
  const memo = new LruCache<string, OptimizationResult | FrontierResult>({ maxEntries: options.memoSize ?? 256 });

  /** The spec with its universe and constraints filled in from the portfolio: what a re-run repeats. */
  async function resolve<S extends OptimizeSpec | FrontierSpec | AllocateSpec>(spec: S): Promise<S & { tickers: readonly string[] }> {
    const resolved = await resolvePortfolioUniverse(portfolios, spec, maxAssets);
    if (spec.start !== undefined && spec.end !== undefined && spec.start > spec.end) {
      throw new InvalidRequestError(`start ${spec.start} is after end ${spec.end}`, { start: spec.start, end: spec.end });
    }
    return resolved;
  }

  /** The prices a resolved spec runs on, its panel hash, and the memo key. */
  async function inputs<S extends OptimizeSpec | FrontierSpec | AllocateSpec>(
    spec: S & { tickers: readonly string[] },
  ): Promise<{ request: S & { tickers: readonly string[]; prices: PricePanel; market?: PricePanel }; hash: string; key: string }> {
    const window = { start: spec.start, end: spec.end };
    const universe = await prices.panel(spec.tickers, window);
    const inUniverse = new Set(spec.tickers);
    const extra = [...new Set(referencedTickers(spec).filter((t) => !inUniverse.has(t)))];
    // Named but not selected: only their existence matters (a typo must still be UNKNOWN_ASSET).
    if (extra.length > 0) await prices.panel(extra, {});
    const market = spec.market === undefined ? undefined : await prices.panel([spec.market], window);
    const request = {
      ...spec,
      prices: withEmptyColumns(universe.panel, extra),
      market: market?.panel,
    };
    const key = `${JSON.stringify(spec)}|${universe.hash}|${market?.hash ?? ""}`;
    return { request, hash: universe.hash, key };
  }

  async function optimize(spec: OptimizeSpec): Promise<SavedOptimization> {
    const resolved = await resolve(spec);
    const { request, hash, key } = await inputs(resolved);
    let result = memo.get(`optimize|${key}`) as OptimizationResult | undefined;
    if (result === undefined) {
      result = await optimizePortfolio(request);
      memo.set(`optimize|${key}`, result);
    }
    const run = await results.saveOptimization({
      portfolioId: resolved.portfolioId ?? null,
      model: result.model,
      parameters: { kind: "optimize", ...resolved } as unknown as JsonValue,
      weights: result.weights,
      metrics: performanceMetrics(result.performance, result.estimate.observations),
      programVersion,
      panelHash: hash,
    });
    return { runId: run.id, createdAt: run.createdAt, panelHash: hash, result };
  }

  async function frontier(spec: FrontierSpec): Promise<SavedFrontier> {
    const resolved = await resolve(spec);
    const { request, hash, key } = await inputs(resolved);
    let result = memo.get(`frontier|${key}`) as FrontierResult | undefined;
    if (result === undefined) {
      result = await frontierOfPortfolio(request);
      memo.set(`frontier|${key}`, result);
    }
    const run = await results.saveOptimization({
      portfolioId: resolved.portfolioId ?? null,
      model: "frontier",
      parameters: { kind: "frontier", ...resolved } as unknown as JsonValue,
      weights: {},
      metrics: frontierRunMetrics(result),
      programVersion,
      panelHash: hash,
    });
    return { runId: run.id, createdAt: run.createdAt, panelHash: hash, result };
  }

  async function allocate(spec: AllocateSpec): Promise<SavedAllocation> {
    // Given weights name their universe when neither tickers nor a portfolio do.
    const universe = spec.tickers === undefined && spec.portfolioId === undefined && spec.weights !== undefined ? { ...spec, tickers: Object.keys(spec.weights) } : spec;
    const resolved = await resolve(universe);
    const { request, hash } = await inputs(resolved);
    const result = await allocatePortfolio(request);
    const run = await results.saveOptimization({
      portfolioId: resolved.portfolioId ?? null,
      model: result.optimization?.model ?? "allocation",
      parameters: { kind: "allocate", ...resolved } as unknown as JsonValue,
      weights: result.weights,
      metrics: allocationMetrics(resolved, result),
      programVersion,
      panelHash: hash,
    });
    return { runId: run.id, createdAt: run.createdAt, panelHash: hash, result };
  }

  async function get(id: number): Promise<OptimizationRun> {
    const run = await results.getOptimization(id);
    if (run === null) throw new ResultNotFoundError("optimization", id);
    return run;
  }

  return {
    optimize,
    frontier,
    allocate,

    async history(o = {}) {
      if (o.portfolioId !== undefined && (await portfolios.get(o.portfolioId)) === null) {
        throw new StoreError("PORTFOLIO_NOT_FOUND", `no portfolio with id ${o.portfolioId}`, { id: o.portfolioId });
      }
      return results.listSummaries(o);
    },

    async deleteOptimization(id) {
      if (!(await results.deleteOptimization(id))) throw new ResultNotFoundError("optimization", id);
    },

    async getBacktest(id) {
      const run = await results.getBacktest(id);
      if (run === null) throw new ResultNotFoundError("backtest", id);
      return run;
    },

    async deleteBacktest(id) {
      if (!(await results.deleteBacktest(id))) throw new ResultNotFoundError("backtest", id);
    },

    async listForPortfolio(portfolioId, o = {}) {
      if ((await portfolios.get(portfolioId)) === null) throw new StoreError("PORTFOLIO_NOT_FOUND", `no portfolio with id ${portfolioId}`, { id: portfolioId });
      const [optimizations, backtests] = await Promise.all([
        results.listOptimizations({ portfolioId, limit: o.limit }),
        results.listBacktests({ portfolioId, limit: o.limit }),
      ]);
      return { optimizations, backtests };
    },

    get,

    async rerun(id) {
      const original = await get(id);
      const { kind, ...spec } = original.parameters as unknown as (OptimizeSpec | FrontierSpec | AllocateSpec) & { kind: string };
      // A deleted portfolio leaves its runs unlinked (portfolioId null); the stored request still
      // has its universe and constraints, so it runs all the same.
      const repeat = { ...spec, portfolioId: original.portfolioId ?? undefined };
      const saved =
        kind === "frontier" ? await frontier(repeat as FrontierSpec) : kind === "allocate" ? await allocate(repeat as AllocateSpec) : await optimize(repeat as OptimizeSpec);
      const rerun = await get(saved.runId);
      return { original, rerun, differences: compareRuns(original, rerun) };
    },

    async jobResult(job) {
      if (job.status !== "succeeded" || job.resultRef === null) throw new JobNotFinishedError(job.id, job.status);
      const [kind, idText] = job.resultRef.split(":");
      const id = Number(idText);
      if (kind === "backtest") {
        const run = await results.getBacktest(id);
        if (run === null) throw new ResultNotFoundError("backtest", idText);
        return { kind, run };
      }
      if (kind === "optimization") return { kind, run: await get(id) };
      throw new ResultNotFoundError(kind, idText ?? job.resultRef);
    },
  };
}
