/**
 * Redis for the BullMQ tests, reached with a few raw RESP commands (no driver needed to find out
 * whether one is there): REDIS_URL_TEST (default redis://127.0.0.1:6379). When Redis or PostgreSQL
 * is not reachable, the tests are skipped with a message saying what to start — except under CI
 * (CI=true), where they run and fail.
 */
import { connect } from "node:net";
import { postgresUnavailable } from "../store/databases.js";

export const TEST_REDIS_URL = process.env.REDIS_URL_TEST ?? "redis://127.0.0.1:6379";
const IN_CI = process.env.CI === "true" || process.env.CI === "1";

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}

/** Sends one command and resolves with the raw reply's first line (`+PONG`, `:3`, `-ERR …`). */
export function redisCommand(args: readonly string[], url = TEST_REDIS_URL): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    let reply = "";
    socket.setTimeout(3000, () => socket.destroy(new Error(`no answer from Redis at ${hostname}:${port}`)));
    socket.on("connect", () => socket.write(encode(args)));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) {
        socket.end();
        resolve(reply.slice(0, reply.indexOf("\r\n")));
      }
    });
    socket.on("error", reject);
  });
}

/** Deletes every key under `prefix` (a test run's BullMQ keys). */
export async function deleteKeys(prefix: string): Promise<void> {
  const script = "local k = redis.call('keys', ARGV[1]) for i = 1, #k, 1000 do redis.call('del', unpack(k, i, math.min(i + 999, #k))) end return #k";
  await redisCommand(["EVAL", script, "0", `${prefix}:*`]);
}

async function probe(): Promise<string | undefined> {
  try {
    const pong = await redisCommand(["PING"]);
    if (pong !== "+PONG") return `Redis at ${TEST_REDIS_URL} answered ${pong} to PING`;
  } catch (error) {
    return `Redis is not reachable at ${TEST_REDIS_URL} (${(error as Error).message}); start it (e.g. \`docker run -p 6379:6379 redis:7\`) or set REDIS_URL_TEST`;
  }
  return postgresUnavailable;
}

/** Why the BullMQ tests cannot run here, or undefined when they can. */
export const bullmqUnavailable: string | undefined = await probe();
if (bullmqUnavailable !== undefined && !IN_CI) console.log(`# skipping BullMQ job tests: ${bullmqUnavailable}`);

/** The `skip` option for the BullMQ suites: never under CI, so a missing service fails there. */
export const bullmqSkip: string | false = bullmqUnavailable !== undefined && !IN_CI ? bullmqUnavailable : false;
