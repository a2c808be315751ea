/**
 * A local HTTP server (127.0.0.1, a free port) that answers like a price provider from data the test
 * gives it, and records every request so a test can assert what was asked. Nothing leaves the machine.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReplayRequest {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage["headers"];
}

/** What to answer: a reply, `"reset"` to drop the connection, `"hang"` to never answer. */
export type ReplayReply = { status: number; body: string; contentType?: string } | "reset" | "hang";

export type ReplayHandler = (request: ReplayRequest) => ReplayReply;

export interface ReplayServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: ReplayRequest[];
  /** Replaces the handler (e.g. to fail the next request). */
  handle(handler: ReplayHandler): void;
  close(): Promise<void>;
}

export async function startReplayServer(handler: ReplayHandler): Promise<ReplayServer> {
  let current = handler;
  const requests: ReplayRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://replay");
    const request: ReplayRequest = { path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers };
    requests.push(request);
    const reply = current(request);
    if (reply === "reset") {
      req.socket.destroy();
      return;
    }
    if (reply === "hang") return; // closeAllConnections() ends it when the server closes
    res.writeHead(reply.status, { "content-type": reply.contentType ?? "application/json" });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens: a server started and closed again. */
export async function refusedUrl(): Promise<string> {
  const server = await startReplayServer(() => ({ status: 500, body: "" }));
  await server.close();
  return server.url;
}
