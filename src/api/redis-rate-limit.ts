/**
 * Shared rate-limit counts in Redis without a Redis client package: @fastify/rate-limit's Redis
 * store needs only `defineCommand(name, { numberOfKeys, lua })` and the command it defines (an EVAL
 * of its Lua script), which this speaks over RESP2 on one TCP connection. Replies come back in
 * request order, so a FIFO of callbacks matches them up.
 */
import { connect, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";

type Reply = string | number | null | Reply[];
type Callback = (error: Error | null, result?: Reply) => void;

/** The part of an ioredis client @fastify/rate-limit uses. */
export interface RateLimitRedis {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  quit(): Promise<void>;
  /** Sends any command, for health checks (`PING`). */
  command(...args: (string | number)[]): Promise<Reply>;
  [command: string]: unknown;
}

function encode(args: readonly (string | number | boolean)[]): string {
  let text = `*${args.length}\r\n`;
  for (const arg of args) {
    const s = String(arg);
    text += `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
  }
  return text;
}

/** Parses one reply at `offset`; undefined when the buffer does not hold all of it yet. */
function parse(buffer: Buffer, offset: number): { value: Reply | Error; next: number } | undefined {
  const end = buffer.indexOf("\r\n", offset);
  if (end < 0) return undefined;
  const kind = String.fromCharCode(buffer[offset]);
  const line = buffer.toString("utf8", offset + 1, end);
  const next = end + 2;
  if (kind === "+") return { value: line, next };
  if (kind === "-") return { value: new Error(line), next };
  if (kind === ":") return { value: Number(line), next };
  if (kind === "$") {
    const length = Number(line);
    if (length < 0) return { value: null, next };
    if (buffer.length < next + length + 2) return undefined;
    return { value: buffer.toString("utf8", next, next + length), next: next + length + 2 };
  }
  if (kind === "*") {
    const count = Number(line);
    if (count < 0) return { value: null, next };
    const items: Reply[] = [];
    let at = next;
    for (let i = 0; i < count; i++) {
      const item = parse(buffer, at);
      if (item === undefined) return undefined;
      if (item.value instanceof Error) return { value: item.value, next: item.next };
      items.push(item.value);
      at = item.next;
    }
    return { value: items, next: at };
  }
  return { value: new Error(`unexpected Redis reply type '${kind}'`), next: buffer.length };
}

/** Connects to `url` (`redis://[:password@]host[:port][/db]` or `rediss://`). */
export async function connectRateLimitRedis(url: string): Promise<RateLimitRedis> {
  const target = new URL(url);
  const port = target.port === "" ? 6379 : Number(target.port);
  const socket: Socket = await new Promise((resolve, reject) => {
    const s: Socket = target.protocol === "rediss:" ? connectTls({ host: target.hostname, port, servername: target.hostname }) : connect({ host: target.hostname, port });
    s.once(target.protocol === "rediss:" ? "secureConnect" : "connect", () => resolve(s));
    s.once("error", reject);
  });
  socket.setNoDelay(true);
  const pending: Callback[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    let offset = 0;
    for (;;) {
      const reply = parse(buffer, offset);
      if (reply === undefined) break;
      offset = reply.next;
      const callback = pending.shift();
      if (reply.value instanceof Error) callback?.(reply.value);
      else callback?.(null, reply.value);
    }
    buffer = buffer.subarray(offset);
  });
  const failAll = (error: Error) => {
    for (const callback of pending.splice(0)) callback(error);
  };
  socket.on("error", failAll);
  socket.on("close", () => failAll(new Error("Redis connection closed")));

  const send = (args: readonly (string | number | boolean)[], callback: Callback): void => {
    if (socket.destroyed) {
      callback(new Error("Redis connection closed"));
      return;
    }
    pending.push(callback);
    socket.write(encode(args));
  };
  const command = (...args: (string | number)[]): Promise<Reply> =>
    new Promise((resolve, reject) => send(args, (error, result) => (error ? reject(error) : resolve(result ?? null))));

  if (target.password !== "") await command("AUTH", ...(target.username === "" ? [] : [decodeURIComponent(target.username)]), decodeURIComponent(target.password));
  const db = target.pathname.replace(/^\//, "");
  if (db !== "") await command("SELECT", db);

  const client: RateLimitRedis = {
    defineCommand(name, definition) {
      client[name] = (...args: unknown[]) => {
        const callback = args.pop() as Callback;
        send(["EVAL", definition.lua, definition.numberOfKeys, ...(args as (string | number | boolean)[])], callback);
      };
    },
    command,
    async quit() {
      await command("QUIT").catch(() => undefined);
      socket.destroy();
    },
  };
  return client;
}
