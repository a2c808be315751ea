/** What every route plugin receives: the services, the job runner, metrics and the configuration. */
import type { AppConfig } from "../config/index.js";
import type { JobRunner } from "../jobs/job-runner.js";
import type { ApiKeyService, PortfolioService, PriceService, ResultService } from "../service/index.js";
import type { Store } from "../store/index.js";
import type { ApiMetrics } from "./metrics.js";

export interface ApiServices {
  readonly prices: PriceService;
  readonly portfolios: PortfolioService;
  readonly results: ResultService;
  readonly apiKeys: ApiKeyService;
}

export interface RouteContext {
  readonly store: Store;
  readonly services: ApiServices;
  readonly jobs: JobRunner;
  readonly metrics: ApiMetrics;
  readonly config: AppConfig;
  readonly version: string;
}

/** The prefix of every versioned route. */
export const API_PREFIX = "/api/v1";
