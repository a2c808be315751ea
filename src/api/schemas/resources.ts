/**
 * Schemas of the stored resources as the API shows them: assets and prices, portfolios, stored
 * runs and jobs. Response schemas list every field served, so nothing else leaks out.
 */
import { z } from "zod";
import { JOB_STATUSES } from "../../store/index.js";
import { isoDateSchema, jsonDocumentSchema, tickerSchema } from "./common.js";
import { constraintsRequestSchema } from "../../service/request-schemas.js";

export const assetSchema = z.object({
  ticker: z.string(),
  name: z.string().nullable(),
  currency: z.string().nullable(),
  exchange: z.string().nullable(),
  sector: z.string().nullable(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
  rows: z.number().int(),
});

export const tickerParamsSchema = z.object({ ticker: tickerSchema });

export const priceQuerySchema = z.strictObject({
  start: isoDateSchema.optional(),
  end: isoDateSchema.optional(),
  field: z.enum(["adjustedClose", "close"]).optional().describe("Which price (default adjustedClose)"),
});

export const priceHistorySchema = z.object({
  ticker: z.string(),
  field: z.enum(["adjustedClose", "close"]),
  prices: z.array(z.object({ date: z.string(), price: z.number() })).readonly(),
});

export const priceRowsBodySchema = z
  .array(
    z.strictObject({
      ticker: tickerSchema,
      date: isoDateSchema,
      close: z.number().positive(),
      adjustedClose: z.number().positive().nullable().optional(),
      volume: z.number().nonnegative().nullable().optional(),
    }),
  )
  .min(1)
  .describe("Price rows; or send text/csv in the wide or long layout of `portfolio data import`");

export const importResultSchema = z.object({
  source: z.string(),
  tickers: z.array(z.string()).readonly(),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  firstDate: z.string().nullable(),
  lastDate: z.string().nullable(),
});

export const priceFetchBodySchema = z.strictObject({
  tickers: z.array(tickerSchema).min(1).max(100).describe("Tickers to download (Yahoo Finance spelling: AAPL, BRK-B, ^GSPC)"),
  start: isoDateSchema.optional().describe("First date wanted (default: five years before end)"),
  end: isoDateSchema.optional().describe("Last date wanted (default and latest: yesterday)"),
});

export const priceFetchResultSchema = importResultSchema.extend({
  provider: z.string().describe("Who answered (Yahoo Finance, or Stooq when Yahoo could not be reached)"),
  start: z.string(),
  end: z.string().describe("The last date served: end, capped to yesterday"),
  failed: z.array(z.object({ ticker: z.string(), code: z.string(), message: z.string() })).readonly().describe("Tickers the provider did not know (the others were stored)"),
});

export const portfolioBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  tickers: z.array(tickerSchema).min(1),
  constraints: constraintsRequestSchema.optional(),
  notes: z.string().max(10_000).nullable().optional(),
});

export const portfolioPatchSchema = portfolioBodySchema.partial();

export const portfolioSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  tickers: z.array(z.string()).readonly(),
  constraints: jsonDocumentSchema,
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const optimizationRunSchema = z.object({
  id: z.number().int(),
  portfolioId: z.number().int().nullable(),
  model: z.string(),
  parameters: jsonDocumentSchema.describe("The request as run, with its universe resolved"),
  weights: z.record(z.string(), z.number()),
  metrics: z.record(z.string(), z.number().nullable()),
  programVersion: z.string(),
  panelHash: z.string(),
  createdAt: z.string(),
});

export const backtestRunSchema = z.object({
  id: z.number().int(),
  portfolioId: z.number().int().nullable(),
  parameters: jsonDocumentSchema,
  sharpe: z.number().nullable(),
  maxDrawdown: z.number().nullable(),
  winRate: z.number().nullable(),
  metrics: jsonDocumentSchema,
  series: jsonDocumentSchema,
  programVersion: z.string(),
  panelHash: z.string(),
  createdAt: z.string(),
});

export const runListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional().describe("Most runs of each kind (default 100)"),
});

export const portfolioRunsSchema = z.object({
  optimizations: z.array(optimizationRunSchema).readonly(),
  backtests: z.array(backtestRunSchema).readonly(),
});

export const rerunSchema = z.object({
  original: optimizationRunSchema,
  rerun: optimizationRunSchema,
  differences: z.object({
    samePrices: z.boolean(),
    sameProgramVersion: z.boolean(),
    modelChanged: z.boolean(),
    weights: z.record(z.string(), z.number()),
    maxAbsWeightChange: z.number(),
    metrics: z.record(z.string(), z.number().nullable()),
  }),
});

export const jobSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.number(),
  parameters: jsonDocumentSchema,
  resultRef: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const jobResultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("backtest"), run: backtestRunSchema }),
  z.object({ kind: z.literal("optimization"), run: optimizationRunSchema }),
]);

export const runHistoryQuerySchema = z.strictObject({
  kind: z.enum(["optimization", "backtest"]).optional().describe("Only this kind of run (default both, merged)"),
  portfolioId: z.coerce.number().int().positive().max(2 ** 31 - 1).optional().describe("Only this portfolio's runs"),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe("Most runs (default 100)"),
  before: z.iso.datetime().optional().describe("Only runs created before this time: the last createdAt of the previous page"),
});

export const runSummarySchema = z.object({
  id: z.number().int().describe("GET /results/:id for an optimization, GET /backtests/:id for a backtest"),
  kind: z.enum(["optimization", "backtest"]),
  portfolioId: z.number().int().nullable(),
  model: z.string().describe("An optimization's model; a backtest's models joined with \", \""),
  models: z.array(z.string()).readonly(),
  metrics: z.record(z.string(), z.number().nullable()).describe("Headline measures (a backtest: sharpe, maxDrawdown, winRate)"),
  createdAt: z.string(),
});

