/**
 * Long work as jobs: `POST /backtests` answers 202 with the job id and a Location header; the job is
 * followed with `GET /jobs/:id` (or the websocket `/ws`), read with `GET /jobs/:id/result`, and
 * cancelled with `DELETE /jobs/:id`. Resubmitting with the same `Idempotency-Key` returns the first
 * job instead of starting another.
 */
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { backtestJobPayloadSchema, canonicalBacktestPayload, checkModelRequestConstraints, checkUniverseSize, InvalidRequestError } from "../../service/index.js";
import { StoreError, type Job } from "../../store/index.js";
import { API_PREFIX, type RouteContext } from "../route-context.js";
import { jobAcceptedSchema } from "../schemas/backtest.js";
import { idParamsSchema, problemResponses } from "../schemas/common.js";
import { jobResultSchema, jobSchema } from "../schemas/resources.js";

const submitHeadersSchema = z.object({
  "idempotency-key": z.string().min(1).max(200).optional().describe("Resubmitting with the same key returns the first job"),
});

export const jobRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { jobs } = ctx;
  const { portfolios, prices, results } = ctx.services;

  async function job(id: number): Promise<Job> {
    const found = await jobs.get(id);
    if (found === null) throw new StoreError("JOB_NOT_FOUND", `no job with id ${id}`, { id });
    return found;
  }

  app.post(
    "/backtests",
    {
      schema: {
        summary: "Submit a backtest (runs as a job)",
        tags: ["jobs"],
        headers: submitHeadersSchema,
        body: backtestJobPayloadSchema,
        response: { 202: jobAcceptedSchema, ...problemResponses(400, 401, 403, 404, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      // The job carries the canonical form (shorthands expanded), which is also what the run stores.
      const body = canonicalBacktestPayload(request.body);
      // Checked now rather than failing in a worker later: the universe's size and names.
      const tickers = body.tickers ?? (body.portfolioId === undefined ? undefined : (await portfolios.get(body.portfolioId)).tickers);
      if (tickers === undefined) throw new InvalidRequestError("name the assets: give tickers or a portfolioId");
      checkUniverseSize(tickers, ctx.config.maxAssets);
      for (const entry of body.models) checkModelRequestConstraints(entry.model, entry.constraints ?? body.constraints ?? {});
      await prices.assertKnown(body.benchmark === undefined ? tickers : [...tickers, body.benchmark]);
      const submitted = await jobs.submit("backtest", body, { idempotencyKey: request.headers["idempotency-key"] });
      const location = `${API_PREFIX}/jobs/${submitted.id}`;
      return reply.code(202).header("Location", location).send({ jobId: submitted.id, status: submitted.status, location });
    },
  );

  app.get(
    "/jobs/:id",
    {
      schema: {
        summary: "A job's status and progress",
        tags: ["jobs"],
        params: idParamsSchema,
        response: { 200: jobSchema, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => job(request.params.id),
  );

  app.get(
    "/jobs/:id/result",
    {
      schema: {
        summary: "The stored result of a succeeded job",
        tags: ["jobs"],
        params: idParamsSchema,
        response: { 200: jobResultSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => results.jobResult(await job(request.params.id)),
  );

  app.delete(
    "/jobs/:id",
    {
      schema: {
        summary: "Cancel a job (a queued one never starts; a running one is stopped)",
        tags: ["jobs"],
        params: idParamsSchema,
        response: { 200: jobSchema, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      await job(request.params.id);
      return jobs.cancel(request.params.id);
    },
  );
};
