/**
 * The options of `portfolio backtest` and their translation into the service's `BacktestRequest`
 * (reading the files they name). The estimator flags mean what they mean in `optimize`; the constraint
 * flags too, except that the backtest's `--cost-bps` is the cost actually paid on each trade and the
 * weights held "now" are, at every rebalance, the drifted portfolio (so there is no `--current`).
 * `--start` is the first trading date: prices before it only feed the first estimation window.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import type { RebalanceSchedule, WindowKind } from "../core/backtest/index.js";
import { readPriceFile, readWeightsFile } from "../data/index.js";
import type { BacktestModelRequest, BacktestRequest } from "../service/index.js";
import { expectedReturnsSpec, returnsNames, riskModelSpec, riskNames, type ReturnsName, type RiskName } from "./estimator-names.js";
import { UsageError } from "./exit-codes.js";
import { checkModelOptions, confidenceLevel, constraintsRequest, modelNames, modelRequest, type ModelName } from "./optimize-options.js";
import { finiteNumber, isoDate, nonNegativeInteger, positiveInteger, positiveNumber, tickerList } from "./option-parsers.js";

/** The models of `optimize`, plus constant weights from a file. Each named model is one run, named so. */
export const backtestModelNames = [...modelNames, "fixed-weights"] as const;
export type BacktestModelName = (typeof backtestModelNames)[number];

const scheduleNames = ["never", "daily", "weekly", "monthly", "quarterly", "yearly"] as const;
const linkageNames = ["single", "complete", "average", "ward"] as const;

export interface BacktestCliOptions {
  prices: string;
  model: BacktestModelName[];
  tickers?: string[];
  start?: string;
  end?: string;
  rebalance?: RebalanceSchedule;
  lookback?: number;
  window?: WindowKind;
  minHistory?: number;
  costBps?: number;
  fixedCost?: number;
  cashRate?: number;
  initialValue?: number;
  contribution?: number;
  contributionFrequency: "monthly" | "quarterly" | "yearly";
  bandAbsolute?: number;
  bandRelative?: number;
  onFailure: "hold" | "equal-weight";
  benchmark?: string;
  benchmarkFile?: string;
  equalWeightBenchmark: boolean;
  weights?: string;
  json?: boolean;
  // estimators
  returns?: ReturnsName;
  risk?: RiskName;
  span?: number;
  riskFreeRate: number;
  benchmarkReturn?: number;
  frequency?: number;
  // model parameters
  targetVolatility?: number;
  targetReturn?: number;
  riskAversion?: number;
  benchmarkWeights?: string;
  budgets?: string;
  alpha?: number;
  linkage?: (typeof linkageNames)[number];
  clusters?: number;
  // constraints
  bounds?: [number, number];
  boundsFile?: string;
  leverage?: number;
  groups?: string;
  constraint: string[];
  gamma?: number;
  maxTurnover?: number;
  maxTrackingError?: number;
  maxHoldings?: number;
  minPosition?: number;
}

function modelList(value: string): BacktestModelName[] {
  const names = value.split(",").map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (!(backtestModelNames as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`'${name}' is not one of ${backtestModelNames.join(", ")}.`);
    }
    if (seen.has(name)) throw new InvalidArgumentError(`'${name}' is given twice; each run needs a distinct model.`);
    seen.add(name);
  }
  return names as BacktestModelName[];
}

/** `never|daily|weekly|monthly|quarterly|yearly` or K, a whole number of trading days. */
export function rebalanceSchedule(value: string): RebalanceSchedule {
  if ((scheduleNames as readonly string[]).includes(value)) return value as RebalanceSchedule;
  if (/^-?\d+$/.test(value.trim())) {
    const k = Number(value);
    if (k < 1) throw new InvalidArgumentError(`'${value}': every K trading days needs K ≥ 1.`);
    return { kind: "everyKDays", k };
  }
  throw new InvalidArgumentError(`'${value}' is not one of ${scheduleNames.join(", ")} or a number of trading days.`);
}

function nonNegative(value: string): number {
  const x = finiteNumber(value);
  if (x < 0) throw new InvalidArgumentError(`'${value}' must be ≥ 0.`);
  return x;
}

function boundsPair(value: string): [number, number] {
  const parts = value.split(",");
  if (parts.length !== 2) throw new InvalidArgumentError(`'${value}' is not a pair lower,upper (e.g. 0,1 or 0,0.2).`);
  const [lower, upper] = parts.map((p) => finiteNumber(p));
  if (lower > upper) throw new InvalidArgumentError(`lower bound ${lower} is above upper bound ${upper}.`);
  return [lower, upper];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function addBacktestOptions(command: Command): Command {
  return (
    command
      .requiredOption("--prices <file>", "price CSV (wide: date + one column per ticker; long: date,ticker,close; .gz ok)")
      .requiredOption("--model <models>", `comma-separated models, one run each: ${backtestModelNames.join(", ")}`, modelList)
      .option("--tickers <list>", "comma-separated subset of tickers", tickerList)
      .option("--start <date>", "first trading date (YYYY-MM-DD); earlier prices feed the first estimation window", isoDate)
      .option("--end <date>", "last date of the backtest (YYYY-MM-DD)", isoDate)
      .option("--rebalance <when>", "never, daily, weekly, monthly, quarterly, yearly, or K (every K trading days); default monthly", rebalanceSchedule)
      .option("--lookback <rows>", "return rows in the estimation window (default 252; 0 for models that need none)", nonNegativeInteger)
      .addOption(new Option("--window <kind>", "rolling (the last --lookback rows) or expanding (all rows so far); default rolling").choices(["rolling", "expanding"]))
      .option("--min-history <rows>", "returns an asset needs in the window to be held (default: the whole window)", nonNegativeInteger)
      .option("--cost-bps <bps>", "trading cost paid, basis points of traded value (default 0)", nonNegative)
      .option("--fixed-cost <x>", "fixed cost per asset traded, in currency units (default 0)", nonNegative)
      .option("--cash-rate <rate>", "annual rate earned by uninvested cash (default 0)", finiteNumber)
      .option("--initial-value <x>", "portfolio value at the first rebalance (default 1)", positiveNumber)
      .option("--contribution <x>", "periodic cash flow, invested pro rata (negative: a withdrawal)", finiteNumber)
      .addOption(new Option("--contribution-frequency <period>", "when --contribution is paid").choices(["monthly", "quarterly", "yearly"]).default("monthly"))
      .option("--band-absolute <x>", "on a rebalance date trade only if some weight drifted more than x from its target", nonNegative)
      .option("--band-relative <y>", "… or more than y × its target", nonNegative)
      .addOption(new Option("--on-failure <policy>", "when a model fails at a date: keep the holdings or switch to equal weight").choices(["hold", "equal-weight"]).default("hold"))
      .option("--benchmark <ticker>", "a ticker of the price file bought and held as the benchmark")
      .option("--benchmark-file <file>", "a one-column price file (an index) as a benchmark")
      .option("--no-equal-weight-benchmark", "leave out the equal-weight benchmark")
      .option("--weights <file>", "target weights for --model fixed-weights: CSV ticker,weight")
      // estimators (as in optimize, but the risk model defaults to Ledoit-Wolf: see README)
      .addOption(new Option("--returns <estimator>", "expected returns (default mean)").choices(returnsNames))
      .addOption(new Option("--risk <model>", "risk model (default ledoit-wolf)").choices(riskNames))
      .option("--span <periods>", "span for ema returns / exp-cov risk (defaults 500 / 180)", positiveNumber)
      .option("--risk-free-rate <rate>", "annual risk-free rate (Sharpe, Sortino, max-sharpe)", finiteNumber, 0.02)
      .option("--benchmark-return <rate>", "per-period benchmark for semicovariance (default 0)", finiteNumber)
      .option("--frequency <n>", "return periods per year (default: inferred, 252 for daily)", positiveInteger)
      // model parameters
      .option("--target-volatility <vol>", "annual volatility for efficient-risk", positiveNumber)
      .option("--target-return <r>", "annual return for efficient-return, and the floor of min-cvar, min-cdar, min-mad, min-semivariance", finiteNumber)
      .option("--risk-aversion <delta>", "risk aversion for max-quadratic-utility (default 1)", positiveNumber)
      .option("--benchmark-weights <file>", "benchmark weights (CSV ticker,weight) for min-tracking-error and --max-tracking-error")
      .option("--budgets <file>", "risk budgets for risk-parity: CSV ticker,budget (one per ticker, summing to 1)")
      .option("--alpha <level>", "confidence level of min-cvar and min-cdar (default 0.95)", confidenceLevel)
      .addOption(new Option("--linkage <method>", "clustering linkage of hrp, herc and nco (default: each model's own)").choices(linkageNames))
      .option("--clusters <k>", "number of clusters for herc and nco (default: chosen from the data)", positiveInteger)
      // constraints
      .option("--bounds <lower,upper>", "weight bounds for every asset (default 0,1)", boundsPair)
      .option("--bounds-file <file>", "per-asset bounds: CSV ticker,lower,upper")
      .option("--leverage <x>", "gross leverage limit: sum of |weights| ≤ x", positiveNumber)
      .option("--groups <file>", "asset groups: CSV ticker,group (limit them with --constraint)")
      .option("--constraint <text>", 'linear constraint, repeatable: "Tech <= 0.3", "AAPL + MSFT <= 0.25"', collect, [])
      .option("--gamma <g>", "L2 regularisation: adds g·Σw² to the risk", nonNegative)
      .option("--max-turnover <x>", "limit on Σ|w − drifted weights| at each rebalance", nonNegative)
      .option("--max-tracking-error <te>", "annual tracking-error limit against --benchmark-weights", positiveNumber)
      .option("--max-holdings <k>", "at most k assets held (solved exactly)", positiveInteger)
      .option("--min-position <x>", "a held asset's weight is at least x (solved exactly)", positiveNumber)
      .option("--json", "print one JSON object (see README)")
  );
}

/**
 * One model name and its parameters → the service's model request, as `optimize` builds it; `tickers`
 * (the price file's) let a side file's unknown ticker be reported at its line.
 */
async function backtestModel(name: BacktestModelName, options: BacktestCliOptions, tickers: readonly string[]): Promise<BacktestModelRequest["model"]> {
  if (name === "fixed-weights") {
    if (options.weights === undefined) throw new UsageError("fixed-weights needs --weights FILE.");
    return { kind: "fixedWeights", weights: await readWeightsFile(options.weights) };
  }
  return modelRequest(name, { ...options, model: name }, tickers);
}

function checkCombinations(options: BacktestCliOptions): void {
  if (options.weights !== undefined && !options.model.includes("fixed-weights")) {
    throw new UsageError("--weights is for --model fixed-weights.");
  }
  const optimized = options.model.filter((name): name is ModelName => name !== "fixed-weights");
  if (optimized.length > 0) {
    // `optimize` checks its model and fallbacks the same way: an option no named model takes is a mistake.
    checkModelOptions({ ...options, model: optimized[0], fallback: optimized.slice(1) });
  } else {
    const given = (["alpha", "budgets", "linkage", "clusters"] as const).find((key) => options[key] !== undefined);
    if (given !== undefined) throw new UsageError(`--${given} does not apply to fixed-weights.`);
  }
  if (options.maxTrackingError !== undefined && options.benchmarkWeights === undefined) {
    throw new UsageError("--max-tracking-error needs --benchmark-weights FILE.");
  }
}

/** Reads the files the options name and builds the service request (without progress callbacks). */
export async function backtestRequest(options: BacktestCliOptions): Promise<BacktestRequest> {
  checkCombinations(options);
  const flags = { span: options.span, riskFreeRate: options.riskFreeRate, benchmarkReturn: options.benchmarkReturn };
  const prices = await readPriceFile(options.prices);
  const models = await Promise.all(
    options.model.map(async (name): Promise<BacktestModelRequest> => ({ name, model: await backtestModel(name, options, prices.tickers) })),
  );
  const bands =
    options.bandAbsolute === undefined && options.bandRelative === undefined
      ? undefined
      : { absolute: options.bandAbsolute, relative: options.bandRelative };
  return {
    prices,
    tickers: options.tickers,
    start: options.start,
    end: options.end,
    models,
    rebalance: options.rebalance,
    lookback: options.lookback,
    window: options.window,
    minHistory: options.minHistory,
    expectedReturns: options.returns === undefined ? undefined : expectedReturnsSpec(options.returns, flags),
    riskModel: options.risk === undefined ? undefined : riskModelSpec(options.risk, flags),
    // The optimiser's own cost term and turnover base are the backtest's business, not these flags'.
    constraints: await constraintsRequest({ ...options, costBps: undefined, current: undefined, marketNeutral: undefined }),
    costBps: options.costBps,
    fixedCostPerTrade: options.fixedCost,
    cashRate: options.cashRate,
    initialValue: options.initialValue,
    cashFlows: options.contribution === undefined ? undefined : { amount: options.contribution, frequency: options.contributionFrequency },
    bands,
    onFailure: options.onFailure === "equal-weight" ? "equalWeight" : "hold",
    benchmark: options.benchmark,
    benchmarkSeries: options.benchmarkFile === undefined ? undefined : await readPriceFile(options.benchmarkFile),
    equalWeightBenchmark: options.equalWeightBenchmark,
    riskFreeRate: options.riskFreeRate,
    periodsPerYear: options.frequency,
  };
}
