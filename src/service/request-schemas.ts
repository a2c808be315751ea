/**
 * The request specs as zod schemas, one source for every door: the API's bodies (and so its OpenAPI
 * document), the backtest job's payload and the stored runs carry the same plain objects as the
 * service (STYLE.md, "Core API shape"). Unknown fields are rejected, so a typo is an error rather
 * than a silently ignored option.
 */
import { z } from "zod";

/** A ticker as the store spells it: letters, digits and `. ^ = _ -` (BRK-B, ^GSPC, EURUSD=X). */
export const tickerSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9^][A-Za-z0-9.^=_-]*$/, "a ticker is 1-32 letters, digits or . ^ = _ -")
  .describe("Ticker symbol");
export const dateSchema = z.iso.date().describe("Calendar date, YYYY-MM-DD");
const byTicker = z.record(tickerSchema, z.number());
const bound = z.number().min(-100).max(100);
const linkage = z.enum(["single", "complete", "average", "ward"]).optional();
const confidence = z.number().gt(0).lt(1).optional();

export const expectedReturnsSpecSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("meanHistorical"), compounding: z.boolean().optional() }),
    z.strictObject({ kind: z.literal("ema"), span: z.number().positive().optional(), compounding: z.boolean().optional() }),
    z.strictObject({ kind: z.literal("capm"), riskFreeRate: z.number().optional(), compounding: z.boolean().optional() }),
    z.strictObject({ kind: z.literal("jamesStein") }),
    z.strictObject({ kind: z.literal("forecast"), forecasts: byTicker }),
  ])
  .describe("Expected-returns estimator (default meanHistorical, compounded)");

export const riskModelSpecSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("sample"), missing: z.enum(["pairwise", "complete"]).optional() }),
    z.strictObject({ kind: z.literal("semicovariance"), benchmark: z.number().optional() }),
    z.strictObject({ kind: z.literal("ewm"), span: z.number().positive().optional() }),
    z.strictObject({
      kind: z.literal("ledoitWolf"),
      target: z.enum(["constantVariance", "singleFactor", "constantCorrelation"]).optional(),
      missing: z.enum(["zero", "complete"]).optional(),
    }),
    z.strictObject({ kind: z.literal("oracleApproximating"), missing: z.enum(["zero", "complete"]).optional() }),
    z.strictObject({ kind: z.literal("denoised") }),
    z.strictObject({ kind: z.literal("detoned"), nMarkets: z.number().int().positive().optional() }),
    z.strictObject({ kind: z.literal("gerber"), threshold: z.number().positive().optional() }),
  ])
  .describe("Risk model (default sample covariance)");

export const constraintsRequestSchema = z
  .strictObject({
    bounds: z.tuple([bound, bound]).optional().describe("[lower, upper] for every asset (default [0, 1])"),
    assetBounds: z.record(tickerSchema, z.tuple([bound, bound])).optional().describe("Per-ticker [lower, upper]"),
    budget: z.number().min(-100).max(100).optional().describe("Sum of weights: 1 fully invested (default), 0 market-neutral"),
    grossLeverage: z.number().positive().optional(),
    groups: z.record(z.string().min(1).max(100), z.array(tickerSchema)).optional().describe("Group name → member tickers"),
    groupLimits: z.record(z.string().min(1).max(100), z.strictObject({ lower: z.number().optional(), upper: z.number().optional() })).optional(),
    constraints: z.array(z.string().min(1).max(1000)).max(1000).optional().describe('Linear constraints as text: "Tech <= 0.3"'),
    l2Gamma: z.number().nonnegative().optional(),
    currentWeights: byTicker.optional().describe("Weights held now, for maxTurnover and transactionCost"),
    maxTurnover: z.number().nonnegative().optional(),
    transactionCost: z.number().nonnegative().max(1).optional().describe("Proportional cost (0.001 = 10 bps)"),
    trackingError: z.strictObject({ benchmark: byTicker, max: z.number().positive() }).optional(),
    maxHoldings: z.number().int().positive().optional(),
    minPosition: z.number().positive().optional(),
  })
  .describe("Portfolio constraints, applied at every rebalance");

const targets = { targetReturn: z.number().optional(), maxRisk: z.number().positive().optional() };

/** Every portfolio model: mean-variance, risk measures, risk budgeting, hierarchical, naive (`PortfolioModel`, by ticker). */
const portfolioModelOptions = [
    z.strictObject({ kind: z.literal("minVolatility") }),
    z.strictObject({ kind: z.literal("maxSharpe") }),
    z.strictObject({ kind: z.literal("maxQuadraticUtility"), riskAversion: z.number().positive().optional() }),
    z.strictObject({ kind: z.literal("efficientRisk"), targetVolatility: z.number().positive() }),
    z.strictObject({ kind: z.literal("efficientReturn"), targetReturn: z.number() }),
    z.strictObject({ kind: z.literal("minTrackingError"), benchmark: byTicker.describe("Benchmark weights by ticker") }),
    z.strictObject({ kind: z.literal("minCvar"), confidence, ...targets }),
    z.strictObject({ kind: z.literal("minCdar"), confidence, ...targets }),
    z.strictObject({ kind: z.literal("minMad"), ...targets }),
    z.strictObject({ kind: z.literal("minSemivariance"), benchmark: z.number().optional(), targetReturn: z.number().optional() }),
    z.strictObject({ kind: z.literal("maxSortino"), benchmark: z.number().optional() }),
    z.strictObject({ kind: z.literal("equalWeight") }),
    z.strictObject({ kind: z.literal("inverseVolatility") }),
    z.strictObject({ kind: z.literal("inverseVariance") }),
    z.strictObject({ kind: z.literal("riskParity"), budgets: z.record(tickerSchema, z.number().positive()).optional().describe("Risk budget by ticker") }),
    z.strictObject({ kind: z.literal("maxDiversification") }),
    z.strictObject({ kind: z.literal("hierarchicalRiskParity"), linkage }),
    z.strictObject({ kind: z.literal("hierarchicalEqualRiskContribution"), linkage, clusters: z.number().int().positive().optional() }),
    z.strictObject({
      kind: z.literal("nestedClusteredOptimization"),
      linkage,
      clusters: z.number().int().positive().optional(),
      innerModel: z
        .discriminatedUnion("kind", [
          z.strictObject({ kind: z.literal("minVolatility") }),
          z.strictObject({ kind: z.literal("maxSharpe") }),
          z.strictObject({ kind: z.literal("maxQuadraticUtility"), riskAversion: z.number().positive().optional() }),
        ])
        .optional(),
    }),
] as const;

export const portfolioModelSchema = z.discriminatedUnion("kind", [...portfolioModelOptions]).describe("Optimization model");

/** What a backtest rebalances to: any portfolio model, or constant weights. */
export const backtestModelSchema = z
  .discriminatedUnion("kind", [
    ...portfolioModelOptions,
    z.strictObject({ kind: z.literal("fixedWeights"), weights: byTicker.describe("Constant target weights by ticker") }),
  ])
  .describe("Portfolio model rebalanced to on schedule");
