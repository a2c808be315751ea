/**
 * `POST /prices`: import prices, all or nothing. JSON rows `[{ticker, date, close}]`, or a CSV body
 * (`Content-Type: text/csv`) in the wide or long layout `portfolio data import` reads.
 * `POST /prices/fetch`: download the dates the store lacks from Yahoo Finance (Stooq as fallback).
 */
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { HttpProblem } from "../problem.js";
import type { RouteContext } from "../route-context.js";
import { problemResponses } from "../schemas/common.js";
import { importResultSchema, priceFetchBodySchema, priceFetchResultSchema, priceRowsBodySchema } from "../schemas/resources.js";

const csvBodySchema = z.string().min(1).describe("CSV text (sent as text/csv)");

export const priceRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { prices } = ctx.services;

  // CSV arrives as text; the service parses it (with line and column in its errors).
  app.addContentTypeParser(["text/csv", "application/csv"], { parseAs: "string", bodyLimit: ctx.config.uploadLimit }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    "/prices",
    {
      bodyLimit: ctx.config.uploadLimit,
      schema: {
        summary: "Import prices (JSON rows or text/csv)",
        tags: ["market data"],
        body: z.union([priceRowsBodySchema, csvBodySchema]),
        response: { 200: importResultSchema, ...problemResponses(400, 401, 403, 413, 415, 422, 429) },
      },
    },
    async (request) => {
      const body = request.body;
      if (typeof body !== "string") return prices.importRows(body);
      if (!/^(text|application)\/csv\b/i.test(request.headers["content-type"] ?? "")) {
        throw new HttpProblem("VALIDATION_FAILED", "body: a JSON body must be an array of price rows; send CSV as text/csv");
      }
      return prices.importCsv(body, { source: "upload.csv" });
    },
  );
  app.post(
    "/prices/fetch",
    {
      schema: {
        summary: "Download daily prices the store lacks from Yahoo Finance (Stooq as fallback) and store them",
        description: "Tickers the provider does not know are listed in `failed`; when none is known the answer is 422. A provider that cannot be reached is a 503.",
        tags: ["market data"],
        body: priceFetchBodySchema,
        response: { 200: priceFetchResultSchema, ...problemResponses(400, 401, 403, 413, 422, 429, 502, 503) },
      },
    },
    async (request) => prices.fetch(request.body),
  );
};
