/**
 * AWS Lambda entry: the same Fastify app as `portfolio serve` (`buildApp`) behind API Gateway (HTTP
 * API, payload format 2.0, or REST API 1.0) through @fastify/aws-lambda, which turns each event into
 * an in-memory request (`app.inject`) and the reply into the proxy result.
 *
 * Built once per container, on its first event, and reused while the container is warm: the
 * database pool, the Redis connections and the compiled schemas survive between invocations, so
 * only a cold start pays for them. A start that fails (database unreachable) is retried by the next
 * event instead of leaving a broken container behind.
 *
 * What differs from `portfolio serve` (docs/deploy.md, "AWS Lambda"):
 * - No job runs here: a container is frozen between events, so work after the reply would stall.
 *   With REDIS_URL, `POST /backtests` puts the job on the BullMQ queue for `portfolio worker`
 *   processes (ECS, EC2, …); without it the job waits in the jobs table for a `portfolio serve`
 *   that shares the database (its in-process runner picks up jobs submitted elsewhere).
 * - No websocket: API Gateway's HTTP API cannot upgrade to one; clients poll `GET /jobs/:id`.
 * - No migrations and no sample data at start: run `portfolio migrate` as a deploy step, so that a
 *   burst of cold starts never races on the schema.
 * - A small PostgreSQL pool per container (one request at a time runs in a container); put RDS
 *   Proxy in front of the database when many containers run at once.
 */
import awsLambdaFastify, { type LambdaResponse } from "@fastify/aws-lambda";
import type { FastifyInstance } from "fastify";
import { buildApp, packageVersion } from "../api/app.js";
import { createApiMetrics, withBacktestMetrics } from "../api/metrics.js";
import { loadConfig, type Environment } from "../config/index.js";
import { createJobHandlers, createJobRunner, type JobRunner } from "../jobs/index.js";
import { openDatabase, type Store } from "../store/index.js";

/** Connections per container: one request runs at a time, the second covers a job-status read during a submit. */
const POOL_SIZE_PER_CONTAINER = 2;

/** The Lambda function: an API Gateway / function URL event in, a proxy result out. */
export type LambdaHandler = (event: unknown, context: unknown) => Promise<LambdaResponse>;

export interface LambdaApp {
  readonly handler: LambdaHandler;
  /** Closes the app, the job runner and the store when they were built (tests; Lambda never calls it). */
  close(): Promise<void>;
}

export interface LambdaAppOptions {
  /** Where the configuration comes from (default `process.env`, as the Lambda runtime sets it). */
  readonly env?: Environment;
}

interface Built {
  readonly app: FastifyInstance;
  readonly jobs: JobRunner;
  readonly store: Store;
  readonly proxy: LambdaHandler;
}

async function build(env: Environment): Promise<Built> {
  const config = loadConfig(env);
  const store = await openDatabase(config.databaseUrl, { poolSize: POOL_SIZE_PER_CONTAINER });
  let jobs: JobRunner | undefined;
  try {
    const metrics = createApiMetrics();
    const handlers = withBacktestMetrics(createJobHandlers({ store, maxAssets: config.maxAssets, programVersion: packageVersion() }), metrics);
    // processJobs false: this process only submits and reads jobs (see the header).
    jobs = await createJobRunner({ store, redisUrl: config.redisUrl, handlers, processJobs: false });
    const app = await buildApp({ store, jobs, config, metrics });
    const proxy = awsLambdaFastify(app, { decorateRequest: false }) as LambdaHandler;
    await app.ready();
    return { app, jobs, store, proxy };
  } catch (error) {
    await jobs?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The Lambda function over a configuration read from `env` on the first event.
 *
 * @example const { handler } = createLambdaApp({ env: { DATABASE_URL: "postgres://…", AUTH: "required" } });
 *          const result = await handler(apiGatewayV2Event, context); // { statusCode, headers, body }
 */
export function createLambdaApp(options: LambdaAppOptions = {}): LambdaApp {
  const env = options.env ?? process.env;
  let built: Promise<Built> | undefined;
  const ready = (): Promise<Built> => {
    built ??= build(env).catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
  return {
    handler: async (event, context) => (await ready()).proxy(event, context),
    async close() {
      if (built === undefined) return;
      const current = await built.catch(() => undefined);
      built = undefined;
      if (current === undefined) return;
      await current.app.close();
      await current.jobs.close();
      await current.store.close();
    },
  };
}

/** What the SAM template names as the function's handler: `dist/lambda/index.handler`. */
export const handler: LambdaHandler = createLambdaApp().handler;
