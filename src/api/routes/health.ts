/**
 * `GET /health`: the database (`select 1`), the job queue (`jobs.healthy()`) and the version; 200
 * when both answer, 503 otherwise. Open without a key and never rate-limited, for load balancers.
 */
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteContext } from "../route-context.js";
import { databaseAnswers } from "../store-probes.js";

const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  version: z.string(),
  database: z.enum(["ok", "unavailable"]),
  queue: z.enum(["ok", "unavailable"]),
  queueMode: z.string(),
});

export const healthRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  app.get(
    "/health",
    {
      config: { rateLimit: false },
      schema: {
        summary: "Liveness and dependencies",
        tags: ["operations"],
        security: [],
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_request, reply) => {
      const [database, queue] = await Promise.all([databaseAnswers(ctx.store), ctx.jobs.healthy().catch(() => false)]);
      const ok = database && queue;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? "ok" : "unavailable",
        version: ctx.version,
        database: database ? "ok" : "unavailable",
        queue: queue ? "ok" : "unavailable",
        queueMode: ctx.jobs.mode,
      });
    },
  );
};
