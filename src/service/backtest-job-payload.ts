/**
 * The payload of a `backtest` job — the body of `POST /api/v1/backtests`, the same plain spec the job
 * carries and the stored run keeps as its `parameters`. It is `BacktestRequest`
 * (backtest-portfolio.ts) with the prices named by ticker instead of given as a panel: the job loads
 * them from the store. One zod schema serves the API's validation (and its OpenAPI document) and
 * the job handler, so a body the API accepts is a payload the worker accepts.
 *
 * The schema checks shapes, types and ranges; what needs the data (a ticker without prices, a
 * weight for a ticker outside the universe, an infeasible constraint) is checked when the job runs.
 */
import { z } from "zod";
import { InvalidRequestError } from "./errors.js";
import {
  backtestModelSchema,
  constraintsRequestSchema,
  dateSchema,
  expectedReturnsSpecSchema,
  riskModelSpecSchema,
  tickerSchema,
} from "./request-schemas.js";

const rowCount = z.number().int().nonnegative().max(100_000);

export const backtestModelRequestSchema = z
  .strictObject({
    model: backtestModelSchema,
    name: z.string().min(1).max(100).optional().describe("The run's label (default the model's kind); distinct per backtest"),
    expectedReturns: expectedReturnsSpecSchema.optional(),
    riskModel: riskModelSpecSchema.optional(),
    constraints: constraintsRequestSchema.optional(),
    lookback: rowCount.optional().describe("Return rows this model estimates on (default the backtest's)"),
  })
  .describe("One model of the backtest, with optional overrides of the shared estimators");

export const rebalanceScheduleSchema = z
  .union([
    z.enum(["never", "daily", "weekly", "monthly", "quarterly", "yearly"]),
    z.strictObject({ kind: z.literal("everyKDays"), k: z.number().int().positive().max(100_000) }),
    z.strictObject({ kind: z.literal("weekly"), weekday: z.literal([1, 2, 3, 4, 5, 6, 7]).optional().describe("ISO weekday, 1 = Monday") }),
    z.strictObject({ kind: z.enum(["monthly", "quarterly", "yearly"]), on: z.enum(["first", "last"]).optional() }),
  ])
  .describe("Rebalance calendar (default monthly, first trading day)");

/** The most models one backtest compares side by side. */
export const MAX_BACKTEST_MODELS = 20;

/** The payload's fields in their canonical form (what the job runs and the stored run keeps). */
const payloadShape = {
  portfolioId: z.number().int().positive().max(2 ** 31 - 1).optional().describe("Take tickers and constraints from this portfolio"),
  tickers: z.array(tickerSchema).min(1).optional().describe("The universe (required without portfolioId)"),
  models: z.array(backtestModelRequestSchema).min(1).max(MAX_BACKTEST_MODELS).describe("One run per model, over the same dates"),
  start: dateSchema.optional().describe("First date the portfolio may trade; earlier prices feed the first estimate"),
  end: dateSchema.optional().describe("Last date of the backtest"),
  rebalance: rebalanceScheduleSchema.optional(),
  lookback: rowCount.optional().describe("Return rows per estimate (default 252)"),
  window: z.enum(["rolling", "expanding"]).optional().describe("Estimation window (default rolling)"),
  minHistory: rowCount.optional().describe("Finite returns an asset needs in the window to be held (default the lookback)"),
  expectedReturns: expectedReturnsSpecSchema.optional(),
  riskModel: riskModelSpecSchema.optional(),
  constraints: constraintsRequestSchema.optional(),
  costBps: z.number().nonnegative().lt(10_000).optional().describe("Proportional cost, basis points of traded value"),
  fixedCostPerTrade: z.number().nonnegative().optional().describe("Cost per asset traded, in currency units"),
  initialValue: z.number().positive().optional().describe("Value at the first rebalance (default 1)"),
  cashRate: z.number().gt(-1).max(10).optional().describe("Annual rate earned by cash (default 0)"),
  cashFlows: z
    .strictObject({ amount: z.number(), frequency: z.enum(["monthly", "quarterly", "yearly"]) })
    .optional()
    .describe("Regular contributions (positive) or withdrawals (negative)"),
  bands: z
    .strictObject({ absolute: z.number().nonnegative().optional(), relative: z.number().nonnegative().optional() })
    .refine((b) => b.absolute !== undefined || b.relative !== undefined, { message: "bands need an absolute or a relative limit" })
    .optional()
    .describe("Trade on a scheduled date only when some weight drifted past these limits"),
  onFailure: z.enum(["hold", "equalWeight"]).optional().describe("When a rebalance fails: keep the weights held (default) or go equal weight"),
  benchmark: tickerSchema.optional().describe("A ticker bought and held beside the runs (need not be in the universe)"),
  equalWeightBenchmark: z.boolean().optional().describe("Add the equal-weight portfolio of the universe as a benchmark (default true)"),
  riskFreeRate: z.number().min(-1).max(1).optional().describe("Annual, for Sharpe and the models that use it (default 0.02)"),
  periodsPerYear: z.number().positive().max(100_000).optional().describe("Default: inferred from the dates"),
};

/**
 * A model entry as a client may write it: the full `{ model, name?, … }` or just the model
 * (`{ kind: "maxSharpe" }`), shorthand for `{ model: { kind: "maxSharpe" } }`.
 */
const modelEntrySchema = z.union([backtestModelRequestSchema, backtestModelSchema]);

/** A benchmark as a client may write it: a ticker, `{ kind: "ticker", ticker }`, or `{ kind: "equalWeight" }`. */
const benchmarkInputSchema = z
  .union([
    tickerSchema,
    z.strictObject({ kind: z.literal("ticker"), ticker: tickerSchema }),
    z.strictObject({ kind: z.literal("equalWeight"), rebalance: z.enum(["never", "schedule"]).optional() }),
  ])
  .describe("A ticker bought and held beside the runs (need not be in the universe), or the equal-weight portfolio");

/** The body of `POST /api/v1/backtests` and the payload of a `backtest` job, shorthands allowed. */
export const backtestJobPayloadSchema = z
  .strictObject({
    ...payloadShape,
    models: z.array(modelEntrySchema).min(1).max(MAX_BACKTEST_MODELS).describe("One run per model, over the same dates"),
    benchmark: benchmarkInputSchema.optional(),
  })
  .refine((b) => b.tickers !== undefined || b.portfolioId !== undefined, { message: "name the assets: give tickers or a portfolioId", path: ["tickers"] })
  .refine((b) => b.start === undefined || b.end === undefined || b.start <= b.end, { message: "start must not be after end", path: ["end"] })
  .describe("A backtest: models run walk-forward over the stored prices of the tickers");

/**
 * What the job validates, after `expandModelShorthand`: full model entries only, so an error inside
 * a model is reported at its field (`models.0.model.kind`) rather than as a failed alternative.
 */
const expandedPayloadSchema = z
  .strictObject({ ...payloadShape, benchmark: benchmarkInputSchema.optional() })
  .refine((b) => b.tickers !== undefined || b.portfolioId !== undefined, { message: "name the assets: give tickers or a portfolioId", path: ["tickers"] })
  .refine((b) => b.start === undefined || b.end === undefined || b.start <= b.end, { message: "start must not be after end", path: ["end"] })
  .describe("A backtest: models run walk-forward over the stored prices of the tickers");

/** The canonical payload: full model entries, the benchmark as a ticker (what the job runs and the run stores). */
export type BacktestJobPayload = Omit<z.infer<typeof expandedPayloadSchema>, "benchmark"> & { readonly benchmark?: string };
export type BacktestJobBody = z.infer<typeof backtestJobPayloadSchema>;

/** The canonical payload of a body written with shorthands (bare models, benchmark objects). */
export function canonicalBacktestPayload(body: BacktestJobBody): BacktestJobPayload {
  const { benchmark, models, ...rest } = body;
  const canonical: BacktestJobPayload = {
    ...rest,
    models: models.map((entry) => ("model" in entry ? entry : { model: entry })),
  };
  if (typeof benchmark === "string") return { ...canonical, benchmark };
  if (benchmark?.kind === "ticker") return { ...canonical, benchmark: benchmark.ticker };
  if (benchmark?.kind === "equalWeight") return { ...canonical, equalWeightBenchmark: true };
  return canonical;
}

/**
 * Bare models (`{ kind }`) wrapped as `{ model: { kind } }` before validation, so that an error in a
 * model is reported at its field (`models.0.model.kind`) rather than as a failed alternative.
 */
function expandModelShorthand(payload: unknown): unknown {
  if (typeof payload !== "object" || payload === null || !Array.isArray((payload as { models?: unknown }).models)) return payload;
  const models = (payload as { models: unknown[] }).models.map((entry) =>
    typeof entry === "object" && entry !== null && "kind" in entry && !("model" in entry) ? { model: entry } : entry,
  );
  return { ...payload, models };
}

/**
 * `payload` checked against the schema.
 * @throws InvalidRequestError (INVALID_REQUEST) naming each bad field, so the job fails without a retry.
 */
export function parseBacktestJobPayload(payload: unknown): BacktestJobPayload {
  const parsed = expandedPayloadSchema.safeParse(expandModelShorthand(payload));
  if (parsed.success) return canonicalBacktestPayload(parsed.data);
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(payload)", message: issue.message }));
  const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  throw new InvalidRequestError(`invalid backtest request: ${shown.join("; ")}`, { issues });
}
