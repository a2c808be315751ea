/**
 * `POST /allocate`: the optimize body (or target `weights` given directly) plus how to turn the
 * weights into shares — a new account's `value`, or an existing account's `holdings` and `cash` for
 * the rebalance planner. The fields are the service's `AllocateRequest` (src/service/allocate-portfolio.ts).
 */
import { z } from "zod";
import { portfolioModelSchema, tickerSchema } from "../../service/request-schemas.js";
import { estimateSchema, performanceSchema, runFields, universeFields } from "./optimize.js";

const money = z.number().nonnegative();

export const allocateBodySchema = z.strictObject({
  ...universeFields,
  model: portfolioModelSchema.optional().describe("Optimize with this model for the target weights (or give weights)"),
  fallback: z.array(portfolioModelSchema).max(10).optional().describe("Models to try in order when the model fails"),
  weights: z.record(tickerSchema, z.number().min(-100).max(100)).optional().describe("Target weights by ticker, allocated as given (instead of a model)"),
  value: z.number().positive().optional().describe("Money to invest in a new account"),
  method: z.enum(["greedy", "milp"]).optional().describe("Whole-share method for a new account (default milp: least leftover and error)"),
  holdings: z.record(tickerSchema, z.number()).optional().describe("Shares held now by ticker (an existing account: the rebalance planner)"),
  cash: money.optional().describe("Cash held now, new money included (default 0)"),
  fees: z.strictObject({ fixed: money.optional(), proportionalBps: money.max(10_000).optional() }).optional().describe("Fees per trade: money per trade and basis points of its value"),
  lotSizes: z.record(tickerSchema, z.number().positive()).optional().describe("Shares per lot by ticker (default 1)"),
  minimumTradeValue: money.optional().describe("Smallest value a trade may have"),
  tolerance: z.number().nonnegative().max(1).optional().describe("Allowed |weight − target| per asset after the trades (default 0.01)"),
  buyOnly: z.boolean().optional().describe("Invest the cash without selling anything"),
  fractional: z.boolean().optional().describe("Any fraction of a share may be held"),
  shortRatio: money.optional().describe("Short book as a fraction of value (default Σ|negative weights|)"),
  reinvest: z.boolean().optional().describe("Reinvest the short proceeds"),
});

const tradeSchema = z.object({
  ticker: z.string(),
  side: z.enum(["buy", "sell"]),
  shares: z.number(),
  value: z.number(),
  fee: z.number(),
});

export const allocateResponseSchema = z.object({
  ...runFields,
  mode: z.enum(["allocation", "rebalance"]).describe("allocation: whole shares for a new account; rebalance: the planner's trades from the holdings"),
  method: z.enum(["greedy", "milp", "planner"]),
  tickers: z.array(z.string()).readonly(),
  prices: z.record(z.string(), z.number()).describe("The latest stored price used per ticker"),
  priceDate: z.string().describe("The date of the prices used"),
  shares: z.record(z.string(), z.number()).describe("Shares held afterwards, non-zero only (negative = short)"),
  leftover: z.number().describe("Cash left after the trades and their fees"),
  trades: z.array(tradeSchema).readonly(),
  weights: z.record(z.string(), z.number()).describe("Weights achieved"),
  targetWeights: z.record(z.string(), z.number()),
  totalFees: z.number(),
  maxDeviation: z.number().describe("Largest |weight − target|"),
  withinTolerance: z.boolean().nullable().describe("Rebalance: every weight within the tolerance; null for an allocation"),
  optimization: z
    .object({ model: z.string(), weights: z.record(z.string(), z.number()), performance: performanceSchema, estimate: estimateSchema })
    .nullable()
    .describe("The optimization behind the targets; null when the weights were given"),
});
