/**
 * `POST /optimize` and `POST /frontier`: synchronous, on the stored prices, each saved as a run
 * (`runId` in the answer). The body is the service's request; the answer mirrors the CLI's `--json`
 * contract (README) with the run's id, time and panel hash.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { RouteContext } from "../route-context.js";
import { problemResponses } from "../schemas/common.js";
import { frontierBodySchema, frontierResponseSchema, optimizeBodySchema, optimizeResponseSchema } from "../schemas/optimize.js";

export const optimizeRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { results } = ctx.services;
  const tags = ["optimization"];

  /** Runs `work`, recording its duration and outcome (ok, or the error's code). */
  async function timed<T>(kind: "optimize" | "frontier", work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    let outcome = "ok";
    try {
      return await work();
    } catch (error) {
      outcome = typeof (error as { code?: unknown }).code === "string" ? (error as { code: string }).code : "error";
      throw error;
    } finally {
      ctx.metrics.observeOptimization(kind, outcome, (performance.now() - start) / 1000);
    }
  }

  app.post(
    "/optimize",
    {
      schema: {
        summary: "Optimal weights for a universe, model and constraints (saved as a run)",
        tags,
        body: optimizeBodySchema,
        response: { 200: optimizeResponseSchema, ...problemResponses(400, 401, 403, 404, 413, 422, 429) },
      },
    },
    async (request) => {
      const saved = await timed("optimize", () => results.optimize(request.body));
      const r = saved.result;
      return {
        runId: saved.runId,
        createdAt: saved.createdAt,
        panelHash: saved.panelHash,
        model: r.model,
        tickers: [...r.tickers],
        weights: r.weights,
        performance: r.performance,
        solver: r.solver,
        riskContributions: r.riskContributions,
        riskMeasure: r.riskMeasure,
        fallbackFrom: [...r.fallbackFrom],
        estimate: r.estimate,
      };
    },
  );

  app.post(
    "/frontier",
    {
      schema: {
        summary: "The efficient frontier under the constraints (saved as a run)",
        tags,
        body: frontierBodySchema,
        response: { 200: frontierResponseSchema, ...problemResponses(400, 401, 403, 404, 413, 422, 429) },
      },
    },
    async (request) => {
      const saved = await timed("frontier", () => results.frontier(request.body));
      const r = saved.result;
      return {
        runId: saved.runId,
        createdAt: saved.createdAt,
        panelHash: saved.panelHash,
        tickers: [...r.tickers],
        riskMeasure: r.riskMeasure,
        points: r.points.map((p) => ({ ...p })),
        estimate: r.estimate,
      };
    },
  );
};
