/**
 * The `backtest` job: the models of a request (backtest-job-payload.ts) run walk-forward on the
 * prices in the store, side by side with their benchmarks, saved as one backtest run and referenced
 * as `backtest:<id>`.
 *
 * The backtest itself is `backtestPortfolio`, handed in as `compute` so that the job runner can run
 * it in a worker thread; its progress becomes the job's, and the job's signal stops it. The run is
 * saved through `context.commitResult`, which stores it and marks the job succeeded in one
 * transaction, so a job re-run after its worker died stores it once.
 */
import { createRequire } from "node:module";
import { withEmptyColumns } from "../core/returns/index.js";
import type { JobHandler } from "../jobs/job-runner.js";
import {
  createPortfolioRepository,
  createPriceRepository,
  createResultRepository,
  StoreError,
  type JsonValue,
  type NewBacktestRun,
  type Store,
} from "../store/index.js";
import { backtestPortfolio, type BacktestReport, type BacktestRequest } from "./backtest-portfolio.js";
import { parseBacktestJobPayload, type BacktestJobPayload } from "./backtest-job-payload.js";
import { InvalidRequestError } from "./errors.js";
import { checkUniverseSize } from "./portfolios.js";
import { createPriceService } from "./prices.js";
import type { ConstraintsRequest } from "./resolve-constraints.js";

/** What `compute` gets: the request as data (it may cross to a worker thread), without callbacks. */
export type BacktestComputeRequest = Omit<BacktestRequest, "onProgress" | "signal">;

export interface BacktestComputeHooks {
  readonly onProgress: (fraction: number, info: unknown) => void;
  readonly signal: AbortSignal;
}

export interface BacktestJobOptions {
  readonly store: Store;
  /** Runs the backtest (default: `backtestPortfolio` on this thread). */
  readonly compute?: (request: BacktestComputeRequest, hooks: BacktestComputeHooks) => Promise<BacktestReport>;
  /** Written into the run (default: package.json's version). */
  readonly programVersion?: string;
  /** Most assets per job (MAX_ASSETS; default no limit). */
  readonly maxAssets?: number;
}

// The job's progress: loading prices up to 10 %, the backtest from 10 % to 90 %, storing the rest.
const BACKTEST_FROM = 0.1;
const BACKTEST_SPAN = 0.8;

function packageVersion(): string {
  return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
}

function keysOf(record: Readonly<Record<string, unknown>> | undefined): string[] {
  return record === undefined ? [] : Object.keys(record);
}

/**
 * Tickers the request names outside its universe (constraints, model weights and benchmarks): they
 * must exist in the store, but the backtest gives them no data.
 */
function namedElsewhere(payload: BacktestJobPayload, universe: readonly string[]): string[] {
  const names: string[] = [];
  const constraints = (c: ConstraintsRequest | undefined): void => {
    if (c === undefined) return;
    names.push(...keysOf(c.assetBounds), ...Object.values(c.groups ?? {}).flat(), ...keysOf(c.currentWeights), ...keysOf(c.trackingError?.benchmark));
  };
  constraints(payload.constraints);
  for (const m of payload.models) {
    constraints(m.constraints);
    const model = m.model;
    if (model.kind === "minTrackingError") names.push(...keysOf(model.benchmark));
    if (model.kind === "fixedWeights") names.push(...keysOf(model.weights));
    if (model.kind === "riskParity") names.push(...keysOf(model.budgets));
  }
  const inUniverse = new Set(universe);
  return [...new Set(names.filter((t) => !inUniverse.has(t)))];
}


/** The stored record of a report: the first run's headline measures, every run's metrics by name, the report. */
export function backtestRunRecord(report: BacktestReport): Pick<NewBacktestRun, "sharpe" | "maxDrawdown" | "winRate" | "metrics" | "series"> {
  const first = report.runs[0]?.metrics;
  const metrics: Record<string, JsonValue> = {};
  for (const run of report.runs) metrics[run.model] = run.metrics as unknown as JsonValue;
  return {
    sharpe: first?.sharpe ?? null,
    maxDrawdown: first?.maxDrawdown ?? null,
    winRate: first?.winRate ?? null,
    metrics,
    // The whole report (runs with their curves, rebalances and events; benchmarks), as the dashboard reads it.
    series: report as unknown as JsonValue,
  };
}

export function createBacktestJobHandler(options: BacktestJobOptions): JobHandler {
  const { store } = options;
  const compute = options.compute ?? (async (request: BacktestComputeRequest, hooks: BacktestComputeHooks) => backtestPortfolio({ ...request, ...hooks }));
  const portfolios = createPortfolioRepository(store);
  const prices = createPriceService(createPriceRepository(store));

  return async (payload, context) => {
    const spec = parseBacktestJobPayload(payload);
    let { tickers, constraints } = spec;
    if (spec.portfolioId !== undefined) {
      const portfolio = await portfolios.get(spec.portfolioId);
      if (portfolio === null) throw new StoreError("PORTFOLIO_NOT_FOUND", `no portfolio with id ${spec.portfolioId}`, { id: spec.portfolioId });
      tickers ??= [...portfolio.tickers];
      constraints ??= portfolio.constraints as BacktestJobPayload["constraints"];
    }
    if (tickers === undefined) throw new InvalidRequestError("name the assets: give tickers or a portfolioId");
    checkUniverseSize(tickers, options.maxAssets ?? Infinity);
    const duplicate = tickers.find((t, i) => tickers.indexOf(t) !== i);
    if (duplicate !== undefined) throw new InvalidRequestError(`ticker ${duplicate} appears twice in the universe`, { ticker: duplicate });
    const resolved: BacktestJobPayload = { ...spec, tickers, ...(constraints === undefined ? {} : { constraints }) };

    context.reportProgress(0.02, "loading prices");
    // Every price up to the end: the rows before `start` feed the first estimation window. The
    // benchmark ticker is read with the universe, on the same dates, and in the same panel hash.
    const loaded = spec.benchmark === undefined || tickers.includes(spec.benchmark) ? tickers : [...tickers, spec.benchmark];
    const universe = await prices.panel(loaded, { end: spec.end });
    const extra = namedElsewhere(resolved, loaded);
    if (extra.length > 0) await prices.assertKnown(extra); // an unknown name is UNKNOWN_ASSET
    context.signal.throwIfAborted();

    context.reportProgress(BACKTEST_FROM, "backtesting");
    const { portfolioId: _portfolioId, ...settings } = resolved;
    // The payload's model specs are the service's `BacktestModelRequest`s as data; the strategy
    // mapping checks kinds and ticker-keyed weights when it builds each model.
    const request = { ...settings, prices: withEmptyColumns(universe.panel, extra), tickers } as unknown as BacktestComputeRequest;
    const report = await compute(request, {
      signal: context.signal,
      onProgress: (fraction, info) => {
        const date = (info as { date?: unknown } | undefined)?.date;
        context.reportProgress(BACKTEST_FROM + BACKTEST_SPAN * fraction, typeof date === "string" ? `backtesting ${date}` : "backtesting");
      },
    });

    context.reportProgress(0.95, "storing the run");
    return context.commitResult(async (transaction) => {
      const run = await createResultRepository(transaction).saveBacktest({
        portfolioId: resolved.portfolioId ?? null,
        parameters: resolved as unknown as JsonValue,
        ...backtestRunRecord(report),
        programVersion: options.programVersion ?? packageVersion(),
        panelHash: universe.hash,
      });
      return `backtest:${run.id}`;
    });
  };
}
