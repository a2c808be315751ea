/**
 * API test fixtures: a migrated database per engine (test/store/databases.ts) seeded with a slice of
 * the bundled sample prices, the real in-process job runner with test handlers, and the app built
 * with `buildApp`. Each suite gets its own database, so files run in parallel.
 */
import { after, before, describe } from "node:test";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp, type BuildAppOptions } from "../../src/api/app.js";
import { selectTickers, sliceDates, type PricePanel } from "../../src/core/returns/index.js";
import { importPricePanel, readPriceFile, samplesDirectory } from "../../src/data/index.js";
import { createJobRunner, type JobHandlers, type JobRunner } from "../../src/jobs/index.js";
import { createPriceRepository, createResultRepository, migrateToLatest, openDatabase, type Store } from "../../src/store/index.js";
import { createTestDatabase, DIALECTS, skipReason, type TestDatabase, type TestDialect } from "../store/databases.js";

/** The sample tickers the suites use (a slice keeps seeding fast; the bench uses all 20). */
export const SEED_TICKERS = ["AAPL", "JNJ", "JPM", "KO", "MSFT", "PG", "XOM", "WMT"] as const;
export const SEED_START = "2018-01-01";

let samplePanel: Promise<PricePanel> | undefined;

/** The bundled sample prices (read once per process). */
export function samplePrices(): Promise<PricePanel> {
  samplePanel ??= readPriceFile(join(samplesDirectory(), "sp500_dataset.csv.gz"));
  return samplePanel;
}

/** Imports `tickers` from `start` on (default: SEED_TICKERS since SEED_START). */
export async function seedPrices(store: Store, tickers: readonly string[] = SEED_TICKERS, start = SEED_START): Promise<void> {
  const panel = sliceDates(selectTickers(await samplePrices(), tickers), start, undefined);
  await importPricePanel(createPriceRepository(store), panel, { source: "sample slice" });
}

/**
 * Job handlers for the API's job path: a backtest that reports progress, waits `delayMs` (to be
 * cancelled or watched), and stores a small run, returning its reference like the real one.
 */
export function testHandlers(store: Store, options: { readonly delayMs?: number } = {}): JobHandlers {
  const results = createResultRepository(store);
  return {
    async backtest(payload, context) {
      const pause = (ms: number) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms);
          context.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(context.signal.reason);
          });
        });
      // Progress midway, so a client that subscribes soon after submitting sees it.
      await pause((options.delayMs ?? 0) / 2);
      context.reportProgress(0.5, "halfway");
      await pause((options.delayMs ?? 0) / 2);
      const run = await results.saveBacktest({
        parameters: payload as never,
        sharpe: 1.1,
        maxDrawdown: -0.2,
        winRate: 0.55,
        metrics: { cagr: 0.08 },
        series: { dates: ["2020-01-02"], values: [1] },
        programVersion: "test",
        panelHash: "sha256:test",
      });
      return `backtest:${run.id}`;
    },
    async frontier() {
      throw new Error("frontier jobs are not used by the API tests");
    },
  };
}

export interface ApiFixture {
  readonly dialect: TestDialect;
  store(): Store;
  app(): FastifyInstance;
  jobs(): JobRunner;
  /** The database URL (for a second app or a CLI process on the same data). */
  url(): string;
}

export interface ApiSuiteOptions {
  /** Extra buildApp options (config overrides…). */
  readonly app?: Partial<Omit<BuildAppOptions, "store" | "jobs">>;
  /** Seed the sample slice (default true). */
  readonly seed?: boolean;
  readonly jobDelayMs?: number;
  /** Only these engines (default both). */
  readonly dialects?: readonly TestDialect[];
}

/** `describe("<name> (<dialect>)")` per engine with a seeded database and a built app. */
export function forEachApiDialect(name: string, options: ApiSuiteOptions, define: (fixture: ApiFixture) => void): void {
  for (const dialect of options.dialects ?? DIALECTS) {
    describe(`${name} (${dialect})`, { skip: skipReason(dialect) }, () => {
      let database: TestDatabase | undefined;
      let store: Store | undefined;
      let jobs: JobRunner | undefined;
      let app: FastifyInstance | undefined;
      before(async () => {
        database = await createTestDatabase(dialect);
        store = await openDatabase(database.url);
        await migrateToLatest(store.db);
        if (options.seed ?? true) await seedPrices(store);
        jobs = await createJobRunner({ store, handlers: testHandlers(store, { delayMs: options.jobDelayMs }) });
        app = await buildApp({ store, jobs, logger: false, ...options.app });
        await app.ready();
      });
      after(async () => {
        await app?.close();
        await jobs?.close();
        await store?.close();
        await database?.drop();
      });
      const need = <T>(value: T | undefined): T => {
        if (value === undefined) throw new Error("the fixture is built in before()");
        return value;
      };
      define({
        dialect,
        store: () => need(store),
        app: () => need(app),
        jobs: () => need(jobs),
        url: () => need(database).url,
      });
    });
  }
}

/** Asserts the shape every error answer has and returns its body. */
export function problem(response: { statusCode: number; headers: Record<string, unknown>; body: string }): {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: { path: string; message: string }[];
} {
  const type = String(response.headers["content-type"] ?? "");
  if (!type.startsWith("application/problem+json")) throw new Error(`expected application/problem+json, got '${type}' (${response.statusCode}: ${response.body.slice(0, 300)})`);
  const body = JSON.parse(response.body);
  for (const field of ["type", "title", "status", "detail", "instance", "code"]) {
    if (!(field in body)) throw new Error(`problem body lacks '${field}': ${response.body}`);
  }
  if (body.status !== response.statusCode) throw new Error(`problem status ${body.status} differs from HTTP ${response.statusCode}`);
  if (/\n\s+at /.test(response.body)) throw new Error(`a stack trace leaked: ${response.body}`);
  return body;
}
