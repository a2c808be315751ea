/**
 * Redis connections for the BullMQ runner. BullMQ is handed ready ioredis clients rather than
 * connection options: in an ES module it cannot load its optional driver by name, and owning the
 * clients lets us set the retry policy per role and close them ourselves.
 */
import { Redis } from "ioredis";

/** An ioredis client (BullMQ takes it as its `connection`; the event bus publishes on it). */
export type RedisClient = Redis;

export interface RedisConnectOptions {
  /**
   * `worker`: blocking commands wait for Redis to come back (BullMQ requires
   * `maxRetriesPerRequest: null` for its workers' blocking connection); `client`: a command fails
   * fast while Redis is down, so an API request or a health check answers instead of hanging.
   */
  readonly role: "worker" | "client";
}

/** A new client for `url` (`redis://[user:password@]host:port[/db]`). */
export function connectRedis(url: string, options: RedisConnectOptions): RedisClient {
  const client = new Redis(
    url,
    options.role === "worker"
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5000 },
  );
  // Without a listener an 'error' event (a refused connection) would end the process; the next
  // command reports the outage instead.
  client.on("error", () => undefined);
  return client;
}
