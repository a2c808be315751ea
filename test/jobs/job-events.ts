/**
 * Test helpers for job events: record what a runner publishes and wait for a condition, failing
 * with the events seen so far when it does not come.
 */
import type { JobEvent, JobRunner } from "../../src/jobs/job-runner.js";

export interface EventLog {
  readonly events: (JobEvent & { readonly at: number })[];
  /** Events of one job, in arrival order. */
  of(jobId: number): (JobEvent & { readonly at: number })[];
  /** Resolves with the first event matching `predicate` (already seen or yet to come). */
  waitFor(predicate: (event: JobEvent) => boolean, timeoutMs?: number): Promise<JobEvent>;
  stop(): void;
}

export function recordEvents(runner: Pick<JobRunner, "subscribe">): EventLog {
  const events: (JobEvent & { readonly at: number })[] = [];
  const waiters = new Set<() => void>();
  const stop = runner.subscribe((event) => {
    events.push({ ...event, at: performance.now() });
    for (const wake of [...waiters]) wake();
  });
  return {
    events,
    of: (jobId) => events.filter((e) => e.jobId === jobId),
    waitFor(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = events.find(predicate);
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching job event within ${timeoutMs} ms; seen: ${JSON.stringify(events.map(({ at: _, ...e }) => e))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    stop,
  };
}

/** Polls `read` until `done` holds (the table is the truth across processes). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
