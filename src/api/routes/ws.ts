/**
 * `GET /ws`: a websocket for job progress. The client sends `{"type":"subscribe","jobId":7}` (or
 * `unsubscribe`); the server answers `{"type":"subscribed","job":{…}}` with the job as it is now,
 * then forwards that job's events (`queued`, `started`, `progress`, `succeeded`, `retrying`,
 * `failed`, `cancelled`, as `jobs.subscribe` reports them from any process). A message it cannot
 * read gets `{"type":"error","code","message"}`; the connection stays open.
 */
import type { FastifyPluginAsync } from "fastify";
import type { WebSocket } from "ws";
import { z } from "zod";
import type { JobEvent } from "../../jobs/job-runner.js";
import type { RouteContext } from "../route-context.js";

const messageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("subscribe"), jobId: z.number().int().positive() }),
  z.object({ type: z.literal("unsubscribe"), jobId: z.number().int().positive() }),
]);

// Sockets with more unsent data than this are too slow to follow; events to them are dropped.
const MAX_BUFFERED_BYTES = 1 << 20;

export const websocketRoutes: FastifyPluginAsync<RouteContext> = async (app, ctx) => {
  const watchers = new Map<number, Set<WebSocket>>();

  const send = (socket: WebSocket, message: unknown): void => {
    if (socket.readyState === socket.OPEN && socket.bufferedAmount < MAX_BUFFERED_BYTES) socket.send(JSON.stringify(message));
  };

  const unsubscribeEvents = ctx.jobs.subscribe((event: JobEvent) => {
    for (const socket of watchers.get(event.jobId) ?? []) send(socket, event);
  });
  app.addHook("onClose", async () => unsubscribeEvents());

  const forget = (socket: WebSocket, jobId?: number): void => {
    for (const [id, sockets] of watchers) {
      if (jobId !== undefined && id !== jobId) continue;
      sockets.delete(socket);
      if (sockets.size === 0) watchers.delete(id);
    }
  };

  // @fastify/websocket hides its routes from the OpenAPI document; this one is part of the API
  // (the upgrade request, answered 101), so it is shown again.
  app.addHook("onRoute", (route) => {
    if (route.websocket === true && route.schema !== undefined) (route.schema as { hide?: boolean }).hide = false;
  });

  app.get(
    "/ws",
    {
      websocket: true,
      schema: {
        summary: "Job progress over a websocket",
        description:
          'Upgrade to a websocket, then send {"type":"subscribe","jobId":N}; job events follow as JSON messages. ' +
          "Browsers may pass the API key as ?access_token=.",
        tags: ["jobs"],
      },
    },
    (socket, request) => {
    socket.on("message", async (data: Buffer) => {
      let parsed: z.infer<typeof messageSchema>;
      try {
        parsed = messageSchema.parse(JSON.parse(data.toString("utf8")));
      } catch {
        send(socket, { type: "error", code: "INVALID_MESSAGE", message: 'send {"type":"subscribe","jobId":<id>} or {"type":"unsubscribe","jobId":<id>}' });
        return;
      }
      if (parsed.type === "unsubscribe") {
        forget(socket, parsed.jobId);
        send(socket, { type: "unsubscribed", jobId: parsed.jobId });
        return;
      }
      try {
        const job = await ctx.jobs.get(parsed.jobId);
        if (job === null) {
          send(socket, { type: "error", code: "JOB_NOT_FOUND", message: `no job with id ${parsed.jobId}` });
          return;
        }
        let sockets = watchers.get(job.id);
        if (sockets === undefined) watchers.set(job.id, (sockets = new Set()));
        sockets.add(socket);
        send(socket, { type: "subscribed", job });
      } catch (error) {
        request.log.error({ err: error }, "websocket subscribe failed");
        send(socket, { type: "error", code: "INTERNAL_ERROR", message: "could not read the job; try again" });
      }
    });
    socket.on("close", () => forget(socket));
    },
  );
};
