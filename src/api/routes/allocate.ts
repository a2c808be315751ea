/**
 * `POST /allocate`: whole shares (or a rebalance plan) for target weights at the latest stored
 * prices, synchronous and saved as a run like `/optimize` (`runId` in the answer).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteContext } from "../route-context.js";
import { allocateBodySchema, allocateResponseSchema } from "../schemas/allocate.js";
import { problemResponses } from "../schemas/common.js";

export const allocateRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { results } = ctx.services;

  app.post(
    "/allocate",
    {
      schema: {
        summary: "Shares to buy (or trades to make) for target weights from a model or given (saved as a run)",
        description:
          "Give `value` for a new account (whole shares by `method`), or `holdings` and `cash` for an existing one (the rebalance planner, with fees, lots, a minimum trade and a tolerance band).",
        tags: ["optimization"],
        body: allocateBodySchema,
        response: { 200: allocateResponseSchema, ...problemResponses(400, 401, 403, 404, 413, 422, 429) },
      },
    },
    async (request) => {
      const start = performance.now();
      let outcome = "ok";
      try {
        const saved = await results.allocate(request.body);
        return { runId: saved.runId, createdAt: saved.createdAt, panelHash: saved.panelHash, ...saved.result };
      } catch (error) {
        outcome = typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : "error";
        throw error;
      } finally {
        ctx.metrics.observeOptimization("allocate", outcome, (performance.now() - start) / 1000);
      }
    },
  );
};
