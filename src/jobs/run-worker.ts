/**
 * A worker process (`portfolio worker`): opens the database, runs the BullMQ runner's workers for
 * every job kind until asked to stop, then closes gracefully — running jobs finish within the grace
 * period or are given back to the queue — and closes the database.
 */
import pino, { type Logger } from "pino";
import { migrateToLatest, openDatabase, type Store } from "../store/index.js";
import { createBullmqRunner } from "./bullmq-runner.js";
import { createJobHandlers } from "./job-handlers.js";
import type { JobHandlers, JobRunner } from "./job-runner.js";

export interface RunWorkerOptions {
  readonly databaseUrl?: string;
  readonly redisUrl: string;
  /** Jobs this process runs at once (default 1; each computes in its own thread). */
  readonly concurrency?: number;
  readonly logger?: Logger;
  /** Default: every kind of job-handlers.ts on the opened store. */
  readonly handlers?: (store: Store) => JobHandlers;
  readonly prefix?: string;
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  readonly shutdownGraceMs?: number;
  readonly backoffMs?: number;
  /** Most assets per job (MAX_ASSETS). */
  readonly maxAssets?: number;
}

export interface RunningWorker {
  readonly runner: JobRunner;
  /** Stops taking jobs, finishes or gives back the running ones, closes Redis and the database. */
  stop(): Promise<void>;
}

export async function runWorker(options: RunWorkerOptions): Promise<RunningWorker> {
  const logger = options.logger ?? pino({ enabled: false });
  const store = await openDatabase(options.databaseUrl);
  try {
    // Workers may start before any API process has migrated a fresh database.
    await migrateToLatest(store.db);
    const runner = await createBullmqRunner({
      store,
      redisUrl: options.redisUrl,
      handlers: options.handlers?.(store) ?? createJobHandlers({ store, maxAssets: options.maxAssets }),
      logger,
      concurrency: options.concurrency,
      processJobs: true,
      prefix: options.prefix,
      lockDurationMs: options.lockDurationMs,
      stalledIntervalMs: options.stalledIntervalMs,
      shutdownGraceMs: options.shutdownGraceMs,
      backoffMs: options.backoffMs,
    });
    logger.info({ database: `${store.dialect} ${store.location}`, concurrency: options.concurrency ?? 1 }, "worker ready");
    let stopping: Promise<void> | undefined;
    return {
      runner,
      stop() {
        stopping ??= (async () => {
          logger.info("worker stopping");
          try {
            await runner.close();
          } finally {
            await store.close();
          }
          logger.info("worker stopped");
        })();
        return stopping;
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
