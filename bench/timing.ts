/**
 * `measure(fn, options)`: a warm-up call, then the median of k timed calls, k chosen so the calls fit a
 * time budget (so the whole bench stays within minutes). A call slower than the budget is timed once:
 * its warm-up is the measurement, since the JIT has tiered up long before a multi-second call ends.
 */
import { performance } from "node:perf_hooks";

export interface MeasureOptions {
  /** Time to spend on the timed calls after the warm-up. */
  readonly budgetMs?: number;
  readonly maxRuns?: number;
}

export interface Measurement<T> {
  readonly medianMs: number;
  readonly runs: number;
  /** What the last call returned, to check that implementations did the same work. */
  readonly result: T;
}

export function measure<T>(fn: () => T, options: MeasureOptions = {}): Measurement<T> {
  const { budgetMs = 1500, maxRuns = 15 } = options;
  let start = performance.now();
  let result = fn();
  const warmUpMs = performance.now() - start;
  if (warmUpMs >= budgetMs) return { medianMs: warmUpMs, runs: 1, result };

  const runs = Math.max(3, Math.min(maxRuns, Math.floor(budgetMs / Math.max(warmUpMs, 1e-3))));
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    start = performance.now();
    result = fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const medianMs = times.length % 2 === 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { medianMs, runs, result };
}
