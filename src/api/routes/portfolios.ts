/** Portfolios CRUD (`/portfolios`, `/portfolios/:id`) and a portfolio's stored runs. */
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteContext } from "../route-context.js";
import { idParamsSchema, problemResponses } from "../schemas/common.js";
import {
  portfolioBodySchema,
  portfolioPatchSchema,
  portfolioRunsSchema,
  portfolioSchema,
  runListQuerySchema,
} from "../schemas/resources.js";

export const portfolioRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { portfolios, results } = ctx.services;
  const tags = ["portfolios"];

  app.get(
    "/portfolios",
    { schema: { summary: "All portfolios, by name", tags, response: { 200: z.array(portfolioSchema), ...problemResponses(401, 403, 429) } } },
    async () => portfolios.list(),
  );

  app.post(
    "/portfolios",
    {
      schema: {
        summary: "Create a portfolio",
        tags,
        body: portfolioBodySchema,
        response: { 201: portfolioSchema, ...problemResponses(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const portfolio = await portfolios.create(request.body);
      return reply.code(201).header("Location", `${request.url.split("?")[0]}/${portfolio.id}`).send(portfolio);
    },
  );

  app.get(
    "/portfolios/:id",
    { schema: { summary: "One portfolio", tags, params: idParamsSchema, response: { 200: portfolioSchema, ...problemResponses(400, 401, 403, 404, 429) } } },
    async (request) => portfolios.get(request.params.id),
  );

  app.patch(
    "/portfolios/:id",
    {
      schema: {
        summary: "Change a portfolio (only the fields given)",
        tags,
        params: idParamsSchema,
        body: portfolioPatchSchema,
        response: { 200: portfolioSchema, ...problemResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request) => portfolios.update(request.params.id, request.body),
  );

  app.delete(
    "/portfolios/:id",
    {
      schema: {
        summary: "Delete a portfolio (its stored runs are kept, unlinked)",
        tags,
        params: idParamsSchema,
        response: { 204: z.undefined(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      await portfolios.delete(request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/portfolios/:id/results",
    {
      schema: {
        summary: "A portfolio's stored optimizations and backtests, newest first",
        tags,
        params: idParamsSchema,
        querystring: runListQuerySchema,
        response: { 200: portfolioRunsSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => results.listForPortfolio(request.params.id, { limit: request.query.limit }),
  );
};
