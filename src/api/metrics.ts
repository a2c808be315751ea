/**
 * Prometheus metrics (prom-client), one registry per server so tests can build several apps:
 * process metrics, HTTP requests and latency by route pattern (never the raw URL, which would make
 * one series per id) and status, optimization and backtest durations, and job counts by state read
 * from the jobs table when Prometheus scrapes.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { JobHandlers } from "../jobs/index.js";
import { JOB_STATUSES } from "../store/index.js";

export interface ApiMetrics {
  readonly registry: Registry;
  /** One finished HTTP request. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** One synchronous optimization or frontier (`outcome`: ok or the error code). */
  observeOptimization(kind: "optimize" | "frontier" | "allocate", outcome: string, seconds: number): void;
  /** One backtest job run (call from the job handler). */
  observeBacktest(outcome: string, seconds: number): void;
  /** Where job counts come from at scrape time. */
  setJobCounter(count: () => Promise<Readonly<Record<string, number>>>): void;
}

// Seconds; from sub-millisecond cached answers to multi-second solves.
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BACKTEST_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

export function createApiMetrics(options: { readonly defaultMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const optimization = new Histogram({
    name: "optimization_duration_seconds",
    help: "Synchronous optimizations and frontiers, by kind and outcome",
    labelNames: ["kind", "outcome"] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const backtest = new Histogram({
    name: "backtest_duration_seconds",
    help: "Backtest job runs by outcome",
    labelNames: ["outcome"] as const,
    buckets: BACKTEST_BUCKETS,
    registers: [registry],
  });
  let countJobs: (() => Promise<Readonly<Record<string, number>>>) | undefined;
  new Gauge({
    name: "jobs",
    help: "Jobs in the jobs table by state",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      if (countJobs === undefined) return;
      const counts = await countJobs();
      for (const state of new Set([...JOB_STATUSES, ...Object.keys(counts)])) this.set({ state }, counts[state] ?? 0);
    },
  });

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    observeOptimization: (kind, outcome, seconds) => optimization.observe({ kind, outcome }, seconds),
    observeBacktest: (outcome, seconds) => backtest.observe({ outcome }, seconds),
    setJobCounter(count) {
      countJobs = count;
    },
  };
}

/**
 * `handlers` with the backtest handler timed into `metrics.observeBacktest` (outcome `ok` or the
 * error's code), for the process that runs the jobs.
 */
export function withBacktestMetrics(handlers: JobHandlers, metrics: ApiMetrics): JobHandlers {
  const backtest = handlers.backtest;
  if (backtest === undefined) return handlers;
  return {
    ...handlers,
    async backtest(payload, context) {
      const start = performance.now();
      let outcome = "ok";
      try {
        return await backtest(payload, context);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        outcome = typeof code === "string" ? code : "error";
        throw error;
      } finally {
        metrics.observeBacktest(outcome, (performance.now() - start) / 1000);
      }
    },
  };
}
