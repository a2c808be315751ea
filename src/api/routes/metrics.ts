/** `GET /metrics`: Prometheus text format (needs a key when AUTH=required, like the API). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteContext } from "../route-context.js";

export const metricsRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  app.get(
    "/metrics",
    {
      config: { rateLimit: false },
      // No response schema: the body is Prometheus text, which a JSON serializer would quote.
      schema: { summary: "Prometheus metrics (text exposition format)", tags: ["operations"] },
    },
    async (_request, reply) => {
      const text = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(text);
    },
  );
};
