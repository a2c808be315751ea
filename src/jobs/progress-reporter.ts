/**
 * Throttled progress: a handler may report thousands of times a second, but the table and the
 * subscribers see at most one update per interval (100 ms: ≤ 10 writes a second per job), always
 * the latest value, in the order reported.
 */
export interface ProgressReporter {
  report(progress: number, message?: string): void;
  /** Writes the value still pending, then resolves when every write is done. */
  drain(): Promise<void>;
  /** Drops the value still pending; resolves when the writes under way are done. */
  stop(): Promise<void>;
}

export function createProgressReporter(
  intervalMs: number,
  write: (progress: number, message: string | undefined) => Promise<void>,
): ProgressReporter {
  let pending: { readonly progress: number; readonly message: string | undefined } | undefined;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let writes: Promise<void> = Promise.resolve();
  let stopped = false;

  const flush = (): void => {
    timer = undefined;
    if (pending === undefined) return;
    const { progress, message } = pending;
    pending = undefined;
    lastWrite = performance.now();
    // Chained, so updates reach storage and subscribers in the order they were reported.
    writes = writes.then(() => write(progress, message)).catch(() => undefined);
  };

  return {
    report(progress, message) {
      if (stopped || !Number.isFinite(progress)) return;
      pending = { progress: Math.min(1, Math.max(0, progress)), message };
      const wait = lastWrite + intervalMs - performance.now();
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    async drain() {
      if (timer !== undefined) clearTimeout(timer);
      flush();
      stopped = true;
      await writes;
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      await writes;
    },
  };
}
