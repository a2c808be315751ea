/**
 * Where job events travel: a bus publishes each event once to every subscriber. In process that is
 * a list of listeners; with Redis, one pub/sub channel (redis-event-bus.ts) so that a subscriber in
 * any API process sees the events of a job run by any worker.
 */
import type { JobEvent } from "./job-runner.js";

export interface JobEventBus {
  publish(event: JobEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: JobEvent) => void): () => void;
  close(): Promise<void>;
}

/** Listeners, each called once per event; one listener's exception never reaches another. */
export class JobListeners {
  readonly #listeners = new Set<(event: JobEvent) => void>();

  add(listener: (event: JobEvent) => void): () => void {
    // A wrapper per subscription, so subscribing one function twice gives two subscriptions.
    const entry = (event: JobEvent): void => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  deliver(event: JobEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A subscriber's bug (a closed websocket…) must not stop the job or the other subscribers.
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}

export function createLocalEventBus(): JobEventBus {
  const listeners = new JobListeners();
  return {
    async publish(event) {
      listeners.deliver(Object.freeze({ ...event }));
    },
    subscribe: (listener) => listeners.add(listener),
    async close() {
      listeners.clear();
    },
  };
}
