/**
 * The HTTP service: Fastify 5 with zod schemas on every route (validation, response whitelists and
 * the OpenAPI document at /docs/json, Swagger UI at /docs), problem+json errors, API-key auth, rate
 * limits, CORS, security headers, request ids in pino logs, /health, /metrics and the job websocket.
 * Routes are thin: parse, call one service function, shape the answer.
 */
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { loadConfig, type AppConfig } from "../config/index.js";
import { createFallbackProvider, createStooqProvider, createYahooProvider, type PriceProvider } from "../data/index.js";
import type { JobRunner } from "../jobs/job-runner.js";
import { createApiKeyService, createPortfolioService, createPriceService, createResultService } from "../service/index.js";
import {
  createApiKeyRepository,
  createPortfolioRepository,
  createPriceRepository,
  createResultRepository,
  type Store,
} from "../store/index.js";
import { registerAuth } from "./auth.js";
import { createApiMetrics, type ApiMetrics } from "./metrics.js";
import { HttpProblem, registerProblemHandlers } from "./problem.js";
import { API_PREFIX, type ApiServices, type RouteContext } from "./route-context.js";
import { allocateRoutes } from "./routes/allocate.js";
import { assetRoutes } from "./routes/assets.js";
import { healthRoutes } from "./routes/health.js";
import { jobRoutes } from "./routes/jobs.js";
import { metricsRoutes } from "./routes/metrics.js";
import { optimizeRoutes } from "./routes/optimize.js";
import { portfolioRoutes } from "./routes/portfolios.js";
import { priceRoutes } from "./routes/prices.js";
import { resultRoutes } from "./routes/results.js";
import { websocketRoutes } from "./routes/ws.js";
import { jobCountsByStatus } from "./store-probes.js";
import type { RateLimitRedis } from "./redis-rate-limit.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The services the routes call (tests and the CLI reach the same instances through it). */
    services: ApiServices;
  }
}

export interface BuildAppOptions {
  readonly store: Store;
  readonly jobs: JobRunner;
  /** Overrides of the configuration (default: `loadConfig({})`, i.e. every default, no environment). */
  readonly config?: Partial<AppConfig>;
  /** false: no logs (tests); default: pino JSON at `config.logLevel`. */
  readonly logger?: boolean;
  /** Share one metrics registry with the job handlers (`observeBacktest`); default: a new one. */
  readonly metrics?: ApiMetrics;
  /** Services built elsewhere (tests, the bench); default: built on `store`. */
  readonly services?: ApiServices;
  /** Redis client for shared rate limits (see redis-rate-limit.ts); default: per-process counts. */
  readonly rateLimitRedis?: RateLimitRedis;
  /** Called for every route registered (tests check the OpenAPI document covers them). */
  readonly onRoute?: (route: RouteOptions) => void;
}

export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("../../package.json") as { version: string }).version;
}

/** Yahoo Finance with Stooq as fallback, at the configured addresses (PORTFOLIO_YAHOO_URL, PORTFOLIO_STOOQ_URL). */
export function marketDataProvider(config: Partial<Pick<AppConfig, "yahooUrl" | "stooqUrl">>): PriceProvider {
  return createFallbackProvider([createYahooProvider({ baseUrl: config.yahooUrl }), createStooqProvider({ baseUrl: config.stooqUrl })]);
}

/** The services the API calls, built on one store. */
export function createApiServices(
  store: Store,
  config: Pick<AppConfig, "maxAssets"> & Partial<Pick<AppConfig, "yahooUrl" | "stooqUrl">>,
  version: string = packageVersion(),
): ApiServices {
  const prices = createPriceService(createPriceRepository(store), { provider: marketDataProvider(config) });
  const portfolioRepository = createPortfolioRepository(store);
  return {
    prices,
    portfolios: createPortfolioService(portfolioRepository, prices, { maxAssets: config.maxAssets }),
    results: createResultService({
      results: createResultRepository(store),
      portfolios: portfolioRepository,
      prices,
      programVersion: version,
      maxAssets: config.maxAssets,
    }),
    apiKeys: createApiKeyService(createApiKeyRepository(store)),
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function loggerOptions(config: AppConfig): FastifyServerOptions["logger"] {
  return {
    level: config.logLevel,
    // Keys and cookies never reach the log, whatever serializer or child logger prints headers.
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "headers.authorization", "headers.cookie"], censor: "[redacted]" },
    serializers: {
      req: (request: { method: string; url: string; hostname?: string; ip?: string }) => ({
        method: request.method,
        url: request.url.replace(/([?&]access_token=)[^&]*/g, "$1[redacted]"),
        host: request.hostname,
        remoteAddress: request.ip,
      }),
    },
  };
}

/**
 * Builds the app (not listening). Routes live under /api/v1, plus /health, /metrics, /ws and /docs.
 *
 * @example const app = await buildApp({ store, jobs }); const res = await app.inject({ url: "/health" });
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const config: AppConfig = { ...loadConfig({}), ...options.config };
  const version = packageVersion();
  const metrics = options.metrics ?? createApiMetrics();
  metrics.setJobCounter(() => jobCountsByStatus(options.store));
  const services = options.services ?? createApiServices(options.store, config, version);

  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(config),
    bodyLimit: config.bodyLimit,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    trustProxy: config.trustProxy as FastifyServerOptions["trustProxy"],
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate("services", services);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);
  if (options.onRoute !== undefined) app.addHook("onRoute", options.onRoute);

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    // The route pattern (`/api/v1/results/:id`), never the raw URL: one series per route.
    const route = request.routeOptions.url ?? "unmatched";
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  // Before auth: the websocket plugin's own onRequest hook marks upgrade requests, so that one
  // refused by auth still has its socket closed after the answer.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Authentication runs before the rate limit (whose hooks are per route, after app hooks), so a
  // verified key, not a claimed one, names the bucket.
  registerAuth(app, services.apiKeys, config.auth === "required");

  await app.register(helmet, {
    // Swagger UI's page needs its own script and styles; the API answers JSON only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "validator.swagger.io"],
      },
    },
  });
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && config.corsOrigins.includes(origin)),
    methods: ["GET", "POST", "PATCH", "DELETE"],
    allowedHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
    exposedHeaders: ["Location", "Retry-After", "X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"],
    maxAge: 600,
  });
  if (config.rateLimitMax > 0) {
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimitMax,
      timeWindow: config.rateLimitWindowMs,
      ...(options.rateLimitRedis === undefined ? {} : { redis: options.rateLimitRedis as never, nameSpace: "portfolio-opt:rate:", skipOnError: true }),
      keyGenerator: (request) => (request.apiKey !== undefined ? `key:${request.apiKey.prefix}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new HttpProblem("RATE_LIMITED", `rate limit of ${context.max} requests per ${context.after} exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`),
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "portfolio-opt API",
        version,
        description: "Portfolio optimization: prices, portfolios, optimizations, backtests as jobs. Errors are application/problem+json (RFC 9457).",
      },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key from `portfolio keys create`" } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true, uiConfig: { docExpansion: "list", deepLinking: true } });

  const context: RouteContext = { store: options.store, services, jobs: options.jobs, metrics, config, version };
  await app.register(healthRoutes, context);
  await app.register(metricsRoutes, context);
  await app.register(websocketRoutes, context);
  await app.register(
    async (api) => {
      await api.register(assetRoutes, context);
      await api.register(priceRoutes, context);
      await api.register(portfolioRoutes, context);
      await api.register(optimizeRoutes, context);
      await api.register(allocateRoutes, context);
      await api.register(resultRoutes, context);
      await api.register(jobRoutes, context);
    },
    { prefix: API_PREFIX },
  );
  return app;
}
