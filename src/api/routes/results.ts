/** Stored optimization runs: `GET /results/:id` and `POST /results/:id/rerun`. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteContext } from "../route-context.js";
import { idParamsSchema, problemResponses } from "../schemas/common.js";
import { optimizationRunSchema, rerunSchema } from "../schemas/resources.js";

export const resultRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { results } = ctx.services;
  const tags = ["results"];

  app.get(
    "/results/:id",
    {
      schema: {
        summary: "One stored optimization run",
        tags,
        params: idParamsSchema,
        response: { 200: optimizationRunSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => results.get(request.params.id),
  );

  app.post(
    "/results/:id/rerun",
    {
      schema: {
        summary: "Run a stored request again on the current prices and compare",
        description: "The re-run is saved as a new run; `differences` are re-run minus original.",
        tags,
        params: idParamsSchema,
        response: { 200: rerunSchema, ...problemResponses(400, 401, 403, 404, 422, 429) },
      },
    },
    async (request) => results.rerun(request.params.id),
  );
};
