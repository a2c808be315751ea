/**
 * Runs a named numeric task (thread-tasks.ts) in a worker thread, so a long synchronous computation
 * neither blocks the event loop of the process that serves the API (or renews BullMQ locks) nor
 * outlives a cancel: aborting the signal terminates the thread at once.
 *
 * The thread loads the same sources as this module: compiled `.js`, or `.ts` when the process runs
 * under tsx (tests, `node --import tsx`), in which case tsx is registered in the thread first —
 * Node 20 does not carry `--import` loaders into worker threads.
 */
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ThreadTaskError } from "./job-errors.js";
import type { ThreadMessage, ThreadTaskName, ThreadTaskTypes } from "./thread-tasks.js";

const EXTENSION = extname(fileURLToPath(import.meta.url));

function bootstrap(): string {
  const entry = new URL(`./thread-entry${EXTENSION}`, import.meta.url).href;
  if (EXTENSION !== ".ts") return `import(${JSON.stringify(entry)});`;
  const tsx = import.meta.resolve("tsx/esm/api");
  return `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(entry)}));`;
}

export interface RunInThreadOptions {
  /** Aborting terminates the thread at once; the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called on this thread with each report of a task that has a progress option (THREAD_TASKS). */
  readonly onProgress?: (fraction: number, info: unknown) => void;
}

/**
 * `task(input)` computed in a new worker thread. Typed arrays in `input` and the result are copied
 * (structured clone), so `input` holds data only: no callbacks, no signal. Rejects with the task's
 * error as a `ThreadTaskError` (same code and message), or with `signal.reason` when aborted.
 */
export function runInThread<K extends ThreadTaskName>(
  task: K,
  input: Parameters<ThreadTaskTypes[K]>[0],
  options: RunInThreadOptions = {},
): Promise<Awaited<ReturnType<ThreadTaskTypes[K]>>> {
  const { signal, onProgress } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const worker = new Worker(bootstrap(), { eval: true, workerData: { task, input, extension: EXTENSION } });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      outcome();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(signal?.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (message: ThreadMessage) => {
      if (message.type === "progress") {
        if (!settled) onProgress?.(message.fraction, message.info);
        return;
      }
      finish(() => (message.ok ? resolve(message.result as Awaited<ReturnType<ThreadTaskTypes[K]>>) : reject(new ThreadTaskError(message.error))));
    });
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) => finish(() => reject(new Error(`the ${task} thread exited with code ${code} before answering`))));
  });
}
