/**
 * Stored runs: the history (`GET /results`, summaries newest first), one optimization run
 * (`GET|DELETE /results/:id`, `POST /results/:id/rerun`) and one backtest run (`GET|DELETE /backtests/:id`).
 */
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteContext } from "../route-context.js";
import { idParamsSchema, problemResponses } from "../schemas/common.js";
import { backtestRunSchema, optimizationRunSchema, rerunSchema, runHistoryQuerySchema, runSummarySchema } from "../schemas/resources.js";

export const resultRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { results } = ctx.services;
  const tags = ["results"];

  app.get(
    "/results",
    {
      schema: {
        summary: "Stored runs, newest first: optimizations (optimize, frontier, allocate) and backtests",
        description: "Summaries only; page with `before` set to the last `createdAt` of the previous page.",
        tags,
        querystring: runHistoryQuerySchema,
        response: { 200: z.array(runSummarySchema).readonly(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => results.history(request.query),
  );

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

  app.delete(
    "/results/:id",
    {
      schema: {
        summary: "Delete a stored optimization run",
        tags,
        params: idParamsSchema,
        response: { 204: z.undefined(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await results.deleteOptimization(request.params.id);
      return reply.code(204).send();
    },
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

  app.get(
    "/backtests/:id",
    {
      schema: {
        summary: "One stored backtest run: its request, measures and series",
        tags,
        params: idParamsSchema,
        response: { 200: backtestRunSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => results.getBacktest(request.params.id),
  );

  app.delete(
    "/backtests/:id",
    {
      schema: {
        summary: "Delete a stored backtest run",
        tags,
        params: idParamsSchema,
        response: { 204: z.undefined(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await results.deleteBacktest(request.params.id);
      return reply.code(204).send();
    },
  );
};
