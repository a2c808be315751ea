/**
 * `portfolio worker [--concurrency N]`: runs queued jobs from the BullMQ queue in Redis (REDIS_URL)
 * on the database (DATABASE_URL) until SIGTERM or SIGINT, then stops gracefully: running jobs
 * finish within the grace period or go back to the queue for another worker. Start any number, on
 * any machine that reaches the same database and Redis. Logs are pino JSON lines on stdout.
 */
import type { Command } from "commander";
import pino from "pino";
import { runWorker } from "../../jobs/index.js";
import { UsageError } from "../exit-codes.js";
import type { CliIo } from "../main.js";
import { positiveInteger } from "../option-parsers.js";
import { stopSignal } from "../stop-signal.js";

interface WorkerOptions {
  concurrency: number;
  databaseUrl?: string;
  redisUrl?: string;
  queuePrefix: string;
  lockMs?: number;
  stalledIntervalMs?: number;
  graceMs: number;
}

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command("worker")
    .description("run jobs from the Redis queue (REDIS_URL) on the database (DATABASE_URL) until SIGTERM/SIGINT")
    .option("--concurrency <n>", "jobs run at once, each in its own thread", positiveInteger, 1)
    .option("--database-url <url>", "the database instead of DATABASE_URL")
    .option("--redis-url <url>", "the Redis instead of REDIS_URL")
    .option("--queue-prefix <prefix>", "Redis key prefix shared with the API (JOBS_PREFIX)", process.env.JOBS_PREFIX ?? "portfolio")
    .option("--lock-ms <ms>", "a job whose worker stops renewing its lock this long is handed to another worker (default 30000)", positiveInteger)
    .option("--stalled-interval-ms <ms>", "how often to look for such jobs (default 30000)", positiveInteger)
    .option("--grace-ms <ms>", "on stop, how long running jobs may take before they are given back", positiveInteger, 30_000)
    .action(async (options: WorkerOptions) => {
      const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
      if (redisUrl === undefined || redisUrl === "") {
        throw new UsageError("portfolio worker needs REDIS_URL (or --redis-url): the Redis whose queue the API submits jobs to");
      }
      const logger = pino({ name: "portfolio-worker", level: process.env.LOG_LEVEL ?? "info" });
      const worker = await runWorker({
        databaseUrl: options.databaseUrl,
        redisUrl,
        concurrency: options.concurrency,
        logger,
        prefix: options.queuePrefix,
        lockDurationMs: options.lockMs,
        stalledIntervalMs: options.stalledIntervalMs,
        shutdownGraceMs: options.graceMs,
        maxAssets: process.env.MAX_ASSETS === undefined ? undefined : Number(process.env.MAX_ASSETS),
      });
      const signal = await stopSignal();
      io.stderr(`portfolio worker: ${signal}, finishing running jobs (up to ${options.graceMs} ms)\n`);
      await worker.stop();
    });
}
