/**
 * `POST /optimize` and `POST /frontier`: the service's requests (src/service/results.ts) without the
 * prices, which come from the store. Responses mirror the CLI's `--json` contracts (README) plus
 * the stored run's id and provenance.
 */
import { z } from "zod";
import { isoDateSchema, tickerSchema } from "./common.js";
import { constraintsRequestSchema, expectedReturnsSpecSchema, portfolioModelSchema, riskModelSpecSchema } from "../../service/request-schemas.js";

/** The universe, estimators and constraints every optimization body shares (allocate's too). */
export const universeFields = {
  portfolioId: z.number().int().positive().optional().describe("Take tickers and constraints from this portfolio"),
  tickers: z.array(tickerSchema).min(1).optional().describe("The universe, in the order wanted (required without portfolioId)"),
  start: isoDateSchema.optional().describe("First price date used"),
  end: isoDateSchema.optional().describe("Last price date used"),
  expectedReturns: expectedReturnsSpecSchema.optional(),
  riskModel: riskModelSpecSchema.optional(),
  periodsPerYear: z.number().int().positive().max(100_000).optional().describe("Return periods per year (inferred by default)"),
  logReturns: z.boolean().optional(),
  gaps: z.enum(["drop", "forwardFill", "span"]).optional().describe("Interior missing prices"),
  market: tickerSchema.optional().describe("Ticker of the market series for CAPM"),
  constraints: constraintsRequestSchema.optional(),
  riskFreeRate: z.number().min(-1).max(1).optional().describe("Annual risk-free rate (default 0.02)"),
};

export const optimizeBodySchema = z.strictObject({
  ...universeFields,
  model: portfolioModelSchema,
  fallback: z.array(portfolioModelSchema).max(10).optional().describe("Models to try in order when the model fails"),
});

export const frontierBodySchema = z.strictObject({
  ...universeFields,
  points: z.number().int().min(2).max(200).optional().describe("Portfolios on the frontier (default 20)"),
  riskMeasure: z.enum(["variance", "cvar", "cdar", "mad", "semivariance"]).optional().describe("The risk the frontier is traced in (default variance)"),
  confidence: z.number().gt(0).lt(1).optional().describe("CVaR/CDaR confidence (default 0.95)"),
});

export const performanceSchema = z.object({
  expectedReturn: z.number(),
  volatility: z.number(),
  sharpe: z.number().nullable(),
});

// The optimizer's report (status, iterations, objective, KKT residuals for the QP models; the
// cluster order, relaxed limits… for others): its fields depend on the model, so it is a record.
const solverSchema = z.record(z.string(), z.unknown()).describe("The optimizer's report (fields depend on the model)");

export const estimateSchema = z.object({
  start: z.string(),
  end: z.string(),
  observations: z.number(),
  periodsPerYear: z.number(),
  shrinkage: z.number().nullable(),
  repaired: z.string().nullable(),
});

export const runFields = {
  runId: z.number().int().describe("Id of the stored run (GET /results/:id)"),
  createdAt: z.string(),
  panelHash: z.string().describe("SHA-256 of the exact prices used"),
};

export const optimizeResponseSchema = z.object({
  ...runFields,
  model: z.string().describe("The model that produced the weights (after any fallback)"),
  tickers: z.array(z.string()),
  weights: z.record(z.string(), z.number()),
  performance: performanceSchema,
  solver: solverSchema,
  riskContributions: z.record(z.string(), z.number()).nullable(),
  riskMeasure: z.object({ name: z.string(), value: z.number(), quantile: z.number().optional() }).nullable().describe("The risk-measure models' optimised measure"),
  fallbackFrom: z.array(z.object({ model: z.string(), code: z.string(), message: z.string() })),
  estimate: estimateSchema,
});

export const frontierResponseSchema = z.object({
  ...runFields,
  tickers: z.array(z.string()),
  riskMeasure: z.string().describe("What each point's risk is"),
  points: z.array(performanceSchema.extend({ risk: z.number(), weights: z.record(z.string(), z.number()) })),
  estimate: estimateSchema,
});
