/**
 * The `frontier` job: a large efficient frontier traced on the prices in the store, saved as one
 * optimization run (model `frontier`, the same record `ResultService.frontier` writes, so a run made
 * by a job can be listed and re-run like any other) and referenced as `optimization:<id>`.
 *
 * The tracing itself is `frontierOfPortfolio`, handed in as `compute` so that the job runner can run
 * it in a worker thread; the run is saved through `context.commitResult`, which stores it and marks
 * the job succeeded in one transaction, so a job re-run after its worker died stores it once.
 */
import { createRequire } from "node:module";
import type { JobHandler } from "../jobs/job-runner.js";
import { withEmptyColumns } from "../core/returns/index.js";
import {
  createPortfolioRepository,
  createPriceRepository,
  createResultRepository,
  type JsonValue,
  type Store,
} from "../store/index.js";
import { InvalidRequestError } from "./errors.js";
import { frontierOfPortfolio, type FrontierRequest, type FrontierResult } from "./optimize-portfolio.js";
import { resolvePortfolioUniverse } from "./resolve-universe.js";
import { createPriceService } from "./prices.js";
import { frontierRunMetrics, type FrontierSpec } from "./results.js";

/** The payload of a `frontier` job: the same spec as `POST /api/v1/frontier`. */
export type FrontierJobPayload = FrontierSpec;

export interface FrontierJobOptions {
  readonly store: Store;
  /** Traces the frontier (default: `frontierOfPortfolio` on this thread). */
  readonly compute?: (request: FrontierRequest, signal: AbortSignal) => Promise<FrontierResult>;
  /** Written into the run (default: package.json's version). */
  readonly programVersion?: string;
  /** Most assets per job (MAX_ASSETS; default no limit). */
  readonly maxAssets?: number;
}

function packageVersion(): string {
  return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
}

function checkPayload(payload: unknown): FrontierSpec {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new InvalidRequestError("a frontier job needs an object payload (tickers or portfolioId, points…)");
  }
  const spec = payload as FrontierSpec;
  if (spec.tickers !== undefined && !(Array.isArray(spec.tickers) && spec.tickers.every((t) => typeof t === "string" && t !== ""))) {
    throw new InvalidRequestError("tickers must be a list of ticker names");
  }
  if (spec.portfolioId !== undefined && !Number.isInteger(spec.portfolioId)) {
    throw new InvalidRequestError(`portfolioId ${JSON.stringify(spec.portfolioId)} is not an integer`);
  }
  return spec;
}

/** Tickers the constraints name outside the universe: they must exist, but carry no data. */
function namedElsewhere(spec: FrontierSpec, universe: readonly string[]): string[] {
  const c = spec.constraints ?? {};
  const names = [...Object.keys(c.assetBounds ?? {}), ...Object.values(c.groups ?? {}).flat(), ...Object.keys(c.currentWeights ?? {})];
  const inUniverse = new Set(universe);
  return [...new Set(names.filter((t) => !inUniverse.has(t)))];
}



export function createFrontierJobHandler(options: FrontierJobOptions): JobHandler {
  const { store } = options;
  const compute = options.compute ?? (async (request: FrontierRequest) => frontierOfPortfolio(request));
  const portfolios = createPortfolioRepository(store);
  const prices = createPriceService(createPriceRepository(store));

  return async (payload, context) => {
    const spec = checkPayload(payload);
    const resolved = await resolvePortfolioUniverse(portfolios, spec, options.maxAssets ?? Infinity);
    const { tickers } = resolved;

    context.reportProgress(0.05, "loading prices");
    const window = { start: spec.start, end: spec.end };
    const universe = await prices.panel(tickers, window);
    const extra = namedElsewhere(resolved, tickers);
    if (extra.length > 0) await prices.panel(extra, {}); // an unknown name is UNKNOWN_ASSET
    const market = spec.market === undefined ? undefined : await prices.panel([spec.market], window);
    context.signal.throwIfAborted();

    context.reportProgress(0.2, "tracing the frontier");
    const result = await compute({ ...resolved, prices: withEmptyColumns(universe.panel, extra), market: market?.panel }, context.signal);

    context.reportProgress(0.9, "storing the run");
    return context.commitResult(async (transaction) => {
      const run = await createResultRepository(transaction).saveOptimization({
        portfolioId: resolved.portfolioId ?? null,
        model: "frontier",
        parameters: { kind: "frontier", ...resolved } as unknown as JsonValue,
        weights: {},
        metrics: frontierRunMetrics(result),
        programVersion: options.programVersion ?? packageVersion(),
        panelHash: universe.hash,
      });
      return `optimization:${run.id}`;
    });
  };
}
