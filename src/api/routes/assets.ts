/** `GET /assets` and `GET /assets/:ticker/prices`: what the store holds. */
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteContext } from "../route-context.js";
import { problemResponses } from "../schemas/common.js";
import { assetSchema, priceHistorySchema, priceQuerySchema, tickerParamsSchema } from "../schemas/resources.js";

export const assetRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { prices } = ctx.services;

  app.get(
    "/assets",
    {
      schema: {
        summary: "Stored assets with their date spans",
        tags: ["market data"],
        response: { 200: z.array(assetSchema), ...problemResponses(401, 403, 429) },
      },
    },
    async () => prices.listAssets(),
  );

  app.get(
    "/assets/:ticker/prices",
    {
      schema: {
        summary: "One asset's stored prices",
        tags: ["market data"],
        params: tickerParamsSchema,
        querystring: priceQuerySchema,
        response: { 200: priceHistorySchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => prices.history(request.params.ticker, request.query),
  );
};
