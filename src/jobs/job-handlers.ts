/**
 * The handler of every job kind, one line each: a service function given the store and, for its
 * numeric part, a worker thread (`runInThread` runs a task of thread-tasks.ts). A new kind is a new
 * line here plus, when it computes, its entry in THREAD_TASKS.
 */
import { createBacktestJobHandler } from "../service/run-backtest-job.js";
import { createFrontierJobHandler } from "../service/run-frontier-job.js";
import type { Store } from "../store/index.js";
import type { JobHandlers } from "./job-runner.js";
import { runInThread } from "./run-in-thread.js";

export interface JobHandlerOptions {
  readonly store: Store;
  /** Most assets per job (MAX_ASSETS). */
  readonly maxAssets?: number;
  readonly programVersion?: string;
  /** false: compute on the calling thread (default true: a worker thread per job). */
  readonly threads?: boolean;
}

export function createJobHandlers(options: JobHandlerOptions): JobHandlers {
  const threads = options.threads ?? true;
  return {
    backtest: createBacktestJobHandler({
      ...options,
      compute: threads ? (request, { signal, onProgress }) => runInThread("backtestPortfolio", request, { signal, onProgress }) : undefined,
    }),
    frontier: createFrontierJobHandler({
      ...options,
      compute: threads ? (request, signal) => runInThread("frontierOfPortfolio", request, { signal }) : undefined,
    }),
  };
}
