/**
 * `portfolio serve [--port N] [--host H]`: the HTTP API. Reads the configuration (environment and
 * `.env`; a bad variable stops the start with one line naming it), opens DATABASE_URL (default
 * `sqlite:./data/portfolio.db`), migrates, loads the bundled sample prices into an empty store,
 * starts the job runner (in process, or BullMQ with REDIS_URL), listens and logs the URL. SIGTERM
 * or SIGINT: stop accepting connections and let requests in flight finish, close the job runner
 * (running jobs finish or are re-queued), close Redis and the database pool.
 */
import type { Command } from "commander";
import pino from "pino";
import { buildApp, packageVersion } from "../../api/app.js";
import { createApiMetrics, withBacktestMetrics } from "../../api/metrics.js";
import { connectRateLimitRedis } from "../../api/redis-rate-limit.js";
import { loadConfig, loadEnvFile } from "../../config/index.js";
import { loadSampleData } from "../../data/index.js";
import { createJobHandlers, createJobRunner } from "../../jobs/index.js";
import { dashboardPlugin } from "../../web/index.js";
import { createPriceRepository, migrateToLatest, openDatabase, redactUrl } from "../../store/index.js";
import type { CliIo } from "../main.js";
import { nonNegativeInteger } from "../option-parsers.js";
import { stopSignal } from "../stop-signal.js";

interface ServeOptions {
  port?: number;
  host?: string;
}

export function registerServe(program: Command, io: CliIo): void {
  program
    .command("serve")
    .description("run the HTTP API (configuration from the environment and .env; see README)")
    .option("--port <port>", "port to listen on (default PORT or 3000; 0 picks a free one)", nonNegativeInteger)
    .option("--host <host>", "address to listen on (default HOST or 127.0.0.1)")
    .action(async (options: ServeOptions) => {
      loadEnvFile();
      const config = loadConfig({
        ...process.env,
        ...(options.port === undefined ? {} : { PORT: String(options.port) }),
        ...(options.host === undefined ? {} : { HOST: options.host }),
      });
      const logger = pino({ level: config.logLevel });
      const version = packageVersion();
      const store = await openDatabase(config.databaseUrl);
      try {
        await migrateToLatest(store.db);
        const sample = await loadSampleData(createPriceRepository(store));
        if (sample.loaded) logger.info({ assets: sample.assets }, "first start: loaded the bundled sample data (samples/README.md)");
        const metrics = createApiMetrics();
        const handlers = withBacktestMetrics(createJobHandlers({ store, maxAssets: config.maxAssets, programVersion: version }), metrics);
        const jobs = await createJobRunner({ store, redisUrl: config.redisUrl, handlers, logger });
        const rateLimitRedis = config.redisUrl === undefined ? undefined : await connectRateLimitRedis(config.redisUrl);
        const app = await buildApp({ store, jobs, config, metrics, rateLimitRedis });
        // The dashboard: built files served at `/` beside the API it calls (src/web).
        await app.register(dashboardPlugin);
        const stopped = stopSignal();
        const address = await app.listen({ port: config.port, host: config.host });
        app.log.info({ database: redactUrl(config.databaseUrl), jobs: jobs.mode, auth: config.auth }, `portfolio-opt ${version} serving on ${address} (docs: ${address}/docs)`);
        io.stderr(`portfolio: serving on ${address} (docs at ${address}/docs); Ctrl-C stops\n`);
        const signal = await stopped;
        app.log.info({ signal }, "shutting down: no new connections, finishing requests and jobs");
        await app.close();
        await jobs.close();
        await rateLimitRedis?.quit();
      } finally {
        await store.close();
      }
    });
}
