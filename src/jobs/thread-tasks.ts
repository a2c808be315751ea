/**
 * The numeric work a job may run in a worker thread, by name: the module (relative to this folder,
 * without extension), the export to call with the task's input and, for a task that reports
 * progress, the input option the thread fills with a callback posting each report back. A worker
 * thread cannot receive a function, only a name; both sides read this table.
 */
import type { backtestPortfolio } from "../service/backtest-portfolio.js";
import type { frontierOfPortfolio } from "../service/optimize-portfolio.js";
import type { SerializedError } from "./job-errors.js";

export interface ThreadTaskSpec {
  readonly module: string;
  readonly export: string;
  /** The input field that takes an `(fraction, info) => void` progress callback. */
  readonly progressOption?: string;
}

export const THREAD_TASKS = {
  frontierOfPortfolio: { module: "../service/optimize-portfolio", export: "frontierOfPortfolio" },
  backtestPortfolio: { module: "../service/backtest-portfolio", export: "backtestPortfolio", progressOption: "onProgress" },
} as const satisfies Record<string, ThreadTaskSpec>;

/** Input and output of each task, for typed calls. */
export interface ThreadTaskTypes {
  readonly frontierOfPortfolio: typeof frontierOfPortfolio;
  readonly backtestPortfolio: typeof backtestPortfolio;
}

export type ThreadTaskName = keyof typeof THREAD_TASKS & keyof ThreadTaskTypes;

/** What a thread posts back: progress reports, then one answer. */
export type ThreadMessage =
  | { readonly type: "progress"; readonly fraction: number; readonly info: unknown }
  | { readonly type: "answer"; readonly ok: true; readonly result: unknown }
  | { readonly type: "answer"; readonly ok: false; readonly error: SerializedError };
