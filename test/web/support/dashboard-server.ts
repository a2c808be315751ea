/**
 * A real server for the browser tests and the page benchmark: buildApp on a fresh temporary SQLite
 * store (migrated, the bundled sample prices loaded as on a first start), the in-process job runner,
 * and the dashboard plugin, listening on a free port of 127.0.0.1, with no reachable price provider.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../../src/api/app.js";
import { loadSampleData } from "../../../src/data/sample-data.js";
import { createInProcessRunner } from "../../../src/jobs/in-process-runner.js";
import { createJobHandlers } from "../../../src/jobs/job-handlers.js";
import { createPriceRepository, migrateToLatest, openDatabase } from "../../../src/store/index.js";
import { dashboardPlugin } from "../../../src/web/index.js";
import { projectPath } from "../../support/reference.js";

export interface DashboardServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the page (scripts/build-web.mjs) so the tests exercise the current sources. */
export function buildDashboard(): void {
  const result = spawnSync(process.execPath, [projectPath("scripts", "build-web.mjs")], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`build-web failed: ${result.stderr || result.stdout}`);
}

export async function startDashboardServer(): Promise<DashboardServer> {
  const dir = mkdtempSync(join(tmpdir(), "dashboard-test-"));
  const store = await openDatabase(`sqlite:${join(dir, "portfolio.db")}`);
  await migrateToLatest(store.db);
  await loadSampleData(createPriceRepository(store));
  const jobs = await createInProcessRunner({ store, handlers: createJobHandlers({ store }), progressIntervalMs: 50 });
  // No rate limit: a test session makes many requests from one address within a minute. The market
  // data providers point at a closed local port, so "fetch from Yahoo" is offline on any machine.
  const offline = "http://127.0.0.1:9";
  const app = await buildApp({ store, jobs, logger: false, config: { rateLimitMax: 0, yahooUrl: offline, stooqUrl: offline } });
  await app.register(dashboardPlugin);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await jobs.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
