/**
 * A worker thread's body: imports the task's module, calls the named export with the input (its
 * progress option, if any, filled with a callback that posts each report back), posts back the
 * result or the error as plain data (code, message, whether it was the client's mistake), so the
 * job runner can decide on a retry without the error's class.
 */
import { parentPort, workerData } from "node:worker_threads";
import { serializeError } from "./job-errors.js";
import { THREAD_TASKS, type ThreadMessage, type ThreadTaskName, type ThreadTaskSpec } from "./thread-tasks.js";

interface TaskData {
  readonly task: ThreadTaskName;
  readonly input: unknown;
  /** `.ts` under tsx (tests), `.js` once built. */
  readonly extension: string;
}

const post = (message: ThreadMessage): void => parentPort?.postMessage(message);
const { task, input, extension } = workerData as TaskData;
try {
  const spec: ThreadTaskSpec = THREAD_TASKS[task];
  const module = (await import(new URL(`${spec.module}${extension}`, import.meta.url).href)) as Record<string, (input: unknown) => unknown>;
  const withProgress =
    spec.progressOption === undefined
      ? input
      : { ...(input as object), [spec.progressOption]: (fraction: number, info: unknown) => post({ type: "progress", fraction, info }) };
  const result = await module[spec.export](withProgress);
  post({ type: "answer", ok: true, result });
} catch (error) {
  post({ type: "answer", ok: false, error: serializeError(error) });
}
