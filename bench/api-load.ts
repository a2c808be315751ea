/**
 * API load: autocannon against `POST /api/v1/optimize` (the 20 sample stocks, max Sharpe,
 * Ledoit-Wolf) on a local server. The server runs in a child process, as `portfolio serve` would
 * (its own event loop, so the load generator does not steal its core), on a temporary SQLite database with the bundled sample
 * data, API keys required, the rate limiter on (with a limit the load never reaches) and logs at
 * `warn`. Every request is validated, authenticated, optimized (answered from the service's
 * memo after the first) and saved as a run.
 *
 * Target (issue 8): ≥ 1,500 requests/s on 2 cores with p99 < 50 ms and zero errors.
 *
 * Run alone with `npx tsx bench/api-load.ts`, or as a topic of `npm run bench`.
 */
import autocannon from "autocannon";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { TargetCheck } from "./covariance.js";

const TARGET_RPS = 1500;
const TARGET_P99_MS = 50;
const CONNECTIONS = 16;
const WARMUP_SECONDS = 3;
const DURATION_SECONDS = 10;

interface ServerReady {
  readonly port: number;
  readonly key: string;
  readonly tickers: readonly string[];
}

/** Server side (child process): database, sample data, app, listen on an ephemeral port; stops on SIGTERM. */
async function runServer(databaseUrl: string): Promise<void> {
  const { buildApp } = await import("../src/api/app.js");
  const { loadSampleData } = await import("../src/data/index.js");
  const { createJobRunner } = await import("../src/jobs/index.js");
  const { createApiKeyRepository, createPriceRepository, migrateToLatest, openDatabase } = await import("../src/store/index.js");
  const { createApiKeyService } = await import("../src/service/index.js");
  const store = await openDatabase(databaseUrl);
  await migrateToLatest(store.db);
  const prices = createPriceRepository(store);
  await loadSampleData(prices);
  const tickers = (await prices.listAssets()).map((a) => a.ticker).filter((t) => t !== "SP500");
  const { key } = await createApiKeyService(createApiKeyRepository(store)).create("bench");
  const jobs = await createJobRunner({ store, handlers: {} });
  const app = await buildApp({
    store,
    jobs,
    config: { auth: "required", rateLimitMax: 1_000_000_000, logLevel: "warn" },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.once("SIGTERM", async () => {
    await app.close();
    await jobs.close();
    await store.close();
    process.exit(0);
  });
  // The one line the parent reads.
  process.stdout.write(`${JSON.stringify({ port, key, tickers } satisfies ServerReady)}\n`);
}

function load(url: string, key: string, body: string, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body,
        connections: CONNECTIONS,
        duration: seconds,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

export async function benchApiLoad(): Promise<TargetCheck[]> {
  const dir = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), "portfolio-api-bench-"));
  const server = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve", `sqlite:${join(dir, "bench.db")}`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const ready = await new Promise<ServerReady>((resolve, reject) => {
      createInterface({ input: server.stdout }).once("line", (line) => resolve(JSON.parse(line) as ServerReady));
      server.once("exit", (code) => reject(new Error(`the bench server exited with code ${code}`)));
    });
    const url = `http://127.0.0.1:${ready.port}/api/v1/optimize`;
    const body = JSON.stringify({ tickers: ready.tickers, model: { kind: "maxSharpe" }, riskModel: { kind: "ledoitWolf" } });
    console.log(`API load: POST /api/v1/optimize, ${ready.tickers.length} assets, max Sharpe, Ledoit-Wolf; ${CONNECTIONS} connections, ${DURATION_SECONDS} s after ${WARMUP_SECONDS} s warm-up`);
    await load(url, ready.key, body, WARMUP_SECONDS);
    const result = await load(url, ready.key, body, DURATION_SECONDS);
    const rps = result.requests.average;
    const p99 = result.latency.p99;
    const errors = result.errors + result.timeouts + result.non2xx;
    console.log(
      `  ${rps.toFixed(0)} req/s (min ${result.requests.min}, max ${result.requests.max}); latency p50 ${result.latency.p50} ms, p99 ${p99} ms, max ${result.latency.max} ms; ` +
        `${result.requests.total} requests, ${errors} errors (${result.non2xx} non-2xx, ${result.timeouts} timeouts)`,
    );
    return [
      { pass: rps >= TARGET_RPS, text: `API optimize throughput ${rps.toFixed(0)} req/s (target ≥ ${TARGET_RPS})` },
      { pass: p99 < TARGET_P99_MS, text: `API optimize p99 latency ${p99} ms (target < ${TARGET_P99_MS} ms)` },
      { pass: errors === 0, text: `API optimize errors ${errors} (target 0)` },
    ];
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--serve") {
  await runServer(process.argv[3]);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const check of await benchApiLoad()) console.log(`${check.pass ? "PASS" : "FAIL"} ${check.text}`);
}
