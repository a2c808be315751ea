/**
 * Job events through one Redis pub/sub channel (JSON per message): every process publishes there
 * and every process's subscribers hear every event once, whichever process ran the job. A
 * subscriber connection cannot send other commands, hence two clients.
 */
import type { JobEventBus } from "./job-event-bus.js";
import { JobListeners } from "./job-event-bus.js";
import type { JobEvent } from "./job-runner.js";
import type { RedisClient } from "./redis-connection.js";

/** Subscribes `subscriber` to `channel` before resolving, so no event published after it is missed. */
export async function createRedisEventBus(publisher: RedisClient, subscriber: RedisClient, channel: string): Promise<JobEventBus> {
  const listeners = new JobListeners();
  subscriber.on("message", (from, message) => {
    if (from !== channel) return;
    let event: JobEvent;
    try {
      event = JSON.parse(message) as JobEvent;
    } catch {
      return; // not ours
    }
    listeners.deliver(Object.freeze(event));
  });
  await subscriber.subscribe(channel);
  return {
    async publish(event) {
      // Events are a courtesy: the jobs table is the truth, so a Redis hiccup must not fail a job.
      await publisher.publish(channel, JSON.stringify(event)).catch(() => undefined);
    },
    subscribe: (listener) => listeners.add(listener),
    async close() {
      listeners.clear();
    },
  };
}
