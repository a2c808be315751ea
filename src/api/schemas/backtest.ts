/**
 * `POST /backtests` answers with the job it started. The body is the backtest job's own payload
 * schema (src/service/backtest-job-payload.ts), so a body the API accepts is one the worker runs.
 */
import { z } from "zod";

export const jobAcceptedSchema = z.object({
  jobId: z.number().int(),
  status: z.string(),
  location: z.string().describe("Where to follow the job (also in the Location header)"),
});
